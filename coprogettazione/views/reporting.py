"""Pages about expense reports: the partner submits one; the administration reviews it; receipts downloaded by
those who may see the report."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from coprogettazione import accounts, rules, selectors, services
from coprogettazione.forms import ConfirmForm, ExpenseReportForm, ReviewForm
from coprogettazione.models import ExpenseReport
from coprogettazione.views.partners import PartnershipMixin
from core.ui import TitledFormView


class ExpenseReportCreateView(PartnershipMixin, TitledFormView):
    form_class = ExpenseReportForm
    template_name = "coprogettazione/expense_report_form.html"
    title = gettext_lazy("Nuova rendicontazione (nota di debito)")
    success_message = gettext_lazy("Rendicontazione presentata: l'Ufficio di Piano la esamina.")

    def check_allowed(self) -> None:
        partnership = self.load_partnership()
        if not (rules.may_report(self.request.user, partnership) and rules.partnership_active(partnership)):
            raise PermissionDenied

    def perform(self, form: Any) -> ExpenseReport:
        return services.expense_report_submit(
            actor=self.request.user, partnership=self.partnership, **form.service_fields()
        )

    def get_success_url(self) -> str:
        return self.result.get_absolute_url()

    def cancel_url(self) -> str:
        return self.partnership.get_absolute_url()


class ExpenseReportMixin(PartnershipMixin):
    def load_report(self) -> ExpenseReport:
        partnership = self.load_partnership()
        self.report = selectors.expense_report_detail(partnership, self.kwargs["number"])
        return self.report


class ExpenseReportDetailView(ExpenseReportMixin, TemplateView):
    template_name = "coprogettazione/expense_report_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.load_report()
        claimed, approved, paid = accounts.report_totals(report)
        context.update(
            procedure=self.procedure,
            partnership=self.partnership,
            report=report,
            claimed=claimed,
            approved=approved,
            paid=paid,
            reviewed=rules.is_reviewed(report.status),
            can_manage=self.can_manage,
            may_start=self.can_manage and rules.review_can_start(report),
            may_review=self.can_manage and rules.reviewable(report),
            may_pay=self.can_manage and rules.payable(report),
        )
        return context


class ExpenseReportFormView(ExpenseReportMixin, TitledFormView):
    def check_allowed(self) -> None:
        self.load_report()
        if not self.can_manage:
            raise PermissionDenied

    def get_success_url(self) -> str:
        return self.report.get_absolute_url()

    def cancel_url(self) -> str:
        return self.report.get_absolute_url()


class ReviewStartView(ExpenseReportFormView):
    form_class = ConfirmForm
    title = gettext_lazy("Avvia l'istruttoria")
    success_message = gettext_lazy("Istruttoria avviata.")

    def perform(self, form: Any) -> Any:
        return services.expense_review_start(actor=self.request.user, report=self.report)


class ReviewView(ExpenseReportFormView):
    form_class = ReviewForm
    title = gettext_lazy("Istruttoria: importi riconosciuti")
    success_message = gettext_lazy("Istruttoria conclusa.")

    def check_allowed(self) -> None:
        super().check_allowed()
        if not rules.reviewable(self.report):
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "lines": list(self.report.lines.all())}

    def perform(self, form: Any) -> Any:
        return services.expense_review_decide(
            actor=self.request.user,
            report=self.report,
            decisions=form.decisions(),
            note=form.cleaned_data.get("note", ""),
        )


class ReceiptDownloadView(ExpenseReportMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        report = self.load_report()
        receipt = get_object_or_404(report.receipts.all(), pk=kwargs["receipt"])
        if not receipt.file:
            raise Http404
        response = FileResponse(receipt.file.open("rb"), as_attachment=True, filename=receipt.original_name)
        response["Cache-Control"] = "no-store"
        return response


class ExpenseReportListView(PartnershipMixin, ListView):
    """Every report of a partnership, 25 a page (the partnership's page shows the latest)."""

    template_name = "coprogettazione/expense_report_list.html"
    paginate_by = 25

    def get_queryset(self) -> Any:
        partnership = self.load_partnership()
        return selectors.partnership_reports(partnership)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        for report in context["object_list"]:
            report.partnership = self.partnership
        context.update(partnership=self.partnership, procedure=self.procedure, query_string="")
        return context
