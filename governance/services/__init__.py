"""Every write to the governance registry goes through these functions (keyword-only arguments)."""

from governance.services.access import role_assign, role_revoke, user_create
from governance.services.registry import (
    ambito_member_add,
    ambito_member_end,
    ambito_update,
    mandate_create,
    mandate_update,
    organ_create,
    organ_update,
    organization_create,
    organization_update,
    person_create,
    person_update,
    population_figure_record,
    seat_create,
    seat_update,
)

__all__ = [
    "ambito_member_add",
    "ambito_member_end",
    "ambito_update",
    "mandate_create",
    "mandate_update",
    "organ_create",
    "organ_update",
    "organization_create",
    "organization_update",
    "person_create",
    "person_update",
    "population_figure_record",
    "role_assign",
    "role_revoke",
    "seat_create",
    "seat_update",
    "user_create",
]
