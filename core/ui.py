"""Shared machinery for the browser UI: permission-filtered lists with search, pagination and CSV export;
forms whose valid data goes to one service, with the service's errors shown next to the fields.
"""

import csv
from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.text import slugify
from django.views.generic import FormView, ListView, TemplateView

Column = tuple[Any, Callable[[Any], Any]]  # (header, possibly a lazy translation; accessor)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "sì" if value else "no"
    return str(value)


def csv_response(*, filename: str, columns: list[Column], rows: QuerySet[Any]) -> StreamingHttpResponse:
    """Semicolon-separated UTF-8 with BOM: what spreadsheet programs in Italian locales open directly."""
    writer = csv.writer(_Echo(), delimiter=";")

    def stream() -> Iterator[str]:
        yield "\ufeff" + writer.writerow([str(header) for header, _accessor in columns])
        for row in rows.iterator(chunk_size=500):
            yield writer.writerow([_csv_value(accessor(row)) for _header, accessor in columns])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}-{stamp}.csv"'
    return response


class RegistryListView(LoginRequiredMixin, ListView):
    """A list whose rows come from a selector; `?q=` searches, `?format=csv` exports every matching row."""

    paginate_by = 25
    csv_columns: list[Column] = []
    csv_filename = "elenco"
    filter_params: tuple[str, ...] = ()

    def selector_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"user": self.request.user, "search": self.request.GET.get("q", "").strip()}
        for name in self.filter_params:
            value = self.request.GET.get(name, "").strip()
            if value:
                kwargs[name] = (
                    int(value) if value.isdigit() and name in {"ambito", "organ", "organization"} else value
                )
        return kwargs

    def select(self, **kwargs: Any) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        return self.select(**self.selector_kwargs())

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "csv":
            # A streaming CSV instead of the page; ListView.get is typed for HttpResponse only.
            return csv_response(  # type: ignore[return-value]
                filename=self.csv_filename, columns=self.csv_columns, rows=self.get_queryset()
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["query_string"] = query_without_page(self.request)
        context["search"] = self.request.GET.get("q", "")
        context["filters"] = {name: self.request.GET.get(name, "") for name in self.filter_params}
        return context


def query_without_page(request: HttpRequest) -> str:
    """The page's query string minus its page number: what the pagination links and the exports carry on."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


class RegistryDetailView(LoginRequiredMixin, TemplateView):
    """A detail page: `load()` returns the object through a selector (404 when not visible)."""

    context_object_name = "object"

    def load(self) -> Any:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from core.panels import panels_for

        context = super().get_context_data(**kwargs)
        obj = self.load()
        context["object"] = context[self.context_object_name] = obj
        context["panels"] = panels_for(obj, self.request.user)
        return context


def apply_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field when it names one, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class ServiceFormView(LoginRequiredMixin, FormView):
    """A form whose cleaned data goes to one service; nothing is saved when the service refuses."""

    success_message: Any = ""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.target = None

    def check_allowed(self) -> None:
        """Raise PermissionDenied before showing the form to someone who could not submit it."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.check_allowed()
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form: Any) -> Any:
        raise NotImplementedError

    def form_valid(self, form: BaseForm) -> HttpResponse:
        try:
            self.result = self.perform(form)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied:
            raise
        if self.success_message:
            from django.contrib import messages

            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class TitledFormView(ServiceFormView):
    """The generic form page: a title, a warning before a destructive action, a way back."""

    template_name = "governance/form.html"
    title: Any = ""
    danger_text: Any = ""

    def cancel_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["danger_text"] = self.danger_text
        context["danger"] = bool(self.danger_text)
        context["cancel_url"] = self.cancel_url()
        return context
