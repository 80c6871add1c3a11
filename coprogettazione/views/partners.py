"""Pages about partners: applications, the evaluation, the choice, and each partnership with its convention, its
budget and the call's rules over its life."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from coprogettazione import accounts, rules, selectors, services
from coprogettazione.forms import (
    ApplicationForm,
    CoFinancingForm,
    CommissionMemberForm,
    ConfirmForm,
    CostRevisionForm,
    CriterionForm,
    EtsProfileForm,
    ExclusionForm,
    ExtensionForm,
    LiquidationForm,
    RepaymentForm,
    ScoresForm,
    SelectionForm,
    StopNoticeForm,
)
from coprogettazione.models import Application, EtsProfile, Partnership
from coprogettazione.views.procedures import ProcedureFormView, ProcedureMixin
from core.exports import export_response
from core.ui import TitledFormView
from governance import permissions
from governance.models import Organization, OrganizationKind, Person


def ets_bodies() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=OrganizationKind.ETS).order_by("name")


class ApplicationCreateView(ProcedureMixin, TitledFormView):
    form_class = ApplicationForm
    title = gettext_lazy("Candidatura")
    success_message = gettext_lazy("Candidatura presentata.")

    def check_allowed(self) -> None:
        procedure = self.load_procedure()
        own = ets_bodies().filter(pk__in=rules.user_organizations(self.request.user))
        self.leads = ets_bodies() if self.can_manage else own
        if not self.leads.exists():
            raise PermissionDenied
        if not rules.accepts_applications(procedure):
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "programmes": self.procedure.programmes.all(),
            "leads": self.leads,
            "others": ets_bodies(),
        }

    def perform(self, form: Any) -> Application:
        data = form.cleaned_data
        return services.application_submit(
            actor=self.request.user,
            procedure=self.procedure,
            programme=data["programme"],
            lead=data["lead"],
            grouping=data["grouping"],
            members=list(data["members"]),
            proposal=data["proposal"],
        )

    def get_success_url(self) -> str:
        return self.result.get_absolute_url()

    def cancel_url(self) -> str:
        return self.procedure.get_absolute_url()


class ApplicationPageMixin(ProcedureMixin):
    def load_application(self) -> Application:
        procedure = self.load_procedure()
        self.application = selectors.application_detail(
            procedure, self.request.user, self.kwargs["application"], manager=self.can_manage
        )
        return self.application


class ApplicationDetailView(ApplicationPageMixin, TemplateView):
    template_name = "coprogettazione/application_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        application = self.load_application()
        procedure = self.procedure
        scores = {score.criterion_id: score for score in application.scores.all()}
        context.update(
            procedure=procedure,
            application=application,
            criteria=[(criterion, scores.get(criterion.pk)) for criterion in procedure.criteria.all()],
            can_manage=self.can_manage,
            evaluating=self.can_manage and rules.in_evaluation(procedure),
            admissible=rules.admissible(application),
            admitted=rules.is_admitted(application),
            selectable=self.can_manage
            and rules.selects_partners(procedure)
            and rules.is_admitted(application),
        )
        return context


class ApplicationFormView(ApplicationPageMixin, TitledFormView):
    def check_allowed(self) -> None:
        self.load_application()
        if not self.can_manage:
            raise PermissionDenied

    def get_success_url(self) -> str:
        return self.application.get_absolute_url()

    def cancel_url(self) -> str:
        return self.application.get_absolute_url()


class ApplicationAdmitView(ApplicationFormView):
    form_class = ConfirmForm
    title = gettext_lazy("Ammetti la candidatura alla valutazione")
    success_message = gettext_lazy("Candidatura ammessa.")

    def perform(self, form: Any) -> Any:
        return services.application_admit(actor=self.request.user, application=self.application)


class ApplicationExcludeView(ApplicationFormView):
    form_class = ExclusionForm
    title = gettext_lazy("Escludi la candidatura")
    danger_text = gettext_lazy("L'ente è escluso dalla valutazione; il motivo resta agli atti.")
    success_message = gettext_lazy("Candidatura esclusa.")

    def perform(self, form: Any) -> Any:
        return services.application_exclude(
            actor=self.request.user, application=self.application, reason=form.cleaned_data["reason"]
        )


class ScoresView(ApplicationFormView):
    form_class = ScoresForm
    title = gettext_lazy("Punteggi della commissione")
    success_message = gettext_lazy("Punteggi salvati.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = {**super().get_form_kwargs(), "criteria": list(self.procedure.criteria.all())}
        if self.request.method == "GET":
            kwargs["initial"] = {
                f"s_{score.criterion_id}": score.points for score in self.application.scores.all()
            }
        return kwargs

    def perform(self, form: Any) -> Any:
        for criterion, points in form.scores():
            try:
                services.score_set(
                    actor=self.request.user, application=self.application, criterion=criterion, points=points
                )
            except ValidationError as error:
                # The service names `points`; here each criterion is its own field.
                raise ValidationError({f"s_{criterion.pk}": error.messages}) from None


class SelectionView(ApplicationFormView):
    form_class = SelectionForm
    title = gettext_lazy("Scegli come partner")
    success_message = gettext_lazy("Partner scelto: il partenariato è in negoziazione.")

    def perform(self, form: Any) -> Partnership:
        return services.partner_select(
            actor=self.request.user, application=self.application, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return self.result.get_absolute_url()


class CriterionCreateView(ProcedureFormView):
    form_class = CriterionForm
    title = gettext_lazy("Nuovo criterio di valutazione")
    success_message = gettext_lazy("Criterio salvato.")

    def perform(self, form: Any) -> Any:
        return services.criterion_save(actor=self.request.user, procedure=self.procedure, **form.cleaned_data)


class CommissionMemberCreateView(ProcedureFormView):
    form_class = CommissionMemberForm
    title = gettext_lazy("Componente della commissione")
    success_message = gettext_lazy("Componente aggiunto.")

    def get_form_kwargs(self) -> dict[str, Any]:
        promoter = self.procedure.promoter
        people = (
            Person.objects.filter(mandates__organization=promoter)
            .distinct()
            .order_by("family_name", "given_name")
        )
        return {**super().get_form_kwargs(), "people": people}

    def perform(self, form: Any) -> Any:
        return services.commission_member_add(
            actor=self.request.user, procedure=self.procedure, **form.cleaned_data
        )


# --- partnerships ------------------------------------------------------------------------------------------


class PartnershipMixin(ProcedureMixin):
    def load_partnership(self) -> Partnership:
        self.partnership = selectors.partnership_detail(
            user=self.request.user, procedure_pk=self.kwargs["pk"], pk=self.kwargs["partnership"]
        )
        self.procedure = self.partnership.programme.procedure
        self.can_manage = rules.may_manage(self.request.user, self.procedure)
        return self.partnership


class PartnershipDetailView(PartnershipMixin, TemplateView):
    template_name = "coprogettazione/partnership_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        partnership = self.load_partnership()
        self.dashboard = selectors.partnership_dashboard(partnership)
        exported = export_response(request, self.dashboard.tables, filename=str(partnership))
        return exported or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        partnership = self.partnership
        account = self.dashboard.account
        context.update(
            procedure=self.procedure,
            partnership=partnership,
            account=account,
            dashboard=self.dashboard,
            can_manage=self.can_manage,
            may_report=rules.may_report(self.request.user, partnership)
            and rules.partnership_active(partnership),
            negotiating=rules.partnership_negotiating(partnership),
            active=rules.partnership_active(partnership),
            earliest_stop=rules.earliest_stop,
        )
        return context


class PartnershipFormView(PartnershipMixin, TitledFormView):
    def check_allowed(self) -> None:
        self.load_partnership()
        if not self.can_manage:
            raise PermissionDenied

    def get_success_url(self) -> str:
        return self.partnership.get_absolute_url()

    def cancel_url(self) -> str:
        return self.partnership.get_absolute_url()


class ConventionDraftView(PartnershipFormView):
    form_class = ConfirmForm
    title = gettext_lazy("Predisponi la convenzione dal modello")
    success_message = gettext_lazy("Convenzione predisposta: si approva e si firma come ogni accordo.")

    def perform(self, form: Any) -> Any:
        return services.convention_draft(actor=self.request.user, partnership=self.partnership)


class PartnershipActivateView(PartnershipFormView):
    form_class = ConfirmForm
    title = gettext_lazy("Avvia le attività")
    success_message = gettext_lazy("Attività avviate.")

    def perform(self, form: Any) -> Any:
        return services.partnership_activate(actor=self.request.user, partnership=self.partnership)


class CoFinancingCreateView(PartnershipFormView):
    form_class = CoFinancingForm
    title = gettext_lazy("Co-finanziamento del partner")
    success_message = gettext_lazy("Co-finanziamento registrato.")

    def perform(self, form: Any) -> Any:
        return services.co_financing_add(
            actor=self.request.user, partnership=self.partnership, **form.cleaned_data
        )


class ExtensionCreateView(PartnershipFormView):
    form_class = ExtensionForm
    title = gettext_lazy("Estensione delle attività")
    success_message = gettext_lazy("Estensione registrata.")

    def perform(self, form: Any) -> Any:
        return services.extension_grant(
            actor=self.request.user, partnership=self.partnership, **form.cleaned_data
        )


class StopNoticeCreateView(PartnershipFormView):
    form_class = StopNoticeForm
    title = gettext_lazy("Comunica la cessazione delle attività")
    danger_text = gettext_lazy(
        "Le attività cessano dalla data indicata, almeno 6 mesi dopo la comunicazione."
    )
    success_message = gettext_lazy("Cessazione registrata.")

    def perform(self, form: Any) -> Any:
        return services.stop_notice_give(
            actor=self.request.user, partnership=self.partnership, **form.cleaned_data
        )


class CostRevisionCreateView(PartnershipFormView):
    form_class = CostRevisionForm
    title = gettext_lazy("Revisione del costo del lavoro (rinnovo del CCNL)")
    success_message = gettext_lazy("Revisione registrata.")

    def perform(self, form: Any) -> Any:
        return services.cost_revision_add(
            actor=self.request.user, partnership=self.partnership, **form.cleaned_data
        )


class LiquidationCreateView(PartnershipFormView):
    form_class = LiquidationForm
    success_message = gettext_lazy("Pagamento registrato.")

    def check_allowed(self) -> None:
        super().check_allowed()
        number = self.request.GET.get("rendicontazione") or self.request.POST.get("rendicontazione")
        self.report = None
        if number:
            if not number.isdigit():
                raise Http404
            self.report = selectors.expense_report_detail(self.partnership, int(number))

    @property
    def title(self) -> Any:
        if self.report is None:
            return gettext_lazy("Anticipo al partner")
        return gettext_lazy("Liquidazione della rendicontazione n. %(number)d") % {
            "number": self.report.number
        }

    def get_initial(self) -> dict[str, Any]:
        if self.report is None:
            return {}
        _claimed, approved, paid = accounts.report_totals(self.report)
        return {"amount": approved - paid}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["hidden_fields"] = {"rendicontazione": self.report.number} if self.report else {}
        return context

    def perform(self, form: Any) -> Any:
        return services.liquidation_record(
            actor=self.request.user, partnership=self.partnership, report=self.report, **form.cleaned_data
        )


class RepaymentCreateView(PartnershipFormView):
    form_class = RepaymentForm
    title = gettext_lazy("Restituzione da parte del partner")
    success_message = gettext_lazy("Restituzione registrata.")

    def perform(self, form: Any) -> Any:
        return services.repayment_record(
            actor=self.request.user, partnership=self.partnership, **form.cleaned_data
        )


class EtsProfileView(TitledFormView):
    """A third-sector body's RUNTS data, kept by the body itself or by whoever edits it in the registry."""

    form_class = EtsProfileForm
    title = gettext_lazy("Dati del RUNTS")
    success_message = gettext_lazy("Dati del RUNTS salvati.")

    def check_allowed(self) -> None:
        self.organization = get_object_or_404(
            permissions.filter_visible(
                self.request.user, Organization.objects.filter(kind=OrganizationKind.ETS)
            ),
            pk=self.kwargs["pk"],
        )
        if not permissions.has_object_permission(self.request.user, self.organization, permissions.CHANGE):
            raise PermissionDenied

    def get_initial(self) -> dict[str, Any]:
        profile = EtsProfile.objects.filter(organization=self.organization).first()
        if profile is None:
            return {}
        names = ("legal_form", "runts_section", "runts_number", "runts_registered_on")
        return {name: getattr(profile, name) for name in names}

    def perform(self, form: Any) -> Any:
        return services.ets_profile_save(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return self.organization.get_absolute_url()

    def cancel_url(self) -> str:
        return self.organization.get_absolute_url()
