"""Viewsets of the co-design API: the same rows, permissions and figures as the pages; writes through the services
(an ETS submits its expense reports; the administration reviews and pays them)."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from budgets.models import BudgetLine
from coprogettazione import rules, selectors, services
from coprogettazione.api.serializers import (
    ExpenseReportDetailSerializer,
    ExpenseReportFilterSerializer,
    ExpenseReportInputSerializer,
    ExpenseReportSerializer,
    FundingBudgetLineInputSerializer,
    LiquidationInputSerializer,
    PartnershipDetailSerializer,
    PartnershipSerializer,
    ProcedureDetailSerializer,
    ProcedureFilterSerializer,
    ProcedureSerializer,
    ReviewInputSerializer,
)
from coprogettazione.models import ExpenseReport, Partnership, Procedure, ProgrammeFunding
from core.api.base import RegistryViewSet, create_schema, errors, list_schema, retrieve_schema, update_schema


@extend_schema(tags=["co-progettazione"])
@extend_schema_view(
    list=list_schema(ProcedureSerializer, ProcedureFilterSerializer),
    retrieve=retrieve_schema(ProcedureDetailSerializer),
)
class ProcedureViewSet(RegistryViewSet[Procedure]):
    """Procedure di co-progettazione visibili all'utente: programmi con le cifre come le indica l'atto e quelle che non
    tornano, tappe e atti; l'avanzamento (previsto, rendicontato, riconosciuto, pagato) a chi è titolato."""

    queryset = Procedure.objects.none()
    http_method_names = ["get", "post", "head", "options"]
    serializer_class = ProcedureSerializer
    detail_serializer_class = ProcedureDetailSerializer
    filter_serializer_class = ProcedureFilterSerializer
    ordering_fields = ["first_year", "title"]

    def select(self, **filters: Any) -> QuerySet[Procedure]:
        return selectors.procedure_list(user=self.request.user, **filters)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        procedure = selectors.procedure_detail(user=request.user, pk=self.url_pk())
        sheet = selectors.procedure_sheet(procedure)
        progress = (
            selectors.procedure_progress(procedure, sheet)
            if rules.sees_accounts(request.user, procedure)
            else None
        )
        context = {**self.get_serializer_context(), "sheet": sheet, "progress": progress}
        return Response(ProcedureDetailSerializer(procedure, context=context).data)

    @extend_schema(
        request=FundingBudgetLineInputSerializer,
        responses={200: ProcedureDetailSerializer, **errors(400, 403, 404)},
        summary=_("Collega la quota di un ambito a una voce del suo bilancio"),
    )
    @action(detail=True, methods=["post"], url_path="funding-budget-line")
    def funding_budget_line(self, request: Request, pk: str | None = None) -> Response:
        """Chi gestisce il bilancio dell'ambito finanziatore collega la sua quota (P2, P6) alla voce che la porta, o
        la scollega; la procedura può essere di un comune dell'ambito."""
        procedure = selectors.procedure_detail(user=request.user, pk=self.url_pk())
        fields = self.validated(FundingBudgetLineInputSerializer)
        funding = ProgrammeFunding.objects.filter(
            programme__procedure=procedure, pk=fields["funding"]
        ).first()
        if funding is None:
            raise serializers.ValidationError({"funding": [_("Quota inesistente in questa procedura.")]})
        line = None
        if fields["budget_line"] is not None:
            line = BudgetLine.objects.filter(pk=fields["budget_line"]).first()
            if line is None:
                raise serializers.ValidationError({"budget_line": [_("Voce di bilancio inesistente.")]})
        services.funding_budget_link(actor=request.user, funding=funding, line=line)
        return self.retrieve(request, pk=pk)


