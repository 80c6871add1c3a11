"""Property-based tests of the whole API against its own OpenAPI schema (schemathesis): no server errors;
status codes, content types and bodies as documented; for generated valid and invalid input.

Schemathesis' pytest plugin does not support pytest 9 yet, so each operation's Hypothesis strategy is run
directly."""

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.worlds import World

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def auth_headers(world: World) -> dict[str, str]:
    token, _created = Token.objects.get_or_create(user=world.udp)
    return {"Authorization": f"Token {token.key}"}


@pytest.fixture
def api_schema(auth_headers: dict[str, str]) -> Iterator[Any]:
    # Requests go straight to Django's WSGI handler inside the test's transaction: like Django's own test
    # client, keep the handler from closing the database connection at the start and end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", WSGIHandler(), headers=auth_headers)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_every_operation_conforms_to_the_schema(api_schema: Any, auth_headers: dict[str, str]) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 25
    # The agreements API (agreements/api/urls.py) is enumerated too: 36 operations.
    assert sum("/agreements" in operation.path for operation in operations) >= 36
    failures: dict[str, str] = {}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def exercise(case: Any) -> None:
            case.call_and_validate(headers=auth_headers, checks=CHECKS)

        try:
            exercise()
        except (
            Exception,
            BaseExceptionGroup,
        ) as error:  # collect every operation's failures, report them all
            failures[f"{operation.method.upper()} {operation.path}"] = str(error)[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{report}" for label, report in failures.items())
