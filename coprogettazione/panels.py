"""Co-design sections on pages of the apps below (registered through core.panels): on a third-sector body's page its
RUNTS data, and its applications and partnerships the user may see; on an ambito's budget the co-design shares its
lines carry."""

from typing import Any

from budgets.models import Budget
from coprogettazione import rules
from coprogettazione.models import Application, EtsProfile, ProgrammeFunding
from governance import permissions
from governance.models import Organization, OrganizationKind


def third_sector_panel(organization: Organization, user: Any) -> dict[str, Any]:
    if organization.kind != OrganizationKind.ETS:
        return {"shown": False}
    visible = rules.visible_procedures(user)
    return {
        "shown": True,
        "organization": organization,
        "profile": EtsProfile.objects.filter(organization=organization).first(),
        "may_edit": permissions.has_object_permission(user, organization, permissions.CHANGE),
        "applications": list(
            Application.objects.filter(members__organization=organization, procedure__in=visible)
            .select_related("procedure", "programme")
            .order_by("-created_at")[:20]
        ),
        "partnerships": list(
            rules.visible_partnerships(user)
            .filter(application__members__organization=organization)
            .select_related("programme__procedure")
            .distinct()[:20]
        ),
    }


def budget_shares_panel(budget: Budget, user: Any) -> dict[str, Any]:
    """The co-design programmes' shares tied to this budget's lines (on any of its versions), in the procedures the
    user sees."""
    shares = list(
        ProgrammeFunding.objects.filter(
            budget_line__version__budget=budget, programme__procedure__in=rules.visible_procedures(user)
        )
        .select_related("programme__procedure", "funder_ambito", "budget_line__version")
        .order_by("programme__procedure__first_year", "programme__procedure__title", "programme__code", "pk")
    )
    return {"shown": bool(shares), "shares": shares}
