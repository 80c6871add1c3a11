"""Viewsets of the budgets API: the same rows, permissions and figures as the pages (budgets/selectors.py)."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from budgets import rules, selectors
from budgets.api.serializers import (
    BudgetDetailSerializer,
    BudgetFilterSerializer,
    BudgetSerializer,
    QuotaDetailSerializer,
    QuotaFilterSerializer,
    QuotaSerializer,
    VersionQuerySerializer,
)
from budgets.models import Budget, BudgetVersion, SubAmbitoQuota
from core.api.base import RegistryViewSet, errors, list_schema


@extend_schema(tags=["budgets"])
@extend_schema_view(
    list=list_schema(BudgetSerializer, BudgetFilterSerializer),
    retrieve=extend_schema(
        parameters=[VersionQuerySerializer], responses={200: BudgetDetailSerializer, **errors(400, 401, 404)}
    ),
)
class BudgetViewSet(RegistryViewSet[Budget]):
    """Bilanci d'ambito visibili all'utente; il dettaglio riporta una versione (quella in vigore, o `?version=`):
    il Fondo Unico per fonte e anno, le voci del Piano Operativo, il riparto del F.SOL, i totali che non tornano."""

    queryset = Budget.objects.none()
    http_method_names = ["get", "head", "options"]
    serializer_class = BudgetSerializer
    detail_serializer_class = BudgetDetailSerializer
    filter_serializer_class = BudgetFilterSerializer
    ordering_fields = ["first_year", "title"]

    def select(self, **filters: Any) -> QuerySet[Budget]:
        return selectors.budget_list(user=self.request.user, **filters)

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
)
class QuotaViewSet(RegistryViewSet[SubAmbitoQuota]):
    """Quote forfettarie annuali dei sub-ambiti visibili all'utente, con il riparto tra i comuni e i pagamenti."""

    queryset = SubAmbitoQuota.objects.none()
    http_method_names = ["get", "head", "options"]
    serializer_class = QuotaSerializer
    detail_serializer_class = QuotaDetailSerializer
    filter_serializer_class = QuotaFilterSerializer
    ordering_fields = ["year"]

    def select(self, **filters: Any) -> QuerySet[SubAmbitoQuota]:
        return selectors.quota_list(user=self.request.user, **filters)

    def select_one(self, pk: int) -> SubAmbitoQuota:
        return selectors.quota_detail(user=self.request.user, pk=pk)
