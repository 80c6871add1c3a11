"""The indicators' API: every indicator, ratio and composite index with its definition; one's values per area with
the pages' filters and suppression; an indicator's imports, and loading a CSV into it (its keeper only: an
administrator for a national source, the ambito's Ufficio di Piano for its own)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.base import errors
from territory import indicator_selectors as measures
from territory import rules, services
from territory.api.measure_serializers import (
    API_KINDS,
    ImportInputSerializer,
    ImportSerializer,
    MeasureFilterSerializer,
    MeasureSerializer,
    MeasureValuesSerializer,
)
from territory.models import CompositeIndex, Indicator, IndicatorImport, Ratio

TAGS = ["profilo territoriale"]
KIND = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=sorted(API_KINDS))


def _definition(measure: Any) -> str:
    if isinstance(measure, Indicator):
        return f"{measure.source} ({measure.licence})"
    if isinstance(measure, Ratio):
        top = (
            measure.numerator_indicator.name
            if measure.numerator_indicator
            else measure.get_numerator_band_display()
        )
        bottom = (
            measure.denominator_indicator.name
            if measure.denominator_indicator
            else measure.get_denominator_band_display()
        )
        return f"{top} / {bottom} × {measure.multiplier}"
    assert isinstance(measure, CompositeIndex)
    parts = [
        f"{component.indicator.name} × {component.weight}{' (invertito)' if component.inverted else ''}"
        for component in measure.components.all()
    ]
    return f"{measure.get_normalisation_display()}: " + "; ".join(parts)


def _measure(kind: str, measure: Any, years: list[int]) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": measure.pk,
        "code": measure.code,
        "name": measure.name,
        "description": measure.description,
        "unit": measures.unit_of(measure),
        "ambito": measure.ambito_id,
        "definition": _definition(measure),
        "people_assisted": bool(getattr(measure, "people_assisted", False)),
        "years": years,
    }


def _api_kind(measure: Any) -> str:
    page_kind = next(name for name, model in measures.KINDS.items() if isinstance(measure, model))
    return next(api for api, page in API_KINDS.items() if page == page_kind)


class MeasureListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        operation_id="territory_measures_list",
        summary=_("Indicatori, rapporti e indici compositi con la loro definizione e i loro anni"),
        responses={200: MeasureSerializer(many=True), **errors(401)},
    )
    def get(self, request: Request) -> Response:
        found = measures.all_measures()
        years = measures.all_years(found)
        rows = [
            _measure(_api_kind(item), item, years[(type(item), item.pk)])
            for group in ("indicators", "ratios", "composites")
            for item in found[group]
        ]
        return Response(MeasureSerializer(rows, many=True).data)


class MeasureValuesView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=TAGS,
        operation_id="territory_measure_values",
        summary=_("I valori di un indicatore, rapporto o indice composito per area in un anno"),
        parameters=[KIND, MeasureFilterSerializer],
        responses={200: MeasureValuesSerializer, **errors(400, 401, 404)},
    )
    def get(self, request: Request, kind: str, pk: int) -> Response:
        measure = measures.measure_for(API_KINDS.get(kind, ""), pk)
        if measure is None:
            raise Http404
        filters = MeasureFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        years = measures.years_of(measure)
        year = wanted.get("year", years[0] if years else None)
        if year is not None and year not in years:
            raise Http404
        areas = measures.areas_of(measure, year, wanted["level"], wanted.get("region", "")) if year else []
        data = {
            "measure": _measure(kind, measure, years),
            "level": wanted["level"],
            "year": year,
            "threshold": rules.small_count_threshold(),
            "count": len(areas),
            "results": [
                {
                    "id": area.key,
                    "name": area.name,
                    "value": area.cell.value,
                    "suppressed": area.cell.suppressed,
                    "comuni": area.comuni,
                }
                for area in areas
            ],
        }
        return Response(MeasureValuesSerializer(data).data)


class IndicatorImportsView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=TAGS,
        operation_id="territory_indicator_imports_list",
        summary=_("Le importazioni di un indicatore, con ciò che non è stato collocato"),
        responses={200: ImportSerializer(many=True), **errors(401, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        indicator = get_object_or_404(Indicator, pk=pk)
        records = IndicatorImport.objects.filter(indicator=indicator)
        return Response(ImportSerializer(records, many=True).data)

    @extend_schema(
        tags=TAGS,
        operation_id="territory_indicator_import_create",
        summary=_("Carica un CSV di valori: tutto o niente, errori per riga"),
        request={"multipart/form-data": ImportInputSerializer},
        responses={201: ImportSerializer, **errors(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        indicator = get_object_or_404(Indicator.objects.select_related("ambito"), pk=pk)
        rules.require_keep(request.user, indicator)  # a 403 before the file is read
        fields = ImportInputSerializer(data=request.data)
        fields.is_valid(raise_exception=True)
        upload = fields.validated_data["file"]
        record = services.indicator_import(
            actor=request.user,
            indicator=indicator,
            data=upload.read(),
            file_name=upload.name,
            year=fields.validated_data.get("year"),
        )
        return Response(ImportSerializer(record).data, status=status.HTTP_201_CREATED)
