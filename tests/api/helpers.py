"""Small assertions shared by the API tests."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rest_framework.response import Response
from rest_framework.test import APIClient

from agreements import services
from agreements.models import (
    Agreement,
)
from governance.models import (
    Ambito,
    AmbitoMembership,
    Mandate,
    Organ,
    Organization,
    Person,
    PopulationFigure,
    Province,
    Seat,
    User,
)
from subambiti.models import SubAmbito, SubAmbitoMembership
from tests.agreements.helpers.drafting import S, draft
from tests.worlds import World

API = "/api/v1"
SINCE = dt.date(2020, 1, 1)
ApiFor = Callable[[str], APIClient]
ClientFor = Callable[[str], APIClient]
URL = f"{API}/agreements/"


@dataclass
class Registry:
    milano: Province
    bergamo: Province
    x: Organization
    y: Organization
    z: Organization
    w: Organization
    ats: Organization
    ambito_a: Ambito
    ambito_b: Ambito
    membership_x: AmbitoMembership
    membership_y: AmbitoMembership
    membership_z: AmbitoMembership
    membership_w: AmbitoMembership
    organ_a: Organ
    organ_b: Organ
    seat_x: Seat
    seat_y: Seat
    seat_ats: Seat
    seat_secretary: Seat
    seat_w: Seat
    person_x: Person
    person_y: Person
    person_w: Person
    person_ats: Person
    secretary: Person
    mandate_x: Mandate
    mandate_y: Mandate
    mandate_w: Mandate
    mandate_ats: Mandate
    population_y: PopulationFigure
    population_w: PopulationFigure
    subambito_a1: SubAmbito
    subambito_b1: SubAmbito
    sub_membership_y: SubAmbitoMembership
    sub_membership_z: SubAmbitoMembership
    sub_membership_w: SubAmbitoMembership
    owner: User
    other: User
    udp: User


def body(response: Any) -> Any:
    return response.json()


def ids(response: Any) -> set[int]:
    """The ids on a list page (asserting it is one)."""
    assert response.status_code == 200, response.content
    return {row["id"] for row in body(response)["results"]}


def assert_error(response: Response | Any, status: int, code: str | None = None) -> dict[str, Any]:
    """Every error has the structured body {"status", "code", "message", "errors"}."""
    assert response.status_code == status, response.content
    data: dict[str, Any] = body(response)
    assert set(data) == {"status", "code", "message", "errors"}, data
    assert data["status"] == status
    assert isinstance(data["message"], str) and data["message"]
    if code is not None:
        assert data["code"] == code, data
    return data


def assert_validation_error(response: Any, *fields: str) -> dict[str, Any]:
    """A 400 whose `errors` name each of `fields` with a list of {message, code}."""
    data = assert_error(response, 400, "validation_error")
    for field in fields:
        assert field in data["errors"], data["errors"]
        for item in data["errors"][field]:
            assert set(item) == {"message", "code"}, item
    return data


def assert_unauthenticated(response: Any) -> None:
    assert_error(response, 401, "not_authenticated")
    assert response.headers["WWW-Authenticate"] == "Token"


def detail(agreement: Agreement) -> str:
    return f"{URL}{agreement.pk}/"


def add_article(world: World, agreement: Agreement, number: int = 1, body_: str = "Testo.") -> None:
    services.article_save(
        actor=world.udp,
        agreement=agreement,
        number=number,
        title=f"Articolo {number}",
        body=body_,
        expected_revision=None,
    )


def in_approval(world: World) -> Agreement:
    """Out of draft: its parties (the owner's Comune Y among them) see it, read-only."""
    agreement = draft(world)
    add_article(world, agreement)
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_APPROVAL)
    return agreement


def api_client(user: Any = None) -> APIClient:
    """A client authenticated as `user` (anonymous when None), bypassing the token."""
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api
