"""The assemblies API: sessions, agenda, attendance, proxies, quorum, votes, ballots and deliberations, with the
pages' permissions (the managing Ufficio di Piano, a member's mayor, another body, another ambito's Ufficio di
Piano, anonymous), the services' error codes, and query counts that do not grow with the rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assemblies import services
from assemblies.models import Choice, ItemSubject, Session
from governance.models import Role
from tests.api.helpers import api_client
from tests.assemblies.helpers import Assembly, build_assembly, in_course
from tests.worlds import World, make_user

pytestmark = pytest.mark.django_db


client = api_client


@pytest.fixture
def assembly(world: World) -> Assembly:
    return build_assembly(world)


def test_sessions_are_read_as_their_organ_is_seen(assembly: Assembly) -> None:
    world, session = assembly.world, assembly.session
    udp_b = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)
    url = f"/api/v1/sessions/{session.pk}/"
    assert client(world.udp).get(url).json()["items"][0]["title"] == "Approvazione del verbale"
    assert client(assembly.mayor_y).get(url).status_code == 200
    for outsider in (world.other, udp_b):
        assert client(outsider).get(url).status_code == 404
        assert client(outsider).get("/api/v1/sessions/").json()["count"] == 0
    assert client().get(url).status_code == 401
    assert client(world.udp).get("/api/v1/sessions/", {"status": "programmata"}).json()["count"] == 1


def test_writes_follow_the_services_permissions(assembly: Assembly) -> None:
    world, session = assembly.world, assembly.session
    body = {"organ": assembly.organ.pk, "starts_at": (timezone.now() + timedelta(days=20)).isoformat()}
    assert client(assembly.mayor_y).post("/api/v1/sessions/", body, format="json").status_code == 403
    assert client(world.other).post("/api/v1/sessions/", body, format="json").status_code == 404
    # A session pointed at another ambito's organ is refused: the organ is not the user's to see.
    elsewhere = {**body, "organ": world.organ_b.pk}
    assert client(world.udp).post("/api/v1/sessions/", elsewhere, format="json").status_code == 404
    assert client().post("/api/v1/sessions/", body, format="json").status_code == 401
    before = Session.objects.count()
    created = client(world.udp).post("/api/v1/sessions/", body, format="json")
    assert created.status_code == 201 and Session.objects.count() == before + 1
    item = {"title": "Bilancio", "subject": ItemSubject.FREE_TEXT}
    assert (
        client(assembly.mayor_y)
        .post(f"/api/v1/sessions/{session.pk}/agenda/", item, format="json")
        .status_code
        == 403
    )
    refused = client(world.udp).post(
        f"/api/v1/sessions/{session.pk}/transition/", {"to": "aperta"}, format="json"
    )
    assert refused.status_code == 400 and refused.json()["errors"]["to"][0]["code"] == "transition"


def test_a_session_run_through_the_api(assembly: Assembly) -> None:
    world, session = assembly.world, assembly.session
    udp = client(world.udp)
    base = f"/api/v1/sessions/{session.pk}"
    assert udp.post(f"{base}/transition/", {"to": "convocata"}, format="json").status_code == 200
    for body in (world.x, world.y, world.z):
        assert udp.post(f"{base}/attendance/", {"organization": body.pk}, format="json").status_code == 201
    outsider = udp.post(f"{base}/attendance/", {"organization": world.w.pk}, format="json")
    assert outsider.status_code == 400 and "organization" in outsider.json()["errors"]
    quorum = udp.get(f"{base}/quorum/").json()
    assert quorum["holds"] is True and quorum["present"] == 3 and quorum["members"] == 3
    assert (
        client(assembly.mayor_x).post(f"{base}/transition/", {"to": "aperta"}, format="json").status_code
        == 200
    )
    item = session.items.get(position=1)
    opened = client(assembly.mayor_x).post(f"{base}/votes/", {"item": item.pk}, format="json")
    assert opened.status_code == 201 and opened.json()["tallies"] is None
    vote_url = f"/api/v1/votes/{opened.json()['id']}"
    for mayor, body, choice in (
        (assembly.mayor_x, world.x, Choice.FOR),
        (assembly.mayor_y, world.y, Choice.AGAINST),
    ):
        cast = client(mayor).post(f"{vote_url}/ballots/", {"voter": body.pk, "choice": choice}, format="json")
        assert cast.status_code == 201, cast.json()
    twice = client(assembly.mayor_y).post(
        f"{vote_url}/ballots/", {"voter": world.y.pk, "choice": "favorevole"}, format="json"
    )
    assert twice.status_code == 400 and twice.json()["errors"]["non_field_errors"][0]["code"] == "duplicate"
    not_theirs = client(assembly.mayor_y).post(
        f"{vote_url}/ballots/", {"voter": world.z.pk, "choice": "favorevole"}, format="json"
    )
    assert not_theirs.status_code == 403
    assert client(world.udp).get(f"{vote_url}/").json()["ballots_so_far"] == 2
    assert client(assembly.mayor_y).post(f"{vote_url}/close/").status_code == 403
    closed = client(assembly.mayor_x).post(f"{vote_url}/close/")
    assert closed.status_code == 200 and closed.json()["status"] == "chiusa"
    assert {t["choice"]: t["ballots"] for t in closed.json()["tallies"]} == {
        "astenuto": 0,
        "contrario": 1,
        "favorevole": 1,
    }
    assert (
        client(assembly.mayor_x).post(f"{vote_url}/close/").json()["closed_at"] == closed.json()["closed_at"]
    )
    late = client(assembly.mayor_z).post(
        f"{vote_url}/ballots/", {"voter": world.z.pk, "choice": "favorevole"}, format="json"
    )
    assert late.status_code == 400 and late.json()["errors"]["non_field_errors"][0]["code"] == "late"
    ballots = client(world.udp).get(f"{vote_url}/ballots/").json()
    assert {row["voter"]["name"]: row["choice"] for row in ballots} == {
        "Xanadu": "favorevole",
        "Ypsilon": "contrario",
    }
    deliberations = client(assembly.mayor_y).get("/api/v1/deliberations/").json()
    assert deliberations["count"] == 1 and deliberations["results"][0]["reference"].startswith("1/")
    assert client(world.other).get("/api/v1/deliberations/").json()["count"] == 0


def test_a_secret_votes_ballots_never_show_a_choice(assembly: Assembly) -> None:
    world = assembly.world
    services.session_convene(actor=None, session=assembly.session)
    for body in (world.x, world.y, world.z):
        services.check_in(actor=None, session=assembly.session, organization=body)
    services.session_open(actor=None, session=assembly.session)
    vote = services.vote_open(actor=None, item=assembly.session.items.get(position=1), secrecy="segreto")
    client(assembly.mayor_y).post(
        f"/api/v1/votes/{vote.pk}/ballots/", {"voter": world.y.pk, "choice": "contrario"}, format="json"
    )
    services.vote_close(actor=None, vote=vote)
    rows = client(world.udp).get(f"/api/v1/votes/{vote.pk}/ballots/").json()
    assert [row["choice"] for row in rows] == [None]


@pytest.mark.parametrize(
    "path", ["/api/v1/sessions/", "/api/v1/votes/", "/api/v1/deliberations/", "votes-of-session"]
)
def test_query_counts_do_not_grow(world: World, path: str) -> None:
    assembly, _closed, current = in_course(world)
    url = f"/api/v1/sessions/{assembly.session.pk}/votes/" if path == "votes-of-session" else path
    api = client(world.udp)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url).status_code == 200
        return len(captured.captured_queries)

    few = count()
    services.vote_annul(actor=None, vote=current, reason="prova")
    item = assembly.session.items.get(position=3)
    for _ in range(2):
        vote = services.vote_open(actor=None, item=item)
        services.ballot_cast(actor=assembly.mayor_y, vote=vote, voter=world.y, choice=Choice.FOR)
        services.vote_annul(actor=None, vote=vote, reason="ripetuta")
    vote = services.vote_open(actor=None, item=item)
    services.ballot_cast(actor=assembly.mayor_z, vote=vote, voter=world.z, choice=Choice.FOR)
    services.vote_close(actor=None, vote=vote)
    for index in range(3):
        services.session_create(
            actor=None, organ=assembly.organ, starts_at=timezone.now() + timedelta(days=50 + index)
        )
    assert count() == few
