"""Viewsets of the budgets API: the same rows, permissions and figures as the pages (budgets/selectors.py)."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from budgets import rules, selectors, services
from budgets.api.serializers import (
    BudgetActInputSerializer,
    BudgetAllocationInputSerializer,
    BudgetCreateInputSerializer,
    BudgetDetailSerializer,
    BudgetFilterSerializer,
    BudgetLineInputSerializer,
    BudgetReportSerializer,
    BudgetSerializer,
    BudgetVariationInputSerializer,
    FsolSplitInputSerializer,
    QuotaCreateInputSerializer,
    QuotaDetailSerializer,
    QuotaFilterSerializer,
    QuotaPaymentInputSerializer,
    QuotaSerializer,
    ReportActualInputSerializer,
    ReportStartInputSerializer,
    VersionQuerySerializer,
)
from budgets.models import Budget, BudgetVersion, SubAmbitoQuota
from core.api.base import RegistryViewSet, create_schema, errors, list_schema, update_schema
from governance import permissions
from governance.apportionment import SplitCriterion
from governance.models import Ambito
from subambiti.models import SubAmbito


@extend_schema(tags=["budgets"])
@extend_schema_view(
    list=list_schema(BudgetSerializer, BudgetFilterSerializer),
    retrieve=extend_schema(
        parameters=[VersionQuerySerializer], responses={200: BudgetDetailSerializer, **errors(400, 401, 404)}
    ),
    create=create_schema(BudgetCreateInputSerializer, BudgetDetailSerializer),
    allocations=update_schema(
        BudgetAllocationInputSerializer,
        BudgetDetailSerializer,
        summary=_("Stanziamento per fonte e anno della bozza"),
    ),
    lines=update_schema(
        BudgetLineInputSerializer,
        BudgetDetailSerializer,
        summary=_("Una voce della bozza e i suoi finanziamenti"),
    ),
    fsol_split=update_schema(
        FsolSplitInputSerializer,
        BudgetDetailSerializer,
        summary=_("Riparto del F.SOL di un anno della bozza"),
    ),
    approve=update_schema(
        BudgetActInputSerializer,
        BudgetDetailSerializer,
        summary=_("Registra l'approvazione della bozza (atto e data)"),
    ),
    variation=update_schema(
        BudgetVariationInputSerializer,
        BudgetDetailSerializer,
        summary=_("Apre una variazione della versione in vigore"),
    ),
    report_start=extend_schema(
        request=ReportStartInputSerializer,
        responses={201: BudgetReportSerializer, **errors(400, 401, 403, 404)},
        summary=_("Avvia la relazione annuale di un anno"),
    ),
    report=extend_schema(
        responses={200: BudgetReportSerializer, **errors(401, 404)},
        summary=_("La relazione annuale di un anno: previsto e speso per voce"),
    ),
    report_actuals=update_schema(
        ReportActualInputSerializer, BudgetReportSerializer, summary=_("Lo speso di una voce, per fonte")
    ),
    report_approve=update_schema(
        BudgetActInputSerializer, BudgetReportSerializer, summary=_("Registra l'approvazione della relazione")
    ),
)
class BudgetViewSet(RegistryViewSet[Budget]):
    """Bilanci d'ambito visibili all'utente; il dettaglio riporta una versione (quella in vigore, o `?version=`):
    il Fondo Unico per fonte e anno, le voci del Piano Operativo, il riparto del F.SOL, i totali che non tornano."""

    queryset = Budget.objects.none()
    serializer_class = BudgetSerializer
    detail_serializer_class = BudgetDetailSerializer
    filter_serializer_class = BudgetFilterSerializer
    ordering_fields = ["first_year", "title"]

    def select(self, **filters: Any) -> QuerySet[Budget]:
        return selectors.budget_list(user=self.request.user, **filters)

    def permission_target(self, obj: Budget) -> Ambito:
        return obj.ambito

    def _detail(self, budget: Budget, number: int | None = None, status_code: int = 200) -> Response:
        budget = selectors.budget_detail(user=self.request.user, pk=budget.pk)
        try:
            version = (
                selectors.version_of(budget, number)
                if number
                else selectors.shown_version(
                    budget, manager=rules.may_manage(self.request.user, budget.ambito)
                )
            )
        except BudgetVersion.DoesNotExist:
            raise Http404 from None
        if version is None:
            raise Http404
        version.budget = budget
        context = {**self.get_serializer_context(), "sheet": selectors.version_sheet(version)}
        return Response(BudgetDetailSerializer(budget, context=context).data, status=status_code)

    def _draft(self, budget: Budget) -> BudgetVersion:
        draft = rules.draft_of(budget)
        if draft is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Il bilancio non ha una versione in bozza: apri una variazione.")]}
            )
        draft.budget = budget
        return draft

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(BudgetCreateInputSerializer)
        ambito = (
            permissions.filter_visible(request.user, Ambito.objects.all())
            .filter(pk=fields.pop("ambito"))
            .first()
        )
        if ambito is None:
            raise serializers.ValidationError({"ambito": [_("Ambito inesistente o non visibile.")]})
        budget = services.budget_create(actor=request.user, ambito=ambito, **fields)
        return self._detail(budget, status_code=201)

    @action(detail=True, methods=["post"])
    def allocations(self, request: Request, pk: str | None = None) -> Response:
        budget = self.get_object()
        fields = self.validated(BudgetAllocationInputSerializer)
        services.allocation_set(actor=request.user, version=self._draft(budget), **fields)
        return self._detail(budget)

    @action(detail=True, methods=["post"])
    def lines(self, request: Request, pk: str | None = None) -> Response:
        budget = self.get_object()
        fields = self.validated(BudgetLineInputSerializer)
        draft = self._draft(budget)
        line = None
        if fields.get("position"):
            line = draft.lines.filter(position=fields["position"]).first()
            if line is None:
                raise serializers.ValidationError(
                    {"position": [_("La bozza non ha una voce con questo numero.")]}
                )
        services.line_save(
            actor=request.user,
            version=draft,
            area=fields["area"],
            action=fields["action"],
            notes=fields.get("notes", ""),
            fundings={(item["year"], item["source"]): item["amount"] for item in fields.get("fundings", [])},
            line=line,
        )
        return self._detail(budget)

    @action(detail=True, methods=["post"], url_path="fsol-split")
    def fsol_split(self, request: Request, pk: str | None = None) -> Response:
        budget = self.get_object()
        fields = self.validated(FsolSplitInputSerializer)
        services.fsol_split_set(
            actor=request.user, version=self._draft(budget), year=fields["year"], **split_arguments(fields)
        )
        return self._detail(budget)

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        budget = self.get_object()
        fields = self.validated(BudgetActInputSerializer)
        services.version_approve_outside(actor=request.user, version=self._draft(budget), **fields)
        return self._detail(budget)

    @action(detail=True, methods=["post"])
    def variation(self, request: Request, pk: str | None = None) -> Response:
        budget = self.get_object()
        fields = self.validated(BudgetVariationInputSerializer)
        services.variation_start(actor=request.user, budget=budget, **fields)
        return self._detail(budget)

    def _report(self, budget: Budget, year: int, status_code: int = 200) -> Response:
        report = selectors.report_detail(user=self.request.user, budget_pk=budget.pk, year=year)
        rows, _sources = selectors.report_rows(report)
        data = {
            "year": report.year,
            "status": report.status,
            "version": report.version.number,
            "notes": report.notes,
            "approval_reference": report.approval_reference,
            "approved_on": report.approved_on,
            "rows": [
                {
                    "position": row.line.position,
                    "area": row.line.area,
                    "action": row.line.action,
                    "planned": row.planned_total,
                    "actual": row.actual_total,
                    "difference": row.difference,
                }
                for row in rows
            ],
        }
        return Response(BudgetReportSerializer(data).data, status=status_code)

    @action(detail=True, methods=["post"], url_path="reports")
    def report_start(self, request: Request, pk: str | None = None) -> Response:
        budget = self.get_object()
        fields = self.validated(ReportStartInputSerializer)
        report = services.report_start(actor=request.user, budget=budget, **fields)
        return self._report(budget, report.year, status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"], url_path=r"reports/(?P<year>[0-9]{4})")
    def report(self, request: Request, pk: str | None = None, year: str = "") -> Response:
        budget = selectors.budget_detail(user=request.user, pk=self.url_pk())
        return self._report(budget, int(year))

    @action(detail=True, methods=["post"], url_path=r"reports/(?P<year>[0-9]{4})/actuals")
    def report_actuals(self, request: Request, pk: str | None = None, year: str = "") -> Response:
        budget = self.get_object()
        report = selectors.report_detail(user=request.user, budget_pk=budget.pk, year=int(year))
        fields = self.validated(ReportActualInputSerializer)
        line = report.version.lines.filter(position=fields["line"]).first()
        if line is None:
            raise serializers.ValidationError({"line": [_("La versione non ha una voce con questo numero.")]})
        services.report_actual_set(
            actor=request.user, report=report, line=line, source=fields["source"], amount=fields["amount"]
        )
        return self._report(budget, report.year)

    @action(detail=True, methods=["post"], url_path=r"reports/(?P<year>[0-9]{4})/approve")
    def report_approve(self, request: Request, pk: str | None = None, year: str = "") -> Response:
        budget = self.get_object()
        report = selectors.report_detail(user=request.user, budget_pk=budget.pk, year=int(year))
        fields = self.validated(BudgetActInputSerializer)
        services.report_approve_outside(actor=request.user, report=report, **fields)
        return self._report(budget, report.year)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        budget = selectors.budget_detail(user=request.user, pk=self.url_pk())
        query = VersionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        number = query.validated_data.get("version")
        try:
            version = (
                selectors.version_of(budget, number)
                if number
                else selectors.shown_version(budget, manager=rules.may_manage(request.user, budget.ambito))
            )
        except BudgetVersion.DoesNotExist:
            raise Http404 from None
        if version is None:
            raise Http404
        version.budget = budget
        context = {**self.get_serializer_context(), "sheet": selectors.version_sheet(version)}
        return Response(BudgetDetailSerializer(budget, context=context).data)


@extend_schema(tags=["budgets"])
@extend_schema_view(
    list=list_schema(QuotaSerializer, QuotaFilterSerializer),
    retrieve=extend_schema(responses={200: QuotaDetailSerializer, **errors(401, 404)}),
    create=create_schema(QuotaCreateInputSerializer, QuotaDetailSerializer),
    decide=update_schema(
        BudgetActInputSerializer, QuotaDetailSerializer, summary=_("Registra la deliberazione dell'assemblea")
    ),
    payments=update_schema(
        QuotaPaymentInputSerializer, QuotaDetailSerializer, summary=_("Registra il pagamento di un comune")
    ),
)
class QuotaViewSet(RegistryViewSet[SubAmbitoQuota]):
    """Quote forfettarie annuali dei sub-ambiti visibili all'utente, con il riparto tra i comuni e i pagamenti."""

    queryset = SubAmbitoQuota.objects.none()
    serializer_class = QuotaSerializer
    detail_serializer_class = QuotaDetailSerializer
    filter_serializer_class = QuotaFilterSerializer
    ordering_fields = ["year"]

    def select(self, **filters: Any) -> QuerySet[SubAmbitoQuota]:
        return selectors.quota_list(user=self.request.user, **filters)

    def select_one(self, pk: int) -> SubAmbitoQuota:
        return selectors.quota_detail(user=self.request.user, pk=pk)

    def permission_target(self, obj: SubAmbitoQuota) -> SubAmbito:
        return obj.subambito

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(QuotaCreateInputSerializer)
        subambito = (
            permissions.filter_visible(request.user, SubAmbito.objects.all())
            .filter(pk=fields["subambito"])
            .first()
        )
        if subambito is None:
            raise serializers.ValidationError({"subambito": [_("Sub-ambito inesistente o non visibile.")]})
        quota = services.quota_create(
            actor=request.user,
            subambito=subambito,
            year=fields["year"],
            total=fields["total"],
            description=fields.get("description", ""),
            **split_arguments(fields),
        )
        return self.written(quota, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        quota = self.get_object()
        fields = self.validated(BudgetActInputSerializer)
        services.quota_decide_outside(actor=request.user, quota=quota, **fields)
        return self.written(quota)

    @action(detail=True, methods=["post"])
    def payments(self, request: Request, pk: str | None = None) -> Response:
        quota = self.get_object()
        fields = self.validated(QuotaPaymentInputSerializer)
        share = quota.shares.filter(organization_id=fields.pop("organization")).first()
        if share is None:
            raise serializers.ValidationError(
                {"organization": [_("Il comune non ha una quota in questo riparto.")]}
            )
        services.quota_payment_record(actor=request.user, share=share, **fields)
        return self.written(quota)


def split_arguments(fields: dict[str, Any]) -> dict[str, Any]:
    """The split's criterion, population year and per-comune figures, as the services take them."""
    criterion = fields["criterion"]
    figures = {item["organization"]: item["value"] for item in fields.get("figures", [])}
    return {
        "criterion": criterion,
        "population_year": fields.get("population_year"),
        "population_year_note": fields.get("population_year_note", ""),
        "weights": figures if criterion == SplitCriterion.WEIGHTS else None,
        "amounts": figures if criterion == SplitCriterion.FIXED else None,
    }
