"""The minutes, the compliance board and the public acts through the API: the pages' permissions for each point of
view, the services' error codes (a stale revision is a 400 `conflict`), the public acts without login and only their
blanked copies, and query counts that do not grow with the rows."""

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from assemblies.models import Minutes, PublishedAct
from governance.models import Role
from tests.api.helpers import api_client
from tests.assemblies.helpers import Assembly, build_assembly, closed_with_minutes
from tests.worlds import World, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


client = api_client


@pytest.fixture
def assembly(world: World) -> Assembly:
    return build_assembly(world)


def test_minutes_read_and_written_as_the_pages_allow(assembly: Assembly) -> None:
    world = assembly.world
    minutes, _act = closed_with_minutes(assembly)
    Minutes.objects.filter(pk=minutes.pk).update(status="bozza")
    udp_b = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)
    url = f"/api/v1/minutes/{minutes.pk}/"
    assert client(world.udp).get(url).json()["status"] == "bozza"
    assert client(assembly.mayor_y).get(url).status_code == 200
    for outsider in (world.other, udp_b):
        assert client(outsider).get(url).status_code == 404
        assert client(outsider).get("/api/v1/minutes/").json()["count"] == 0
    assert client().get(url).status_code == 401
    body = {"text": "Nuovo testo", "summary": "prova", "base_revision": minutes.revision}
    assert client(assembly.mayor_y).post(url + "text/", body, format="json").status_code == 403
    assert client(udp_b).post(url + "text/", body, format="json").status_code == 404
    saved = client(world.udp).post(url + "text/", body, format="json")
    assert saved.status_code == 200 and saved.json()["revision"] == minutes.revision + 1
    stale = client(world.udp).post(url + "text/", {**body, "text": "Altro"}, format="json")
    assert stale.status_code == 400 and "conflict" in str(stale.json())
    revisions = client(world.udp).get(url + "revisions/").json()
    assert [r["number"] for r in revisions] == [minutes.revision + 1, minutes.revision]
    assert client(world.udp).post(url + "reopen/", {"reason": "x"}, format="json").status_code == 400
    assert client(world.udp).post(url + "publish/", {}, format="json").status_code == 400  # not approved yet


def test_the_board_for_the_office_that_manages_it(assembly: Assembly) -> None:
    world = assembly.world
    udp_b = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)
    url = f"/api/v1/compliance/ambiti/{world.ambito_a.pk}/"
    board = client(world.udp).get(url)
    assert board.status_code == 200 and {"today", "late", "findings", "deadlines"} <= set(board.json())
    assert client(assembly.mayor_y).get(url).status_code == 403
    assert client(udp_b).get(url).status_code == 404
    assert client().get(url).status_code == 401
    organ_url = f"/api/v1/compliance/organs/{assembly.organ.pk}/"
    assert client(world.udp).get(organ_url).status_code == 200
    assert client(assembly.mayor_y).get(organ_url).status_code == 403
    assert client(world.other).get(organ_url).status_code == 404


def test_public_acts_without_login_only_their_blanked_copies(assembly: Assembly) -> None:
    _minutes, act = closed_with_minutes(assembly)
    listed = client().get("/api/v1/public-acts/")
    assert listed.status_code == 200 and listed.json()["count"] == 1
    row = listed.json()["results"][0]
    assert row["text"] == "Testo con omissis" and row["on_board"] is True and row["pdf"].endswith("/pdf/")
    assert client().get("/api/v1/public-acts/", {"on_board": "false"}).json()["count"] == 0
    PublishedAct.objects.filter(pk=act.pk).update(status="in_coda")
    assert client().get("/api/v1/public-acts/").json()["count"] == 0
    assert client().get(f"/api/v1/public-acts/{act.pk}/").status_code == 404


def _count(api: APIClient, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api.get(url).status_code == 200
    return len(captured.captured_queries)


def test_query_counts_do_not_grow_with_the_rows(assembly: Assembly, django_assert_num_queries: Any) -> None:
    from assemblies import services
    from assemblies.models import Session

    world = assembly.world
    _minutes, act = closed_with_minutes(assembly)
    urls = ["/api/v1/minutes/", "/api/v1/public-acts/", f"/api/v1/compliance/ambiti/{world.ambito_a.pk}/"]
    few = {url: _count(client(world.udp) if "public" not in url else client(), url) for url in urls}
    for index in range(3):
        other = services.session_create(
            actor=None, organ=assembly.organ, starts_at=timezone.now() - timedelta(days=80 + index)
        )
        Session.objects.filter(pk=other.pk).update(
            status="chiusa", closed_at=timezone.now() - timedelta(days=79)
        )
        extra = Minutes.objects.create(session=other, status="firmato", text="x", revision=1)
        PublishedAct.objects.create(
            organ=assembly.organ,
            kind="verbale",
            minutes=extra,
            year=act.year,
            number=5 + index,
            title=f"Verbale {index}",
            act_date=act.act_date,
            text="x",
            published_from=act.published_from,
            published_until=act.published_until,
            status="pronto",
        )
    for url in urls:
        with django_assert_num_queries(few[url]):
            assert (client(world.udp) if "public" not in url else client()).get(url).status_code == 200
