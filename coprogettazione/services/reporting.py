"""Writes about expense reports: the partner submits a debit note with its lines, receipts and co-financing; the
administration reviews it (approving each line, or reducing it with a reason), pays it with a liquidation act on a
valid DURC, never beyond the partnership's budget, and records what the partner returns."""

import hashlib
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coprogettazione import accounts, rules
from coprogettazione.models import (
    ExpenseCategory,
    ExpenseLine,
    ExpenseReport,
    Liquidation,
    Partnership,
    Receipt,
    Repayment,
    ReportedCoFinancing,
)
from core.audit import lock, save_changes, save_new
from governance.apportionment import checked_amount, euro


def _receipt(report: ExpenseReport, upload: UploadedFile, actor: Any) -> Receipt:
    limit = settings.RECEIPT_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                "receipts": _("«%(name)s» supera %(mb)d MB.")
                % {"name": upload.name, "mb": settings.RECEIPT_MAX_UPLOAD_MB}
            }
        )
    data = upload.read()
    if not any(data.startswith(magic) for magic in rules.RECEIPT_SIGNATURES):
        raise ValidationError(
            {"receipts": _("«%(name)s» non è un PDF, un JPEG o un PNG.") % {"name": upload.name}}
        )
    digest = hashlib.sha256(data).hexdigest()
    if report.receipts.filter(sha256=digest).exists():
        raise ValidationError({"receipts": _("«%(name)s» è già allegato.") % {"name": upload.name}})
    receipt = Receipt(
        report=report,
        original_name=(upload.name or "giustificativo")[:255],
        size=len(data),
        sha256=digest,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    receipt.file.save(f"{digest}-{receipt.original_name}", ContentFile(data), save=False)
    save_new(receipt, actor=actor)
    return receipt


@transaction.atomic
def expense_report_submit(
    *,
    actor: Any,
    partnership: Partnership,
    period_start: date,
    period_end: date,
    debit_note_number: str,
    debit_note_date: date,
    lines: Sequence[dict[str, Any]],
    receipts: Sequence[UploadedFile],
    co_financing: Sequence[dict[str, Any]] = (),
) -> ExpenseReport:
    """A periodic report with its debit note (outside VAT), lines by category, receipts and co-financing."""
    if actor is not None and not rules.may_report(actor, partnership):
        raise PermissionDenied(_("Rendiconta il partner, per le proprie attività."))
    lock(partnership)
    if not rules.partnership_active(partnership):
        raise ValidationError(_("Si rendiconta un partenariato in corso."), code="status")
    if period_start < partnership.start_date or period_end > partnership.end_date:
        raise ValidationError(
            {
                "period_end": _("Le spese stanno nel periodo della convenzione: dal %(start)s al %(end)s.")
                % {
                    "start": partnership.start_date.strftime("%d/%m/%Y"),
                    "end": partnership.end_date.strftime("%d/%m/%Y"),
                }
            }
        )
    last = ExpenseReport.objects.filter(partnership=partnership).order_by("-number").first()
    if last is not None and period_start <= last.period_end:
        raise ValidationError(
            {
                "period_start": _(
                    "Il periodo riprende dopo il %(day)s, fine della rendicontazione precedente."
                )
                % {"day": last.period_end.strftime("%d/%m/%Y")}
            }
        )
    if not lines:
        raise ValidationError({"lines": _("Indica almeno una voce di spesa.")})
    if not receipts:
        raise ValidationError({"receipts": _("Allega i giustificativi di spesa.")})
    number = (
        ExpenseReport.objects.filter(partnership=partnership).aggregate(last=Max("number"))["last"] or 0
    ) + 1
    report = ExpenseReport(
        partnership=partnership,
        number=number,
        period_start=period_start,
        period_end=period_end,
        debit_note_number=debit_note_number.strip(),
        debit_note_date=debit_note_date,
        submitted_by=actor if getattr(actor, "pk", None) else None,
    )
    save_new(report, actor=actor)
    for position, line in enumerate(lines, start=1):
        if line["category"] not in ExpenseCategory.values:
            raise ValidationError({"lines": _("Categoria di spesa sconosciuta.")})
        save_new(
            ExpenseLine(
                report=report,
                position=position,
                category=line["category"],
                description=line["description"],
                amount=checked_amount(line["amount"], "lines"),
            ),
            actor=actor,
        )
    for item in co_financing:
        save_new(
            ReportedCoFinancing(
                report=report,
                kind=item["kind"],
                description=item["description"],
                amount=checked_amount(item["amount"], "co_financing"),
            ),
            actor=actor,
        )
    for upload in receipts:
        _receipt(report, upload, actor)
    return report


@transaction.atomic
def expense_review_start(*, actor: Any, report: ExpenseReport) -> ExpenseReport:
    rules.require_manage(actor, report.partnership.programme.procedure)
    lock(report)
    rules.check_expense_transition(report, rules.E.UNDER_REVIEW)
    save_changes(report, actor=actor, changes={"status": rules.E.UNDER_REVIEW})
    return report


@transaction.atomic
def expense_review_decide(
    *, actor: Any, report: ExpenseReport, decisions: dict[int, dict[str, Any]], note: str = ""
) -> ExpenseReport:
    """Every line approved in full, or reduced with a reason (activities not carried out among them); the report is
    approved, or approved with reductions. The approved total never passes the partnership's budget."""
    partnership = report.partnership
    rules.require_manage(actor, partnership.programme.procedure)
    lock(partnership)
    lock(report)
    if not rules.reviewable(report):
        raise ValidationError(_("La rendicontazione non è in istruttoria."), code="status")
    lines = list(report.lines.all())
    missing = [line.position for line in lines if line.pk not in decisions]
    if missing:
        raise ValidationError(
            _("Decidi ogni voce: mancano le voci n. %(lines)s.") % {"lines": ", ".join(map(str, missing))}
        )
    reduced = False
    approved_here = Decimal(0)
    for line in lines:
        decision = decisions[line.pk]
        approved = checked_amount(decision["approved_amount"], "approved_amount")
        reason = (decision.get("reason") or "").strip()
        if approved > line.amount:
            raise ValidationError(
                {
                    "approved_amount": _("Voce %(n)d: si riconosce al massimo %(amount)s.")
                    % {"n": line.position, "amount": euro(line.amount)}
                }
            )
        if approved < line.amount and not reason:
            raise ValidationError(
                {"reason": _("Voce %(n)d: indica il motivo della riduzione.") % {"n": line.position}}
            )
        reduced = reduced or approved < line.amount
        approved_here += approved
        save_changes(
            line,
            actor=actor,
            changes={
                "approved_amount": approved,
                "reduction_reason": reason if approved < line.amount else "",
                "not_carried_out": bool(decision.get("not_carried_out")) and approved < line.amount,
            },
        )
    # The report is still in review here: the account's approved total is that of the reports reviewed before it.
    account = accounts.partnership_account(partnership)
    if account.approved + approved_here > account.budget.total:
        raise ValidationError(
            _("Riconoscendo %(here)s si supera il budget del partenariato (%(total)s): restano %(left)s.")
            % {
                "here": euro(approved_here),
                "total": euro(account.budget.total),
                "left": euro(account.budget.total - account.approved),
            },
            code="budget",
        )
    target = rules.E.REDUCED if reduced else rules.E.APPROVED
    rules.check_expense_transition(report, target)
    save_changes(
        report,
        actor=actor,
        changes={"status": target, "reviewed_by": actor, "reviewed_at": timezone.now(), "review_note": note},
    )
    return report


@transaction.atomic
def liquidation_record(
    *,
    actor: Any,
    partnership: Partnership,
    amount: Decimal,
    act_number: str,
    act_date: date,
    paid_on: date,
    durc_valid_until: date,
    durc_reference: str,
    report: ExpenseReport | None = None,
) -> Liquidation:
    """A payment: on an approved report (up to what it approved, less what was paid on it) or in advance; never
    beyond the partnership's budget; with its liquidation act, a DURC valid on the payment date and the CUP."""
    rules.require_manage(actor, partnership.programme.procedure)
    lock(partnership)
    amount = checked_amount(amount, "amount")
    if not amount:
        raise ValidationError({"amount": _("L'importo deve essere positivo.")})
    if durc_valid_until < paid_on:
        raise ValidationError(
            {
                "durc_valid_until": _(
                    "Il DURC scade il %(until)s: non è valido alla data del pagamento (%(paid)s)."
                )
                % {"until": durc_valid_until.strftime("%d/%m/%Y"), "paid": paid_on.strftime("%d/%m/%Y")}
            }
        )
    if not (act_number.strip() and durc_reference.strip()):
        raise ValidationError(_("Indica l'atto di liquidazione e il protocollo del DURC."))
    account = accounts.partnership_account(partnership)
    if account.paid + amount > account.budget.total:
        raise ValidationError(
            {
                "amount": _("Oltre il budget del partenariato: si possono pagare ancora %(left)s.")
                % {"left": euro(account.budget.total - account.paid)}
            },
            code="budget",
        )
    if report is not None:
        lock(report)
        if report.partnership_id != partnership.pk or not rules.payable(report):
            raise ValidationError(
                {"report": _("Si paga una rendicontazione approvata di questo partenariato.")}
            )
        _claimed, approved, paid = accounts.report_totals(report)
        if paid + amount > approved:
            raise ValidationError(
                {
                    "amount": _(
                        "La rendicontazione ha riconosciuto %(approved)s: restano da pagare %(left)s."
                    )
                    % {"approved": euro(approved), "left": euro(approved - paid)}
                },
                code="report",
            )
    liquidation = Liquidation(
        partnership=partnership,
        report=report,
        amount=amount,
        act_number=act_number.strip(),
        act_date=act_date,
        paid_on=paid_on,
        durc_valid_until=durc_valid_until,
        durc_reference=durc_reference.strip(),
        cup=partnership.programme.cup,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    save_new(liquidation, actor=actor)
    if report is not None:
        _claimed, approved, paid = accounts.report_totals(report)
        if paid == approved:
            save_changes(report, actor=actor, changes={"status": rules.E.PAID})
    return liquidation


@transaction.atomic
def repayment_record(
    *, actor: Any, partnership: Partnership, amount: Decimal, paid_on: date, reference: str
) -> Repayment:
    """What the partner returned of what it received beyond the approved expenses."""
    rules.require_manage(actor, partnership.programme.procedure)
    lock(partnership)
    amount = checked_amount(amount, "amount")
    due = accounts.partnership_account(partnership).to_return
    if not amount or amount > due:
        raise ValidationError({"amount": _("Il partner deve restituire %(due)s.") % {"due": euro(due)}})
    repayment = Repayment(partnership=partnership, amount=amount, paid_on=paid_on, reference=reference)
    save_new(repayment, actor=actor)
    return repayment
