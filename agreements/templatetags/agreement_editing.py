"""Template helpers for an agreement's page: the editing actions, dates an act states in part."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from agreements.lifecycle import TRANSITIONS
from agreements.models import Agreement, AgreementStatus, DatePrecision
from agreements.partial_dates import format_partial_date
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


@register.filter
def signed_on_text(party: Any) -> str:
    """When a party of a registered act signed, at the precision the act states («nel 2024», «il 28/03/2012»)."""
    if party.signed_on is None:
        return ""
    text = format_partial_date(party.signed_on, party.signed_on_precision)
    if party.signed_on_precision == DatePrecision.DAY:
        return _("firmato il %(date)s") % {"date": text}
    if party.signed_on_precision == DatePrecision.MONTH:
        return _("firmato a %(date)s") % {"date": text}
    return _("firmato nel %(date)s") % {"date": text}


@register.filter
def in_force_since_text(agreement: Any) -> str:
    return format_partial_date(agreement.in_force_since, agreement.in_force_since_precision)
