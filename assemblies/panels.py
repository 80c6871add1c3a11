"""The assemblies' section on an organ's page (registered on governance's detail page through core.panels)."""

from typing import Any

from django.utils import timezone

from assemblies import rules, selectors
from assemblies.models import Call, DecisionKind
from governance.models import Organ


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
        "may_set_rules": rules.may_set_rules(user, organ),
        "may_prepare": rules.may_prepare(user, organ),
    }
