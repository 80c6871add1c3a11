from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import PeriodModel
from core.ui import RegistryDetailView, RegistryListView, ServiceFormView
from governance import permissions
from governance import selectors as governance_selectors
from governance.forms import EndMembershipForm, MembershipForm
from governance.models import Organ, Organization
from governance.views.ambiti import editable_ambito
from subambiti import selectors, services
from subambiti.forms import SubAmbitoForm
from subambiti.models import SubAmbito, SubAmbitoMembership


class SubAmbitoListView(RegistryListView):
    template_name = "subambiti/subambito_list.html"
    filter_params = ("ambito",)
    csv_filename = "sub-ambiti"
    csv_columns = [
        (_("Ambito"), lambda s: s.ambito.name),
        (_("Numero"), lambda s: s.number),
        (_("Sub-ambito"), lambda s: s.name),
        (_("Comune referente"), lambda s: s.referente),
        (_("Coordinatore tecnico"), lambda s: s.coordinator),
        (_("Comuni"), lambda s: s.member_count),
    ]

    def select(self, **kwargs: Any) -> QuerySet[SubAmbito]:
        return selectors.subambito_list(**kwargs)


class SubAmbitoDetailView(RegistryDetailView):
    template_name = "subambiti/subambito_detail.html"
    context_object_name = "subambito"

    def load(self) -> SubAmbito:
        return selectors.subambito_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        subambito, user = context["subambito"], self.request.user
        context["can_edit"] = permissions.has_object_permission(user, subambito, permissions.CHANGE)
        context["visible_organizations"] = governance_selectors.visible_ids(user=user, model=Organization)
        context["visible_organs"] = governance_selectors.visible_ids(user=user, model=Organ)
        memberships = list(subambito.memberships.all())
        context["current_members"], context["past_members"] = PeriodModel.split_in_force(
            memberships, timezone.localdate()
        )
        return context


class SubAmbitoCreateView(ServiceFormView):
    template_name = "governance/form.html"
    form_class = SubAmbitoForm
    success_message = _("Sub-ambito registrato.")

    def check_allowed(self) -> None:
        self.ambito = editable_ambito(self.request.user, self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "ambito": self.ambito}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Nuovo sub-ambito in %(name)s") % {"name": self.ambito},
            "cancel_url": self.ambito.get_absolute_url(),
        }

    def perform(self, form: SubAmbitoForm) -> SubAmbito:
        return services.subambito_create(actor=self.request.user, ambito=self.ambito, **form.cleaned_data)

    def get_success_url(self) -> str:
        return self.result.get_absolute_url()


class _SubAmbitoFormView(ServiceFormView):
    template_name = "governance/form.html"

    def check_allowed(self) -> None:
        self.subambito = selectors.subambito_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not permissions.has_object_permission(self.request.user, self.subambito, permissions.CHANGE):
            raise PermissionDenied

    def get_success_url(self) -> str:
        return self.subambito.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "cancel_url": self.subambito.get_absolute_url()}


class SubAmbitoUpdateView(_SubAmbitoFormView):
    form_class = SubAmbitoForm
    success_message = _("Modifiche salvate.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "instance": SubAmbito.objects.get(pk=self.subambito.pk),
            "user": self.request.user,
            "ambito": self.subambito.ambito,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Modifica: %(name)s") % {"name": self.subambito},
        }

    def perform(self, form: SubAmbitoForm) -> SubAmbito:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.subambito_update(actor=self.request.user, subambito=self.subambito, **changes)
        return self.subambito


class SubAmbitoMemberAddView(_SubAmbitoFormView):
    form_class = MembershipForm
    success_message = _("Comune aggiunto al sub-ambito.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Aggiungi un comune a %(name)s") % {"name": self.subambito},
        }

    def perform(self, form: MembershipForm) -> SubAmbitoMembership:
        return services.subambito_member_add(
            actor=self.request.user, subambito=self.subambito, **form.cleaned_data
        )


class SubAmbitoMemberEndView(_SubAmbitoFormView):
    form_class = EndMembershipForm
    success_message = _("Appartenenza conclusa.")

    def check_allowed(self) -> None:
        super().check_allowed()
        self.membership = get_object_or_404(
            SubAmbitoMembership.objects.select_related("organization"),
            pk=self.kwargs["membership_pk"],
            subambito=self.subambito,
            end_date__isnull=True,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("%(comune)s esce da %(sub)s")
            % {"comune": self.membership.organization, "sub": self.subambito},
            "danger": True,
        }

    def perform(self, form: EndMembershipForm) -> SubAmbitoMembership:
        return services.subambito_member_end(
            actor=self.request.user, membership=self.membership, end_date=form.cleaned_data["end_date"]
        )
