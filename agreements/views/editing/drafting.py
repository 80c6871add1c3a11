"""Drafting pages: a new agreement (from scratch, from a template), its data, renewal, lifecycle steps."""

from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements import forms, rules, services
from agreements.models import (
    Agreement,
    AgreementTemplate,
)
from agreements.views.editing.base import (
    AgreementFormView,
    S,
    manageable_ambiti,
)
from core.audit import audit_trail
from core.ui import ServiceFormView

# --- drafting ------------------------------------------------------------------------------------------


class AgreementCreateView(ServiceFormView):
    """A new draft: from scratch here, or from one of the model texts listed on the same page."""

    template_name = "agreements/edit/agreement_new.html"
    form_class = forms.AgreementCreateForm
    success_message = gettext_lazy("Bozza dell'accordo creata: aggiungi le parti e scrivi gli articoli.")

    def check_allowed(self) -> None:
        self.ambiti = manageable_ambiti(self.request.user)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "ambiti": self.ambiti}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Nuovo accordo"),
            "templates": list(AgreementTemplate.objects.order_by("title")),
            "cancel_url": reverse("agreements:agreement_list"),
        }

    def perform(self, form: forms.AgreementCreateForm) -> Agreement:
        data = dict(form.cleaned_data)
        return services.agreement_create(
            actor=self.request.user,
            ambito=data.pop("ambito"),
            kind=data.pop("kind"),
            title=data.pop("title"),
            **data,
        )

    def get_success_url(self) -> str:
        return reverse("agreements:agreement_detail", args=[self.result.pk])


class AgreementFromTemplateView(ServiceFormView):
    """A draft from a model text: one party per slot, blanks filled from the registry; the rest are listed."""

    template_name = "agreements/edit/form.html"
    form_class = forms.TemplateInstantiateForm

    def check_allowed(self) -> None:
        self.ambiti = manageable_ambiti(self.request.user)
        self.template = get_object_or_404(AgreementTemplate, pk=self.kwargs["template_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "template": self.template,
            "ambiti": self.ambiti,
            "organizations": forms.organization_choices(self.request.user),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "title": _("Nuovo accordo dal modello «%(title)s»") % {"title": self.template.title},
            "lead": self.template.description
            or _(
                "Per ogni ente che il modello prevede scegli quello del registro: i suoi dati (denominazione, "
                "codice fiscale, sede, rappresentante) vengono scritti nel testo."
            ),
            "submit_label": _("Crea la bozza"),
            "cancel_url": reverse("agreements:agreement_create"),
        }

    def perform(self, form: forms.TemplateInstantiateForm) -> Agreement:
        agreement, self.open_blanks = services.template_instantiate(
            actor=self.request.user,
            template=self.template,
            ambito=form.cleaned_data["ambito"],
            title=form.cleaned_data["title"],
            organizations=form.organizations(),
        )
        return agreement

    def get_success_url(self) -> str:
        if self.open_blanks:
            messages.warning(
                self.request,
                _("Bozza creata dal modello: restano %(n)d spazi da compilare.")
                % {"n": len(self.open_blanks)},
            )
            return reverse("agreements:blanks", args=[self.result.pk])
        messages.success(self.request, _("Bozza creata dal modello: il testo è completo."))
        return reverse("agreements:agreement_detail", args=[self.result.pk])


class AgreementUpdateView(AgreementFormView):
    form_class = forms.AgreementForm
    statuses = (S.DRAFT,)
    success_message = gettext_lazy("Dati dell'accordo salvati.")

    def get_title(self) -> str:
        return _("Modifica: %(title)s") % {"title": self.agreement.title}

    def get_form_kwargs(self) -> dict[str, Any]:
        # The form edits its own copy, so that the service compares against the stored values.
        return {**super().get_form_kwargs(), "instance": Agreement.objects.get(pk=self.agreement.pk)}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "audit": audit_trail(obj=self.agreement)}

    def perform(self, form: forms.AgreementForm) -> Agreement:
        services.agreement_update(actor=self.request.user, agreement=self.agreement, **form.changes())
        return self.agreement


