"""The profile's pages: the areas of a level at a date with their indices (filter, sort, page, export), and one area's
pyramid, indices and trend. Readable by every logged-in user (issue 12: territorial data is the deployment's)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.gzip import gzip_page
from django.views.generic import TemplateView, View

from core.exports import Table, export_response
from core.ui import query_without_page
from governance.models import Region
from territory import indicator_selectors, rules, selectors
from territory.indices import INDEX_BY_CODE, INDICES, change_percent
from territory.models import PopulationDataset

LEVEL_LABELS = {
    "comune": gettext_lazy("Comuni"),
    "sub_ambito": gettext_lazy("Sub-ambiti"),
    "ambito": gettext_lazy("Ambiti"),
    "provincia": gettext_lazy("Province"),
    "regione": gettext_lazy("Regioni"),
}
LEVEL_SINGULAR = {
    "comune": gettext_lazy("Comune"),
    "sub_ambito": gettext_lazy("Sub-ambito"),
    "ambito": gettext_lazy("Ambito"),
    "provincia": gettext_lazy("Provincia"),
    "regione": gettext_lazy("Regione"),
}


MISSING_SHOWN = 100
MEMBERSHIP_COLOURING = {
    "ambito": gettext_lazy("Appartenenza agli ambiti"),
    "sub_ambito": gettext_lazy("Appartenenza ai sub-ambiti"),
}
SORTS = {"nome": None, "residenti": "residents", **{index.code: index.code for index in INDICES}}


class ProfileView(LoginRequiredMixin, TemplateView):
    template_name = "territory/profile.html"
    paginate_by = 50

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.loaded = selectors.datasets()
        self.dataset = selectors.dataset_asked(self.loaded, request.GET.get("anno", ""))
        self.level = request.GET.get("livello", "ambito")
        if self.level not in selectors.LEVELS:
            self.level = "ambito"
        self.region = request.GET.get("regione", "")
        self.search = request.GET.get("q", "").strip()
        self.sort = request.GET.get("ordina", "nome")
        if self.sort not in SORTS:
            self.sort = "nome"
        self.areas = self._areas()
        exported = export_response(request, lambda: [self._table()], filename=_("profilo-territoriale"))
        return exported or super().get(request, *args, **kwargs)

    def _areas(self) -> list[selectors.AreaFigures]:
        if self.dataset is None:
            return []
        areas = selectors.profile_areas(self.dataset, self.level, region=self.region, search=self.search)
        key = SORTS[self.sort]
        if key == "residents":
            areas.sort(key=lambda area: -area.residents)
        elif key is not None:
            areas.sort(key=lambda area: (area.index(key) is None, -(area.index(key) or 0)))
        return areas

    def _table(self) -> Table:
        table = Table(
            "aree",
            str(LEVEL_LABELS[self.level]),
            [_("Area"), _("Residenti"), *[str(index.name) for index in INDICES]],
        )
        for area in self.areas:
            values = area.indices()
            table.rows.append([area.name, area.residents, *[values[index.code] for index in INDICES]])
        return table

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(self.areas, self.paginate_by).get_page(self.request.GET.get("page"))
        context.update(
            datasets=self.loaded,
            dataset=self.dataset,
            level=self.level,
            levels=LEVEL_LABELS.items(),
            regions=Region.objects.order_by("name"),
            region=self.region,
            search=self.search,
            sort=self.sort,
            indices=INDICES,
            page_obj=page,
            rows=[(area, list(area.indices().values())) for area in page.object_list],
            query_string=query_without_page(self.request),
            total=len(self.areas),
            without_rows=list(selectors.comuni_without_rows(self.dataset, region=self.region)[:MISSING_SHOWN])
            if self.dataset
            else [],
        )
        return context


class AreaView(LoginRequiredMixin, TemplateView):
    template_name = "territory/area.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        level = kwargs["level"]
        if level not in selectors.LEVELS:
            raise Http404
        self.loaded = selectors.datasets()
        dataset = selectors.dataset_asked(self.loaded, request.GET.get("anno", ""))
        if dataset is None:
            raise Http404
        self.dataset: PopulationDataset = dataset
        found = selectors.area_figures(self.dataset, level, kwargs["pk"])
        if not found:
            raise Http404
        self.area = found[0]
        self.pyramid = selectors.pyramid(self.dataset, level, kwargs["pk"])
        self.trend = selectors.trend(level, kwargs["pk"], self.loaded)
        self.measures = indicator_selectors.values_for_areas(
            [(level, kwargs["pk"])], self.dataset.reference_date.year
        )
        exported = export_response(request, self._tables, filename=self.area.name or "area")
        return exported or super().get(request, *args, **kwargs)

    def _tables(self) -> list[Table]:
        pyramid = Table("piramide", _("Residenti per età e sesso"), [_("Età"), _("Maschi"), _("Femmine")])
        pyramid.rows = [[row.label, row.males, row.females] for row in self.pyramid]
        indices = Table("indici", _("Indici"), [_("Indice"), _("Valore"), _("Formula")])
        values = self.area.indices()
        indices.rows = [[str(index.name), values[index.code], str(index.formula)] for index in INDICES]
        measures = Table("indicatori", _("Indicatori"), [_("Indicatore"), _("Anno"), _("Valore"), _("Unità")])
        measures.rows = [
            [row.measure.name, row.year, row.cells[0].exported(), indicator_selectors.unit_of(row.measure)]
            for row in self.measures
        ]
        return [indices, measures, pyramid]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        values = self.area.indices()
        previous: int | None = None
        trend_rows: list[tuple[selectors.TrendRow, int | None, Decimal | None]] = []
        for row in self.trend:
            residents = row.figures.residents if row.figures else None
            change: Decimal | None = (
                None if previous is None or residents is None else change_percent(previous, residents)
            )
            trend_rows.append((row, residents, change))
            previous = residents
        context.update(
            area=self.area,
            level=kwargs["level"],
            level_label=LEVEL_SINGULAR[kwargs["level"]],
            dataset=self.dataset,
            datasets=self.loaded,
            indices=[(index, values[index.code]) for index in INDICES],
            pyramid=self.pyramid,
            trend=trend_rows,
            measures=self.measures,
            threshold=rules.small_count_threshold(),
            without_rows=list(
                selectors.comuni_without_rows(self.dataset, kwargs["level"], kwargs["pk"])[:MISSING_SHOWN]
            ),
        )
        return context


BOUNDARIES_DIR = Path(settings.BASE_DIR) / "governance" / "data" / "boundaries"


@method_decorator(gzip_page, name="dispatch")
class BoundariesView(LoginRequiredMixin, View):
    """The committed TopoJSON of one region's comuni, compressed on the way out and cached by the browser for a day."""

    def get(self, request: HttpRequest, region: str) -> HttpResponse:
        if not (len(region) == 2 and region.isdigit()):
            raise Http404
        path = BOUNDARIES_DIR / f"comuni_{region}.topojson"
        if not path.exists():
            raise Http404
        response = HttpResponse(path.read_bytes(), content_type="application/json")
        response["Cache-Control"] = "private, max-age=86400"
        return response


