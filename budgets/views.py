"""The browser pages of budgets and quotas: thin, each write through one service, each read through a selector."""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from budgets import rules, selectors, services
from budgets.forms import (
    ActualsForm,
    AllocationForm,
    ApprovalForm,
    BudgetForm,
    ConfirmForm,
    FsolSplitForm,
    LineForm,
    QuotaForm,
    QuotaPaymentForm,
    ReportStartForm,
    VariationForm,
    cell_name,
)
from budgets.models import Budget, BudgetVersion, SubAmbitoQuota
from core.audit import audit_trail
from core.exports import export_response
from core.panels import panels_for
from core.ui import RegistryListView, ServiceFormView, TitledFormView
from governance import permissions
from governance.models import Ambito
from subambiti import selectors as subambiti_selectors
from subambiti.models import SubAmbito


def managed_ambiti(user: Any) -> QuerySet[Ambito]:
    return permissions.filter_visible(user, Ambito.objects.all(), permissions.CHANGE).order_by("name")


# --- budgets ---------------------------------------------------------------------------------------


class BudgetListView(RegistryListView):
    template_name = "budgets/budget_list.html"
    filter_params = ("ambito",)
    csv_filename = "bilanci"
    csv_columns = [
        (gettext_lazy("Ambito"), lambda b: b.ambito.name),
        (gettext_lazy("Bilancio"), lambda b: b.title),
        (gettext_lazy("Periodo"), lambda b: b.period_label),
        (gettext_lazy("Versioni"), lambda b: b.version_count),
    ]

    def select(self, **kwargs: Any) -> QuerySet[Budget]:
        return selectors.budget_list(**kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_create"] = managed_ambiti(self.request.user).exists()
        return context


class BudgetCreateView(ServiceFormView):
    template_name = "governance/form.html"
    form_class = BudgetForm

    def check_allowed(self) -> None:
        self.ambiti = managed_ambiti(self.request.user)
        if not self.ambiti.exists():
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["ambiti"] = self.ambiti
        if "ambito" in self.request.GET:
            kwargs.setdefault("initial", {})["ambito"] = self.request.GET["ambito"]
        return kwargs

    def perform(self, form: Any) -> Budget:
        return services.budget_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return self.result.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Nuovo bilancio d'ambito")
        context["cancel_url"] = reverse("budgets:budget_list")
        return context


class BudgetPageMixin(LoginRequiredMixin):
    """A page about one budget (404 when the user cannot see it)."""

    request: HttpRequest
    kwargs: dict[str, Any]

    def load_budget(self) -> Budget:
        self.budget = selectors.budget_detail(user=self.request.user, pk=self.kwargs["pk"])
        self.can_manage = rules.may_manage(self.request.user, self.budget.ambito)
        return self.budget


class BudgetDetailView(BudgetPageMixin, TemplateView):
    """The budget on one version: the draft for its office, the version in force for everyone else; any other
    version by its number."""

    template_name = "budgets/budget_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        budget = self.load_budget()
        if "number" in kwargs:
            try:
                self.version = selectors.version_of(budget, kwargs["number"])
            except BudgetVersion.DoesNotExist:
                raise Http404 from None
        else:
            shown = selectors.shown_version(budget, manager=self.can_manage)
            if shown is None:
                raise Http404
            shown.budget = budget
            self.version = shown
        self.sheet = selectors.version_sheet(self.version)
        exported = export_response(
            request, self.sheet.tables, filename=f"{budget.title}-v{self.version.number}"
        )
        return exported or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        budget, version = self.budget, self.version
        editable = self.can_manage and rules.version_editable(version)
        versions = list(budget.versions.all())
        context.update(
            budget=budget,
            version=version,
            sheet=self.sheet,
            versions=versions,
            reports=list(budget.reports.all()),
            can_manage=self.can_manage,
            editable=editable,
            can_vary=self.can_manage and rules.may_start_variation(versions),
            can_report=self.can_manage and any(rules.is_in_force(v) for v in versions),
            on_time=rules.approved_on_time(version) if version.number == 1 else None,
            plan_due=rules.plan_due(budget.first_year),
            is_draft=rules.is_draft(version),
            in_force=rules.is_in_force(version),
            trail=audit_trail(obj=version, limit=10) if self.can_manage else [],
            panels=panels_for(budget, self.request.user),
        )
        return context


class BudgetFormView(BudgetPageMixin, TitledFormView):
    """A write on a budget by its Ufficio di Piano (403 for anyone else who sees it)."""

    needs_draft = True
    version: BudgetVersion

    def check_allowed(self) -> None:
        self.load_budget()
        if not self.can_manage:
            raise PermissionDenied
        versions = list(self.budget.versions.all())  # latest first; a budget always has its version 1
        draft = next((version for version in versions if rules.is_draft(version)), None)
        if self.needs_draft and draft is None:
            raise Http404
        self.version = draft or versions[0]
        self.version.budget = self.budget

    def get_success_url(self) -> str:
        return self.budget.get_absolute_url()

    def cancel_url(self) -> str:
        return self.budget.get_absolute_url()


class AllocationView(BudgetFormView):
    form_class = AllocationForm
    title = gettext_lazy("Stanziamento per fonte")
    success_message = gettext_lazy("Stanziamento salvato.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "years": self.budget.years}

    def perform(self, form: Any) -> Any:
        return services.allocation_set(actor=self.request.user, version=self.version, **form.cleaned_data)


class LineFormView(BudgetFormView):
    form_class = LineForm
    success_message = gettext_lazy("Voce salvata.")

    def get_line(self) -> Any:
        return None

    def get_form_kwargs(self) -> dict[str, Any]:
        sheet_sources = sorted(
            {allocation.source for allocation in self.version.allocations.all()},
            key=lambda source: list(selectors.FundSource.values).index(source),
        )
        kwargs = {**super().get_form_kwargs(), "years": self.budget.years, "sources": sheet_sources}
        line = self.get_line()
        if line is not None and self.request.method == "GET":
            initial = {"area": line.area, "action": line.action, "notes": line.notes}
            initial |= {cell_name(f.year, f.source): f.amount for f in line.fundings.all()}
            kwargs["initial"] = initial
        return kwargs

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.line_save(
            actor=self.request.user,
            version=self.version,
            area=data["area"],
            action=data["action"],
            notes=data.get("notes", ""),
            fundings=form.fundings(),
            line=self.get_line(),
        )


class LineCreateView(LineFormView):
    title = gettext_lazy("Nuova voce del Piano Operativo")


class LineUpdateView(LineFormView):
    title = gettext_lazy("Modifica la voce")

    def get_line(self) -> Any:
        return get_object_or_404(self.version.lines.all(), pk=self.kwargs["line"])


class LineRemoveView(BudgetFormView):
    form_class = ConfirmForm
    title = gettext_lazy("Elimina la voce")
    danger_text = gettext_lazy(
        "La voce e i suoi importi escono dalla bozza. L'operazione resta nel registro delle modifiche."
    )
    success_message = gettext_lazy("Voce eliminata.")

    def perform(self, form: Any) -> Any:
        line = get_object_or_404(self.version.lines.all(), pk=self.kwargs["line"])
        services.line_remove(actor=self.request.user, line=line)


class FsolSplitView(BudgetFormView):
    form_class = FsolSplitForm
    title = gettext_lazy("Riparto del F.SOL tra i comuni")
    success_message = gettext_lazy("Riparto salvato.")

    def get_form_kwargs(self) -> dict[str, Any]:
        year = int(self.request.POST.get("year") or self.request.GET.get("year") or self.budget.first_year)
        try:
            bodies = selectors.ambito_comuni(self.budget.ambito_id, year)
        except ValidationError:
            bodies = []
        return {**super().get_form_kwargs(), "years": self.budget.years, "bodies": bodies}

    def perform(self, form: Any) -> Any:
        return services.fsol_split_set(
            actor=self.request.user,
            version=self.version,
            year=form.cleaned_data["year"],
            **form.split_arguments(),
        )


class VersionApproveView(BudgetFormView):
    form_class = ApprovalForm
    title = gettext_lazy("Registra l'approvazione dell'Assemblea dei Sindaci")
    success_message = gettext_lazy("Versione approvata: è quella in vigore.")

    def perform(self, form: Any) -> Any:
        return services.version_approve_outside(
            actor=self.request.user, version=self.version, **form.cleaned_data
        )


class VariationStartView(BudgetFormView):
    form_class = VariationForm
    title = gettext_lazy("Apri una variazione di bilancio")
    needs_draft = False
    success_message = gettext_lazy("Variazione aperta: è una copia della versione in vigore.")

    def perform(self, form: Any) -> Any:
        return services.variation_start(actor=self.request.user, budget=self.budget, **form.cleaned_data)


class VariationDiscardView(BudgetFormView):
    form_class = ConfirmForm
    title = gettext_lazy("Scarta la variazione in bozza")
    danger_text = gettext_lazy(
        "La bozza della variazione è eliminata; resta in vigore la versione approvata."
    )
    success_message = gettext_lazy("Variazione scartata.")

    def perform(self, form: Any) -> Any:
        services.variation_discard(actor=self.request.user, version=self.version)


class BudgetDeleteView(BudgetFormView):
    form_class = ConfirmForm
    title = gettext_lazy("Elimina il bilancio")
    danger_text = gettext_lazy("Il bilancio mai approvato è eliminato con la sua bozza.")
    success_message = gettext_lazy("Bilancio eliminato.")

    def perform(self, form: Any) -> Any:
        services.budget_delete(actor=self.request.user, budget=self.budget)

    def get_success_url(self) -> str:
        return reverse("budgets:budget_list")


# --- the annual report -----------------------------------------------------------------------------------


class ReportStartView(BudgetFormView):
    form_class = ReportStartForm
    title = gettext_lazy("Nuova relazione annuale")
    needs_draft = False

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "years": self.budget.years}

    def perform(self, form: Any) -> Any:
        return services.report_start(actor=self.request.user, budget=self.budget, **form.cleaned_data)

    def get_success_url(self) -> str:
        return self.result.get_absolute_url()


class ReportDetailView(LoginRequiredMixin, TemplateView):
    template_name = "budgets/report_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.report = selectors.report_detail(user=request.user, budget_pk=kwargs["pk"], year=kwargs["year"])
        self.rows, self.sources = selectors.report_rows(self.report)
        exported = export_response(
            request, lambda: [selectors.report_table(self.report, self.rows)], filename=str(self.report)
        )
        return exported or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report = self.report
        can_manage = rules.may_manage(self.request.user, report.budget.ambito)
        context.update(
            report=report,
            budget=report.budget,
            rows=self.rows,
            sources=self.sources,
            planned_total=sum((row.planned_total for row in self.rows), selectors.ZERO),
            actual_total=sum((row.actual_total for row in self.rows), selectors.ZERO),
            editable=can_manage and rules.report_editable(report),
            due=rules.report_due(report.year),
        )
        return context


class ReportFormView(BudgetFormView):
    needs_draft = False

    def check_allowed(self) -> None:
        super().check_allowed()
        self.report = get_object_or_404(self.budget.reports.all(), year=self.kwargs["year"])
        if not rules.report_editable(self.report):
            raise PermissionDenied

    def get_success_url(self) -> str:
        return self.report.get_absolute_url()

    def cancel_url(self) -> str:
        return self.report.get_absolute_url()


class ReportEditView(ReportFormView):
    form_class = ActualsForm
    title = gettext_lazy("Spese effettive per voce")
    success_message = gettext_lazy("Relazione salvata.")

    def get_form_kwargs(self) -> dict[str, Any]:
        rows, sources = selectors.report_rows(self.report)
        kwargs = {**super().get_form_kwargs(), "rows": rows, "sources": sources}
        if self.request.method == "GET":
            initial: dict[str, Any] = {"notes": self.report.notes}
            for row in rows:
                initial |= {f"a_{row.line.pk}_{source}": amount for source, amount in row.actual.items()}
            kwargs["initial"] = initial
        return kwargs

    def perform(self, form: Any) -> Any:
        user = self.request.user
        services.report_update(actor=user, report=self.report, notes=form.cleaned_data.get("notes", ""))
        for line, source, amount in form.actuals():
            services.report_actual_set(
                actor=user, report=self.report, line=line, source=source, amount=amount
            )


class ReportApproveView(ReportFormView):
    form_class = ApprovalForm
    title = gettext_lazy("Registra l'approvazione della relazione")
    success_message = gettext_lazy("Relazione approvata.")

    def perform(self, form: Any) -> Any:
        return services.report_approve_outside(
            actor=self.request.user, report=self.report, **form.cleaned_data
        )


# --- sub-ambito quotas -------------------------------------------------------------------------------


class QuotaListView(RegistryListView):
    template_name = "budgets/quota_list.html"
    filter_params = ("subambito", "year")
    csv_filename = "quote-sub-ambito"
    csv_columns = [
        (gettext_lazy("Sub-ambito"), lambda q: q.subambito.name),
        (gettext_lazy("Anno"), lambda q: q.year),
        (gettext_lazy("Quota (EUR)"), lambda q: q.total),
        (gettext_lazy("Pagato (EUR)"), lambda q: q.paid or 0),
        (gettext_lazy("Stato"), lambda q: q.get_status_display()),
    ]

    def selector_kwargs(self) -> dict[str, Any]:
        kwargs = super().selector_kwargs()
        for name in ("subambito", "year"):
            value = kwargs.get(name)
            kwargs[name] = int(value) if isinstance(value, str) and value.isdigit() else None
        return kwargs

    def select(self, **kwargs: Any) -> QuerySet[SubAmbitoQuota]:
        return selectors.quota_list(**kwargs)


class QuotaDetailView(LoginRequiredMixin, TemplateView):
    template_name = "budgets/quota_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.quota = selectors.quota_detail(user=request.user, pk=kwargs["pk"])
        exported = export_response(
            request, lambda: [selectors.quota_table(self.quota)], filename=str(self.quota)
        )
        return exported or super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        quota = self.quota
        shares = list(quota.shares.all())
        paid = sum((getattr(share, "paid", None) or selectors.ZERO for share in shares), selectors.ZERO)
        can_manage = rules.may_manage_quotas(self.request.user, quota.subambito)
        context.update(
            quota=quota,
            shares=shares,
            paid=paid,
            owed=quota.total - paid,
            payments=selectors.quota_payments(quota),
            editable=can_manage and rules.quota_editable(quota),
            payable=can_manage and rules.quota_payable(quota),
        )
        return context


class QuotaFormMixin(TitledFormView):
    def cancel_url(self) -> str:
        return self.quota.get_absolute_url()

    def get_success_url(self) -> str:
        return self.quota.get_absolute_url()

    def load_quota(self, *, editable: bool) -> None:
        self.quota = selectors.quota_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not rules.may_manage_quotas(self.request.user, self.quota.subambito):
            raise PermissionDenied
        if editable and not rules.quota_editable(self.quota):
            raise PermissionDenied


def _bodies_for(subambito: SubAmbito, year: int) -> list[Any]:
    try:
        return selectors.subambito_comuni(subambito, year)
    except ValidationError:
        return []


class QuotaCreateView(QuotaFormMixin):
    form_class = QuotaForm
    title = gettext_lazy("Nuova quota forfettaria di sub-ambito")
    success_message = gettext_lazy("Quota proposta: la delibera l'assemblea del sub-ambito.")

    def check_allowed(self) -> None:
        self.subambito = subambiti_selectors.subambito_detail(user=self.request.user, pk=self.kwargs["pk"])
        if not rules.may_manage_quotas(self.request.user, self.subambito):
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        raw = self.request.POST.get("year") or ""
        year = int(raw) if raw.isdigit() else timezone.localdate().year
        return {**super().get_form_kwargs(), "bodies": _bodies_for(self.subambito, year)}

    def perform(self, form: Any) -> Any:
        self.quota = services.quota_create(
            actor=self.request.user,
            subambito=self.subambito,
            year=form.cleaned_data["year"],
            total=form.cleaned_data["total"],
            description=form.cleaned_data.get("description") or "",
            **form.split_arguments(),
        )
        return self.quota

    def cancel_url(self) -> str:
        return self.subambito.get_absolute_url()


class QuotaUpdateView(QuotaFormMixin):
    form_class = QuotaForm
    title = gettext_lazy("Modifica la quota proposta")
    success_message = gettext_lazy("Quota aggiornata.")

    def check_allowed(self) -> None:
        self.load_quota(editable=True)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = {**super().get_form_kwargs(), "bodies": _bodies_for(self.quota.subambito, self.quota.year)}
        if self.request.method == "GET":
            kwargs["initial"] = {
                "year": self.quota.year,
                "description": self.quota.description,
                "total": self.quota.total,
                "criterion": self.quota.criterion,
                "population_year": self.quota.population_year,
                "population_year_note": self.quota.population_year_note,
            }
        return kwargs

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        form.fields["year"].disabled = True
        return form

    def perform(self, form: Any) -> Any:
        return services.quota_update(
            actor=self.request.user,
            quota=self.quota,
            total=form.cleaned_data["total"],
            description=form.cleaned_data.get("description") or "",
            **form.split_arguments(),
        )


class QuotaDecideView(QuotaFormMixin):
    form_class = ApprovalForm
    title = gettext_lazy("Registra la deliberazione dell'assemblea di sub-ambito")
    success_message = gettext_lazy("Quota deliberata.")

    def check_allowed(self) -> None:
        self.load_quota(editable=True)

    def perform(self, form: Any) -> Any:
        return services.quota_decide_outside(actor=self.request.user, quota=self.quota, **form.cleaned_data)


class QuotaDeleteView(QuotaFormMixin):
    form_class = ConfirmForm
    title = gettext_lazy("Elimina la quota proposta")
    danger_text = gettext_lazy("La proposta e il suo riparto sono eliminati.")
    success_message = gettext_lazy("Quota eliminata.")

    def check_allowed(self) -> None:
        self.load_quota(editable=True)

    def perform(self, form: Any) -> Any:
        services.quota_delete(actor=self.request.user, quota=self.quota)

    def get_success_url(self) -> str:
        return reverse("budgets:quota_list")


class QuotaPaymentView(QuotaFormMixin):
    form_class = QuotaPaymentForm
    title = gettext_lazy("Registra un pagamento")
    success_message = gettext_lazy("Pagamento registrato.")

    def check_allowed(self) -> None:
        self.load_quota(editable=False)
        if not rules.quota_payable(self.quota):
            raise PermissionDenied

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "shares": list(self.quota.shares.all())}

    def perform(self, form: Any) -> Any:
        share = next(s for s in self.quota.shares.all() if s.pk == form.cleaned_data["share"])
        fields = {name: value for name, value in form.cleaned_data.items() if name != "share"}
        return services.quota_payment_record(actor=self.request.user, share=share, **fields)
