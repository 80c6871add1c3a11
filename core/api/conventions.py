"""API conventions shared by every app: pagination and one structured error format."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
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


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"

    def __init__(self) -> None:
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        super().__init__(
            _("La richiesta supera la dimensione massima accettata (%(mb).1f MB).") % {"mb": limit_mb}
        )


def error_body(status: int, code: str, message: str, errors: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"status": status, "code": code, "message": message, "errors": errors or {}}


# What an error that never reached DRF (an unknown address, a crash, a body refused before parsing) says.
_PLAIN_ERRORS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Richiesta non valida."),
    403: ("permission_denied", "Non hai i permessi per questa operazione."),
    404: ("not_found", "Risorsa non trovata."),
    405: ("method_not_allowed", "Metodo non consentito."),
    413: ("request_too_large", "La richiesta è troppo grande."),
    500: ("server_error", "Errore interno del server: l'errore è stato registrato."),
}


def structured_error_response(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The API's error body in place of one of Django's HTML error pages."""
    code, message = _PLAIN_ERRORS.get(response.status_code, ("error", "Errore."))
    if getattr(request, "_request_too_large", False):
        code, message = "request_too_large", str(RequestTooLarge().detail)
        response.status_code = 413
    else:
        message = _(message)
    replacement = JsonResponse(error_body(response.status_code, code, message), status=response.status_code)
    for header in ("Retry-After", "Allow", "WWW-Authenticate"):
        if header in response:
            replacement[header] = response[header]
    return replacement


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
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
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
