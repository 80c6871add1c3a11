"""A secret vote leaves no trace that links a voter to a choice: no stored row of any table carries both a voter
(or a cast_by, or a weight that identifies one) and a choice; the per-choice sums have no timestamp and no
per-ballot rows; the order of the participation rows and their times say nothing about the sums; the audit trail
records participation only."""

from decimal import Decimal

from django.apps import apps
from django.db import connection, models

from assemblies import services
from assemblies.models import Choice, Participation, Secrecy, VoteTally
from core.models import AuditEvent
from governance.models import Organization, User
from tests.assemblies.helpers import Assembly, sitting


def test_no_stored_row_links_a_voter_to_a_choice(assembly: Assembly) -> None:
    world = assembly.world
    sitting(assembly)
    vote = services.vote_open(actor=None, item=assembly.session.items.get(position=1), secrecy=Secrecy.SECRET)
    cast = {world.x: Choice.AGAINST, world.y: Choice.FOR, world.z: Choice.FOR}
    mayors = {world.x: assembly.mayor_x, world.y: assembly.mayor_y, world.z: assembly.mayor_z}
    for body, choice in cast.items():
        services.ballot_cast(actor=mayors[body], vote=vote, voter=body, choice=choice)

    # Every table of the app: none holds a choice next to a voter or a user.
    for model in apps.get_app_config("assemblies").get_models():
        fields = {field.name: field for field in model._meta.concrete_fields}
        has_choice = any(
            field.choices and set(field.flatchoices) >= set(Choice.choices) for field in fields.values()
        )
        identifies = any(
            isinstance(field, models.ForeignKey) and field.related_model in (Organization, User)
            for field in fields.values()
        )
        if has_choice and identifies:
            # Only an open vote's ballot may: and none exists for this vote.
            assert model._meta.model_name == "openballot"
            assert not model._default_manager.filter(participation__vote=vote).exists()

    # The sums: one row per choice, no timestamp, no voter; they hold counts, not ballots.
    tally_fields = {field.name for field in VoteTally._meta.concrete_fields}
    assert tally_fields == {"id", "vote", "choice", "ballots", "weight"}
    sums = {t.choice: (t.ballots, t.weight) for t in VoteTally.objects.filter(vote=vote)}
    assert sums == {
        Choice.FOR: (2, Decimal(2)),
        Choice.AGAINST: (1, Decimal(1)),
        Choice.ABSTAIN: (0, Decimal(0)),
    }
    # The tally rows were all made when the vote opened, in the choices' order: their ids and physical order say
    # nothing about who added to them.
    assert [t.choice for t in VoteTally.objects.filter(vote=vote).order_by("pk")] == list(Choice.values)

    # Participation says who took part, never how.
    participation_fields = {field.name for field in Participation._meta.concrete_fields}
    assert participation_fields == {"id", "vote", "voter", "cast_by", "by_proxy", "cast_at"}

    # The audit trail: the participations, without a choice; no audit row for the sums.
    events = AuditEvent.objects.filter(content_type__app_label="assemblies")
    assert not events.filter(content_type__model="votetally").exists()
    for event in events.filter(content_type__model="participation"):
        assert not {str(value) for pair in event.changes.values() for value in pair} & set(Choice.values)

    # Nothing in the database's text of those rows carries a choice next to a voter: a raw look at every column.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Participation._meta.db_table} WHERE vote_id = %s", [vote.pk])  # noqa: S608
        rows = cursor.fetchall()
    assert len(rows) == 3
    assert not any(str(value) in Choice.values for row in rows for value in row)
