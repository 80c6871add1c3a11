"""Guessing passwords gets nowhere: the login page and the token endpoint lock an account after
LOGIN_FAILURES_PER_ACCOUNT failures and an address after LOGIN_FAILURES_PER_ADDRESS, for the lockout
window; a success resets the account's count; each lockout is logged without the password."""

import json
import logging
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from governance.models import User

PASSWORD = "Giusta-Password-2026"
WRONG = "sbagliata-0000"


@pytest.fixture
def mayor(db: Any) -> User:
    return User.objects.create_user("sindaco.prova", password=PASSWORD)


def login(client: Client, username: str, password: str, address: str = "203.0.113.7") -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def token(client: Client, username: str, password: str, address: str = "203.0.113.7") -> Any:
    return client.post(
        reverse("api:api-token"),
        json.dumps({"username": username, "password": password}),
        content_type="application/json",
        REMOTE_ADDR=address,
    )


def test_the_login_page_locks_the_account_after_five_failures(
    mayor: User, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()
    with caplog.at_level(logging.WARNING):
        for _attempt in range(4):
            assert login(client, mayor.username, WRONG).status_code == 200
        locked = login(client, mayor.username, WRONG)
    assert locked.status_code == 429 and locked["Retry-After"] == "900"
    assert "Troppi tentativi di accesso non riusciti" in locked.content.decode()
    # Even the right password is refused now, on the page and on the API, from any address.
    again = login(client, mayor.username, PASSWORD, address="198.51.100.1")
    assert again.status_code == 429 and "_auth_user_id" not in client.session
    assert token(Client(), mayor.username, PASSWORD).status_code == 429
    lines = [record.getMessage() for record in caplog.records if "bloccato" in record.getMessage()]
    assert lines and all(WRONG not in line and PASSWORD not in line for line in caplog.text.splitlines())


def test_the_token_endpoint_answers_429_with_the_structured_body(mayor: User) -> None:
    client = Client()
    for _attempt in range(4):
        assert token(client, mayor.username, WRONG).status_code == 400
    response = token(client, mayor.username, WRONG)
    assert response.status_code == 429 and response["Retry-After"] == "900"
    data = json.loads(response.content)
    assert data["status"] == 429 and data["code"] == "too_many_login_failures" and data["errors"] == {}
    assert "15 minuti" in data["message"]


def test_a_success_resets_the_accounts_count(mayor: User) -> None:
    client = Client()
    for _attempt in range(4):
        login(client, mayor.username, WRONG)
    assert login(client, mayor.username, PASSWORD).status_code == 302
    for _attempt in range(4):
        assert login(Client(), mayor.username, WRONG).status_code == 200
    assert login(Client(), mayor.username, PASSWORD).status_code == 302


@override_settings(LOGIN_FAILURES_PER_ADDRESS=6)
def test_an_address_guessing_many_accounts_is_locked(db: Any) -> None:
    for n in range(6):
        User.objects.create_user(f"utente{n}", password=PASSWORD)
    for n in range(5):
        assert login(Client(), f"utente{n}", WRONG).status_code == 200
    assert login(Client(), "utente5", WRONG).status_code == 429
    # That address is refused for every account; another address still gets in.
    assert login(Client(), "utente5", PASSWORD).status_code == 429
    assert login(Client(), "utente5", PASSWORD, address="198.51.100.1").status_code == 302


def test_the_limits_are_settings(settings: Any) -> None:
    assert (settings.LOGIN_FAILURES_PER_ACCOUNT, settings.LOGIN_FAILURES_PER_ADDRESS) == (5, 20)
    assert settings.LOGIN_LOCKOUT_MINUTES == 15