class AgreementRenewView(AgreementFormView):
    form_class = forms.RenewForm
    statuses = services.RENEWABLE
    submit_label = gettext_lazy("Crea la bozza di rinnovo")
    lead = gettext_lazy(
        "Il rinnovo è una nuova bozza con le stesse parti, gli stessi firmatari e il testo in vigore; "
        "le deliberazioni e le firme si raccolgono di nuovo. Le parti che hanno comunicato il recesso "
        "non vengono riportate. L'accordo attuale resta com'è finché non lo segni come rinnovato."
    )

    def get_title(self) -> str:
        return _("Rinnova: %(title)s") % {"title": self.agreement.title}

    def get_initial(self) -> dict[str, Any]:
        return {"title": _("%(title)s (rinnovo)") % {"title": self.agreement.title}}

    def perform(self, form: forms.RenewForm) -> Agreement:
        return services.agreement_renew(
            actor=self.request.user, old=self.agreement, title=form.cleaned_data["title"]
        )

    def get_success_url(self) -> str:
        messages.success(self.request, _("Bozza di rinnovo creata: controlla parti, date e testo."))
        return reverse("agreements:agreement_detail", args=[self.result.pk])


# --- lifecycle -----------------------------------------------------------------------------------------

TRANSITION_NOTES = {
    S.IN_APPROVAL: gettext_lazy(
        "Il testo viene inviato alle parti per l'approvazione: da ora le parti vedono l'accordo. "
        "Servono almeno due parti firmatarie e almeno un articolo."
    ),
    S.APPROVED: gettext_lazy(
        "Ogni parte firmataria ha approvato l'accordo con una deliberazione: il testo non si modifica più."
    ),
    S.IN_SIGNATURE: gettext_lazy(
        "Si passa alla firma: ogni parte firmataria deve avere il suo firmatario e nel testo non devono "
        "restare spazi da compilare."
    ),
    S.IN_FORCE: gettext_lazy("Tutte le parti hanno firmato: l'accordo entra in vigore."),
    S.EXPIRED: gettext_lazy("L'accordo è giunto a scadenza."),
    S.RENEWED: gettext_lazy("L'accordo è stato sostituito dal suo rinnovo."),
    S.DRAFT: gettext_lazy("L'accordo torna in bozza per correggerne il testo o le parti."),
}
BACKWARDS = {(S.IN_APPROVAL, S.DRAFT), (S.APPROVED, S.DRAFT), (S.IN_SIGNATURE, S.APPROVED)}


class AgreementTransitionView(AgreementFormView):
    """A confirmation page before each step of the lifecycle; a refused step says why, in Italian."""

    form_class = forms.TransitionForm

    def check_allowed(self) -> None:
        if self.kwargs["to"] not in S.values:
            raise Http404
        self.to_state = S(self.kwargs["to"])
        super().check_allowed()

    def blocked(self) -> str | None:
        try:
            rules.check_transition(self.agreement.status, self.to_state)
        except rules.IllegalTransition as error:
            return " ".join(error.messages)
        return None

    def get_title(self) -> str:
        return _("Passa a «%(status)s»") % {"status": self.to_state.label}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "asks_date": self.to_state == S.IN_FORCE}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "lead": TRANSITION_NOTES[self.to_state],
            "danger": (self.agreement.status, self.to_state) in BACKWARDS,
            "submit_label": _("Conferma: passa a «%(status)s»") % {"status": self.to_state.label},
            "facts": [
                (_("Stato attuale"), self.agreement.get_status_display()),
                (_("Nuovo stato"), self.to_state.label),
            ],
        }

    def perform(self, form: forms.TransitionForm) -> Agreement:
        return services.agreement_transition(
            actor=self.request.user,
            agreement=self.agreement,
            to=self.to_state,
            on=form.cleaned_data.get("on"),
        )

    def get_success_url(self) -> str:
        messages.success(self.request, _("Stato aggiornato: «%(status)s».") % {"status": self.to_state.label})
        return self.detail_url()
