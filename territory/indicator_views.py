"""Pages of the indicators, ratios and composite indices: the list, one measure's values per area (filter, sort, page,
export), and the forms that define them and load an indicator's CSV. Reading is every logged-in user's; writing asks
territory.rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from core.exports import Table, export_response
from core.ui import TitledFormView, query_without_page
from governance.models import Region
from territory import indicator_selectors as measures
from territory import rules, services
from territory.forms import (
    CompositeForm,
    ImportForm,
    IndicatorEditForm,
    IndicatorForm,
    RatioForm,
    owner_of,
)
from territory.models import Indicator, IndicatorImport, Ratio
from territory.selectors import LEVELS
from territory.views import LEVEL_LABELS

KINDS = measures.KINDS
KIND_LABELS = {
    "indicatore": gettext_lazy("Indicatore"),
    "rapporto": gettext_lazy("Rapporto"),
    "composito": gettext_lazy("Indice composito"),
}
MISSING_SHOWN = 100


def kind_of(measure: Any) -> str:
    return next(kind for kind, model in KINDS.items() if isinstance(measure, model))


class MeasureListView(LoginRequiredMixin, TemplateView):
    template_name = "territory/measure_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        found = measures.all_measures()
        context.update(
            found, may_define=rules.may_define(self.request.user), threshold=rules.small_count_threshold()
        )
        return context


class MeasureView(LoginRequiredMixin, TemplateView):
    """One indicator, ratio or composite index: its definition and its values per area of a level in a year."""

    template_name = "territory/measure.html"
    paginate_by = 50

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.kind = kwargs["kind"]
        found = measures.measure_for(self.kind, kwargs["pk"])
        if found is None:
            raise Http404
        self.measure = found
        self.years = measures.years_of(self.measure)
        wanted = request.GET.get("anno", "")
        self.year: int | None = int(wanted) if wanted.isdigit() and int(wanted) in self.years else None
        if self.year is None and self.years:
            self.year = self.years[0]
        self.level = request.GET.get("livello", "comune")
        if self.level not in LEVELS:
            self.level = "comune"
        self.region = request.GET.get("regione", "")
        if not (len(self.region) == 2 and self.region.isdigit()):
            self.region = ""
        self.sort = "valore" if request.GET.get("ordina") == "valore" else "nome"
        self.areas = self._areas()
        exported = export_response(request, lambda: [self._table()], filename=str(self.measure.code))
        return exported or super().get(request, *args, **kwargs)

    def _areas(self) -> list[measures.AreaValue]:
        if self.year is None:
            return []
        areas = measures.areas_of(self.measure, self.year, self.level, self.region)
        if self.sort == "valore":
            areas.sort(key=lambda area: (area.cell.value is None, -(area.cell.value or 0)))
        return areas

    def _table(self) -> Table:
        with_comuni = self.kind == "indicatore" and self.level != "comune"
        table = Table(
            "valori",
            f"{self.measure.name} {self.year or ''}".strip(),
            [_("Area"), _("Valore"), *([_("Comuni con dato")] if with_comuni else [])],
        )
        for area in self.areas:
            table.rows.append([area.name, area.cell.exported(), *([area.comuni] if with_comuni else [])])
        return table

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = Paginator(self.areas, self.paginate_by).get_page(self.request.GET.get("page"))
        comuni = (
            measures.comuni_per_area(self.level, measures.first_of_year(self.year), self.region)
            if self.year and self.kind == "indicatore" and self.level != "comune"
            else {}
        )
        missing: list[Any] = []
        missing_count = 0
        imports: list[IndicatorImport] = []
        if isinstance(self.measure, Indicator):
            imports = list(self.measure.imports.select_related("imported_by")[:10])
            if self.year:
                absent = measures.missing_comuni(self.measure, self.year, self.region)
                missing = list(absent.values_list("name", flat=True)[:MISSING_SHOWN])
                missing_count = len(missing) if len(missing) < MISSING_SHOWN else absent.count()
        context.update(
            measure=self.measure,
            kind=self.kind,
            kind_label=KIND_LABELS[self.kind],
            may_keep=rules.may_keep(self.request.user, self.measure),
            years=self.years,
            year=self.year,
            level=self.level,
            levels=LEVEL_LABELS.items(),
            regions=Region.objects.order_by("name"),
            region=self.region,
            sort=self.sort,
            page_obj=page,
            rows=[(area, comuni.get(area.key)) for area in page.object_list],
            total=len(self.areas),
            query_string=query_without_page(self.request),
            threshold=rules.small_count_threshold(),
            imports=imports,
            missing=missing,
            missing_count=missing_count,
        )
        return context


# --- forms ---------------------------------------------------------------------------------------------------


class _DefineView(TitledFormView):
    def check_allowed(self) -> None:
        if not rules.may_define(self.request.user):
            raise PermissionDenied(
                _("Solo un amministratore o un Ufficio di Piano definisce nuovi elementi.")
            )

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def cancel_url(self) -> str:
        return reverse("territory:measures")

    def get_success_url(self) -> str:
        return reverse("territory:measure", args=[kind_of(self.result), self.result.pk])


def _model_fields(form: Any, skip: tuple[str, ...] = ("ambito",)) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form._meta.fields if name not in skip}


class IndicatorCreateView(_DefineView):
    form_class = IndicatorForm
    title = gettext_lazy("Nuovo indicatore")
    success_message = gettext_lazy("Indicatore creato: ora si possono importare i suoi valori.")

    def perform(self, form: Any) -> Any:
        return services.indicator_create(
            actor=self.request.user, ambito=owner_of(form), **_model_fields(form)
        )

    def get_success_url(self) -> str:
        return reverse("territory:indicator_import", args=[self.result.pk])


class RatioCreateView(_DefineView):
    form_class = RatioForm
    title = gettext_lazy("Nuovo rapporto tra indicatori")
    success_message = gettext_lazy("Rapporto creato.")

    def perform(self, form: Any) -> Any:
        return services.ratio_create(actor=self.request.user, ambito=owner_of(form), **_model_fields(form))


class CompositeCreateView(_DefineView):
    form_class = CompositeForm
    title = gettext_lazy("Nuovo indice composito")
    success_message = gettext_lazy("Indice composito creato.")

    def perform(self, form: Any) -> Any:
        return services.composite_create(
            actor=self.request.user,
            ambito=owner_of(form),
            components=form.components(),
            **_model_fields(form),
        )


class _KeepView(TitledFormView):
    """A form on one indicator, ratio or composite index the user keeps."""

    model: type[Any] = Indicator
    target: Any

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.target = get_object_or_404(self.model.objects.select_related("ambito"), pk=kwargs["pk"])

    def check_allowed(self) -> None:
        rules.require_keep(self.request.user, self.target)

    def cancel_url(self) -> str:
        return reverse("territory:measure", args=[kind_of(self.target), self.target.pk])

    def get_success_url(self) -> str:
        return self.cancel_url()


class IndicatorImportView(_KeepView):
    form_class = ImportForm

    def get_title(self) -> str:
        return _("Importa i valori di «%(name)s»") % {"name": self.target.name}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.get_title()
        return context

    def perform(self, form: Any) -> Any:
        upload = form.cleaned_data["file"]
        record = services.indicator_import(
            actor=self.request.user,
            indicator=self.target,
            data=upload.read(),
            file_name=upload.name,
            year=form.cleaned_data.get("year"),
        )
        unknown = sum(len(codes) for codes in record.unknown_codes.values())
        text = ngettext(
            "Importato %(count)d valore per %(years)s.",
            "Importati %(count)d valori per %(years)s.",
            record.values,
        ) % {"count": record.values, "years": ", ".join(map(str, record.years))}
        if record.replaced:
            text += " " + _("Sostituiti %(count)d valori già caricati.") % {"count": record.replaced}
        if unknown:
            text += " " + ngettext(
                "%(count)d codice non è nel registro: è conservato nel registro delle importazioni.",
                "%(count)d codici non sono nel registro: sono conservati nel registro delle importazioni.",
                unknown,
            ) % {"count": unknown}
        messages.success(self.request, text)
        return record


class IndicatorEditView(_KeepView):
    form_class = IndicatorEditForm
    success_message = gettext_lazy("Indicatore aggiornato.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Indicator.objects.get(pk=self.target.pk)  # the form's copy; the service saves
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Modifica «%(name)s»") % {"name": self.target.name}
        return context

    def perform(self, form: Any) -> Any:
        return services.indicator_update(
            actor=self.request.user, indicator=self.target, **_model_fields(form, skip=())
        )


class MeasureDeleteView(_KeepView):
    """Deleting asks for confirmation; an indicator still used by a ratio or a composite index is refused."""

    form_class = forms.Form
    success_message = gettext_lazy("Eliminato.")

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        if kwargs["kind"] not in KINDS:
            raise Http404
        self.model = KINDS[kwargs["kind"]]
        super().setup(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Elimina «%(name)s»") % {"name": self.target.name}
        context["danger"] = True
        context["danger_text"] = _(
            "L'eliminazione cancella la definizione e, per un indicatore, tutti i valori importati. Non si può annullare."
        )
        return context

    def perform(self, form: Any) -> Any:
        if isinstance(self.target, Indicator):
            services.indicator_delete(actor=self.request.user, indicator=self.target)
        elif isinstance(self.target, Ratio):
            services.ratio_delete(actor=self.request.user, ratio=self.target)
        else:
            services.composite_delete(actor=self.request.user, composite=self.target)
        return None

    def get_success_url(self) -> str:
        return reverse("territory:measures")
