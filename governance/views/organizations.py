from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.audit import audit_trail
from core.ui import RegistryDetailView, RegistryListView, ServiceFormView
from governance import permissions, selectors, services
from governance.forms import MandateForm, OrganizationForm, PopulationForm
from governance.models import Ambito, Organization, OrganizationKind
from governance.views.ambiti import editable_ambito


class OrganizationListView(RegistryListView):
    template_name = "governance/organization_list.html"
    filter_params = ("kind", "province", "ambito")
    csv_filename = "enti"
    csv_columns = [
        (_("Denominazione"), lambda o: o.name),
        (_("Tipo"), lambda o: o.get_kind_display()),
        (_("Codice ISTAT"), lambda o: o.istat_code),
        (_("Codice catastale"), lambda o: o.cadastral_code),
        (_("Codice fiscale"), lambda o: o.tax_code),
        (_("Partita IVA"), lambda o: o.vat_number),
        (_("Provincia"), lambda o: o.province.abbreviation if o.province else ""),
        (_("PEC"), lambda o: o.pec),
        (_("Registrato dall'ambito"), lambda o: o.registered_in),
    ]

    def select(self, **kwargs: Any) -> QuerySet[Organization]:
        return selectors.organization_list(**kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kinds"] = OrganizationKind.choices
        context["manageable_ambiti"] = list(
            permissions.ambiti_manageable_by(self.request.user).order_by("name")
        )
        return context


class OrganizationDetailView(RegistryDetailView):
    template_name = "governance/organization_detail.html"
    context_object_name = "organization"

    def load(self) -> Organization:
        return selectors.organization_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organization = context["organization"]
        user = self.request.user
        context["can_edit"] = permissions.has_object_permission(user, organization, permissions.CHANGE)
        context["latest_population"] = selectors.latest_population(organization)
        context["visible_ambiti"] = selectors.visible_ids(user=user, model=Ambito)
        context["audit"] = audit_trail(obj=organization) if context["can_edit"] else []
        return context


class _OrganizationFormView(ServiceFormView):
    template_name = "governance/form.html"

    def get_success_url(self) -> str:
        return self.result.get_absolute_url()


class OrganizationCreateView(_OrganizationFormView):
    form_class = OrganizationForm
    success_message = _("Ente registrato.")

    def check_allowed(self) -> None:
        self.ambito = editable_ambito(self.request.user, self.kwargs["ambito_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "creating": True}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Nuovo ente nel registro di %(ambito)s") % {"ambito": self.ambito},
            "cancel_url": self.ambito.get_absolute_url(),
        }

    def perform(self, form: OrganizationForm) -> Organization:
        return services.organization_create(actor=self.request.user, ambito=self.ambito, **form.cleaned_data)


class OrganizationUpdateView(_OrganizationFormView):
    form_class = OrganizationForm
    success_message = _("Modifiche salvate.")

    def check_allowed(self) -> None:
        self.organization = selectors.organization_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not permissions.has_object_permission(self.request.user, self.organization, permissions.CHANGE):
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            # The form edits its own copy, so that the service compares against the stored values.
            "instance": Organization.objects.get(pk=self.organization.pk),
            "identity_editable": permissions.may_edit_identity(self.request.user, self.organization),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Modifica: %(name)s") % {"name": self.organization},
            "cancel_url": self.organization.get_absolute_url(),
        }

    def perform(self, form: OrganizationForm) -> Organization:
        services.organization_update(
            actor=self.request.user, organization=self.organization, **form.changes()
        )
        return self.organization


class _OrganizationChildFormView(ServiceFormView):
    template_name = "governance/form.html"

    def check_allowed(self) -> None:
        self.organization = selectors.organization_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not permissions.has_object_permission(self.request.user, self.organization, permissions.CHANGE):
            raise PermissionDenied

    def get_success_url(self) -> str:
        return self.organization.get_absolute_url()


class MandateCreateView(_OrganizationChildFormView):
    form_class = MandateForm
    success_message = _("Incarico registrato.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Nuovo incarico: %(name)s") % {"name": self.organization},
            "cancel_url": self.organization.get_absolute_url(),
        }

    def perform(self, form: MandateForm) -> Any:
        return services.mandate_create(
            actor=self.request.user,
            organization=self.organization,
            person=form.cleaned_data.get("person"),
            new_person=form.new_person(),
            **form.mandate_fields(),
        )


class PopulationCreateView(_OrganizationChildFormView):
    form_class = PopulationForm
    success_message = _("Dato di popolazione registrato.")

    def check_allowed(self) -> None:
        super().check_allowed()
        if self.organization.kind != OrganizationKind.COMUNE:
            raise PermissionDenied

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Popolazione: %(name)s") % {"name": self.organization},
            "cancel_url": self.organization.get_absolute_url(),
        }

    def perform(self, form: PopulationForm) -> Any:
        return services.population_figure_record(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        return reverse("governance:organization_detail", args=[self.organization.pk])
