"""Reads of agreements, filtered by object permission, with what each party owes."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agreements import rules
from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementOrigin,
    AgreementStatus,
    AgreementVersion,
    AmendmentApproval,
    Article,
    DocumentStatus,
    MoneyClause,
    Party,
    Premise,
    Share,
    Signature,
    SignedCopy,
    VersionStatus,
)
from agreements.rules import SIGNING_ROLES
from documents import chain
from governance import permissions
from governance.models import Ambito, Organization, RoleAssignment


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


def agreement_filter_choices(*, user: Any) -> dict[str, list[Any]]:
    """The ambiti and the parties of the agreements the user sees, for the list's filters (two queries)."""
    visible = permissions.filter_visible(user, Agreement.objects.all()).values("pk")
    return {
        "ambiti": list(Ambito.objects.filter(agreements__in=visible).distinct().order_by("name")),
        "party_organizations": list(
            Organization.objects.filter(agreement_parties__agreement__in=visible).distinct().order_by("name")
        ),
    }


def agreement_detail(*, user: Any, pk: int) -> Agreement:
    queryset = permissions.filter_visible(user, Agreement.objects.all()).select_related("ambito", "renews")
    queryset = queryset.prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organization", "signatory", "represents")),
        Prefetch("versions", queryset=AgreementVersion.objects.prefetch_related("articles", "premises")),
        "money_clauses__shares__installments",
        "money_clauses__shares__payments",
        "money_clauses__shares__party__organization",
        Prefetch(
            "signed_copies", queryset=SignedCopy.objects.prefetch_related("signers__party__organization")
        ),
    )
    return get_object_or_404(queryset, pk=pk)


def registration_summary(agreement: Agreement) -> dict[str, Any]:
    """For an act signed before the app: what it is and what can be done with it (callers prefetch
    `signed_copies`). `registrable`: it may be registered as signed; `accepts_copies`: signed files may be
    attached; `undocumented`: its copy shows no signature."""
    return {
        "registered": agreement.origin == AgreementOrigin.REGISTERED,
        "registrable": agreement.status in rules.REGISTRABLE,
        "accepts_copies": rules.accepts_signed_copies(agreement),
        "undocumented": agreement.status == AgreementStatus.UNDOCUMENTED,
        "copies": list(agreement.signed_copies.all()),
    }


BINDING = (AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED, AgreementStatus.RENEWED)


def share_balance(share: Share, *, binding: bool = True, on: date | None = None) -> dict[str, Any]:
    """Due so far (installments up to `on`, or the whole share without a schedule), paid, and still owed.
    Nothing is due under an agreement that does not bind its parties yet (draft, approval, signature).
    A withdrawing party owes the installments due up to its withdrawal's effective date, that day included, and
    not those after it; the other parties' shares are not re-split (docs/money.md). Callers prefetch the party.
    `next_due`: the next installment still to fall due (None when there is none, or nothing binds yet)."""
    day = on or timezone.localdate()
    installments = sorted(share.installments.all(), key=lambda i: i.due_date)
    withdrawal = share.party.withdrawal_effective_on
    next_due = None
    if not binding:
        due = Decimal(0)
    elif installments:
        last = min(day, withdrawal) if withdrawal is not None else day
        due = sum((i.amount for i in installments if i.due_date <= last), Decimal(0))
        next_due = next(
            (
                i
                for i in installments
                if i.due_date > day and (withdrawal is None or i.due_date <= withdrawal)
            ),
            None,
        )
    else:
        due = share.amount
    paid = sum((payment.amount for payment in share.payments.all()), Decimal(0))
    return {
        "due": due,
        "paid": paid,
        "owed": max(due - paid, Decimal(0)),
        "total": share.amount,
        "next_due": next_due,
    }


