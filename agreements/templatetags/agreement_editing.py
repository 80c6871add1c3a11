"""Template helpers for the editing actions on an agreement's page."""

from typing import Any

from django import template

from agreements.lifecycle import TRANSITIONS
from agreements.models import Agreement, AgreementStatus
from governance import permissions

register = template.Library()
_ORDER = list(AgreementStatus.values)


@register.simple_tag
def next_states(agreement: Agreement) -> list[tuple[str, str]]:
    """The states the agreement may move to, from the one lifecycle table, in lifecycle order."""
    allowed = sorted(TRANSITIONS.get(agreement.status, frozenset()), key=_ORDER.index)
    return [(state, str(AgreementStatus(state).label)) for state in allowed]


@register.simple_tag
def may_draft_agreements(user: Any) -> bool:
    """Whether the user is the Ufficio di Piano of some ambito, and so may draft agreements."""
    return bool(user.is_authenticated) and permissions.ambiti_manageable_by(user).exists()
