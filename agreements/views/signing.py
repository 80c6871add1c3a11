"""Signing pages: upload a signed PDF, the built-in test signer, downloads, the verification report, and
the "to sign" list. Every rule lives in agreements.signatures; these views only carry files and messages."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from agreements import rules, selectors, signatures
from agreements.models import Agreement, Party


class SignedFileForm(forms.Form):
    file = forms.FileField(
        label=_("PDF firmato digitalmente (PAdES)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("Il file scaricato da questa pagina, firmato con il proprio dispositivo di firma."),
    )


def _party(request: HttpRequest, pk: int, party_pk: int) -> tuple[Agreement, Party]:
    agreement = selectors.agreement_detail(user=request.user, pk=pk)
    party = get_object_or_404(agreement.parties.select_related("organization", "signatory"), pk=party_pk)
    party.agreement = agreement
    return agreement, party


def _download(field_file: Any, filename: str) -> FileResponse:
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=filename)


class SignatureUploadView(LoginRequiredMixin, View):
    """What a signatory (or whoever files the signature) does: download, sign with their tool, upload."""

    template_name = "agreements/sign/upload.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.agreement, self.party = _party(request, kwargs["pk"], kwargs["party_pk"])
        if not rules.may_upload_signature(request.user, self.party):
            raise PermissionDenied(_("Non puoi caricare la firma di questa parte."))
        return super().dispatch(request, *args, **kwargs)

    def page(self, request: HttpRequest, form: SignedFileForm, status: int = 200) -> HttpResponse:
        progress = selectors.signature_progress(user=request.user, agreement=self.agreement)
        context = {"agreement": self.agreement, "party": self.party, "form": form, **progress}
        context["row"] = next((row for row in progress["rows"] if row["party"].pk == self.party.pk), None)
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
        return self.page(request, SignedFileForm())

    def post(self, request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
        form = SignedFileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                signatures.signature_upload(
                    actor=request.user, party=self.party, signed_pdf=form.cleaned_data["file"].read()
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("file", message)
            else:
                messages.success(
                    request,
                    _("Firma di %(party)s verificata e registrata.") % {"party": self.party.organization},
                )
                return redirect("agreements:agreement_detail", pk=self.agreement.pk)
        return self.page(request, form, status=400)


class SignatureTestSignView(LoginRequiredMixin, View):
    """The built-in signer (local test CA): a confirmation page, then the signature on POST."""

    template_name = "agreements/sign/test_sign.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.agreement, self.party = _party(request, kwargs["pk"], kwargs["party_pk"])
        if not settings.SIGNATURE_TEST_CA:
            raise Http404
        if not rules.may_use_test_signer(request.user, self.party):
            raise PermissionDenied(_("Solo il firmatario può firmare con il proprio certificato di prova."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
        progress = selectors.signature_progress(user=request.user, agreement=self.agreement)
        return render(
            request, self.template_name, {"agreement": self.agreement, "party": self.party, **progress}
        )

    def post(self, request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
        try:
            signatures.signature_sign_with_test_certificate(actor=request.user, party=self.party)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Firma di %(party)s apposta e verificata.") % {"party": self.party.organization}
            )
        return redirect("agreements:agreement_detail", pk=self.agreement.pk)


class SigningStateDownloadView(LoginRequiredMixin, View):
    """The file the next party signs: the latest signed state, or the produced PDF before any signature."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        agreement = selectors.agreement_detail(user=request.user, pk=pk)
        document = selectors.current_document(agreement)
        if document is None or not document.file:
            raise Http404
        latest = document.signatures.order_by("-sequence").first()
        if latest is None:
            return _download(document.file, f"accordo-{agreement.pk}-da-firmare.pdf")
        return _download(latest.file, f"accordo-{agreement.pk}-firme-{latest.sequence}.pdf")


class SignedFileDownloadView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int, signature_pk: int) -> FileResponse:
        agreement = selectors.agreement_detail(user=request.user, pk=pk)
        signature = selectors.signature_detail(agreement, signature_pk)
        return _download(signature.file, f"accordo-{agreement.pk}-firme-{signature.sequence}.pdf")


class SignatureReportView(LoginRequiredMixin, TemplateView):
    """The verification report: who signed, when, with which certificate, and the hashes of every state.

    Each signature was verified when it was uploaded, over a file that begins byte for byte with the state
    verified before it; the stored results are shown (re-validating 50 signatures would take seconds).
    """

    template_name = "agreements/sign/report.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement = selectors.agreement_detail(user=self.request.user, pk=self.kwargs["pk"])
        rows = selectors.signature_list(agreement)
        latest = rows[-1] if rows else None
        context.update(
            {
                "agreement": agreement,
                "signatures": rows,
                "latest": latest,
                "all_valid": all(row.report.get("ok") for row in rows),
                "document": latest.document if latest else selectors.current_document(agreement),
            }
        )
        return context


class ToSignListView(LoginRequiredMixin, TemplateView):
    """Agreements waiting for a signature the user gives or files."""

    template_name = "agreements/sign/to_sign.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "rows": selectors.agreements_to_sign(user=self.request.user),
        }