def agreements_of_organization(*, user: Any, organization: Organization) -> list[dict[str, Any]]:
    """For an organization's page: its agreements, what it owes on each, and whether its signature is awaited."""
    agreements = agreement_list(user=user, party=organization.pk).prefetch_related(
        Prefetch("parties", queryset=Party.objects.filter(organization=organization)),
    )
    shares = Share.objects.filter(
        party__organization=organization, clause__agreement__in=agreements
    ).prefetch_related("installments", "payments")
    owed: dict[int, Decimal] = {}
    next_due: dict[int, Any] = {}
    for share in shares.select_related("clause__agreement", "party"):
        balance = share_balance(share, binding=share.clause.agreement.status in BINDING)
        owed[share.clause.agreement_id] = owed.get(share.clause.agreement_id, Decimal(0)) + balance["owed"]
        upcoming, earlier = balance["next_due"], next_due.get(share.clause.agreement_id)
        if upcoming is not None and (earlier is None or upcoming.due_date < earlier.due_date):
            next_due[share.clause.agreement_id] = upcoming
    rows = []
    for agreement in agreements:
        own = agreement.parties.all()[0] if agreement.parties.all() else None
        rows.append(
            {
                "agreement": agreement,
                "party": own,
                "owed": owed.get(agreement.pk, Decimal(0)),
                "next_due": next_due.get(agreement.pk),
                "awaits_signature": agreement.status == AgreementStatus.IN_SIGNATURE
                and own is not None
                and own.signed_at is None,
            }
        )
    return rows


def total_owed(rows: list[dict[str, Any]]) -> Decimal:
    return sum((row["owed"] for row in rows), Decimal(0))


def current_document(agreement: Agreement) -> AgreementDocument | None:
    """The PDF of the text in force (or being drafted, or being signed), if one was requested."""
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
        "signing_parties": rules.signing_parties(parties),
        "premises": list(version.premises.order_by("position")),
        "articles": list(version.articles.order_by("number")),
    }


# --- one agreement's parts, for the API: each read starts from an agreement the user may see -------------


def agreement_visible(*, user: Any, pk: int) -> Agreement:
    """The agreement alone (with its ambito), or 404 when the user may not see it."""
    return get_object_or_404(
        permissions.filter_visible(user, Agreement.objects.select_related("ambito")), pk=pk
    )


def party_list(*, agreement: Agreement) -> QuerySet[Party]:
    return agreement.parties.select_related("organization", "signatory", "represents").order_by(
        "signing_order", "pk"
    )


def version_list(*, agreement: Agreement) -> QuerySet[AgreementVersion]:
    return agreement.versions.select_related("created_by").order_by("number")


def version_detail(*, agreement: Agreement, number: int) -> AgreementVersion:
    queryset = version_list(agreement=agreement).prefetch_related(
        "premises",
        Prefetch("articles", queryset=Article.objects.select_related("updated_by")),
        Prefetch("approvals", queryset=AmendmentApproval.objects.select_related("party__organization")),
    )
    return get_object_or_404(queryset, number=number)


def working_version_q(agreement: Agreement) -> QuerySet[AgreementVersion]:
    """The text being worked on: a proposed amendment, else the draft, else the text in force (a superseded
    version is never it). At most one row, usable as a subquery."""
    return agreement.versions.exclude(status=VersionStatus.SUPERSEDED).order_by("-number")[:1]


def article_list(*, agreement: Agreement) -> QuerySet[Article]:
    """The articles of the working text, with who last changed each (one query)."""
    return Article.objects.filter(version__in=working_version_q(agreement)).select_related("updated_by")


def premise_list(*, agreement: Agreement) -> QuerySet[Premise]:
    return Premise.objects.filter(version__in=working_version_q(agreement))


def money_clause_list(*, agreement: Agreement) -> QuerySet[MoneyClause]:
    """Clauses with their shares (party and body joined), installments and payments: four queries in all."""
    return agreement.money_clauses.prefetch_related(
        Prefetch("shares", queryset=Share.objects.select_related("party__organization")),
        "shares__installments",
        "shares__payments",
    ).order_by("pk")


# --- signatures ------------------------------------------------------------------------------------------


def signing_parties(agreement: Agreement) -> list[Party]:
    """Parties that sign, in signing order (aderenti join without signing this text)."""
    parties = rules.signing_parties(agreement.parties.all())
    return sorted(parties, key=lambda party: (party.signing_order, party.pk))


def current_state(document: AgreementDocument) -> bytes:
    """The bytes the next party must sign: the latest signed state, or the produced PDF."""
    latest = document.signatures.order_by("-sequence").first()
    return chain.current_state(document.file, [latest] if latest else [])


