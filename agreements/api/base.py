"""The machinery the agreements API views share: schema helpers, service errors that keep their codes, the
file download's content negotiation, and the base of the viewsets nested under one agreement."""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

from agreements import rules, selectors, services
from agreements.models import Agreement
from core.api.base import RegistryViewSet, errors

M = TypeVar("M", bound=Model)

AGREEMENT_PK = OpenApiParameter(
    "agreement_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Id dell'accordo.")
)


def action_schema(request: Any, response: Any, summary: Any, status_code: int = 200, **kwargs: Any) -> Any:
    """A POST action on an existing row: 400 bad body or broken rule, 403 not changeable, 404 not visible."""
    return extend_schema(
        request=request,
        responses={status_code: response, **errors(400, 401, 403, 404)},
        summary=summary,
        **kwargs,
    )


def part_create_schema(request: Any, response: Any, **kwargs: Any) -> Any:
    """Creating a part of an agreement: as create_schema, plus 404 when the agreement is not visible."""
    return extend_schema(request=request, responses={201: response, **errors(400, 401, 403, 404)}, **kwargs)


def _details(error: DjangoValidationError) -> list[exceptions.ErrorDetail]:
    return [
        exceptions.ErrorDetail(
            str(item.message % item.params if item.params else item.message), code=item.code or "invalid"
        )
        for item in error.error_list
    ]


@contextmanager
def service_errors(key: str = "non_field_errors") -> Iterator[None]:
    """Turn a service's ValidationError into the structured 400 keeping its codes (`illegal_transition`,
    `guard`...); errors of the whole row (`__all__`) and messages without a field go under `key`."""
    try:
        yield
    except services.EditConflict:
        raise
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            detail = {
                (key if field == "__all__" else field): _details(DjangoValidationError(items))
                for field, items in error.error_dict.items()
            }
        else:
            detail = {key: _details(error)}
        raise exceptions.ValidationError(detail) from error


# --- file downloads --------------------------------------------------------------------------------------


class PdfRenderer(BaseRenderer):
    """Names the file type for content negotiation; the file itself is a FileResponse, never rendered."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> Any:
        return data


class FirstRendererNegotiation(BaseContentNegotiation):
    """For the download: whatever the client accepts, errors are JSON (the PDF is a FileResponse)."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0]

    def select_renderer(self, request: Request, renderers: Any, format_suffix: str | None = None) -> Any:
        return renderers[0], renderers[0].media_type


# --- the parts of one agreement ---------------------------------------------------------------------------


# Rows of one agreement under agreements/{agreement_pk}/: the agreement must be visible (404) and, for writes,
# changeable (403, checked before the body). (A comment, not a docstring: see RegistryViewSet.)
class AgreementPartViewSet(RegistryViewSet[M]):
    _agreement: Agreement | None = None

    def agreement(self) -> Agreement:
        if self._agreement is None:
            try:
                pk = int(self.kwargs["agreement_pk"])
            except (KeyError, TypeError, ValueError):
                raise Http404 from None
            self._agreement = selectors.agreement_visible(user=self.request.user, pk=pk)
        return self._agreement

    def agreement_for_write(self) -> Agreement:
        agreement = self.agreement()
        self.check_object_permissions(self.request, agreement)
        return agreement

    def permission_target(self, obj: Any) -> Model:
        return self.agreement()

    def may_change(self, obj: Any) -> bool:
        return rules.may_manage(
            self.request.user, self.agreement()
        )  # the rule every agreements service applies

    def get_serializer_context_for_write(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "agreement": self.agreement()}

    def validated(self, serializer_class: Any, *, partial: bool = False) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.get_serializer_context_for_write()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)
