"""The assemblies' pages as each point of view sees them: the Ufficio di Piano that manages the organ, a member's
mayor, another organization, the Ufficio di Piano of another ambito (also through an organ several ambiti share), and
anonymous; reads and writes; query counts that do not grow with the rows; the live fragments."""

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assemblies import services
from assemblies.models import (
    AgendaItem,
    Attendance,
    Choice,
    Deliberation,
    ItemSubject,
    Participation,
    Proxy,
    Session,
    SessionStatus,
    VoteStatus,
)
from governance.models import Role
from tests.assemblies.helpers import assembly_page_kwargs, build_assembly, in_course, sitting
from tests.governance.helpers import build_shared_organ
from tests.worlds import PASSWORD, World, make_user

pytestmark = pytest.mark.django_db

# Expected status per point of view: (Ufficio di Piano, member's mayor, another organization, another ambito's
# Ufficio di Piano, anonymous). 404: the organ is not visible; 403: visible, but not this user's to change.
EDIT = (200, 403, 404, 404, 302)
READ = (200, 200, 404, 404, 302)
PUBLIC = (200, 200, 200, 200, 200)
MATRIX = {
    "assemblies:session_list": (200, 200, 200, 200, 302),
    "assemblies:rules_update": EDIT,
    "assemblies:majority_update": EDIT,
    "assemblies:quotas_update": EDIT,
    "assemblies:session_create": EDIT,
    "assemblies:session_detail": READ,
    "assemblies:session_update": EDIT,
    "assemblies:session_transition": EDIT,
    "assemblies:item_create": EDIT,
    "assemblies:item_update": EDIT,
    "assemblies:item_delete": EDIT,
    "assemblies:attendance": EDIT,
    "assemblies:proxy_create": EDIT,
    "assemblies:console": EDIT,
    "assemblies:vote_annul": EDIT,
    "assemblies:phone": READ,
    "assemblies:screen": (200, 200, 200, 200, 200),
    "assemblies:deliberation_list": (200, 200, 200, 200, 302),
    "assemblies:deliberation_detail": READ,
    "assemblies:convocation_upload": EDIT,
    "assemblies:delivery_message": EDIT,
    "assemblies:minutes": READ,
    "assemblies:minutes_revision": EDIT,
    "assemblies:minutes_finalize": EDIT,
    "assemblies:minutes_reopen": EDIT,
    "assemblies:minutes_upload": EDIT,
    "assemblies:secretary": EDIT,
    "assemblies:publish_minutes": EDIT,
    "assemblies:item_notes": EDIT,
    "assemblies:publish_deliberation": EDIT,
    "assemblies:ambito_board": (200, 403, 404, 404, 302),
    "assemblies:organ_board": EDIT,
    "assemblies:public_index": PUBLIC,
    "assemblies:public_organ": PUBLIC,
    "assemblies:public_act": PUBLIC,
}
VIEWS = ("udp", "mayor_y", "other", "udp_b", "anonymous")


def clients(world: World, mayor_y: Any) -> dict[str, Client]:
    udp_b = make_user("udp.b", world.w, Role.UFFICIO_DI_PIANO)
    users = {"udp": world.udp, "mayor_y": mayor_y, "other": world.other, "udp_b": udp_b}
    found = {}
    for name in VIEWS:
        client = Client()
        if name in users:
            client.force_login(users[name])
        found[name] = client
    return found


def test_every_page_for_every_point_of_view(world: World) -> None:
    kwargs = assembly_page_kwargs(world)
    assert set(kwargs) == set(MATRIX)
    seen = clients(world, _user("sindaco.y"))
    wrong = []
    for name, arguments in kwargs.items():
        url = reverse(name, kwargs=arguments)
        for view, expected in zip(VIEWS, MATRIX[name], strict=True):
            status = seen[view].get(url).status_code
            if status != expected:
                wrong.append(f"{name} as {view}: {status}, expected {expected}")
    assert wrong == []


def _user(username: str) -> Any:
    from governance.models import User

    return User.objects.get(username=username)