def signature_progress(
    *, user: Any, agreement: Agreement, document: Any = None, manages: bool | None = None
) -> dict[str, Any]:
    """Each signing party in order: its signature, whether it is its turn, and what `user` may do for it.

    Three queries whatever the number of parties: parties, signatures, the user's roles.
    """
    # The detail page has read the document and the user's right to manage already: it passes them in.
    document = document or current_document(agreement)
    parties = signing_parties(agreement)
    done = {s.party_id: s for s in document.signatures.all()} if document is not None else {}
    turn = {party.pk for party in chain.in_turn(parties, set(done))}
    if manages is None:
        manages = rules.may_manage(user, agreement)
    person_id = getattr(user, "person_id", None)
    own = (
        set(
            RoleAssignment.objects.filter(user=user, role__in=SIGNING_ROLES).values_list(
                "organization_id", flat=True
            )
        )
        if getattr(user, "is_authenticated", False)
        else set()
    )
    open_for_signing = agreement.status == AgreementStatus.IN_SIGNATURE and document is not None
    rows = []
    for party in parties:
        is_signatory = person_id is not None and party.signatory_id == person_id
        may_act = open_for_signing and party.pk in turn
        rows.append(
            {
                "party": party,
                "signature": done.get(party.pk),
                "turn": party.pk in turn and open_for_signing,
                "may_upload": may_act and (manages or is_signatory or party.organization_id in own),
                "may_test_sign": may_act
                and party.signatory_id is not None
                and (is_signatory or manages)
                and settings.SIGNATURE_TEST_CA,
            }
        )
    latest = max(done.values(), key=lambda s: s.sequence) if done else None
    return {
        "document": document,
        "rows": rows,
        "latest": latest,
        "ready": document is not None and document.status == DocumentStatus.READY,
    }


def signature_list(agreement: Agreement) -> list[Signature]:
    """Every signature of the agreement, oldest first, with its party and document."""
    return list(
        Signature.objects.filter(document__agreement=agreement)
        .select_related("party__organization", "party__signatory", "document__version", "uploaded_by")
        .order_by("document__version__number", "sequence")
    )


def signature_detail(agreement: Agreement, pk: int) -> Signature:
    return get_object_or_404(Signature.objects.filter(document__agreement=agreement), pk=pk)


def agreements_to_sign(*, user: Any) -> list[dict[str, Any]]:
    """Agreements in signature where a party the user signs for, or files signatures for, has not signed:
    as its signatory, as an officer of its body, or as the Ufficio di Piano that runs the agreement."""
    if not getattr(user, "is_authenticated", False):
        return []
    own = RoleAssignment.objects.filter(user=user, role__in=SIGNING_ROLES).values("organization_id")
    managed = permissions.filter_visible(user, Agreement.objects.all(), permissions.CHANGE).values("pk")
    mine = Q(organization_id__in=own) | Q(agreement_id__in=managed)
    if user.person_id is not None:
        mine |= Q(signatory_id=user.person_id)
    waiting = (
        Party.objects.filter(
            mine, rules.SIGNING, agreement__status=AgreementStatus.IN_SIGNATURE, signed_at__isnull=True
        )
        .select_related("agreement__ambito", "organization", "signatory")
        .order_by("agreement__title", "signing_order", "pk")
    )
    agreements = {party.agreement_id: party.agreement for party in waiting}
    all_parties: dict[int, list[Party]] = {}
    for party in Party.objects.filter(rules.SIGNING, agreement_id__in=agreements).select_related(
        "organization"
    ):
        all_parties.setdefault(party.agreement_id, []).append(party)
    rows = []
    for party in waiting:
        ordered = sorted(all_parties[party.agreement_id], key=lambda p: (p.signing_order, p.pk))
        signed = {p.pk for p in ordered if p.signed_at}
        turn = chain.in_turn(ordered, signed)
        rows.append(
            {
                "agreement": party.agreement,
                "party": party,
                "turn": party in turn,
                "waiting_for": [] if party in turn else turn,
                "is_signatory": user.person_id is not None and party.signatory_id == user.person_id,
            }
        )
    return rows
