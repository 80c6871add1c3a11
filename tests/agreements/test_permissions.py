"""Who sees an agreement: the ambito's Ufficio di Piano always; its parties once it leaves draft; nobody else.
And what a party owes on it."""

from datetime import date
from decimal import Decimal

from agreements import selectors, services
from agreements.models import AgreementStatus
from governance import permissions
from tests.agreements.helpers.drafting import bring_in_force, draft
from tests.agreements.helpers.money import quarterly_clause
from tests.worlds import World


def test_parties_see_an_agreement_once_it_leaves_draft(world: World) -> None:
    agreement = draft(world)
    assert permissions.has_object_permission(world.udp, agreement, permissions.CHANGE)
    assert not permissions.has_object_permission(world.owner, agreement)
    services.article_save(
        actor=world.udp, agreement=agreement, number=1, title="A", body="…", expected_revision=None
    )
    services.agreement_transition(actor=world.udp, agreement=agreement, to=AgreementStatus.IN_APPROVAL)
    assert permissions.has_object_permission(world.owner, agreement)
    assert not permissions.has_object_permission(world.owner, agreement, permissions.CHANGE)
    assert not permissions.has_object_permission(world.other, agreement)
    assert [a.pk for a in selectors.agreement_list(user=world.owner)] == [agreement.pk]
    assert list(selectors.agreement_list(user=world.other)) == []


def test_what_a_party_owes_and_whether_its_signature_is_awaited(world: World) -> None:
    agreement = draft(world)
    clause = quarterly_clause(world, agreement)
    share = clause.shares.get(party__organization=world.y)
    bring_in_force(world, agreement)
    services.payment_record(actor=world.udp, share=share, paid_on=date(2024, 1, 5), amount=Decimal("25.00"))
    balance = selectors.share_balance(share, on=date(2024, 7, 15))
    upcoming = balance.pop("next_due")
    assert (upcoming.due_date, upcoming.amount) == (date(2024, 10, 1), Decimal("25.00"))
    assert balance == {
        "due": Decimal("75.00"),
        "paid": Decimal("25.00"),
        "owed": Decimal("50.00"),
        "total": Decimal("100.00"),
    }
    rows = selectors.agreements_of_organization(user=world.udp, organization=world.y)
    assert (
        len(rows) == 1 and rows[0]["party"].organization == world.y and rows[0]["awaits_signature"] is False
    )