def test_the_president_conducts_and_other_mayors_do_not(world: World) -> None:
    kwargs = assembly_page_kwargs(world)
    president, member = Client(), Client()
    president.force_login(_user("sindaco.x"))
    member.force_login(_user("sindaco.y"))
    for name in ("assemblies:console", "assemblies:vote_annul"):
        url = reverse(name, kwargs=kwargs[name])
        assert president.get(url).status_code == 200
        assert member.get(url).status_code == 403
    assert (
        president.get(
            reverse("assemblies:rules_update", kwargs=kwargs["assemblies:rules_update"])
        ).status_code
        == 403
    )


def test_writes_from_outside_are_refused_and_change_nothing(world: World) -> None:
    assembly = build_assembly(world)
    session = assembly.session
    seen = clients(world, assembly.mayor_y)
    before = (AgendaItem.objects.count(), Session.objects.count())
    for view in ("mayor_y", "other", "udp_b"):
        client = seen[view]
        assert client.post(
            reverse("assemblies:item_create", args=[session.pk]),
            {"title": "x", "subject": ItemSubject.FREE_TEXT},
        ).status_code in (403, 404)
        assert client.post(
            reverse("assemblies:session_create", args=[assembly.organ.pk]),
            {"title": "x", "starts_at": "2030-01-01T10:00"},
        ).status_code in (403, 404)
        assert client.post(
            reverse("assemblies:session_transition", args=[session.pk, "convocata"])
        ).status_code in (
            403,
            404,
        )
    assert seen["anonymous"].post(reverse("assemblies:item_create", args=[session.pk]), {}).status_code == 302
    assert (AgendaItem.objects.count(), Session.objects.count()) == before
    session.refresh_from_db()
    assert session.status == SessionStatus.PLANNED


def test_a_check_in_for_a_body_outside_the_organ_is_refused(world: World) -> None:
    assembly = build_assembly(world)
    services.session_convene(actor=None, session=assembly.session)
    client = world.client_for("udp")
    response = client.post(
        reverse("assemblies:attendance", args=[assembly.session.pk]),
        {"organization": world.w.pk, "acting": "titolare", "presence": "in_sala"},
    )
    assert response.status_code == 200 and "Non è stato salvato nulla" in response.content.decode()
    assert not Attendance.objects.exists()


def test_an_organ_several_ambiti_share_is_seen_not_run_by_the_other_ambiti(world: World) -> None:
    shared = build_shared_organ(ambito_a=world.ambito_a, ambito_b=world.ambito_b, password=PASSWORD)
    session = Session.objects.create(organ=shared.organ, starts_at=timezone.now() + timedelta(days=20))
    udp_b = Client()
    udp_b.force_login(shared.udp_b)
    assert udp_b.get(reverse("assemblies:session_detail", args=[session.pk])).status_code == 200
    for name in (
        "assemblies:session_update",
        "assemblies:item_create",
        "assemblies:attendance",
        "assemblies:console",
    ):
        assert udp_b.get(reverse(name, args=[session.pk])).status_code == 403, name
    # Its minutes are read, not written, by the other ambito's office; its board is the managing office's.
    from assemblies.models import Minutes

    Session.objects.filter(pk=session.pk).update(status=SessionStatus.CLOSED, closed_at=timezone.now())
    minutes = Minutes.objects.create(session=session, status="bozza", text="Testo", revision=1)
    assert udp_b.get(reverse("assemblies:minutes", args=[session.pk])).status_code == 200
    for name in ("assemblies:minutes_finalize", "assemblies:secretary", "assemblies:publish_minutes"):
        assert udp_b.get(reverse(name, args=[session.pk])).status_code == 403, name
    edit = udp_b.post(reverse("assemblies:minutes", args=[session.pk]), {"text": "x", "base_revision": 1})
    assert edit.status_code == 403 and Minutes.objects.get(pk=minutes.pk).text == "Testo"
    assert udp_b.get(reverse("assemblies:organ_board", args=[shared.organ.pk])).status_code == 403
    assembly = build_assembly(world)
    assert udp_b.get(reverse("assemblies:session_detail", args=[assembly.session.pk])).status_code == 404


