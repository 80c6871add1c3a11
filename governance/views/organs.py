from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import PeriodModel
from core.ui import RegistryDetailView, RegistryListView, ServiceFormView
from governance import permissions, selectors, services
from governance.forms import OrganForm, SeatForm
from governance.models import Organ, Organization, OrganizationKind, OrganKind, Seat


class OrganListView(RegistryListView):
    template_name = "governance/organ_list.html"
    filter_params = ("kind", "ambito")
    csv_filename = "organi"
    csv_columns = [
        (_("Organo"), lambda o: o.name),
        (_("Sigla"), lambda o: o.acronym),
        (_("Tipo"), lambda o: o.get_kind_display()),
        (_("Ambiti"), lambda o: ", ".join(a.name for a in o.ambiti.all())),
        (_("Componenti"), lambda o: o.seat_count),
        (_("Fonte istitutiva"), lambda o: o.legal_basis),
    ]

    def select(self, **kwargs: Any) -> QuerySet[Organ]:
        return selectors.organ_list(**kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "kinds": OrganKind.choices}


class OrganDetailView(RegistryDetailView):
    template_name = "governance/organ_detail.html"
    context_object_name = "organ"

    def load(self) -> Organ:
        return selectors.organ_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.GET.get("format") == "csv":
            from core.ui import csv_response

            organ = self.load()
            return csv_response(
                filename=f"componenti-{organ.acronym or organ.name}",
                columns=SEAT_COLUMNS,
                rows=selectors.seat_list(user=request.user, organ=organ.pk),
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organ, user = context["organ"], self.request.user
        context["can_edit"] = permissions.may_change_organ(user, organ)
        context["can_add_seat"] = context["can_edit"] or permissions.may_add_seat(user, organ)
        editable = permissions.seats_editable_by(user, organ, manages_organ=context["can_edit"])
        context["editable_seats"] = set(editable.values_list("pk", flat=True))
        context["visible_organizations"] = selectors.visible_ids(user=user, model=Organization)
        seats = list(organ.seats.all())
        context["current_seats"], context["past_seats"] = PeriodModel.split_in_force(
            seats, timezone.localdate()
        )
        context["comune_kind"] = OrganizationKind.COMUNE
        return context


SEAT_COLUMNS = [
    (_("Organo"), lambda s: s.organ.name),
    (_("Ente"), lambda s: s.organization),
    (_("Persona"), lambda s: s.person),
    (_("Ruolo"), lambda s: s.get_capacity_display()),
    (_("Precisazione"), lambda s: s.capacity_note),
    (_("Diritto di voto"), lambda s: s.has_vote),
    (_("Dal"), lambda s: s.start_date),
    (_("Al"), lambda s: s.end_date),
]


class _OrganFormView(ServiceFormView):
    template_name = "governance/form.html"

    def check_allowed(self) -> None:
        self.organ = selectors.organ_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not self.allowed():
            raise PermissionDenied

    def allowed(self) -> bool:
        return permissions.may_change_organ(self.request.user, self.organ)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_success_url(self) -> str:
        return self.organ.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "cancel_url": self.organ.get_absolute_url()}


class OrganUpdateView(_OrganFormView):
    form_class = OrganForm
    success_message = _("Modifiche salvate.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": Organ.objects.get(pk=self.organ.pk)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "title": _("Modifica: %(name)s") % {"name": self.organ}}

    def perform(self, form: OrganForm) -> Organ:
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name != "ambiti"}
        services.organ_update(actor=self.request.user, organ=self.organ, **changes)
        return self.organ


class SeatCreateView(_OrganFormView):
    form_class = SeatForm
    success_message = _("Componente aggiunto.")

    def allowed(self) -> bool:
        return permissions.may_add_seat(self.request.user, self.organ)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "organ": self.organ}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Nuovo componente: %(name)s") % {"name": self.organ},
        }

    def perform(self, form: SeatForm) -> Seat:
        return services.seat_create(actor=self.request.user, organ=self.organ, **form.seat_fields())


class SeatUpdateView(_OrganFormView):
    form_class = SeatForm
    success_message = _("Componente aggiornato.")

    def check_allowed(self) -> None:
        self.organ = selectors.organ_detail(user=self.request.user, pk=self.kwargs["pk"])
        self.seat = get_object_or_404(Seat, pk=self.kwargs["seat_pk"], organ=self.organ)
        if not permissions.may_edit_seat(self.request.user, self.seat):
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "instance": Seat.objects.get(pk=self.seat.pk),
            "organ": self.organ,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Modifica componente: %(seat)s") % {"seat": self.seat},
        }

    def perform(self, form: SeatForm) -> Seat:
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        services.seat_update(actor=self.request.user, seat=self.seat, **changes)
        return self.seat
