"""Template helpers for an agreement's page: the editing actions, dates an act states in part."""

from typing import Any

from django import template
from django.utils.translation import gettext as _

from agreements import rules
from agreements.models import Agreement, DatePrecision, Party
from agreements.partial_dates import format_partial_date

register = template.Library()

# What the agreement's templates ask of agreements/rules.py (they never compare a status or a role themselves).


@register.simple_tag
def may_draft_agreements(user: Any) -> bool:
    return rules.may_draft_agreements(user)


@register.filter
def signs(party: Party) -> bool:
    return rules.signs(party)


@register.filter
def withdrawable_from(party: Party, agreement: Agreement) -> bool:
    return rules.withdrawable(agreement, party)


@register.filter
def role_note(party: Party) -> str:
    return rules.role_note(party)


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
