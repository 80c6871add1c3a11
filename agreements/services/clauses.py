"""Money clauses: shares split to the cent, installment schedules, payments."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agreements import money, rules
from agreements.models import (
    Agreement,
    Installment,
    MoneyClause,
    Party,
    Payment,
    Share,
    SplitCriterion,
)
from agreements.services.base import (
    _require_manage,
)
from core.audit import audit_record, save_new, snapshot
from core.models import AuditAction
from governance import apportionment
from governance.models import Organization

# --- money ---------------------------------------------------------------------------------------------


@transaction.atomic
def money_clause_create(
    *,
    actor: Any,
    agreement: Agreement,
    description: str,
    total: Decimal,
    criterion: str,
    parties: Sequence[Party] | None = None,
    weights: Sequence[Decimal] | None = None,
    fixed_amounts: Sequence[Decimal] | None = None,
    **fields: Any,
) -> MoneyClause:
    """A cost split among parties: fixed amounts (which must add up to the total), equal parts, population or
    weights. Shares always sum to the total to the cent."""
    _require_manage(actor, agreement.ambito)
    parties = list(parties if parties is not None else agreement.parties.filter(rules.SIGNING))
    clause = MoneyClause(
        agreement=agreement, description=description, total=total, criterion=criterion, **fields
    )
    save_new(clause, actor=actor)
    if criterion == SplitCriterion.POPULATION and clause.population_year is None:
        raise ValidationError({"population_year": _("Indica l'anno del riparto.")})
    bodies = Organization.objects.in_bulk([party.organization_id for party in parties])
    amounts, used_weights = apportionment.apportion(
        total,
        criterion,
        [bodies[party.organization_id] for party in parties],
        # The clause's year is the year of the split: the population at 31/12 of the year before it.
        population_year=clause.population_year - 1 if clause.population_year else None,
        weights=weights,
        fixed_amounts=fixed_amounts,
    )
    Share.objects.bulk_create(
        [
            Share(clause=clause, party=party, weight=weight, amount=amount)
            for party, weight, amount in zip(parties, used_weights, amounts, strict=True)
        ]
    )
    return clause


@transaction.atomic
def installments_schedule(*, actor: Any, clause: MoneyClause, start: date, end: date) -> int:
    """(Re)build every share's installments, e.g. quarterly in advance over the agreement's year."""
    _require_manage(actor, clause.agreement.ambito)
    if not clause.installments_every_months:
        raise ValidationError(_("La clausola non prevede rate."))
    created = 0
    for share in clause.shares.all():
        for old in share.installments.all():
            audit_record(actor=actor, instance=old, action=AuditAction.DELETE, before=snapshot(old))
        share.installments.all().delete()
        plan = money.installment_schedule(
            share.amount,
            start=start,
            end=end,
            every_months=clause.installments_every_months,
            in_advance=clause.installments_in_advance,
        )
        for row in Installment.objects.bulk_create(
            [
                Installment(share=share, sequence=i.sequence, due_date=i.due_date, amount=i.amount)
                for i in plan
            ]
        ):
            audit_record(actor=actor, instance=row, action=AuditAction.CREATE)
        created += len(plan)
    return created


@transaction.atomic
def payment_record(
    *, actor: Any, share: Share, paid_on: date, amount: Decimal, reference: str = ""
) -> Payment:
    _require_manage(actor, share.clause.agreement.ambito)
    rules.check_payable(share.clause.agreement.status)
    payment = Payment(share=share, paid_on=paid_on, amount=amount, reference=reference, recorded_by=actor)
    save_new(payment, actor=actor)
    return payment
