"""Expense reports: the partner submits a debit note with lines, receipts (kept with their hash) and co-financing; the
administration approves or reduces lines with a reason; payments carry their liquidation act, a DURC valid on the
payment date and the CUP, and never pass the approved amount or the budget; an advance beyond the approved expenses
is to be returned."""

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from coprogettazione import accounts, services
from coprogettazione.models import ExpenseReport, ExpenseStatus, Liquidation, Receipt
from governance.models import Role
from tests.coprogettazione.helpers import PDF, D, active_partnership, receipt, submitted
from tests.worlds import World, make_user

pytestmark = pytest.mark.django_db

PAY: dict[str, Any] = {
    "act_number": "Determinazione di liquidazione n. 510",
    "act_date": date(2026, 5, 20),
    "paid_on": date(2026, 5, 25),
    "durc_valid_until": date(2026, 7, 1),
    "durc_reference": "INAIL_41234567",
}


def decide(world: World, report: ExpenseReport, *pairs: tuple[str, str]) -> ExpenseReport:
    services.expense_review_start(actor=world.udp, report=report)
    decisions = {
        line.pk: {"approved_amount": D(amount), "reason": reason, "not_carried_out": bool(reason)}
        for line, (amount, reason) in zip(report.lines.order_by("position"), pairs, strict=True)
    }
    return services.expense_review_decide(actor=world.udp, report=report, decisions=decisions)


def test_the_partner_submits_a_report_with_its_receipts(world: World, private_media: object) -> None:
    partnership = active_partnership(world)
    report = submitted(partnership, partnership.ets_user)
    assert (report.number, report.status) == (1, ExpenseStatus.SUBMITTED)
    stored = report.receipts.get()
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest() and stored.size == len(PDF)
    assert stored.file.read() == PDF
    assert report.co_financing.get().amount == D("1500.00")
    # Another body's user cannot report for the partner; periods follow each other; receipts are real files.
    stranger = make_user("ets.beta", world.w, Role.ETS)
    with pytest.raises(PermissionDenied):
        submitted(partnership, stranger, period_start=date(2026, 4, 1), period_end=date(2026, 6, 30))
    with pytest.raises(ValidationError, match="31/03/2026"):
        submitted(
            partnership, partnership.ets_user, period_start=date(2026, 3, 1), period_end=date(2026, 6, 30)
        )
    with pytest.raises(ValidationError, match="non è un PDF"):
        submitted(
            partnership,
            partnership.ets_user,
            period_start=date(2026, 4, 1),
            period_end=date(2026, 6, 30),
            receipts=[receipt("nota.txt", b"testo")],
        )
    with pytest.raises(ValidationError, match="già allegato"):
        submitted(
            partnership,
            partnership.ets_user,
            period_start=date(2026, 4, 1),
            period_end=date(2026, 6, 30),
            receipts=[receipt("a.pdf"), receipt("b.pdf")],
        )
    with pytest.raises(ValidationError, match="giustificativi"):
        submitted(
            partnership,
            partnership.ets_user,
            period_start=date(2026, 4, 1),
            period_end=date(2026, 6, 30),
            receipts=[],
        )
    assert ExpenseReport.objects.count() == 1 and Receipt.objects.count() == 1


def test_the_office_reduces_a_line_with_a_reason_and_approves_the_rest(
    world: World, private_media: object
) -> None:
    partnership = active_partnership(world)
    report = submitted(partnership, partnership.ets_user)
    with pytest.raises(ValidationError, match="non è in istruttoria"):
        services.expense_review_decide(actor=world.udp, report=report, decisions={})
    with pytest.raises(PermissionDenied):
        services.expense_review_start(actor=partnership.ets_user, report=report)
    services.expense_review_start(actor=world.udp, report=report)
    first, second = report.lines.order_by("position")
    with pytest.raises(ValidationError, match="motivo della riduzione"):
        services.expense_review_decide(
            actor=world.udp,
            report=report,
            decisions={
                first.pk: {"approved_amount": D("10000.00")},
                second.pk: {"approved_amount": D("1500.00")},
            },
        )
    second.refresh_from_db()
    assert second.approved_amount is None
    services.expense_review_decide(
        actor=world.udp,
        report=report,
        decisions={
            first.pk: {"approved_amount": D("10000.00")},
            second.pk: {
                "approved_amount": D("1500.00"),
                "reason": "Laboratorio di marzo non svolto",
                "not_carried_out": True,
            },
        },
    )
    assert report.status == ExpenseStatus.REDUCED
    account = accounts.partnership_account(partnership)
    assert (account.reported, account.approved, account.reduced, account.to_pay) == (
        D("12000.00"),
        D("11500.00"),
        D("500.00"),
        D("11500.00"),
    )
    assert account.co_financing_reported == D("1500.00")


