"""The territorial profile's API: the pages' areas, bands, indices, pyramid and trend as JSON, with the same filters;
readable by every authenticated user."""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import errors
from territory import selectors
from territory.api.serializers import (
    AreaDetailSerializer,
    AreaListSerializer,
    IndexSerializer,
    ProfileFilterSerializer,
    YearFilterSerializer,
)
from territory.indices import INDICES
from territory.models import PopulationDataset


def _dataset(year: int | None) -> PopulationDataset:
    dataset = selectors.dataset_for(selectors.datasets(), year)
    if dataset is None:
        raise Http404
    return dataset


def _area(area: selectors.AreaFigures) -> dict[str, Any]:
    return {
        "id": area.key,
        "name": area.name,
        "residents": area.residents,
        "bands": area.bands,
        "indices": area.indices(),
    }


class AreaListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["profilo territoriale"],
        operation_id="territory_areas_list",
        summary=_("Le aree di un livello con residenti per fascia e indici"),
        parameters=[ProfileFilterSerializer],
        responses={200: AreaListSerializer, **errors(400, 401, 404)},
    )
    def get(self, request: Request) -> Response:
        filters = ProfileFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        dataset = _dataset(wanted.get("year"))
        areas = selectors.profile_areas(
            dataset, wanted["level"], region=wanted.get("region", ""), search=wanted.get("search", "")
        )
        data = {
            "dataset": dataset,
            "level": wanted["level"],
            "count": len(areas),
            "results": [_area(area) for area in areas],
        }
        return Response(AreaListSerializer(data).data)


class AreaDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["profilo territoriale"],
        operation_id="territory_area_retrieve",
        summary=_("Un'area: indici, piramide dell'età e andamento"),
        parameters=[YearFilterSerializer],
        responses={200: AreaDetailSerializer, **errors(400, 401, 404)},
    )
    def get(self, request: Request, level: str, pk: int) -> Response:
        if level not in selectors.LEVELS:
            raise Http404
        filters = YearFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        dataset = _dataset(filters.validated_data.get("year"))
        found = selectors.area_figures(dataset, level, pk)
        if not found:
            raise Http404
        trend = selectors.trend(level, pk, selectors.datasets())
        data = {
            "dataset": dataset,
            "level": level,
            "area": _area(found[0]),
            "pyramid": selectors.pyramid(dataset, level, pk),
            "trend": [
                {
                    "reference_date": row.dataset.reference_date,
                    "residents": row.figures.residents if row.figures else None,
                }
                for row in trend
            ],
        }
        return Response(AreaDetailSerializer(data).data)


class IndexListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["profilo territoriale"],
        operation_id="territory_indices_list",
        summary=_("Gli indici e le loro formule"),
        responses={200: IndexSerializer(many=True), **errors(401)},
    )
    def get(self, request: Request) -> Response:
        rows = [
            {"code": index.code, "name": str(index.name), "formula": str(index.formula)} for index in INDICES
        ]
        return Response(IndexSerializer(rows, many=True).data)
