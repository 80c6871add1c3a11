"""The browser pages of co-design procedures: thin, each write through one service, each read through a selector."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from budgets import selectors as budget_selectors
from coprogettazione import rules, selectors, services
from coprogettazione.forms import (
    ConfirmForm,
    FundingBudgetLineForm,
    FundingForm,
    ProcedureForm,
    ProgrammeForm,
    StepForm,
)
from coprogettazione.models import Procedure, ProcedureStatus, Programme, ProgrammeFunding
from core.exports import export_response
from core.ui import RegistryListView, TitledFormView
from governance import permissions
from governance.models import Ambito, Organization, OrganizationKind


def promotable(user: Any) -> tuple[QuerySet[Organization], QuerySet[Ambito]]:
    """The comuni and the ambiti this user may promote a procedure for."""
    comuni = permissions.filter_visible(
        user, Organization.objects.filter(kind=OrganizationKind.COMUNE), permissions.CHANGE
    ).order_by("name")
    ambiti = permissions.filter_visible(user, Ambito.objects.all(), permissions.CHANGE).order_by("name")
    return comuni, ambiti


class ProcedureListView(RegistryListView):
    template_name = "coprogettazione/procedure_list.html"
    filter_params = ("status",)
    csv_filename = "procedure-co-progettazione"
    csv_columns = [
        (gettext_lazy("Procedura"), lambda p: p.title),
        (gettext_lazy("Amministrazione procedente"), lambda p: p.promoter),
        (gettext_lazy("Ambito"), lambda p: p.ambito or ""),
        (gettext_lazy("Periodo"), lambda p: p.period_label),
        (gettext_lazy("Stato"), lambda p: p.get_status_display()),
        (gettext_lazy("Programmi"), lambda p: p.programme_count),
    ]

    def select(self, **kwargs: Any) -> QuerySet[Procedure]:
        return selectors.procedure_list(**kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        comuni, ambiti = promotable(self.request.user)
        context["can_create"] = comuni.exists() or ambiti.exists()
        context["statuses"] = ProcedureStatus.choices
        return context


class ProcedureMixin(LoginRequiredMixin):
    request: HttpRequest
    kwargs: dict[str, Any]

    def load_procedure(self) -> Procedure:
        self.procedure = selectors.procedure_detail(user=self.request.user, pk=self.kwargs["pk"])
        self.can_manage = rules.may_manage(self.request.user, self.procedure)
        return self.procedure


class ProcedureDetailView(ProcedureMixin, TemplateView):
    template_name = "coprogettazione/procedure_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        procedure = self.load_procedure()
        self.sheet = selectors.procedure_sheet(procedure)
        self.sees_accounts = rules.sees_accounts(request.user, procedure)
        self.progress = selectors.procedure_progress(procedure, self.sheet) if self.sees_accounts else None
        progress = self.progress
        exported = export_response(
            request,
            lambda: self.sheet.tables() + (progress.tables() if progress else []),
            filename=procedure.title,
        )
        return exported or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        procedure = self.procedure
        context.update(
            procedure=procedure,
            sheet=self.sheet,
            can_manage=self.can_manage,
            programmes_editable=self.can_manage and rules.programmes_editable(procedure),
            transitions=[(status, ProcedureStatus(status).label) for status in rules.next_statuses(procedure)]
            if self.can_manage
            else [],
            progress=self.progress,
            applications=selectors.applications_of(procedure, self.request.user, manager=self.can_manage),
            partnerships=selectors.partnerships_of(procedure, self.request.user),
            criteria=list(procedure.criteria.all()),
            commission=list(procedure.commission.select_related("person")),
            accepts_applications=rules.accepts_applications(procedure),
            criteria_editable=self.can_manage and rules.criteria_editable(procedure),
        )
        return context


class ProgrammeDetailView(ProcedureMixin, TemplateView):
    template_name = "coprogettazione/programme_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        procedure = self.load_procedure()
        try:
            programme = selectors.programme_detail(procedure, self.kwargs["programme"])
        except Programme.DoesNotExist:
            raise Http404 from None
        sheet = selectors.procedure_sheet(procedure)
        row = next(row for row in sheet.rows if row.programme.pk == programme.pk)
        progress = None
        if rules.sees_accounts(self.request.user, procedure):
            progress = next(
                item
                for item in selectors.procedure_progress(procedure, sheet).programmes
                if item.programme.pk == programme.pk
            )
        context.update(
            procedure=procedure,
            programme=programme,
            row=row,
            progress=progress,
            editable=self.can_manage and rules.programmes_editable(procedure),
            fundings=selectors.funding_rows(programme, row, self.request.user),
        )
        return context


class ProcedureCreateView(TitledFormView):
    form_class = ProcedureForm
    title = gettext_lazy("Nuova procedura di co-progettazione")

    def check_allowed(self) -> None:
        self.promoters, self.ambiti = promotable(self.request.user)
        if not (self.promoters.exists() or self.ambiti.exists()):
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "promoters": self.promoters, "ambiti": self.ambiti}

    def perform(self, form: Any) -> Procedure:
        return services.procedure_create(actor=self.request.user, **form.service_fields())

    def get_success_url(self) -> str:
        return self.result.get_absolute_url()

    def cancel_url(self) -> str:
        return reverse("coprogettazione:procedure_list")


class ProcedureFormView(ProcedureMixin, TitledFormView):
    """A write on a procedure by its administration (403 for anyone else who sees it)."""

    def check_allowed(self) -> None:
        self.load_procedure()
        if not self.can_manage:
            raise PermissionDenied

    def get_success_url(self) -> str:
        return self.procedure.get_absolute_url()

    def cancel_url(self) -> str:
        return self.procedure.get_absolute_url()


class ProcedureUpdateView(ProcedureFormView):
    form_class = ProcedureForm
    title = gettext_lazy("Modifica la procedura")
    success_message = gettext_lazy("Procedura aggiornata.")

    def get_initial(self) -> dict[str, Any]:
        procedure = self.procedure
        return {
            "title": procedure.title,
            "first_year": procedure.first_year,
            "last_year": procedure.last_year,
            "themes": "\n".join(procedure.themes),
            "rules_text": procedure.rules_text,
        }

    def perform(self, form: Any) -> Any:
        return services.procedure_update(
            actor=self.request.user, procedure=self.procedure, **form.service_fields()
        )


class ProcedureTransitionView(ProcedureFormView):
    form_class = ConfirmForm
    success_message = gettext_lazy("Stato della procedura aggiornato.")

    def check_allowed(self) -> None:
        super().check_allowed()
        if self.kwargs["to"] not in rules.next_statuses(self.procedure):
            raise Http404

    @property
    def title(self) -> Any:
        return ProcedureStatus(self.kwargs["to"]).label

    def perform(self, form: Any) -> Any:
        return services.procedure_transition(
            actor=self.request.user, procedure=self.procedure, to=self.kwargs["to"]
        )


class StepFormView(ProcedureFormView):
    form_class = StepForm
    success_message = gettext_lazy("Tappa salvata.")

    def get_step(self) -> Any:
        return None

    def get_initial(self) -> dict[str, Any]:
        step = self.get_step()
        if step is None:
            return {}
        return {name: getattr(step, name) for name in services.STEP_FIELDS}

    def perform(self, form: Any) -> Any:
        return services.step_save(
            actor=self.request.user, procedure=self.procedure, step=self.get_step(), **form.cleaned_data
        )


class StepCreateView(StepFormView):
    title = gettext_lazy("Nuova tappa")


class StepUpdateView(StepFormView):
    title = gettext_lazy("Modifica la tappa")

    def get_step(self) -> Any:
        return get_object_or_404(self.procedure.steps.all(), pk=self.kwargs["step"])


class StepRemoveView(ProcedureFormView):
    form_class = ConfirmForm
    title = gettext_lazy("Elimina la tappa")
    danger_text = gettext_lazy("La tappa e l'atto indicato escono dal percorso della procedura.")
    success_message = gettext_lazy("Tappa eliminata.")

    def perform(self, form: Any) -> Any:
        step = get_object_or_404(self.procedure.steps.all(), pk=self.kwargs["step"])
        services.step_remove(actor=self.request.user, step=step)


class ProgrammeFormView(ProcedureFormView):
    form_class = ProgrammeForm
    success_message = gettext_lazy("Programma salvato.")

    def check_allowed(self) -> None:
        super().check_allowed()
        if not rules.programmes_editable(self.procedure):
            raise PermissionDenied

    def get_programme(self) -> Any:
        return None

    def get_initial(self) -> dict[str, Any]:
        programme = self.get_programme()
        if programme is None:
            return {}
        return {
            "code": programme.code,
            "title": programme.title,
            "theme": programme.theme,
            "annual_contribution": programme.annual_contribution,
            "period_contribution": programme.period_contribution,
            "cup": programme.cup,
            "actions": "\n".join(action.text for action in programme.actions.all()),
        }

    def perform(self, form: Any) -> Any:
        return services.programme_save(
            actor=self.request.user,
            procedure=self.procedure,
            programme=self.get_programme(),
            **form.service_fields(),
        )


class ProgrammeCreateView(ProgrammeFormView):
    title = gettext_lazy("Nuovo programma")


class ProgrammeUpdateView(ProgrammeFormView):
    title = gettext_lazy("Modifica il programma")

    def get_programme(self) -> Any:
        return get_object_or_404(self.procedure.programmes.all(), pk=self.kwargs["programme"])

    def get_success_url(self) -> str:
        return self.get_programme().get_absolute_url()


class ProgrammeRemoveView(ProgrammeFormView):
    form_class = ConfirmForm  # type: ignore[assignment]
    title = gettext_lazy("Elimina il programma")
    danger_text = gettext_lazy("Il programma, le sue azioni e le quote dei finanziatori sono eliminati.")
    success_message = gettext_lazy("Programma eliminato.")

    def get_initial(self) -> dict[str, Any]:
        return {}

    def perform(self, form: Any) -> Any:
        programme = get_object_or_404(self.procedure.programmes.all(), pk=self.kwargs["programme"])
        services.programme_remove(actor=self.request.user, programme=programme)


class FundingAddView(ProgrammeFormView):
    form_class = FundingForm  # type: ignore[assignment]
    title = gettext_lazy("Quota di un finanziatore")
    success_message = gettext_lazy("Quota salvata.")

    def get_initial(self) -> dict[str, Any]:
        return {}

    def get_form_kwargs(self) -> dict[str, Any]:
        procedure = self.procedure
        ambito_ids = [procedure.ambito_id] if procedure.ambito_id else []
        ambiti = Ambito.objects.filter(pk__in=ambito_ids) | Ambito.objects.filter(
            memberships__organization=procedure.promoter
        )
        return {
            **super().get_form_kwargs(),
            "organizations": Organization.objects.filter(pk=procedure.promoter_id),
            "ambiti": ambiti.distinct().order_by("name"),
        }

    def perform(self, form: Any) -> Any:
        programme = get_object_or_404(self.procedure.programmes.all(), pk=self.kwargs["programme"])
        return services.funding_add(actor=self.request.user, programme=programme, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("coprogettazione:programme_detail", args=[self.procedure.pk, self.kwargs["programme"]])


class FundingBudgetLineView(ProcedureMixin, TitledFormView):
    """The funding ambito's office ties its share to a line of its budget (it need not run the procedure)."""

    form_class = FundingBudgetLineForm
    title = gettext_lazy("Collega la quota al bilancio dell'ambito")
    success_message = gettext_lazy("Collegamento al bilancio salvato.")

    def check_allowed(self) -> None:
        procedure = self.load_procedure()
        try:
            programme = selectors.programme_detail(procedure, self.kwargs["programme"])
        except Programme.DoesNotExist:
            raise Http404 from None
        funding = next((f for f in programme.fundings.all() if f.pk == self.kwargs["funding"]), None)
        if funding is None:
            raise Http404
        if not rules.may_link_budget(self.request.user, funding):
            raise PermissionDenied
        self.funding: ProgrammeFunding = funding

    def get_form_kwargs(self) -> dict[str, Any]:
        procedure = self.procedure
        ambito_id = self.funding.funder_ambito_id
        assert ambito_id is not None  # may_link_budget: only an ambito's share
        lines = budget_selectors.lines_for_period(ambito_id, procedure.first_year, procedure.last_year)
        return {**super().get_form_kwargs(), "lines": lines}

    def get_initial(self) -> dict[str, Any]:
        return {"budget_line": self.funding.budget_line_id}

    def perform(self, form: Any) -> Any:
        return services.funding_budget_link(
            actor=self.request.user, funding=self.funding, line=form.cleaned_data["budget_line"]
        )

    def get_success_url(self) -> str:
        return reverse("coprogettazione:programme_detail", args=[self.procedure.pk, self.kwargs["programme"]])

    cancel_url = get_success_url


class FundingRemoveView(ProgrammeFormView):
    form_class = ConfirmForm  # type: ignore[assignment]
    title = gettext_lazy("Elimina la quota del finanziatore")
    danger_text = gettext_lazy("La quota è tolta dal programma.")
    success_message = gettext_lazy("Quota eliminata.")

    def get_initial(self) -> dict[str, Any]:
        return {}

    def perform(self, form: Any) -> Any:
        programme = get_object_or_404(self.procedure.programmes.all(), pk=self.kwargs["programme"])
        funding = get_object_or_404(programme.fundings.all(), pk=self.kwargs["funding"])
        services.funding_remove(actor=self.request.user, funding=funding)

    def get_success_url(self) -> str:
        return reverse("coprogettazione:programme_detail", args=[self.procedure.pk, self.kwargs["programme"]])