@extend_schema(tags=["co-progettazione"])
@extend_schema_view(
    list=list_schema(PartnershipSerializer),
    retrieve=retrieve_schema(PartnershipDetailSerializer),
)
class PartnershipViewSet(RegistryViewSet[Partnership]):
    """Partenariati: dell'amministrazione procedente, o del partner stesso; il dettaglio ha il conto (budget,
    co-finanziamento, rendicontato, riconosciuto, ridotto, pagato, restituito, da pagare, da restituire) e gli anni."""

    queryset = Partnership.objects.none()
    http_method_names = ["get", "head", "options"]
    serializer_class = PartnershipSerializer
    detail_serializer_class = PartnershipDetailSerializer

    def select(self, **filters: Any) -> QuerySet[Partnership]:
        return (
            rules.visible_partnerships(self.request.user)
            .select_related("programme", "application__lead")
            .order_by("programme__procedure", "programme__code", "pk")
        )

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partnership = get_object_or_404(self.select(), pk=self.url_pk())
        partnership = selectors.partnership_detail(
            user=request.user, procedure_pk=partnership.programme.procedure_id, pk=partnership.pk
        )
        context = {**self.get_serializer_context(), "dashboard": selectors.partnership_dashboard(partnership)}
        return Response(PartnershipDetailSerializer(partnership, context=context).data)


@extend_schema(tags=["co-progettazione"])
@extend_schema_view(
    list=list_schema(ExpenseReportSerializer, ExpenseReportFilterSerializer),
    retrieve=retrieve_schema(ExpenseReportDetailSerializer),
    create=create_schema(ExpenseReportInputSerializer, ExpenseReportDetailSerializer),
    review_start=extend_schema(
        request=None,
        responses={200: ExpenseReportDetailSerializer, **errors(400, 401, 403, 404)},
        summary=_("Avvia l'istruttoria della rendicontazione"),
    ),
    review=update_schema(
        ReviewInputSerializer, ExpenseReportDetailSerializer, summary=_("Importi riconosciuti, voce per voce")
    ),
    pay=update_schema(
        LiquidationInputSerializer,
        ExpenseReportDetailSerializer,
        summary=_("Liquida la rendicontazione approvata"),
    ),
)
class ExpenseReportViewSet(RegistryViewSet[ExpenseReport]):
    """Rendicontazioni (note di debito) dei partenariati visibili: il partner le presenta con i giustificativi (in
    base64); l'amministrazione le istruisce (riduzioni con motivo) e le liquida (atto, DURC valido, CUP)."""

    queryset = ExpenseReport.objects.none()
    serializer_class = ExpenseReportSerializer
    detail_serializer_class = ExpenseReportDetailSerializer
    filter_serializer_class = ExpenseReportFilterSerializer
    ordering_fields = ["number", "period_end"]

    def select(self, **filters: Any) -> QuerySet[ExpenseReport]:
        queryset = (
            ExpenseReport.objects.filter(partnership__in=rules.visible_partnerships(self.request.user))
            .annotate(claimed=Sum("lines__amount"), approved=Sum("lines__approved_amount"))
            .prefetch_related("lines", "receipts")
            .order_by("partnership", "number")
        )
        if filters.get("partnership"):
            queryset = queryset.filter(partnership_id=filters["partnership"])
        if filters.get("status"):
            queryset = queryset.filter(status=filters["status"])
        return queryset

    def may_change(self, obj: ExpenseReport) -> bool:
        return rules.may_manage(self.request.user, obj.partnership.programme.procedure)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fields = self.validated(ExpenseReportInputSerializer)
        partnership = rules.visible_partnerships(request.user).filter(pk=fields.pop("partnership")).first()
        if partnership is None:
            raise serializers.ValidationError(
                {"partnership": [_("Partenariato inesistente o non visibile.")]}
            )
        receipts = [
            SimpleUploadedFile(receipt["name"], receipt["content"]) for receipt in fields.pop("receipts")
        ]
        report = services.expense_report_submit(
            actor=request.user,
            partnership=partnership,
            receipts=receipts,
            co_financing=fields.pop("co_financing", []),
            **fields,
        )
        return self.written(report, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="review-start")
    def review_start(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        services.expense_review_start(actor=request.user, report=report)
        return self.written(report)

    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        fields = self.validated(ReviewInputSerializer)
        by_position = {line.position: line.pk for line in report.lines.all()}
        decisions = {
            by_position[item["line"]]: item for item in fields["decisions"] if item["line"] in by_position
        }
        services.expense_review_decide(
            actor=request.user, report=report, decisions=decisions, note=fields.get("note", "")
        )
        return self.written(report)

    @action(detail=True, methods=["post"])
    def pay(self, request: Request, pk: str | None = None) -> Response:
        report = self.get_object()
        fields = self.validated(LiquidationInputSerializer)
        services.liquidation_record(
            actor=request.user, partnership=report.partnership, report=report, **fields
        )
        return self.written(report)
