"""The budgets' sections on an ambito's and a sub-ambito's page (registered through core.panels)."""

from typing import Any

from budgets import rules
from governance.models import Ambito
from subambiti.models import SubAmbito


def ambito_budgets(ambito: Ambito, user: Any) -> dict[str, Any]:
    return {
        "ambito": ambito,
        "budgets": list(rules.visible_budgets(user).filter(ambito=ambito).order_by("-first_year", "pk")),
        "may_manage": rules.may_manage(user, ambito),
    }


def subambito_quotas(subambito: SubAmbito, user: Any) -> dict[str, Any]:
    return {
        "subambito": subambito,
        "quotas": list(rules.visible_quotas(user).filter(subambito=subambito).order_by("-year")),
        "may_manage": rules.may_manage_quotas(user, subambito),
    }
