from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View

from agreements import rules, selectors, services
from agreements.calendar import validity_mismatch
from agreements.compare import compare_versions
from agreements.models import Agreement, AgreementKind, AgreementStatus
from core.ui import RegistryDetailView, RegistryListView
from documents import jobs
from governance.models import Organization
from governance.selectors import visible_ids


class AgreementListView(RegistryListView):
    template_name = "agreements/agreement_list.html"
    filter_params = ("kind", "status", "ambito", "party", "expiring")
    csv_filename = "accordi"
    csv_columns = [
        (_("Titolo"), lambda a: a.title),
        (_("Tipo"), lambda a: a.get_kind_display()),
        (_("Stato"), lambda a: a.get_status_display()),
        (_("Ambito"), lambda a: a.ambito.name),
        (_("Decorrenza"), lambda a: a.start_date),
        (_("Scadenza"), lambda a: a.end_date),
        (_("Valido fino a"), lambda a: a.until_event),
    ]

    def selector_kwargs(self) -> dict[str, Any]:
        kwargs = super().selector_kwargs()
        party = kwargs.pop("party", "")
        if isinstance(party, str) and party.isdigit():
            kwargs["party"] = int(party)
        if isinstance(kwargs.get("ambito"), str):  # not a number: ignored, like any unknown filter value
            del kwargs["ambito"]
        if kwargs.pop("expiring", None):
            kwargs["expiring_within_days"] = 90
        return kwargs

    def select(self, **kwargs: Any) -> QuerySet[Agreement]:
        return selectors.agreement_list(**kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "kinds": AgreementKind.choices,
            "statuses": AgreementStatus.choices,
            **selectors.agreement_filter_choices(user=self.request.user),
        }


class AgreementDetailView(RegistryDetailView):
    template_name = "agreements/agreement_detail.html"
    context_object_name = "agreement"

    def load(self) -> Agreement:
        return selectors.agreement_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement: Agreement = context["agreement"]
        versions = sorted(agreement.versions.all(), key=lambda version: version.number)
        if not versions:
            raise Http404
        wanted = self.request.GET.get("versione", "")
        shown = next((v for v in versions if str(v.number) == wanted), None) or rules.shown_version(versions)
        parties = list(agreement.parties.all())
        binding = agreement.status in selectors.BINDING
        document = selectors.current_document(agreement)
        actions = rules.actions_for(self.request.user, agreement, versions, document)
        context.update(
            {
                "versions": versions,
                "version": shown,
                "premises": sorted(shown.premises.all(), key=lambda p: p.position),
                "articles": sorted(shown.articles.all(), key=lambda a: a.number),
                "parties": parties,
                "signed_count": sum(1 for p in parties if p.signed_at),
                "signing_count": len(rules.signing_parties(parties)),
                "validity_warning": validity_mismatch(
                    agreement.start_date, agreement.end_date, agreement.duration_months
                ),
                "clauses": [
                    {
                        "clause": clause,
                        "shares": [
                            {"share": share, **selectors.share_balance(share, binding=binding)}
                            for share in clause.shares.all()
                        ],
                    }
                    for clause in agreement.money_clauses.all()
                ],
                "visible_organizations": visible_ids(user=self.request.user, model=Organization),
                "actions": actions,
                "text_editable": rules.text_editable(agreement, shown),
                "accepts_payments": rules.accepts_payments(agreement.status),
                "deliberations_recordable": services.deliberations_recordable(agreement),
                "registration": (registration := selectors.registration_summary(agreement)),
                # The app's own PDF and signature chain: for acts drafted and signed here, not registered ones.
                "app_signing": not registration["registered"],
                "document": document,
                "signing": selectors.signature_progress(
                    user=self.request.user, agreement=agreement, document=document, manages=actions.manage
                ),
            }
        )
        return context


class AgreementCompareView(RegistryDetailView):
    """Two versions side by side in one text: removed words struck through, added words marked."""

    template_name = "agreements/agreement_compare.html"
    context_object_name = "agreement"

    def load(self) -> Agreement:
        return selectors.agreement_detail(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        versions = {version.number: version for version in context["agreement"].versions.all()}
        numbers = sorted(versions)
        try:
            old = versions[int(self.request.GET.get("da", numbers[0]))]
            new = versions[int(self.request.GET.get("a", numbers[-1]))]
        except (KeyError, ValueError, IndexError):
            raise Http404 from None
        differences = compare_versions(old, new)
        context.update(
            {
                "old": old,
                "new": new,
                "numbers": numbers,
                "differences": [d for d in differences if d.change != "same"],
                "unchanged": sum(1 for d in differences if d.change == "same"),
            }
        )
        return context


class AgreementDocumentRequestView(LoginRequiredMixin, View):
    """POST: ask the worker for the PDF of the current text."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = selectors.agreement_detail(user=request.user, pk=pk)
        try:
            services.agreement_document_request(actor=request.user, agreement=agreement)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.info(request, _("Il PDF è in preparazione: la pagina si aggiorna quando è pronto."))
        return redirect("agreements:agreement_detail", pk=agreement.pk)


class AgreementDocumentStatusView(LoginRequiredMixin, View):
    """GET: the state of the current text's PDF, for the page to follow the worker's progress."""

    def get(self, request: HttpRequest, pk: int) -> JsonResponse:
        agreement = selectors.agreement_detail(user=request.user, pk=pk)
        document = selectors.current_document(agreement)
        if document is None:
            return JsonResponse({"status": None})
        return JsonResponse(jobs.progress(document))


class AgreementDocumentDownloadView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
        agreement = selectors.agreement_detail(user=request.user, pk=pk)
        document = selectors.ready_document(agreement, document_pk)
        return FileResponse(
            document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1]
        )
