from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_trail
from core.models import PeriodModel
from core.ui import RegistryDetailView, RegistryListView, ServiceFormView
from governance import permissions, selectors, services
from governance.forms import AmbitoForm, EndMembershipForm, MembershipForm, OrganForm
from governance.models import Ambito, AmbitoMembership, Organ, Organization


class AmbitoListView(RegistryListView):
    template_name = "governance/ambito_list.html"
    csv_filename = "ambiti"
    csv_columns = [
        (_("Ambito"), lambda a: a.name),
        (_("Ente capofila"), lambda a: a.capofila),
        (_("Ente gestore"), lambda a: a.ente_gestore),
        (_("Provincia"), lambda a: a.province.abbreviation if a.province else ""),
        (_("Comuni"), lambda a: a.member_count),
    ]

    def select(self, **kwargs: Any) -> QuerySet[Ambito]:
        return selectors.ambito_list(**kwargs)


class AmbitoDetailView(RegistryDetailView):
    template_name = "governance/ambito_detail.html"
    context_object_name = "ambito"

    def load(self) -> Ambito:
        return selectors.ambito_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ambito, user = context["ambito"], self.request.user
        context["can_edit"] = permissions.has_object_permission(user, ambito, permissions.CHANGE)
        context["visible_organizations"] = selectors.visible_ids(user=user, model=Organization)
        context["visible_organs"] = selectors.visible_ids(user=user, model=Organ)
        memberships = list(ambito.memberships.all())
        context["current_members"], context["past_members"] = PeriodModel.split_in_force(
            memberships, timezone.localdate()
        )
        context["audit"] = audit_trail(obj=ambito) if context["can_edit"] else []
        return context


def editable_ambito(user: Any, pk: int) -> Ambito:
    """404 when the user cannot see the ambito, 403 when they see it but may not edit its registry."""
    ambito = selectors.ambito_detail(user=user, pk=pk)
    if not permissions.can_manage_ambito(user, ambito):
        raise PermissionDenied
    return ambito


class _AmbitoFormView(ServiceFormView):
    template_name = "governance/form.html"

    def check_allowed(self) -> None:
        self.ambito = editable_ambito(self.request.user, self.kwargs["pk"])

    def get_success_url(self) -> str:
        return self.ambito.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "cancel_url": self.ambito.get_absolute_url()}


class AmbitoUpdateView(_AmbitoFormView):
    form_class = AmbitoForm
    success_message = _("Modifiche salvate.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": Ambito.objects.get(pk=self.ambito.pk)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Modifica: %(name)s") % {"name": self.ambito},
        }

    def perform(self, form: AmbitoForm) -> Ambito:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.ambito_update(actor=self.request.user, ambito=self.ambito, **changes)
        return self.ambito


class AmbitoMemberAddView(_AmbitoFormView):
    form_class = MembershipForm
    success_message = _("Comune aggiunto all'ambito.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Aggiungi un comune a %(name)s") % {"name": self.ambito},
        }

    def perform(self, form: MembershipForm) -> AmbitoMembership:
        return services.ambito_member_add(actor=self.request.user, ambito=self.ambito, **form.cleaned_data)


class AmbitoMemberEndView(_AmbitoFormView):
    form_class = EndMembershipForm
    success_message = _("Appartenenza conclusa.")

    def check_allowed(self) -> None:
        super().check_allowed()
        self.membership = get_object_or_404(
            AmbitoMembership.objects.select_related("organization"),
            pk=self.kwargs["membership_pk"],
            ambito=self.ambito,
            end_date__isnull=True,
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("%(comune)s esce da %(ambito)s")
            % {"comune": self.membership.organization, "ambito": self.ambito},
            "danger": True,
        }

    def perform(self, form: EndMembershipForm) -> AmbitoMembership:
        return services.ambito_member_end(
            actor=self.request.user, membership=self.membership, end_date=form.cleaned_data["end_date"]
        )


class OrganCreateView(_AmbitoFormView):
    form_class = OrganForm
    success_message = _("Organo registrato.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "initial": {"ambiti": [self.ambito.pk]},
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Nuovo organo in %(name)s") % {"name": self.ambito},
        }

    def perform(self, form: OrganForm) -> Organ:
        data = dict(form.cleaned_data)
        ambiti = data.pop("ambiti")
        if data.get("managing_body") is None:
            data.pop("managing_body", None)  # the default: the capofila of its one ambito
        return services.organ_create(actor=self.request.user, ambiti=ambiti, **data)

    def get_success_url(self) -> str:
        return self.result.get_absolute_url()
