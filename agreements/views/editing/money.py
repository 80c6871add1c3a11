"""Money clauses: shares, installment schedules, payments."""

from typing import Any

from django.contrib import messages
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements import forms, rules, services
from agreements.models import (
    Installment,
    MoneyClause,
)
from agreements.views.editing.base import (
    AgreementFormView,
)

# --- money ---------------------------------------------------------------------------------------------


class ClauseCreateView(AgreementFormView):
    template_name = "agreements/edit/clause_form.html"
    form_class = forms.MoneyClauseForm
    page_title = gettext_lazy("Nuova clausola economica")
    success_message = gettext_lazy("Clausola economica salvata: le quote sommano al totale.")
    anchor = "#money-heading"

    def get_form_kwargs(self) -> dict[str, Any]:
        parties = list(
            self.agreement.parties.filter(rules.SIGNING)
            .select_related("organization")
            .order_by("signing_order", "pk")
        )
        return {
            **super().get_form_kwargs(),
            "parties": parties,
            "instance": MoneyClause(agreement=self.agreement),
        }

    def perform(self, form: forms.MoneyClauseForm) -> MoneyClause:
        return services.money_clause_create(
            actor=self.request.user, agreement=self.agreement, **form.service_kwargs()
        )


class _ClauseView(AgreementFormView):
    anchor = "#money-heading"

    def check_allowed(self) -> None:
        super().check_allowed()
        self.clause = get_object_or_404(self.agreement.money_clauses.all(), pk=self.kwargs["clause_pk"])


class InstallmentsView(_ClauseView):
    form_class = forms.InstallmentsForm
    submit_label = gettext_lazy("Calcola le rate")

    def get_title(self) -> str:
        return _("Rate: %(clause)s") % {"clause": self.clause.description}

    def blocked(self) -> str | None:
        if not self.clause.installments_every_months:
            return _("La clausola non prevede rate.")
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        existing = Installment.objects.filter(share__clause=self.clause).exists()
        return {**super().get_form_kwargs(), "has_installments": existing}

    def get_initial(self) -> dict[str, Any]:
        return {"start": self.agreement.start_date, "end": self.agreement.end_date}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        clause = self.clause
        every = clause.installments_every_months
        return {
            **super().get_context_data(**kwargs),
            "lead": _(
                "Ogni quota viene divisa in rate uguali ogni %(months)s mesi, %(when)s; le rate di una quota "
                "sommano alla quota."
            )
            % {
                "months": every or "—",
                "when": _("anticipate (scadenza il primo giorno del periodo)")
                if clause.installments_in_advance
                else _("posticipate (scadenza l'ultimo giorno del periodo)"),
            },
        }

    def perform(self, form: forms.InstallmentsForm) -> int:
        return services.installments_schedule(
            actor=self.request.user,
            clause=self.clause,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
        )

    def get_success_url(self) -> str:
        messages.success(self.request, _("Rate calcolate: %(n)d.") % {"n": self.result})
        return self.detail_url()


class PaymentCreateView(_ClauseView):
    form_class = forms.PaymentForm
    success_message = gettext_lazy("Pagamento registrato.")

    def get_title(self) -> str:
        return _("Pagamento: %(clause)s") % {"clause": self.clause.description}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "clause": self.clause}

    def get_initial(self) -> dict[str, Any]:
        return {"share": self.request.GET.get("quota") or None, "paid_on": timezone.localdate()}

    def perform(self, form: forms.PaymentForm) -> Any:
        return services.payment_record(actor=self.request.user, **form.cleaned_data)