def test_payments_need_a_valid_durc_and_never_pass_what_was_approved(
    world: World, private_media: object
) -> None:
    partnership = active_partnership(world)
    partnership.programme.cup = "J91H26000010004"
    partnership.programme.save(update_fields=["cup"])
    report = decide(
        world, submitted(partnership, partnership.ets_user), ("10000.00", ""), ("1500.00", "Non svolto")
    )
    with pytest.raises(ValidationError, match="non è valido alla data del pagamento"):
        services.liquidation_record(
            actor=world.udp,
            partnership=partnership,
            report=report,
            amount=D("100.00"),
            **{**PAY, "durc_valid_until": date(2026, 5, 24)},
        )
    with pytest.raises(ValidationError, match="restano da pagare"):
        services.liquidation_record(
            actor=world.udp, partnership=partnership, report=report, amount=D("11500.01"), **PAY
        )
    services.liquidation_record(
        actor=world.udp, partnership=partnership, report=report, amount=D("6000.00"), **PAY
    )
    report.refresh_from_db()
    assert report.status == ExpenseStatus.REDUCED
    last = services.liquidation_record(
        actor=world.udp, partnership=partnership, report=report, amount=D("5500.00"), **PAY
    )
    report.refresh_from_db()
    assert report.status == ExpenseStatus.PAID and last.cup == "J91H26000010004"
    with pytest.raises(PermissionDenied):
        services.liquidation_record(actor=partnership.ets_user, partnership=partnership, amount=D(1), **PAY)
    submitted_only = submitted(
        partnership,
        partnership.ets_user,
        period_start=date(2026, 4, 1),
        period_end=date(2026, 6, 30),
        receipts=[receipt(content=PDF + b"2")],
    )
    with pytest.raises(ValidationError, match="approvata"):
        services.liquidation_record(
            actor=world.udp, partnership=partnership, report=submitted_only, amount=D(1), **PAY
        )


def test_nothing_is_paid_or_approved_beyond_the_budget(world: World, private_media: object) -> None:
    partnership = active_partnership(world)
    with pytest.raises(ValidationError, match="Oltre il budget"):
        services.liquidation_record(actor=world.udp, partnership=partnership, amount=D("240000.01"), **PAY)
    big = submitted(
        partnership,
        partnership.ets_user,
        lines=[{"category": "personale", "description": "Tutto l'anno", "amount": D("250000.00")}],
    )
    services.expense_review_start(actor=world.udp, report=big)
    with pytest.raises(ValidationError, match="supera il budget"):
        services.expense_review_decide(
            actor=world.udp, report=big, decisions={big.lines.get().pk: {"approved_amount": D("250000.00")}}
        )
    big.refresh_from_db()
    assert big.status == ExpenseStatus.UNDER_REVIEW and big.lines.get().approved_amount is None


def test_an_advance_beyond_the_approved_expenses_is_returned(world: World, private_media: object) -> None:
    partnership = active_partnership(world)
    services.liquidation_record(actor=world.udp, partnership=partnership, amount=D("15000.00"), **PAY)
    decide(
        world,
        submitted(partnership, partnership.ets_user),
        ("10000.00", ""),
        ("0.00", "Acquisto non effettuato"),
    )
    account = accounts.partnership_account(partnership)
    assert (account.approved, account.net_paid, account.to_return, account.to_pay) == (
        D("10000.00"),
        D("15000.00"),
        D("5000.00"),
        D("0.00"),
    )
    with pytest.raises(ValidationError, match=r"5\.000,00"):
        services.repayment_record(
            actor=world.udp,
            partnership=partnership,
            amount=D("5000.01"),
            paid_on=date(2026, 7, 1),
            reference="Rev. 12",
        )
    services.repayment_record(
        actor=world.udp,
        partnership=partnership,
        amount=D("5000.00"),
        paid_on=date(2026, 7, 1),
        reference="Rev. 12",
    )
    assert accounts.partnership_account(partnership).to_return == D("0.00")
    assert Liquidation.objects.get().report is None


money = st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(approved=money, paid=money, returned=money)
def test_what_is_owed_either_way_is_exact(approved: Decimal, paid: Decimal, returned: Decimal) -> None:
    budget = accounts.PartnershipBudget(D("1000000.00"), D(0), D(0), D(0), D(0))
    account = accounts.PartnershipAccount(budget, approved, approved, approved, paid, returned, D(0))
    assert account.to_pay - account.to_return == approved - (paid - returned)
    assert min(account.to_pay, account.to_return) == 0
    assert account.remaining + account.approved == budget.total