def test_a_session_run_through_the_pages(world: World) -> None:
    """The Ufficio di Piano creates and convenes, the secretary checks members in, the president opens and puts an
    item to the vote, two mayors vote from their phones, the console closes: a numbered deliberation."""
    assembly = build_assembly(world)
    udp = world.client_for("udp")
    starts = (timezone.localtime() + timedelta(days=8)).strftime("%Y-%m-%dT%H:%M")
    response = udp.post(
        reverse("assemblies:session_create", args=[assembly.organ.pk]),
        {"title": "Seduta straordinaria", "starts_at": starts, "place": "Sala Giunta"},
    )
    session = Session.objects.get(title="Seduta straordinaria")
    assert response["Location"] == session.get_absolute_url()
    udp.post(
        reverse("assemblies:item_create", args=[session.pk]),
        {"title": "Approvazione del piano", "subject": ItemSubject.FREE_TEXT, "decision_kind": "ordinaria"},
    )
    assert (
        udp.post(reverse("assemblies:session_transition", args=[session.pk, "convocata"])).status_code == 302
    )
    for body in (world.x, world.y, world.z):
        udp.post(
            reverse("assemblies:attendance", args=[session.pk]),
            {"organization": body.pk, "acting": "titolare", "presence": "in_sala"},
        )
    assert Attendance.objects.filter(session=session).count() == 3
    president = Client()
    president.force_login(assembly.mayor_x)
    assert (
        president.post(reverse("assemblies:session_transition", args=[session.pk, "aperta"])).status_code
        == 302
    )
    item = session.items.get()
    president.post(reverse("assemblies:vote_open", args=[session.pk, item.pk]), {"secrecy": "palese"})
    vote = item.votes.get()
    for mayor, body, choice in (
        (assembly.mayor_y, world.y, Choice.FOR),
        (assembly.mayor_z, world.z, Choice.AGAINST),
    ):
        phone = Client()
        phone.force_login(mayor)
        page = phone.get(reverse("assemblies:phone", args=[session.pk])).content.decode()
        assert item.title in page and 'name="choice"' in page
        answer = phone.post(
            reverse("assemblies:phone", args=[session.pk]),
            {"vote": vote.pk, "voter": body.pk, "choice": choice},
            follow=True,
        )
        assert "Voto registrato" in answer.content.decode()
    again = Client()
    again.force_login(assembly.mayor_y)
    repeated = again.post(
        reverse("assemblies:phone", args=[session.pk]),
        {"vote": vote.pk, "voter": world.y.pk, "choice": Choice.AGAINST},
        follow=True,
    )
    assert "già stato registrato" in repeated.content.decode()
    board = president.get(reverse("assemblies:console_live", args=[session.pk])).content.decode()
    assert "Hanno votato 2 su 3" in board
    president.post(reverse("assemblies:vote_close", args=[vote.pk]))
    vote.refresh_from_db()
    assert vote.status == VoteStatus.CLOSED
    deliberation = Deliberation.objects.get(vote=vote)
    detail = udp.get(reverse("assemblies:deliberation_detail", args=[deliberation.pk])).content.decode()
    assert f"n. {deliberation.reference}" in detail and "Ypsilon: Favorevole" in detail


def test_live_fragments_answer_204_while_nothing_changes(world: World) -> None:
    assembly, _closed, current = in_course(world)
    session = assembly.session
    screen_url = reverse("assemblies:screen_live", args=[session.screen_token])
    anonymous = Client()
    first = anonymous.get(screen_url)
    assert first.status_code == 200 and "Hanno votato 0 su 3" in first.content.decode()
    key = first.content.decode().split("stato=")[1].split('"')[0]
    assert anonymous.get(screen_url, {"stato": key}).status_code == 204
    services.ballot_cast(actor=assembly.mayor_z, vote=current, voter=world.z, choice=Choice.FOR)
    changed = anonymous.get(screen_url, {"stato": key})
    assert changed.status_code == 200 and "Hanno votato 1 su 3" in changed.content.decode()
    assert anonymous.get(reverse("assemblies:screen_live", args=["not-a-token"])).status_code == 404


def test_a_secret_vote_shows_no_names_at_closing(world: World) -> None:
    assembly = build_assembly(world)
    sitting(assembly)
    item = assembly.session.items.get(position=1)
    vote = services.vote_open(actor=None, item=item, secrecy="segreto")
    services.ballot_cast(actor=assembly.mayor_y, vote=vote, voter=world.y, choice=Choice.AGAINST)
    services.vote_close(actor=None, vote=vote)
    body = (
        Client().get(reverse("assemblies:screen_live", args=[assembly.session.screen_token])).content.decode()
    )
    assert "Respinta" in body and "Ypsilon" not in body


