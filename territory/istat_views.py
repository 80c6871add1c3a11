"""The ISTAT data behind the profile: every population table and the administrative changes with their provenance
(readable by every logged-in user), and the administrator's two imports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from core.ui import TitledFormView
from territory import rules
from territory.forms import ChangesImportForm, PopulationImportForm
from territory.istat_imports import changes_import, population_upload
from territory.models import ChangesTable, PopulationDataset, PopulationUpload

REFRESH_SECONDS = 3


class IstatDataView(LoginRequiredMixin, TemplateView):
    template_name = "territory/istat_data.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            datasets=PopulationDataset.objects.select_related("loaded_by"),
            tables=ChangesTable.objects.select_related("imported_by")[:10],
            uploads=PopulationUpload.objects.select_related("dataset")[:10]
            if rules.may_load_population(self.request.user)
            else [],
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
    success_message = gettext_lazy("File ricevuto: l'importazione prosegue in background.")

    def perform(self, form: Any) -> Any:
        return population_upload(
            actor=self.request.user,
            upload=form.cleaned_data["file"],
            reference_date=form.cleaned_data.get("reference_date"),
            source=form.cleaned_data["source"],
            licence=form.cleaned_data["licence"],
        )

    def get_success_url(self) -> str:
        return reverse("territory:population_upload", args=[self.result.pk])


class PopulationUploadView(LoginRequiredMixin, TemplateView):
    """An upload's progress, refreshed every few seconds while the worker has it; the errors by line when refused."""

    template_name = "territory/population_upload.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        rules.require_load_population(request.user)
        self.upload = get_object_or_404(
            PopulationUpload.objects.select_related("dataset", "requested_by"), pk=kwargs["pk"]
        )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            upload=self.upload, refresh_seconds=REFRESH_SECONDS if self.upload.in_progress else None
        )
        return context


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
