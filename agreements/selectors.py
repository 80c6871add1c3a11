"""Reads of agreements, filtered by object permission, with what each party owes."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementStatus,
    AgreementVersion,
    DocumentStatus,
    Party,
    PartyRole,
    Share,
    VersionStatus,
)
from governance import permissions
from governance.models import Organization


def agreement_list(
    *,
    user: Any,
    search: str = "",
    kind: str = "",
    status: str = "",
    ambito: int | None = None,
    party: int | None = None,
    expiring_within_days: int | None = None,
) -> QuerySet[Agreement]:
    queryset = permissions.filter_visible(user, Agreement.objects.all()).select_related("ambito")
    if search:
        queryset = queryset.filter(
            Q(title__icontains=search) | Q(parties__organization__name__icontains=search)
        )
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if ambito:
        queryset = queryset.filter(ambito_id=ambito)
    if party:
        queryset = queryset.filter(parties__organization_id=party)
    if expiring_within_days is not None:
        today = timezone.localdate()
        queryset = queryset.filter(
            status=AgreementStatus.IN_FORCE,
            end_date__gte=today,
            end_date__lte=today + timedelta(days=expiring_within_days),
        )
    return queryset.distinct().order_by("-created_at", "pk")


def agreement_detail(*, user: Any, pk: int) -> Agreement:
    queryset = permissions.filter_visible(user, Agreement.objects.all()).select_related("ambito", "renews")
    queryset = queryset.prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organization", "signatory", "represents")),
        Prefetch("versions", queryset=AgreementVersion.objects.prefetch_related("articles", "premises")),
        "money_clauses__shares__installments",
        "money_clauses__shares__payments",
        "money_clauses__shares__party__organization",
    )
    return get_object_or_404(queryset, pk=pk)


BINDING = (AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED, AgreementStatus.RENEWED)


def share_balance(share: Share, *, binding: bool = True, on: date | None = None) -> dict[str, Decimal]:
    """Due so far (installments up to `on`, or the whole share without a schedule), paid, and still owed.
    Nothing is due under an agreement that does not bind its parties yet (draft, approval, signature).
    A withdrawing party owes the installments due up to its withdrawal's effective date, that day included, and
    not those after it; the other parties' shares are not re-split (docs/money.md). Callers prefetch the party."""
    day = on or timezone.localdate()
    installments = list(share.installments.all())
    if not binding:
        due = Decimal(0)
    elif installments:
        withdrawal = share.party.withdrawal_effective_on
        last = min(day, withdrawal) if withdrawal is not None else day
        due = sum((i.amount for i in installments if i.due_date <= last), Decimal(0))
    else:
        due = share.amount
    paid = sum((payment.amount for payment in share.payments.all()), Decimal(0))
    return {"due": due, "paid": paid, "owed": max(due - paid, Decimal(0)), "total": share.amount}


def agreements_of_organization(*, user: Any, organization: Organization) -> list[dict[str, Any]]:
    """For an organization's page: its agreements, what it owes on each, and whether its signature is awaited."""
    agreements = agreement_list(user=user, party=organization.pk).prefetch_related(
        Prefetch("parties", queryset=Party.objects.filter(organization=organization)),
    )
    shares = Share.objects.filter(
        party__organization=organization, clause__agreement__in=agreements
    ).prefetch_related("installments", "payments")
    owed: dict[int, Decimal] = {}
    for share in shares.select_related("clause__agreement", "party"):
        balance = share_balance(share, binding=share.clause.agreement.status in BINDING)
        owed[share.clause.agreement_id] = owed.get(share.clause.agreement_id, Decimal(0)) + balance["owed"]
    rows = []
    for agreement in agreements:
        own = agreement.parties.all()[0] if agreement.parties.all() else None
        rows.append(
            {
                "agreement": agreement,
                "party": own,
                "owed": owed.get(agreement.pk, Decimal(0)),
                "awaits_signature": agreement.status == AgreementStatus.IN_SIGNATURE
                and own is not None
                and own.signed_at is None,
            }
        )
    return rows


def total_owed(rows: list[dict[str, Any]]) -> Decimal:
    return sum((row["owed"] for row in rows), Decimal(0))


def current_document(agreement: Agreement) -> AgreementDocument | None:
    """The PDF of the text in force (or being drafted), if one was requested."""
    version = (
        agreement.versions.filter(status__in=[VersionStatus.CURRENT, VersionStatus.DRAFT])
        .order_by("-number")
        .first()
    )
    return AgreementDocument.objects.filter(version=version).first() if version else None


def ready_document(agreement: Agreement, pk: int) -> AgreementDocument:
    return get_object_or_404(agreement.documents.filter(status=DocumentStatus.READY), pk=pk)


def print_context(document: AgreementDocument) -> dict[str, Any]:
    """Everything the printed agreement shows, read once."""
    agreement, version = document.agreement, document.version
    parties = list(agreement.parties.select_related("organization", "signatory", "represents"))
    return {
        "agreement": agreement,
        "title": agreement.title,
        "parties": parties,
        "signing_parties": [party for party in parties if party.role != PartyRole.ADERENTE],
        "premises": list(version.premises.order_by("position")),
        "articles": list(version.articles.order_by("number")),
    }
