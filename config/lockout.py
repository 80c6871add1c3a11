"""Guessing passwords gets nowhere (django-axes underneath).

Failed logins on the login page and on the API's token endpoint are counted per account and per address
within a window: past LOGIN_FAILURES_PER_ACCOUNT for one username, or LOGIN_FAILURES_PER_ADDRESS from one
address, further attempts are refused for LOGIN_LOCKOUT_MINUTES. The page says so in Italian; the API
answers 429 with Retry-After and its structured error body. A success resets the account's count.
"""

import logging
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

log = logging.getLogger("config.lockout")


def failure_limit(*args: Any) -> int:
    """AXES_FAILURE_LIMIT: the account limit, read when asked (so that settings overrides apply)."""
    return int(settings.LOGIN_FAILURES_PER_ACCOUNT)


def _failures(attempts: QuerySet[Any]) -> int:
    return int(attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0)


class LoginAttemptHandler(AxesDatabaseHandler):
    """Axes counts per username and per address (AXES_LOCKOUT_PARAMETERS) but compares both with one limit;
    an address shared by a whole town hall needs a higher one than a single account. Axes asks
    `get_failures(...) >= AXES_FAILURE_LIMIT` (the account limit): the count given back is the account's,
    or the limit itself once either count has reached its own limit."""

    def over_limit(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> tuple[bool, int]:
        by_account, by_address = self.get_user_attempts(request, credentials)
        username_known = bool(
            credentials and credentials.get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"))
        )
        account = _failures(by_account) if username_known else 0
        over = account >= settings.LOGIN_FAILURES_PER_ACCOUNT or (
            _failures(by_address) >= settings.LOGIN_FAILURES_PER_ADDRESS
        )
        return over, account

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        over, account = self.over_limit(request, credentials)
        limit = failure_limit()
        return max(account, limit) if over else min(account, limit - 1)

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        return self.over_limit(request, credentials)[0]


def retry_after_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_message() -> str:
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    return _(
        "Troppi tentativi di accesso non riusciti: per sicurezza gli accessi con questo nome utente o da "
        "questo indirizzo sono sospesi per %(minutes)d minuti. Riprova più tardi o chiedi aiuto "
        "all'amministratore."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    if request.path.startswith("/api/"):
        from core.api.conventions import error_body

        response: HttpResponse = JsonResponse(
            error_body(429, "too_many_login_failures", lockout_message()), status=429
        )
    else:
        from django.contrib.auth.forms import AuthenticationForm

        response = render(
            request,
            "registration/login.html",
            {"form": AuthenticationForm(request), "locked_out": lockout_message()},
            status=429,
        )
    response["Retry-After"] = str(retry_after_seconds())
    return response


@receiver(user_locked_out)
def log_lockout(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str, **kwargs: Any
) -> None:
    # Never the password (axes passes none here); the username and address say who is being guessed.
    log.warning("Accesso bloccato per troppi tentativi: utente %r, indirizzo %s", username, ip_address)
