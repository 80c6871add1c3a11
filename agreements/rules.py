"""The rules of an agreement, in one place: which states it moves between, what each state allows, which
parties sign, and who may do what on it now. Services enforce them; views, serializers and templates only ask
(`actions_for` gives a page everything it offers). No other module spells a status or a role out."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import (
    Agreement,
    AgreementDocument,
    AgreementOrigin,
    AgreementVersion,
    Party,
    PartyRole,
    VersionStatus,
)
from agreements.models import AgreementStatus as S
from governance import permissions
from governance.models import Ambito, Role, RoleAssignment

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.IN_APPROVAL}),
    S.IN_APPROVAL: frozenset({S.APPROVED, S.DRAFT}),
    S.APPROVED: frozenset({S.IN_SIGNATURE, S.DRAFT}),
    S.IN_SIGNATURE: frozenset({S.IN_FORCE, S.APPROVED}),
    S.IN_FORCE: frozenset({S.EXPIRED, S.RENEWED}),
    S.EXPIRED: frozenset({S.RENEWED}),
    S.RENEWED: frozenset(),
    # An act whose signing is not documented leaves that state only when a renewal replaces it.
    S.UNDOCUMENTED: frozenset({S.RENEWED}),
}


# Money changes hands under an agreement that has come into force (and stays owed after it ends);
# before that there is nothing to pay.
PAYMENT_STATES: frozenset[str] = frozenset({S.IN_FORCE, S.EXPIRED, S.RENEWED})


# Acts signed before the app (agreements/services/registration.py): what may be registered as signed, and
# the states of an act registered as signed (a signed copy can be attached to it).
REGISTRABLE: tuple[str, ...] = (S.DRAFT, S.UNDOCUMENTED)
REGISTERED_SIGNED: tuple[str, ...] = (S.IN_FORCE, S.EXPIRED, S.RENEWED)
# The parties' deliberations are recorded while they approve the text.
DELIBERATION_STATES: tuple[str, ...] = (S.DRAFT, S.IN_APPROVAL)


# An assembly approves the text of an agreement being drafted or approved: a draft then goes to the parties'
# deliberations (an agreement already there stays, with the assembly's act recorded).
ASSEMBLY_APPROVABLE: tuple[str, ...] = (S.DRAFT, S.IN_APPROVAL)
AFTER_ASSEMBLY_APPROVAL: dict[str, str] = {S.DRAFT: S.IN_APPROVAL}


def registered_status(agreement: Agreement, today: date | None = None) -> str:
    """The state of a signed act follows from its dates: the stated end date decides."""
    today = today or timezone.localdate()
    return S.EXPIRED if agreement.end_date is not None and agreement.end_date < today else S.IN_FORCE


def accepts_signed_copies(agreement: Agreement) -> bool:
    return agreement.origin == AgreementOrigin.REGISTERED and agreement.status in REGISTERED_SIGNED


def deliberations_recordable(agreement: Agreement) -> bool:
    """While the parties approve the text; and for an act signed before the app, whenever its deliberations
    are found (the act or the archive states them, the app records them as they are)."""
    return agreement.status in DELIBERATION_STATES or agreement.origin == AgreementOrigin.REGISTERED


class IllegalTransition(ValidationError):
    pass


def accepts_payments(status: str) -> bool:
    return status in PAYMENT_STATES


def check_payable(status: str) -> None:
    if not accepts_payments(status):
        raise ValidationError(
            _(
                "Un pagamento si registra solo su un accordo entrato in vigore: questo è «%(status)s». "
                "Le quote diventano dovute dall'entrata in vigore."
            )
            % {"status": S(status).label},
            code="not_in_force",
        )


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        allowed = ", ".join(sorted(str(S(state).label) for state in TRANSITIONS.get(current, frozenset())))
        raise IllegalTransition(
            _("Un accordo «%(current)s» non può passare a «%(target)s». Passaggi possibili: %(allowed)s.")
            % {
                "current": S(current).label,
                "target": S(target).label,
                "allowed": allowed or _("nessuno (stato finale)"),
            },
            code="illegal_transition",
        )


def next_states(status: str) -> list[str]:
    """The states an agreement in `status` may move to, in the order of the lifecycle."""
    order = list(S.values)
    return sorted(TRANSITIONS.get(status, frozenset()), key=order.index)


def is_step_back(current: str, target: str) -> bool:
    """Back to the draft, or a signature round abandoned: the page asks twice and shows it in red."""
    return target == S.DRAFT or (current == S.IN_SIGNATURE and target == S.APPROVED)


# --- what each state allows -------------------------------------------------------------------------

# Renewal: an act in force, expired, or whose signing is not documented becomes the draft of its successor.
RENEWABLE: tuple[str, ...] = (S.IN_FORCE, S.EXPIRED, S.UNDOCUMENTED)
# The data and the parties are settled while the text is a draft; signatories until signing starts.
SIGNATORY_STATES: tuple[str, ...] = (S.DRAFT, S.IN_APPROVAL, S.APPROVED)


def text_editable(agreement: Agreement, version: AgreementVersion) -> bool:
    """The text that can still change: the draft while the agreement is a draft, or a proposed amendment."""
    if version.status == VersionStatus.PROPOSED:
        return True
    return version.status == VersionStatus.DRAFT and agreement.status == S.DRAFT


def shown_version(versions: list[AgreementVersion]) -> AgreementVersion:
    """The version a page shows by default: the text in force, else the draft, else the latest."""
    return next(
        (v for v in reversed(versions) if v.status in (VersionStatus.CURRENT, VersionStatus.DRAFT)),
        versions[-1],
    )


def proposed_versions(versions: Iterable[AgreementVersion]) -> list[AgreementVersion]:
    return [version for version in versions if version.status == VersionStatus.PROPOSED]


# --- parties ---------------------------------------------------------------------------------------

# Every party signs but a body that adheres later (it joins an agreement already in force by its own act).
SIGNING: Q = ~Q(role=PartyRole.ADERENTE)


def signs(party: Party) -> bool:
    return party.role != PartyRole.ADERENTE


def signing_parties(parties: Iterable[Party]) -> list[Party]:
    return [party for party in parties if signs(party)]


def role_note(party: Party) -> str:
    """What the printed act says after a party that leads: the capofila, the sub-ambito's referente."""
    if party.role == PartyRole.CAPOFILA:
        return _("ente capofila")
    if party.role == PartyRole.REFERENTE:
        return _("ente referente")
    return ""


