"""The one table of an agreement's legal transitions, and the error for every other one."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
