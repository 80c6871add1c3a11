"""Agreements end to end through the services: drafting, guards on each step, amendments approved by every
party, withdrawal with notice, later adhesion, money split and installments, concurrent article edits."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from agreements import services
from agreements.models import (
    Agreement,
    Article,
    Party,
    PartyRole,
    Payment,
    SplitCriterion,
    VersionStatus,
)
from agreements.rules import IllegalTransition
from core.audit import audit_trail
from core.models import AuditEvent
from governance.models import OrganizationKind, PopulationFigure
from governance.services import organization_create
from tests.agreements.helpers.drafting import S, bring_in_force, draft
from tests.worlds import World


def test_the_lifecycle_checks_each_step(world: World) -> None:
    agreement = draft(world)
    assert agreement.status == S.DRAFT and agreement.versions.get().number == 1
    with pytest.raises(ValidationError, match="il testo non ha articoli"):
        services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_APPROVAL)
    services.article_save(
        actor=world.udp, agreement=agreement, number=1, title="Finalità", body="…", expected_revision=None
    )
    with pytest.raises(IllegalTransition):
        services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_FORCE)
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_APPROVAL)
    with pytest.raises(ValidationError, match="manca la deliberazione di: Comune di Ypsilon"):
        services.agreement_transition(actor=world.udp, agreement=agreement, to=S.APPROVED)
    for party in agreement.parties.all():
        services.party_record_authorisation(
            actor=world.udp,
            party=party,
            organ_name="Consiglio Comunale",
            act_number="7",
            act_date=date(2024, 2, 1),
        )
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.APPROVED)
    with pytest.raises(ValidationError, match="manca il firmatario"):
        services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_SIGNATURE)
    for party in agreement.parties.all():
        services.party_update(actor=world.udp, party=party, signatory=world.person_y)
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_SIGNATURE)
    with pytest.raises(ValidationError, match="mancano le firme di"):
        services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_FORCE)
    Party.objects.filter(agreement=agreement).update(signed_at=timezone.now())
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_FORCE, on=date(2024, 4, 1))
    agreement.refresh_from_db()
    assert agreement.status == S.IN_FORCE and agreement.start_date == date(2024, 4, 1)
    assert agreement.versions.get().status == VersionStatus.CURRENT
    with pytest.raises(ValidationError, match="Operazione non possibile"):
        services.party_add(actor=world.udp, agreement=agreement, organization=world.w)


def test_only_the_ufficio_di_piano_of_the_ambito_manages_agreements(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.agreement_create(actor=world.owner, ambito=world.ambito_a, kind="convenzione", title="X")
    agreement = draft(world)
    with pytest.raises(PermissionDenied):
        services.agreement_transition(actor=world.other, agreement=agreement, to=S.IN_APPROVAL)


def test_a_party_appears_once(world: World) -> None:
    agreement = draft(world)
    with pytest.raises(ValidationError, match="già parte"):
        services.party_add(actor=world.udp, agreement=agreement, organization=world.y)


def test_an_amendment_needs_every_party_and_keeps_the_old_version(world: World) -> None:
    agreement = draft(world)
    bring_in_force(world, agreement)
    proposed = services.amendment_propose(actor=world.udp, agreement=agreement, reason="Nuovo art. 2")
    assert proposed.number == 2 and proposed.status == VersionStatus.PROPOSED
    assert proposed.articles.get().body == "Testo."
    services.article_save(
        actor=world.udp,
        agreement=agreement,
        number=2,
        title="Nuovo",
        body="Aggiunto.",
        expected_revision=None,
    )
    parties = list(agreement.parties.all())
    for party in parties[:-1]:
        services.amendment_approve(
            actor=world.udp,
            version=proposed,
            party=party,
            organ_name="Consiglio Comunale",
            act_number="20",
            act_date=date(2025, 1, 10),
        )
        proposed.refresh_from_db()
        assert proposed.status == VersionStatus.PROPOSED
    services.amendment_approve(
        actor=world.udp,
        version=proposed,
        party=parties[-1],
        organ_name="Consiglio Comunale",
        act_number="3",
        act_date=date(2025, 1, 20),
    )
    versions = {v.number: v.status for v in agreement.versions.all()}
    assert versions == {1: VersionStatus.SUPERSEDED, 2: VersionStatus.CURRENT}
    assert Article.objects.filter(version__number=1, version__agreement=agreement).count() == 1
    assert Article.objects.filter(version__number=2, version__agreement=agreement).count() == 2


def test_withdrawal_takes_effect_after_the_notice_and_drops_out_of_later_approvals(world: World) -> None:
    agreement = draft(world)
    bring_in_force(world, agreement)
    z_party = agreement.parties.get(organization=world.z)
    services.party_withdraw(
        actor=world.udp,
        party=z_party,
        notified_on=date(2024, 8, 31),
        continuing_obligations="Quota del personale fino alla ricollocazione",
    )
    z_party.refresh_from_db()
    assert z_party.withdrawal_effective_on == date(2025, 2, 28)
    with pytest.raises(ValidationError, match="già stato registrato"):
        services.party_withdraw(actor=world.udp, party=z_party, notified_on=date(2024, 9, 1))
    proposed = services.amendment_propose(actor=world.udp, agreement=agreement, reason="Dopo il recesso")
    for party in agreement.parties.exclude(pk=z_party.pk):
        services.amendment_approve(
            actor=world.udp,
            version=proposed,
            party=party,
            organ_name="CC",
            act_number="1",
            act_date=date(2025, 3, 1),
        )
    proposed.refresh_from_db()
    assert proposed.status == VersionStatus.CURRENT


def test_a_body_adheres_later(world: World) -> None:
    agreement = draft(world)
    bring_in_force(world, agreement)
    ets = organization_create(
        actor=None, ambito=world.ambito_a, kind=OrganizationKind.ETS, name="Associazione Gamma"
    )
    party = services.party_adhere(
        actor=world.udp, agreement=agreement, organization=ets, joined_on=date(2024, 6, 1)
    )
    assert party.role == PartyRole.ADERENTE and party.signing_order == 4


def test_money_split_by_population_and_installments(world: World) -> None:
    agreement = draft(world)
    for comune, people in ((world.y, 7490), (world.x, 33786), (world.z, 1532)):
        PopulationFigure.objects.create(
            organization=comune, reference_date=date(2023, 1, 1), population=people
        )
    clause = services.money_clause_create(
        actor=world.udp,
        agreement=agreement,
        description="Quota forfettaria di sub-ambito 2024",
        total=Decimal("10000.00"),
        criterion=SplitCriterion.POPULATION,
        population_year=2023,
        installments_every_months=3,
    )
    shares = {
        share.party.organization.name: share.amount
        for share in clause.shares.select_related("party__organization")
    }
    assert sum(shares.values()) == Decimal("10000.00")
    # 10,000 EUR over 42,808 residents: exact shares 1749.67.., 7892.45.., 357.87..; the one leftover cent
    # goes to the largest remainder (Zeta's .877).
    assert shares == {"Ypsilon": Decimal("1749.67"), "Xanadu": Decimal("7892.45"), "Zeta": Decimal("357.88")}
    assert (
        services.installments_schedule(
            actor=world.udp, clause=clause, start=date(2024, 1, 1), end=date(2024, 12, 31)
        )
        == 12
    )
    share = clause.shares.get(party__organization=world.z)
    assert sum(i.amount for i in share.installments.all()) == share.amount
    bring_in_force(world, agreement)
    services.payment_record(actor=world.udp, share=share, paid_on=date(2024, 1, 10), amount=Decimal("89.31"))
    with pytest.raises(ValidationError, match="Manca la popolazione al 31/12/2023"):
        services.money_clause_create(
            actor=world.udp,
            agreement=agreement,
            description="2025",
            total=Decimal("1.00"),
            criterion=SplitCriterion.POPULATION,
            population_year=2024,
        )


def test_fixed_amounts_must_add_up_to_the_total(world: World) -> None:
    agreement = draft(world)
    with pytest.raises(ValidationError, match="non corrisponde al totale"):
        services.money_clause_create(
            actor=world.udp,
            agreement=agreement,
            description="Quote",
            total=Decimal("36000.00"),
            criterion=SplitCriterion.FIXED,
            fixed_amounts=[Decimal("12000.00"), Decimal("12000.00"), Decimal("11999.99")],
        )
    assert not agreement.money_clauses.exists()


def test_a_stale_article_save_is_a_conflict(world: World) -> None:
    agreement = draft(world)
    first = services.article_save(
        actor=world.udp, agreement=agreement, number=1, title="A", body="uno", expected_revision=None
    )
    services.article_save(
        actor=world.udp,
        agreement=agreement,
        number=1,
        title="A",
        body="due",
        expected_revision=first.revision,
    )
    with pytest.raises(services.EditConflict, match="è stato modificato da udp"):
        services.article_save(
            actor=world.udp,
            agreement=agreement,
            number=1,
            title="A",
            body="tre",
            expected_revision=first.revision,
        )
    assert Article.objects.get(pk=first.pk).body == "due"


def test_two_editors_saving_the_same_article_at_once(committed_world: World) -> None:
    """Real threads, real PostgreSQL row locks: one save wins, the other is told of the conflict."""
    world = committed_world
    agreement = draft(world)
    article = services.article_save(
        actor=world.udp, agreement=agreement, number=1, title="A", body="v1", expected_revision=None
    )
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def editor(body: str) -> None:
        try:
            barrier.wait()
            services.article_save(
                actor=world.udp,
                agreement=agreement,
                number=1,
                title="A",
                body=body,
                expected_revision=article.revision,
            )
            outcomes.append("saved")
        except services.EditConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=editor, args=(body,)) for body in ("from Anna", "from Bruno")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    saved = Article.objects.get(pk=article.pk)
    assert saved.revision == 2 and saved.body in {"from Anna", "from Bruno"}


def test_drafting_edits_leave_an_audit_trail_and_can_be_undone(world: World) -> None:
    agreement = draft(world)
    premise = services.premise_add(
        actor=world.udp, agreement=agreement, section="visti", text="Visto l'art. 30"
    )
    services.premise_update(actor=world.udp, premise=premise, section="visti", text="Visto l'art. 30 TUEL")
    article = services.article_save(
        actor=world.udp,
        agreement=agreement,
        number=1,
        title="Oggetto",
        body="[[oggetto]]",
        expected_revision=None,
    )
    services.article_save(
        actor=world.udp,
        agreement=agreement,
        number=1,
        title="Oggetto",
        body="[[oggetto]] e altro",
        expected_revision=1,
    )
    services.blank_fill(actor=world.udp, agreement=agreement, blank="[[oggetto]]", value="servizi sociali")
    article.refresh_from_db()
    assert article.body == "servizi sociali e altro" and article.revision == 3
    assert [event.action for event in audit_trail(obj=premise)] == ["update", "create"]
    assert [event.action for event in audit_trail(obj=article)] == ["update", "update", "create"]
    assert all(event.actor == world.udp for event in audit_trail(obj=article))

    services.premise_delete(actor=world.udp, premise=premise)
    services.article_delete(actor=world.udp, agreement=agreement, number=1)
    assert not agreement.versions.get().premises.exists() and not agreement.versions.get().articles.exists()
    assert AuditEvent.objects.filter(action="delete", actor=world.udp).count() == 2
    with pytest.raises(ValidationError, match="L'articolo 1 non esiste"):
        services.article_delete(actor=world.udp, agreement=agreement, number=1)

    party = agreement.parties.get(organization=world.z)
    with pytest.raises(PermissionDenied):
        services.party_remove(actor=world.owner, party=party)
    services.party_remove(actor=world.udp, party=party)
    assert not agreement.parties.filter(organization=world.z).exists()


def test_parties_leave_a_draft_only(world: World) -> None:
    agreement = draft(world)
    bring_in_force(world, agreement)
    with pytest.raises(ValidationError, match="Operazione non possibile"):
        services.party_remove(actor=world.udp, party=agreement.parties.all()[0])


def test_an_agreement_already_expired_is_not_sent_to_signature_nor_put_in_force(world: World) -> None:
    agreement = draft(world)
    services.agreement_update(actor=world.udp, agreement=agreement, end_date=date(2020, 12, 31))
    services.article_save(
        actor=world.udp, agreement=agreement, number=1, title="Oggetto", body="Testo.", expected_revision=None
    )
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_APPROVAL)
    for party in agreement.parties.all():
        services.party_record_authorisation(
            actor=world.udp, party=party, organ_name="Consiglio", act_number="1", act_date=date(2020, 1, 10)
        )
        services.party_update(actor=world.udp, party=party, signatory=world.person_y)
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.APPROVED)
    with pytest.raises(ValidationError, match="la scadenza del 31/12/2020 è già passata"):
        services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_SIGNATURE)
    Agreement.objects.filter(pk=agreement.pk).update(
        status=S.IN_SIGNATURE
    )  # the end date passed while signing
    Party.objects.filter(agreement=agreement).update(signed_at=timezone.now())
    agreement.refresh_from_db()
    with pytest.raises(ValidationError, match="scadrebbe il 31/12/2020, prima di decorrere"):
        services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_FORCE)
    services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_FORCE, on=date(2020, 6, 1))


@pytest.mark.parametrize("stage", ["draft", "in_approval"])
def test_a_payment_is_refused_before_the_agreement_is_in_force(world: World, stage: str) -> None:
    agreement = draft(world)
    clause = services.money_clause_create(
        actor=world.udp,
        agreement=agreement,
        description="Q",
        total=Decimal("30.00"),
        criterion=SplitCriterion.EQUAL,
    )
    if stage == "in_approval":
        services.article_save(
            actor=world.udp, agreement=agreement, number=1, title="T", body="…", expected_revision=None
        )
        services.agreement_transition(actor=world.udp, agreement=agreement, to=S.IN_APPROVAL)
    share = clause.shares.first()
    assert share is not None
    with pytest.raises(ValidationError, match="solo su un accordo entrato in vigore") as refused:
        services.payment_record(
            actor=world.udp, share=share, paid_on=date(2024, 1, 10), amount=Decimal("1.00")
        )
    assert refused.value.code == "not_in_force"
    assert not Payment.objects.exists()
