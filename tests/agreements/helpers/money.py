"""The money clause several tests start from: 300 EUR split equally among the three parties of `draft()`,
quarterly installments in advance over 2024 (25 EUR each)."""

from datetime import date
from decimal import Decimal

from agreements import services
from agreements.models import Agreement, MoneyClause, SplitCriterion
from tests.worlds import World


def quarterly_clause(world: World, agreement: Agreement) -> MoneyClause:
    clause = services.money_clause_create(
        actor=world.udp,
        agreement=agreement,
        description="Quota 2024",
        total=Decimal("300.00"),
        criterion=SplitCriterion.EQUAL,
        installments_every_months=3,
    )
    services.installments_schedule(
        actor=world.udp, clause=clause, start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    return clause
