"""The minutes', notice board's and compliance board's pages beyond the page matrix (tests/assemblies/test_views.py):
the JSON state, the file, the buttons from each point of view, the publish form's preview, the public PDF and Atom
feed without login, the publication period (board, then archive), and query counts that do not grow with the rows."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assemblies import services
from assemblies.models import Minutes, MinutesRevision, PublishedAct
from governance.models import Role
from tests.assemblies.helpers import build_assembly, closed_with_minutes
from tests.worlds import World, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def clients(world: World, assembly: Any) -> dict[str, Client]:
    users = {
        "udp": world.udp,
        "mayor_y": assembly.mayor_y,
        "other": world.other,
        "udp_b": make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO),
    }
    found = {"anonymous": Client()}
    for name, user in users.items():
        found[name] = Client()
        found[name].force_login(user)
    return found


def test_state_file_and_buttons_from_every_point_of_view(world: World) -> None:
    assembly = build_assembly(world)
    minutes, _act = closed_with_minutes(assembly)
    session = minutes.session
    seen = clients(world, assembly)
    status = reverse("assemblies:minutes_status", args=[session.pk])
    assert seen["udp"].get(status).json()["status"] == minutes.status
    assert seen["mayor_y"].get(status).status_code == 200
    assert [seen[v].get(status).status_code for v in ("other", "udp_b")] == [404, 404]
    assert seen["anonymous"].get(status).status_code == 302
    download = reverse("assemblies:minutes_download", args=[session.pk])
    assert seen["udp"].get(download).status_code == 404  # final, but its PDF not made yet
    for name in (
        "minutes_redraft",
        "minutes_retry_draft",
        "minutes_send",
        "minutes_test_sign",
        "minutes_pdf_request",
    ):
        url = reverse(f"assemblies:{name}", args=[session.pk])
        assert seen["other"].post(url).status_code == 404, name
        assert seen["udp_b"].post(url).status_code == 404, name
        assert seen["anonymous"].post(url).status_code == 302, name
    # A member's mayor who is not the secretary reads the minutes but cannot touch them.
    before = Minutes.objects.get(pk=minutes.pk)
    response = seen["mayor_y"].post(reverse("assemblies:minutes_redraft", args=[session.pk]))
    assert response.status_code == 403
    assert Minutes.objects.get(pk=minutes.pk).revision == before.revision


def test_the_secretary_edits_and_the_history_shows_the_change(world: World) -> None:
    assembly = build_assembly(world)
    minutes, _act = closed_with_minutes(assembly)
    Minutes.objects.filter(pk=minutes.pk).update(status="bozza")
    session = minutes.session
    from tests.assemblies.minutes_helpers import secretary

    person = secretary(world)
    session.secretary = person
    session.save(update_fields=["secretary"])
    writer = make_user("segretaria", world.y, Role.OPERATORE_COMUNALE)
    writer.person = person
    writer.save(update_fields=["person"])
    client = Client()
    client.force_login(writer)
    url = reverse("assemblies:minutes", args=[session.pk])
    page = client.get(url)
    assert page.status_code == 200 and b'id="minutes-form"' in page.content
    text = minutes.text + "\nInterviene la consigliera Bianchi.\n"
    response = client.post(url, {"text": text, "summary": "Intervento", "base_revision": minutes.revision})
    assert response.status_code == 302
    revision = MinutesRevision.objects.get(minutes=minutes, number=minutes.revision + 1)
    assert revision.author == writer and revision.summary == "Intervento"
    history = client.get(reverse("assemblies:minutes_revision", args=[session.pk, revision.number]))
    assert "<ins>Interviene la consigliera Bianchi.</ins>" in history.content.decode()
    stale = client.post(url, {"text": "altro", "summary": "", "base_revision": minutes.revision})
    assert stale.status_code == 200 and "Nel frattempo" in stale.content.decode()
    assert MinutesRevision.objects.filter(minutes=minutes).count() == 2
    # Mr Nobody from another organization cannot see it at all.
    outsider = Client()
    outsider.force_login(world.other)
    assert outsider.post(url, {"text": "x", "base_revision": revision.number}).status_code == 404


def test_publish_form_previews_then_publishes_with_omissis(world: World) -> None:
    assembly = build_assembly(world)
    minutes, act = closed_with_minutes(assembly)
    act.delete()
    Minutes.objects.filter(pk=minutes.pk).update(
        status="approvato", text="Il caso di Mario Rossi, RSSMRA80A01H501U, è discusso.\n"
    )
    client = world.client_for("udp")
    url = reverse("assemblies:publish_minutes", args=[minutes.session.pk])
    preview = client.post(url, {"names": "Rossi Mario", "preview": "1"})
    content = preview.content.decode()
    assert preview.status_code == 200 and "Il caso di omissis, omissis, è discusso." in content
    assert not PublishedAct.objects.exists()
    unconfirmed = client.post(url, {"names": "Rossi Mario"})
    assert unconfirmed.status_code == 200 and not PublishedAct.objects.exists()
    assert client.post(url, {"names": "Rossi Mario", "confirm": "on"}).status_code == 302
    published = PublishedAct.objects.get()
    assert published.text == "Il caso di omissis, omissis, è discusso.\n" and published.blanked == 2
    assert (published.published_until - published.published_from).days == 14  # 15 consecutive days
    mayor = Client()
    mayor.force_login(assembly.mayor_y)
    assert mayor.get(url).status_code == 403


def test_the_public_board_archive_pdf_and_feed_without_login(world: World, settings: Any) -> None:
    assembly = build_assembly(world)
    _minutes, act = closed_with_minutes(assembly)
    anonymous = Client()
    organ_url = reverse("assemblies:public_organ", args=[assembly.organ.pk])
    board = anonymous.get(organ_url).content.decode()
    assert act.title in board.split('id="archive-heading"')[0]  # on the board today
    pdf = anonymous.get(reverse("assemblies:public_act_pdf", args=[act.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    feed = anonymous.get(reverse("assemblies:public_feed", args=[assembly.organ.pk]))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert act.title in feed.content.decode()
    # After its 15 days the act moves to the archive, still public.
    PublishedAct.objects.filter(pk=act.pk).update(
        published_from=timezone.localdate() - timedelta(days=20),
        published_until=timezone.localdate() - timedelta(days=6),
    )
    board = anonymous.get(organ_url).content.decode()
    on_board, archive = board.split('id="archive-heading"')
    assert act.title not in on_board and act.title in archive
    assert act.title in anonymous.get(organ_url, {"q": "precedente"}).content.decode()
    assert (
        act.title
        not in anonymous.get(organ_url, {"q": "inesistente"}).content.decode().split("archive-heading")[1]
    )
    # A copy whose PDF is not ready is not public at all.
    PublishedAct.objects.filter(pk=act.pk).update(status="in_coda")
    assert anonymous.get(reverse("assemblies:public_act", args=[act.pk])).status_code == 404


def _count(client: Client, url: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", ["minutes", "ambito_board", "organ_board", "public_organ", "public_index"])
def test_query_counts_do_not_grow_with_the_rows(
    world: World, page: str, django_assert_num_queries: Any
) -> None:
    assembly = build_assembly(world)
    minutes, act = closed_with_minutes(assembly)
    organ, session = assembly.organ, minutes.session
    urls = {
        "minutes": reverse("assemblies:minutes", args=[session.pk]),
        "ambito_board": reverse("assemblies:ambito_board", args=[world.ambito_a.pk]),
        "organ_board": reverse("assemblies:organ_board", args=[organ.pk]),
        "public_organ": reverse("assemblies:public_organ", args=[organ.pk]),
        "public_index": reverse("assemblies:public_index"),
    }
    client = world.client_for("udp") if not page.startswith("public") else Client()
    PublishedAct.objects.filter(
        pk=act.pk
    ).update(  # one act in the archive already (the page counts it first)
        published_from=act.published_from - timedelta(days=40),
        published_until=act.published_until - timedelta(days=40),
    )
    few = _count(client, urls[page])
    # More of everything: revisions, closed sessions with minutes, published acts (on the board and archived),
    # seats ending.
    for index in range(3):
        MinutesRevision.objects.create(minutes=minutes, number=10 + index, text=f"Testo {index}")
        other = services.session_create(
            actor=None,
            organ=organ,
            starts_at=timezone.now() - timedelta(days=60 + index),
            title=f"Seduta {index}",
        )
        from assemblies.models import Session

        Session.objects.filter(pk=other.pk).update(
            status="chiusa", closed_at=timezone.now() - timedelta(days=60)
        )
        extra = Minutes.objects.create(session=other, status="bozza", text="x", revision=1)
        PublishedAct.objects.create(
            organ=organ,
            kind="verbale",
            minutes=extra,
            year=act.year,
            number=2 + index,
            title=f"Verbale {index}",
            act_date=act.act_date,
            text="x",
            published_from=act.published_from - timedelta(days=30 * index),
            published_until=act.published_until - timedelta(days=30 * index),
            status="pronto",
        )
    seat = organ.seats.get(organization=world.y)
    seat.end_date = timezone.localdate() + timedelta(days=20)
    seat.save(update_fields=["end_date"])
    cache.clear()
    with django_assert_num_queries(few):
        assert client.get(urls[page]).status_code == 200


def test_a_copy_that_failed_to_print_is_shown_and_asked_again(world: World) -> None:
    assembly = build_assembly(world)
    minutes, act = closed_with_minutes(assembly)
    Minutes.objects.filter(pk=minutes.pk).update(status="approvato")
    PublishedAct.objects.filter(pk=act.pk).update(status="errore", error="Impaginazione non riuscita: prova")
    session = minutes.session
    udp = world.client_for("udp")
    page = udp.get(reverse("assemblies:minutes", args=[session.pk])).content.decode()
    assert "non è stata prodotta" in page and "Richiedi di nuovo la copia" in page
    assert Client().get(reverse("assemblies:public_act", args=[act.pk])).status_code == 404  # not public
    url = reverse("assemblies:publication_request", args=[act.pk])
    mayor = Client()
    mayor.force_login(assembly.mayor_y)
    assert mayor.post(url).status_code == 403
    outsider = Client()
    outsider.force_login(world.other)
    assert outsider.post(url).status_code == 404
    assert PublishedAct.objects.get(pk=act.pk).status == "errore"
    assert udp.post(url).status_code == 302
    assert PublishedAct.objects.get(pk=act.pk).status == "in_coda"
    again = udp.get(reverse("assemblies:minutes", args=[session.pk])).content.decode()
    assert "copia PDF in preparazione" in again
