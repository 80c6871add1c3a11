"""Registering an act signed before the app, and attaching its signed files (the Ufficio di Piano)."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from agreements import forms, selectors, services
from agreements.models import Agreement, SignedCopy
from agreements.views.editing.base import AgreementFormView


class AgreementRegisterSignedView(AgreementFormView):
    """An act signed on paper or with a desktop signing tool before the app: what the act states."""

    form_class = forms.RegisterSignedForm
    statuses = services.REGISTRABLE
    submit_label = gettext_lazy("Registra l'atto firmato")
    lead = gettext_lazy(
        "Per un atto già sottoscritto fuori dall'applicazione: indica quando è entrato in vigore e quando ha "
        "firmato ciascuna parte, con la precisione che l'atto riporta (un giorno non indicato resta non "
        "indicato). Lo stato segue dalle date: in vigore, o scaduto se la scadenza è passata. Le "
        "deliberazioni di approvazione si registrano dalla gestione delle parti."
    )

    def get_title(self) -> str:
        return _("Registra come firmato: %(title)s") % {"title": self.agreement.title}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "agreement": self.agreement}

    def perform(self, form: forms.RegisterSignedForm) -> Agreement:
        data = form.cleaned_data
        in_force_since, precision = data["in_force_since"]
        return services.agreement_register_signed(
            actor=self.request.user,
            agreement=self.agreement,
            in_force_since=in_force_since,
            in_force_precision=precision,
            signed=data["signed"],
            place=data["place"],
            signed_file=data.get("signed_file"),
        )

    success_message = gettext_lazy("Atto registrato come firmato fuori dall'applicazione.")


class SignedCopyAddView(AgreementFormView):
    form_class = forms.SignedCopyForm
    statuses = services.REGISTERED_SIGNED
    submit_label = gettext_lazy("Allega e verifica")
    anchor = "#signed-copies-heading"
    lead = gettext_lazy(
        "Il file resta com'è, con la sua impronta SHA-256. Un PDF firmato o una busta .p7m vengono verificati: "
        "integrità, firmatari e catena dei certificati (non un confronto con un documento prodotto "
        "dall'applicazione). Una scansione è conservata come «non verificata digitalmente»."
    )

    def get_title(self) -> str:
        return _("Allega l'atto firmato: %(title)s") % {"title": self.agreement.title}

    def blocked(self) -> str | None:
        if not selectors.registration_summary(self.agreement)["accepts_copies"]:
            return _("Una copia firmata si allega a un atto registrato come firmato fuori dall'applicazione.")
        return super().blocked()

    def perform(self, form: forms.SignedCopyForm) -> SignedCopy:
        return services.signed_copy_attach(
            actor=self.request.user, agreement=self.agreement, upload=form.cleaned_data["signed_file"]
        )

    success_message = gettext_lazy("Atto firmato allegato.")


class SignedCopyDownloadView(LoginRequiredMixin, View):
    """Whoever may see the agreement downloads its signed copies."""

    def get(self, request: HttpRequest, pk: int, copy_pk: int) -> FileResponse:
        agreement = selectors.agreement_detail(user=request.user, pk=pk)
        copy = get_object_or_404(agreement.signed_copies.all(), pk=copy_pk)
        return FileResponse(copy.file.open("rb"), as_attachment=True, filename=copy.original_name)