# --- queries do not grow with the rows --------------------------------------------------------------------


def _count(client: Client, url: str, django_assert_num_queries: Any) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the live stage (assemblies/live.py) is read from the database, as on its first poll
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", ["list", "detail", "deliberations", "console", "phone", "attendance"])
def test_query_counts_do_not_grow_with_the_rows(
    world: World, page: str, django_assert_num_queries: Any
) -> None:
    assembly, _closed, current = in_course(world)
    session = assembly.session
    client = world.client_for("udp") if page != "phone" else Client()
    if page == "phone":
        client.force_login(assembly.mayor_y)
    urls = {
        "list": reverse("assemblies:session_list"),
        "detail": reverse("assemblies:session_detail", args=[session.pk]),
        "deliberations": reverse("assemblies:deliberation_list"),
        "console": reverse("assemblies:console", args=[session.pk]),
        "phone": reverse("assemblies:phone", args=[session.pk]),
        "attendance": reverse("assemblies:attendance", args=[session.pk]),
    }
    url = urls[page]
    few = _count(client, url, django_assert_num_queries)
    # More of everything: sessions, items, votes (annulled and repeated), ballots, stays, deliberations.
    services.vote_annul(actor=None, vote=current, reason="prova")
    for index in range(4):
        other = services.session_create(
            actor=None, organ=assembly.organ, starts_at=timezone.now() + timedelta(days=30 + index)
        )
        services.item_add(actor=None, session=other, title=f"Punto {index}", subject=ItemSubject.FREE_TEXT)
    for position in (4, 5):
        vote = services.vote_open(actor=None, item=session.items.get(position=position))
        services.ballot_cast(actor=assembly.mayor_y, vote=vote, voter=world.y, choice=Choice.FOR)
        services.vote_close(actor=None, vote=vote)
    item = session.items.get(position=3)
    for index in range(3):
        vote = services.vote_open(actor=None, item=item)
        services.ballot_cast(actor=assembly.mayor_y, vote=vote, voter=world.y, choice=Choice.FOR)
        if index < 2:
            services.vote_annul(actor=None, vote=vote, reason="ripetuta")
    services.ballot_cast(actor=assembly.mayor_z, vote=vote, voter=world.z, choice=Choice.AGAINST)
    stay = Attendance.objects.filter(session=session, organization=world.z).get()
    services.check_out(actor=None, attendance=stay)
    services.check_in(actor=None, session=session, organization=world.z)
    services.check_in(actor=None, session=session, organization=world.ets)
    assert Deliberation.objects.count() == 3
    assert Participation.objects.count() >= 4 and not Proxy.objects.exists()
    cache.clear()
    with django_assert_num_queries(few):
        assert client.get(url).status_code == 200


def test_vote_quotas_set_on_their_page_weigh_the_votes(world: World) -> None:
    assembly = build_assembly(world)
    services.organ_rules_update(actor=None, organ=assembly.organ, weighting="quote")
    url = reverse("assemblies:quotas_update", args=[assembly.organ.pk])
    udp = world.client_for("udp")
    refused = udp.post(
        url, {f"quota_{world.x.pk}": "500", f"quota_{world.y.pk}": "-1", f"quota_{world.z.pk}": "200"}
    )
    assert refused.status_code == 200 and "Non è stato salvato nulla" in refused.content.decode()
    assert not services.organ_rules_of(assembly.organ).quotas.exists()  # type: ignore[union-attr]
    assert (
        udp.post(
            url, {f"quota_{world.x.pk}": "500", f"quota_{world.y.pk}": "300", f"quota_{world.z.pk}": "200"}
        ).status_code
        == 302
    )
    from assemblies import presence

    standing = presence.standing(assembly.session, services.organ_rules_of(assembly.organ))
    assert standing.members_weight == 1000 and standing.weights[world.y.pk] == 300  # type: ignore[index]
    assert world.client_for("owner").post(url, {f"quota_{world.x.pk}": "1"}).status_code == 403
    assert world.client_for("other").post(url, {f"quota_{world.x.pk}": "1"}).status_code == 404
