"""API conventions shared by every app: pagination and one structured error format."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    if isinstance(detail, exceptions.ErrorDetail):
        return {"message": str(detail), "code": detail.code}
    return {"message": str(detail), "code": "error"}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every error body is {"status", "code", "message", "errors"}; errors maps field -> [{message, code}]."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        # Model-level errors (check constraints, clean()) arrive under Django's "__all__".
        if "__all__" in detail:
            detail = {**detail, "non_field_errors": detail.pop("__all__")}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = {
            "status": response.status_code,
            "code": "validation_error",
            "message": _("I dati inviati non sono validi."),
            "errors": _flatten(errors),
        }
    else:
        codes = exc.get_codes()
        body = {
            "status": response.status_code,
            "code": codes if isinstance(codes, str) else "error",
            "message": str(exc.detail),
            "errors": {},
        }
    response.data = body
    return response