class MapView(LoginRequiredMixin, TemplateView):
    """A region's comuni coloured by an index, with the ambiti's outlines; the numbers are in the table under it."""

    template_name = "territory/map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        loaded = selectors.datasets()
        dataset = selectors.dataset_asked(loaded, self.request.GET.get("anno", ""))
        regions = list(Region.objects.order_by("name"))
        region = self.request.GET.get("regione") or "03"
        if not any(item.code == region for item in regions):
            region = regions[0].code if regions else ""
        index = self.request.GET.get("indice", "vecchiaia")
        if index not in INDEX_BY_CODE:
            index = "vecchiaia"
        chosen: Any = INDEX_BY_CODE[index]
        colouring = self.request.GET.get("colore", "")
        if colouring not in MEMBERSHIP_COLOURING:
            colouring = ""
        rows = selectors.map_rows(dataset, region, index) if dataset else []
        measure, year = self._measure()
        if measure is not None and year is not None:
            # An indicator, ratio or composite index of the comuni instead of a demographic index: suppressed counts
            # arrive here already removed (no colour, "<3" in the table).
            cells = {
                area.key: area.cell for area in indicator_selectors.areas_of(measure, year, "comune", region)
            }
            rows = [
                row._replace(value=cells[row.area.key].value if row.area.key in cells else None)
                for row in rows
            ]
            chosen = {
                "name": f"{measure.name} ({year})",
                "formula": getattr(measure, "source", "") or measure.description,
            }
        context.update(
            datasets=loaded,
            dataset=dataset,
            regions=regions,
            region=region,
            indices=INDICES,
            index=chosen,
            rows=rows,
            measure=measure,
            colouring=colouring,
            colourings=MEMBERSHIP_COLOURING.items(),
        )
        if colouring:
            context["index"] = {
                "name": MEMBERSHIP_COLOURING[colouring],
                "formula": _("ogni colore è un'area; in grigio i comuni che non vi appartengono"),
            }
        return context

    def _measure(self) -> tuple[Any, int | None]:
        """`?misura=indicatore:12` (or rapporto:, composito:) with its year (`?anno=`, else its newest)."""
        kind, _sep, pk = self.request.GET.get("misura", "").partition(":")
        measure = indicator_selectors.measure_for(kind, int(pk)) if pk.isdigit() else None
        if measure is None:
            return None, None
        years = indicator_selectors.years_of(measure)
        wanted = self.request.GET.get("anno", "")
        year = int(wanted) if wanted.isdigit() and int(wanted) in years else (years[0] if years else None)
        return measure, year
