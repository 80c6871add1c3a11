"""The one table of an agreement's legal transitions, and the error for every other one."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementOrigin
from agreements.models import AgreementStatus as S

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
