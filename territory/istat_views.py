"""The ISTAT data behind the profile: every population table and the administrative changes with their provenance
(readable by every logged-in user), and the administrator's two imports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from core.ui import TitledFormView
from territory import rules
from territory.forms import ChangesImportForm, PopulationImportForm
from territory.istat_imports import changes_import, population_import
from territory.models import ChangesTable, PopulationDataset


class IstatDataView(LoginRequiredMixin, TemplateView):
    template_name = "territory/istat_data.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            datasets=PopulationDataset.objects.select_related("loaded_by"),
            tables=ChangesTable.objects.select_related("imported_by")[:10],
            may_import=rules.may_load_population(self.request.user),
        )
        return context


class _IstatImportView(TitledFormView):
    def check_allowed(self) -> None:
        rules.require_load_population(self.request.user)

    def cancel_url(self) -> str:
        return reverse("territory:istat_data")

    def get_success_url(self) -> str:
        return self.cancel_url()


class PopulationImportView(_IstatImportView):
    form_class = PopulationImportForm
    title = gettext_lazy("Importa la popolazione per età e sesso (ISTAT)")

    def perform(self, form: Any) -> Any:
        upload = form.cleaned_data["file"]
        dataset = population_import(
            actor=self.request.user,
            data=upload.read(),
            file_name=upload.name,
            reference_date=form.cleaned_data.get("reference_date"),
            source=form.cleaned_data["source"],
            licence=form.cleaned_data["licence"],
        )
        text = _("Popolazione al %(date)s: %(comuni)d comuni, %(residents)s residenti.") % {
            "date": dataset.reference_date.strftime("%d/%m/%Y"),
            "comuni": dataset.comuni,
            "residents": f"{dataset.residents:n}",
        }
        if dataset.unplaced:
            text += " " + ngettext(
                "%(count)d codice non è nel registro né seguito dalle variazioni ISTAT: è conservato con i suoi "
                "residenti.",
                "%(count)d codici non sono nel registro né seguiti dalle variazioni ISTAT: sono conservati con i "
                "loro residenti.",
                len(dataset.unplaced),
            ) % {"count": len(dataset.unplaced)}
        messages.success(self.request, text)
        return dataset


class ChangesImportView(_IstatImportView):
    form_class = ChangesImportForm
    title = gettext_lazy("Importa le variazioni amministrative dei comuni (ISTAT)")

    def perform(self, form: Any) -> Any:
        upload = form.cleaned_data["file"]
        table = changes_import(
            actor=self.request.user,
            data=upload.read(),
            file_name=upload.name,
            source=form.cleaned_data["source"],
            licence=form.cleaned_data["licence"],
        )
        text = ngettext(
            "Importata %(count)d variazione.", "Importate %(count)d variazioni.", table.changes
        ) % {"count": table.changes}
        if table.followed:
            text += " " + ngettext(
                "%(count)d codice non più in uso ora è attribuito al comune che lo ha sostituito.",
                "%(count)d codici non più in uso ora sono attribuiti ai comuni che li hanno sostituiti.",
                len(table.followed),
            ) % {"count": len(table.followed)}
        messages.success(self.request, text)
        return table
