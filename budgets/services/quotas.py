"""The sub-ambito's yearly flat-rate quota: proposed by the Ufficio di Piano, decided by the sub-ambito's assembly,
split among its comuni to the cent; each comune's payments against its share."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from budgets import rules
from budgets.models import QuotaPayment, QuotaShare, SubAmbitoQuota
from budgets.population import resolve_population_year
from budgets.selectors import subambito_comuni
from core.audit import audit_record, delete_audited, lock, save_changes, save_new
from core.models import AuditAction
from governance import apportionment
from governance.apportionment import SplitCriterion, checked_amount
from subambiti.models import SubAmbito


def _split(
    actor: Any,
    quota: SubAmbitoQuota,
    weights: Mapping[int, Decimal] | None,
    amounts: Mapping[int, Decimal] | None,
) -> None:
    bodies = subambito_comuni(quota.subambito, quota.year)
    body_amounts, used_weights = apportionment.apportion(
        quota.total,
        quota.criterion,
        bodies,
        population_year=quota.population_year,
        weights=[Decimal(weights.get(body.pk, 0)) for body in bodies] if weights is not None else None,
        fixed_amounts=[checked_amount(amounts.get(body.pk, 0), "amounts") for body in bodies]
        if amounts is not None
        else None,
    )
    for share in quota.shares.all():
        delete_audited(share, actor=actor)
    for row in QuotaShare.objects.bulk_create(
        [
            QuotaShare(quota=quota, organization=body, weight=weight, amount=amount)
            for body, weight, amount in zip(bodies, used_weights, body_amounts, strict=True)
        ]
    ):
        audit_record(actor=actor, instance=row, action=AuditAction.CREATE)


def _population_fields(
    subambito: SubAmbito, year: int, criterion: str, population_year: int | None, note: str
) -> dict[str, Any]:
    if criterion != SplitCriterion.POPULATION:
        return {"population_year": None, "population_year_note": ""}
    bodies = subambito_comuni(subambito, year)
    chosen = resolve_population_year(bodies, year, population_year, note)
    return {"population_year": chosen, "population_year_note": note.strip() if chosen != year - 1 else ""}


@transaction.atomic
def quota_create(
    *,
    actor: Any,
    subambito: SubAmbito,
    year: int,
    total: Decimal,
    criterion: str = SplitCriterion.POPULATION,
    description: str = "",
    population_year: int | None = None,
    population_year_note: str = "",
    weights: Mapping[int, Decimal] | None = None,
    amounts: Mapping[int, Decimal] | None = None,
) -> SubAmbitoQuota:
    rules.require_manage_quotas(actor, subambito)
    total = checked_amount(total, "total")
    quota = SubAmbitoQuota(
        subambito=subambito,
        year=year,
        total=total,
        criterion=criterion,
        **_population_fields(subambito, year, criterion, population_year, population_year_note),
    )
    if description.strip():
        quota.description = description.strip()
    save_new(quota, actor=actor)
    _split(actor, quota, weights, amounts)
    return quota


@transaction.atomic
def quota_update(
    *,
    actor: Any,
    quota: SubAmbitoQuota,
    total: Decimal,
    criterion: str,
    description: str,
    population_year: int | None = None,
    population_year_note: str = "",
    weights: Mapping[int, Decimal] | None = None,
    amounts: Mapping[int, Decimal] | None = None,
) -> SubAmbitoQuota:
    rules.require_manage_quotas(actor, quota.subambito)
    lock(quota)
    rules.require_quota_editable(quota)
    changes: dict[str, Any] = {
        "total": checked_amount(total, "total"),
        "criterion": criterion,
        "description": description.strip() or quota.description,
        **_population_fields(quota.subambito, quota.year, criterion, population_year, population_year_note),
    }
    save_changes(quota, actor=actor, changes=changes)
    _split(actor, quota, weights, amounts)
    return quota


@transaction.atomic
def quota_delete(*, actor: Any, quota: SubAmbitoQuota) -> None:
    rules.require_manage_quotas(actor, quota.subambito)
    lock(quota)
    rules.require_quota_editable(quota)
    for share in quota.shares.all():
        delete_audited(share, actor=actor)
    delete_audited(quota, actor=actor)


def _decide(actor: Any, quota: SubAmbitoQuota, reference: str, on: date) -> SubAmbitoQuota:
    lock(quota)
    rules.require_quota_editable(quota)
    if not reference.strip():
        raise ValidationError({"reference": _("Indica la deliberazione dell'assemblea.")})
    save_changes(
        quota,
        actor=actor,
        changes={
            "status": rules.quota_decided_status(),
            "decision_reference": reference.strip(),
            "decided_on": on,
        },
    )
    return quota


@transaction.atomic
def quota_record_decision(*, actor: Any, quota: SubAmbitoQuota, reference: str, on: date) -> SubAmbitoQuota:
    """The sub-ambito's assembly adopted the quota (the assemblies service calls this; the deliberation is the
    authority)."""
    return _decide(actor, quota, reference, on)


@transaction.atomic
def quota_decide_outside(*, actor: Any, quota: SubAmbitoQuota, reference: str, on: date) -> SubAmbitoQuota:
    """The Ufficio di Piano records a decision the assembly took outside the app, with its act."""
    rules.require_manage_quotas(actor, quota.subambito)
    return _decide(actor, quota, reference, on)


@transaction.atomic
def quota_payment_record(
    *, actor: Any, share: QuotaShare, paid_on: date, amount: Decimal, reference: str = ""
) -> QuotaPayment:
    """A comune's payment of its share; never more than it owes (the share's row is locked, so two offices
    recording at once cannot both pass)."""
    quota = share.quota
    rules.require_manage_quotas(actor, quota.subambito)
    if not rules.quota_payable(quota):
        raise ValidationError(_("Si registrano pagamenti solo su una quota deliberata."), code="status")
    lock(share)
    amount = checked_amount(amount, "amount")
    if not amount:
        raise ValidationError({"amount": _("L'importo deve essere positivo.")})
    paid = share.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if paid + amount > share.amount:
        raise ValidationError(
            {
                "amount": _("%(body)s deve ancora %(owed)s EUR: il pagamento di %(amount)s EUR lo supera.")
                % {"body": share.organization, "owed": share.amount - paid, "amount": amount}
            }
        )
    payment = QuotaPayment(
        share=share, paid_on=paid_on, amount=amount, reference=reference, recorded_by=actor
    )
    save_new(payment, actor=actor)
    return payment
