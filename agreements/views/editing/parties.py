"""Parties: adding and editing them, deliberations, withdrawal, later adhesion, removal from a draft."""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements import forms, services
from agreements.calendar import add_months
from agreements.models import (
    Party,
    PartyRole,
)
from agreements.views.editing.base import (
    AgreementFormView,
    S,
)

# --- parties -------------------------------------------------------------------------------------------


class _PartyView(AgreementFormView):
    anchor = "#parties-heading"

    def check_allowed(self) -> None:
        super().check_allowed()
        self.party = get_object_or_404(
            Party.objects.select_related("organization"), pk=self.kwargs["party_pk"], agreement=self.agreement
        )


class PartyCreateView(AgreementFormView):
    form_class = forms.PartyForm
    statuses = (S.DRAFT,)
    page_title = gettext_lazy("Aggiungi una parte")
    success_message = gettext_lazy("Parte aggiunta.")
    anchor = "#parties-heading"

    def get_form_kwargs(self) -> dict[str, Any]:
        existing = list(self.agreement.parties.values_list("organization_id", "signing_order"))
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "exclude": [organization for organization, _order in existing],
            "instance": Party(agreement=self.agreement),
            "initial": {"signing_order": max((order for _org, order in existing), default=0) + 1},
        }

    def perform(self, form: forms.PartyForm) -> Party:
        return services.party_add(
            actor=self.request.user,
            agreement=self.agreement,
            organization=form.cleaned_data["organization"],
            **form.fields_for_service(),
        )


class PartyUpdateView(_PartyView):
    form_class = forms.PartyUpdateForm
    statuses = (S.DRAFT, S.IN_APPROVAL, S.APPROVED)
    success_message = gettext_lazy("Parte aggiornata.")

    def get_title(self) -> str:
        return _("Parte: %(organization)s") % {"organization": self.party.organization}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "instance": Party.objects.get(pk=self.party.pk),
        }

    def perform(self, form: forms.PartyUpdateForm) -> Party:
        services.party_update(actor=self.request.user, party=self.party, **form.changes())
        return self.party


class PartyAuthorisationView(_PartyView):
    form_class = forms.AuthorisationForm
    statuses = services.DELIBERATION_STATES

    def blocked(self) -> str | None:
        return None if services.deliberations_recordable(self.agreement) else super().blocked()

    success_message = gettext_lazy("Deliberazione registrata.")
    lead = gettext_lazy("La deliberazione con cui l'ente approva l'accordo e autorizza il suo firmatario.")

    def get_title(self) -> str:
        return _("Deliberazione di %(organization)s") % {"organization": self.party.organization}

    def get_initial(self) -> dict[str, Any]:
        return {
            "organ_name": self.party.authorising_organ_name,
            "act_number": self.party.act_number,
            "act_date": self.party.act_date,
        }

    def perform(self, form: forms.AuthorisationForm) -> Party:
        return services.party_record_authorisation(
            actor=self.request.user, party=self.party, **form.cleaned_data
        )


class PartyWithdrawView(_PartyView):
    """Recesso in two steps: the data, then a confirmation showing the date the withdrawal takes effect."""

    form_class = forms.WithdrawalForm
    statuses = (S.IN_FORCE,)
    danger = True
    submit_label = gettext_lazy("Continua")
    success_message = gettext_lazy("Recesso registrato.")

    def get_title(self) -> str:
        return _("Recesso di %(organization)s") % {"organization": self.party.organization}

    def blocked(self) -> str | None:
        if self.party.withdrawal_notified_on is not None:
            return _("Il recesso di questo ente è già stato registrato.")
        return super().blocked()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        months = self.agreement.withdrawal_notice_months
        return {
            **super().get_context_data(**kwargs),
            "lead": _(
                "Il recesso ha effetto dopo il preavviso che l'accordo stabilisce (%(months)d mesi) dalla "
                "data in cui è stato comunicato."
            )
            % {"months": months},
        }

    def form_valid(self, form: forms.WithdrawalForm) -> HttpResponse:  # type: ignore[override]
        if form.cleaned_data.get("confirmed"):
            return super().form_valid(form)
        notified = form.cleaned_data["notified_on"]
        effective = add_months(notified, self.agreement.withdrawal_notice_months)
        context = self.get_context_data(form=form)
        context.update(
            {
                "confirming": True,
                "submit_label": _("Conferma il recesso"),
                "lead": _("Controlla i dati: confermando, il recesso viene registrato."),
                "facts": [
                    (_("Ente"), str(self.party.organization)),
                    (_("Recesso comunicato il"), notified.strftime("%d/%m/%Y")),
                    (_("Recesso efficace dal"), effective.strftime("%d/%m/%Y")),
                    (
                        _("Obblighi che proseguono"),
                        form.cleaned_data["continuing_obligations"] or _("nessuno indicato"),
                    ),
                ],
            }
        )
        return self.render_to_response(context)

    def perform(self, form: forms.WithdrawalForm) -> Party:
        return services.party_withdraw(
            actor=self.request.user,
            party=self.party,
            notified_on=form.cleaned_data["notified_on"],
            continuing_obligations=form.cleaned_data["continuing_obligations"],
        )


class PartyRemoveView(_PartyView):
    form_class = forms.ConfirmForm
    statuses = (S.DRAFT,)
    submit_label = gettext_lazy("Conferma: togli la parte")
    danger = True
    success_message = gettext_lazy("Parte tolta dalla bozza.")

    def get_title(self) -> str:
        return _("Togli %(organization)s dalla bozza") % {"organization": self.party.organization}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "lead": _("L'ente non sarà più parte dell'accordo. L'operazione resta nel registro."),
        }

    def perform(self, form: forms.ConfirmForm) -> None:
        services.party_remove(actor=self.request.user, party=self.party)


class PartyAdhereView(AgreementFormView):
    form_class = forms.AdhesionForm
    statuses = (S.IN_FORCE,)
    page_title = gettext_lazy("Adesione di un ente")
    lead = gettext_lazy(
        "Un ente aderisce all'accordo già in vigore (ad es. un ETS o un comune entrato dopo)."
    )
    success_message = gettext_lazy("Adesione registrata.")
    anchor = "#parties-heading"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "exclude": list(self.agreement.parties.values_list("organization_id", flat=True)),
            "instance": Party(agreement=self.agreement, role=PartyRole.ADERENTE),
        }

    def perform(self, form: forms.AdhesionForm) -> Party:
        data = form.cleaned_data
        return services.party_adhere(
            actor=self.request.user,
            agreement=self.agreement,
            organization=data["organization"],
            joined_on=data["joined_on"],
            role=data["role"],
            signatory=data["signatory"],
            signatory_capacity=data["signatory_capacity"],
        )
