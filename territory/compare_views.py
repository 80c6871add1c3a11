"""Two areas side by side (any level against any level: two ambiti, a comune and its province): residents, the
demographic indices with their formulas, every indicator, ratio and composite index with values for either, and the
residents at every loaded date; the same tables as CSV or XLSX. Readable by every logged-in user."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from core.exports import Table, export_response
from territory import indicator_selectors, rules, selectors
from territory.indices import INDICES
from territory.views import LEVEL_SINGULAR

SIDES = ("a", "b")


def _difference(first: Decimal | int | None, second: Decimal | int | None) -> Decimal | int | None:
    return None if first is None or second is None else second - first


class CompareView(LoginRequiredMixin, TemplateView):
    template_name = "territory/compare.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.loaded = selectors.datasets()
        self.dataset = selectors.dataset_asked(self.loaded, request.GET.get("anno", ""))
        self.chosen: dict[str, selectors.AreaChoice | None] = {}
        self.candidates: dict[str, list[selectors.AreaChoice]] = {}
        self.problems: dict[str, str] = {}
        for side in SIDES:
            self._choose(side)
        first, second = self.chosen.get("a"), self.chosen.get("b")
        self.ready = bool(first and second and self.dataset)
        if self.ready and first and second and self.dataset:
            self.figures = [self._figures(first), self._figures(second)]
            self.measures = indicator_selectors.values_for_areas(
                [(first.level, first.key), (second.level, second.key)], self.dataset.reference_date.year
            )
            self.trend = list(
                zip(
                    selectors.trend(first.level, first.key, self.loaded),
                    selectors.trend(second.level, second.key, self.loaded),
                    strict=True,
                )
            )
            exported = export_response(request, self._tables, filename=_("confronto"))
            if exported:
                return exported
        return super().get(request, *args, **kwargs)

    def _choose(self, side: str) -> None:
        token = self.request.GET.get(side, "")
        if token:
            self.chosen[side] = selectors.area_choice(token)
            if self.chosen[side] is None:
                self.problems[side] = _("Area non trovata.")
            return
        level = self.request.GET.get(f"livello_{side}", "comune")
        name = self.request.GET.get(f"nome_{side}", "").strip()
        if not name or level not in selectors.LEVELS:
            return
        found = selectors.find_areas(level, name)
        if len(found) == 1:
            self.chosen[side] = found[0]
        elif found:
            self.candidates[side] = found
        else:
            self.problems[side] = _("Nessuna area di questo livello si chiama «%(name)s».") % {"name": name}

    def _figures(self, area: selectors.AreaChoice) -> selectors.AreaFigures | None:
        assert self.dataset is not None
        found = selectors.area_figures(self.dataset, area.level, area.key)
        return found[0] if found else None

    def _rows(self) -> list[tuple[str, str, Any, Any, Any]]:
        """(label, formula, first, second, second − first) for the residents and each index."""
        first, second = self.figures
        rows: list[tuple[str, str, Any, Any, Any]] = []
        residents = [figures.residents if figures else None for figures in self.figures]
        rows.append((_("Residenti"), "", residents[0], residents[1], _difference(*residents)))
        for index in INDICES:
            values = [figures.index(index.code) if figures else None for figures in (first, second)]
            rows.append((str(index.name), str(index.formula), values[0], values[1], _difference(*values)))
        return rows

    def _tables(self) -> list[Table]:
        first, second = self.chosen["a"], self.chosen["b"]
        assert first and second
        names = [first.label, second.label]
        summary = Table(
            "confronto", _("Popolazione e indici"), [_("Voce"), *names, _("Differenza"), _("Formula")]
        )
        summary.rows = [
            [label, one, two, difference, formula] for label, formula, one, two, difference in self._rows()
        ]
        measures = Table("indicatori", _("Indicatori"), [_("Indicatore"), _("Anno"), *names, _("Unità")])
        measures.rows = [
            [
                row.measure.name,
                row.year,
                *[cell.exported() for cell in row.cells],
                indicator_selectors.unit_of(row.measure),
            ]
            for row in self.measures
        ]
        trend = Table("andamento", _("Residenti a ogni data"), [_("Al 1° gennaio"), *names])
        trend.rows = [
            [
                one.dataset.reference_date.year,
                *[row.figures.residents if row.figures else None for row in (one, two)],
            ]
            for one, two in self.trend
        ]
        return [summary, measures, trend]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        sides = []
        for side in SIDES:
            chosen = self.chosen.get(side)
            other = "b" if side == "a" else "a"
            kept = self.chosen.get(other)
            keep = {other: kept.token} if kept else {}
            if self.dataset:
                keep["anno"] = str(self.dataset.reference_date.year)
            sides.append(
                {
                    "side": side,
                    "chosen": chosen,
                    "level": chosen.level if chosen else self.request.GET.get(f"livello_{side}", "comune"),
                    "name": self.request.GET.get(f"nome_{side}", ""),
                    "problem": self.problems.get(side, ""),
                    "candidates": [
                        (item, urlencode({**keep, side: item.token}))
                        for item in self.candidates.get(side, [])
                    ],
                }
            )
        query = {side: chosen.token for side, chosen in self.chosen.items() if chosen}
        if self.dataset:
            query["anno"] = str(self.dataset.reference_date.year)
        context.update(
            sides=sides,
            levels=[(level, LEVEL_SINGULAR[level]) for level in selectors.LEVELS],
            dataset=self.dataset,
            datasets=self.loaded,
            ready=self.ready,
            query_string=urlencode(query),
            threshold=rules.small_count_threshold(),
        )
        if self.ready:
            context.update(
                rows=self._rows(),
                measures=self.measures,
                trend=self.trend,
                areas=[self.chosen["a"], self.chosen["b"]],
            )
        return context
