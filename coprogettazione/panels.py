"""The co-design section on a third-sector body's page: its RUNTS data, and its applications and partnerships the user
may see (registered on governance's detail page through core.panels)."""

from typing import Any

from coprogettazione import rules
from coprogettazione.models import Application, EtsProfile
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