def withdrawable(agreement: Agreement, party: Party) -> bool:
    """A party withdraws from an agreement in force, once (its notice then runs)."""
    return agreement.status == S.IN_FORCE and party.withdrawal_notified_on is None


# --- who may ----------------------------------------------------------------------------------------


def may_manage_ambito(user: Any, ambito: Ambito) -> bool:
    """The Ufficio di Piano of the ambito drafts and manages its agreements."""
    return permissions.can_manage_ambito(user, ambito)


def may_manage(user: Any, agreement: Agreement) -> bool:
    return may_manage_ambito(user, agreement.ambito)


def may_draft_agreements(user: Any) -> bool:
    """Whether the user is the Ufficio di Piano of some ambito, and so may draft agreements."""
    return bool(user.is_authenticated) and permissions.ambiti_manageable_by(user).exists()


# Roles of a party's own body that may upload the file its signatory signed (the mayor, or the officer
# who files it for them); the Ufficio di Piano may too, as it collects signed files sent by PEC.
SIGNING_ROLES = (Role.SINDACO, Role.OPERATORE_COMUNALE, Role.ETS, Role.CAPOFILA)


def may_upload_signature(user: Any, party: Party) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if party.signatory_id is not None and user.person_id == party.signatory_id:
        return True
    if may_manage(user, party.agreement):
        return True
    return RoleAssignment.objects.filter(
        user=user, organization_id=party.organization_id, role__in=SIGNING_ROLES
    ).exists()


def may_use_test_signer(user: Any, party: Party) -> bool:
    """The built-in signer stands in for the signatory's own signing tool: the signatory may use it, and so
    may the Ufficio di Piano running the agreement, to walk a demo through every party's signature (it only
    exists while the test CA is on, never with real certificates)."""
    if not getattr(user, "is_authenticated", False) or party.signatory_id is None:
        return False
    return user.person_id == party.signatory_id or may_manage(user, party.agreement)


# --- what a page offers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    state: str
    label: str
    step_back: bool


@dataclass(frozen=True)
class AgreementActions:
    """What the agreement's page offers this user now. The page shows exactly these; the services refuse the
    rest anyway."""

    manage: bool  # the Ufficio di Piano of its ambito
    edit_data: bool  # its data, new parties, parties out of the draft
    edit_text: bool  # premises and articles of the text that can still change
    proposed: tuple[AgreementVersion, ...]  # amendments awaiting the parties' approval
    propose_amendment: bool
    adhere: bool  # a body joins the agreement in force
    edit_signatories: bool
    renew: bool
    transitions: tuple[Transition, ...]
    signatures_shown: bool  # the signature section (not for a draft)
    collecting_signatures: bool
    parties_open: bool  # the parties' list opens by itself while they are being settled
    document_requestable: bool  # ask the worker for the PDF (again)


def actions_for(
    user: Any, agreement: Agreement, versions: list[AgreementVersion], document: AgreementDocument | None
) -> AgreementActions:
    manage = may_manage(user, agreement)
    status = agreement.status
    last = versions[-1] if versions else None
    amendment_pending = last is not None and last.status == VersionStatus.PROPOSED
    editable = last is not None and text_editable(agreement, last)
    requestable = manage and (
        (document is None or not (document.is_ready or document.in_progress)) or document.is_stuck
    )
    return AgreementActions(
        manage=manage,
        edit_data=manage and status == S.DRAFT,
        edit_text=manage and editable,
        proposed=tuple(proposed_versions(versions)) if manage else (),
        propose_amendment=manage and status == S.IN_FORCE and not amendment_pending,
        adhere=manage and status == S.IN_FORCE,
        edit_signatories=manage and status in SIGNATORY_STATES,
        renew=manage and status in RENEWABLE,
        transitions=tuple(
            Transition(state, str(S(state).label), is_step_back(status, state))
            for state in next_states(status)
        )
        if manage
        else (),
        signatures_shown=status != S.DRAFT,
        collecting_signatures=status == S.IN_SIGNATURE,
        parties_open=status in (S.DRAFT, S.IN_APPROVAL),
        document_requestable=bool(requestable),
    )
