"""The assemblies' section on an organ's page (registered on governance's detail page through core.panels)."""

from typing import Any

from django.utils import timezone

from assemblies import rules, selectors
from assemblies.models import CalendarFeed, Call, DecisionKind, MinutesRegime
from governance.models import Ambito, Organ, Organization


def organ_panel(organ: Organ, user: Any) -> dict[str, Any]:
    rules_row = selectors.organ_rules(organ)
    day = timezone.localdate()
    majorities = [(kind, rules.majority_for(rules_row, kind) if rules_row else None) for kind in DecisionKind]
    return {
        "organ": organ,
        "rules_row": rules_row,
        "undefined": rules.undefined_rules(rules_row),
        "quorum_label": rules.quorum_label(rules_row, Call.FIRST)
        if rules_row
        else rules.fraction_label(None, None, True),
        "second_call_label": rules.quorum_label(rules_row, Call.SECOND) if rules_row else "",
        "majorities": majorities,
        "presiding": [(seat, rules.is_president(seat)) for seat in rules.presiding_seats(organ, day)],
        "composition_problems": rules.composition_problems(organ, rules_row, day),
        "sessions": selectors.sessions_of_organ(organ),
        "feed": CalendarFeed.objects.filter(organ=organ).first(),
        "may_set_rules": rules.may_set_rules(user, organ),
        "may_prepare": rules.may_prepare(user, organ),
        "minutes_regime_label": MinutesRegime(rules.minutes_regime(rules_row, organ)).label,
    }


def organization_sessions(organization: Organization, user: Any) -> dict[str, Any]:
    """On a body's page and on the desk: the sessions convened or sitting of the organs it sits in, with the way
    to vote for a mayor (or delegate) of that body, and the user's own calendar address."""
    person = getattr(user, "person", None)
    return {
        "sessions": selectors.upcoming_for_body(organization),
        "votes": organization.pk in rules.bodies_user_acts_for(user),
        "feed": CalendarFeed.objects.filter(person=person).first() if person is not None else None,
        "has_person": person is not None,
    }


def ambito_panel(ambito: Ambito, user: Any) -> dict[str, Any]:
    """On an ambito's page: its compliance board (for its Ufficio di Piano) and the organs' public notice boards."""
    return {"ambito": ambito, "manages": rules.may_see_ambito_board(user, ambito)}
