"""Who may do what on which registry object: the one policy for governance (django-guardian underneath).

Object permissions are granted to one auth Group per (organization, role) -- a RoleGroup -- never to
single users and never globally. What a group receives is derived from the registry by the rules below
(which ambiti an organization leads or belongs to, which organs it sits in); core/grants.py keeps the
stored grants equal to them, touching only the rows a write changed. Apps above governance register their own
rules the same way (`register_grant_rules`).
"""

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q, QuerySet

from core.grants import (  # noqa: F401  (re-exported: the apps above regrant through this policy)
    GrantRule,
    batched_regrants,
    register_grant_rules,
    register_group_directory,
    regrant,
    regrant_all,
    regrant_group,
)
from core.models import PeriodModel
from core.permissions import (  # noqa: F401  (re-exported: the policy's callers ask these through it)
    CHANGE,
    VIEW,
    filter_visible,
    has_object_permission,
    is_platform_admin,
    require,
)
from governance.models import Ambito, AmbitoMembership, Organ, Organization, Role, RoleGroup, Seat

M = TypeVar("M", bound=models.Model)

# Roles that see (and, for the Ufficio di Piano, edit) the whole of the ambiti their organization leads.
AMBITO_ROLES: dict[str, tuple[str, ...]] = {
    Role.UFFICIO_DI_PIANO: (VIEW, CHANGE),
    Role.CAPOFILA: (VIEW,),
    Role.REVISORE: (VIEW,),
}
# Roles that see their own organization and what it takes part in.
MEMBER_ROLES: dict[str, tuple[str, ...]] = {
    Role.OPERATORE_COMUNALE: (VIEW, CHANGE),
    Role.ETS: (VIEW, CHANGE),
    Role.SINDACO: (VIEW,),
}


# --- what the registry implies ------------------------------------------------------------------


def current(queryset: QuerySet[M], day: date) -> QuerySet[M]:
    """Rows of a period model in force on `day` (an unknown start counts as 'since before')."""
    return PeriodModel.overlapping(queryset, day, day)


def ambiti_led_by(organization: Organization) -> QuerySet[Ambito]:
    return Ambito.objects.filter(Q(capofila=organization) | Q(ente_gestore=organization))


def ambiti_of_body(organization: Organization) -> QuerySet[Ambito]:
    """The ambiti a body belongs to, in any way: member, capofila, ente gestore or registered in it."""
    return Ambito.objects.filter(
        Q(memberships__organization=organization)
        | Q(capofila=organization)
        | Q(ente_gestore=organization)
        | Q(pk=organization.registered_in_id or 0)
    )


def leaders(path: str) -> tuple[str, str]:
    """From a row that reaches an ambito through `path`: the bodies that lead it (capofila, ente gestore)."""
    return f"{path}__capofila", f"{path}__ente_gestore"


def all_rows(model: type[M]) -> Callable[[date], QuerySet[M]]:
    return lambda day: model._default_manager.all()


def rows_in_force(model: type[M]) -> Callable[[date], QuerySet[M]]:
    return lambda day: current(model._default_manager.all(), day)


VIEW_ONLY = dict.fromkeys(AMBITO_ROLES, (VIEW,))
MEMBER_VIEW = dict.fromkeys(MEMBER_ROLES, (VIEW,))

# The ambito's offices (AMBITO_ROLES) act on what the ambiti their body leads hold: the ambito; its own bodies
# (itself, the comuni ever members, the capofila and gestore, the bodies registered in it), with the role's
# actions; its organs, visible, and those managed by one of its own bodies (or its own, with no managing body
# named), with the role's actions; the bodies seated in its organs, visible.
# A member body's users (MEMBER_ROLES) act on their own body, and see the ambiti it belongs to today, the organs
# it sits in today and its own organs.
register_grant_rules(
    GrantRule(Ambito, AMBITO_ROLES, all_rows(Ambito), holders=("capofila", "ente_gestore")),
    GrantRule(Organization, AMBITO_ROLES, all_rows(Organization), holders=("pk", *leaders("registered_in"))),
    GrantRule(
        Organization,
        AMBITO_ROLES,
        all_rows(AmbitoMembership),
        holders=leaders("ambito"),
        object="organization",
    ),
    GrantRule(Organization, AMBITO_ROLES, all_rows(Ambito), holders=("ente_gestore",), object="capofila"),
    GrantRule(Organization, AMBITO_ROLES, all_rows(Ambito), holders=("capofila",), object="ente_gestore"),
    GrantRule(
        Organization,
        VIEW_ONLY,
        all_rows(Seat),
        holders=(*leaders("organ__ambiti"), "organ__organization"),
        object="organization",
    ),
    GrantRule(Organ, VIEW_ONLY, all_rows(Organ.ambiti.through), holders=leaders("ambito"), object="organ"),
    GrantRule(Organ, VIEW_ONLY, all_rows(Organ), holders=("organization",)),
    GrantRule(
        Organ,
        AMBITO_ROLES,
        all_rows(Organ),
        holders=(
            "managing_body",
            *leaders("managing_body__ambito_memberships__ambito"),
            "managing_body__ambiti_as_capofila__ente_gestore",
            "managing_body__ambiti_as_gestore__capofila",
            *leaders("managing_body__registered_in"),
        ),
    ),
    GrantRule(
        Organ,
        AMBITO_ROLES,
        lambda day: Organ.objects.filter(managing_body__isnull=True),
        holders=("organization",),
    ),
    GrantRule(Organization, MEMBER_ROLES, all_rows(Organization), holders=("pk",)),
    GrantRule(
        Ambito, MEMBER_VIEW, rows_in_force(AmbitoMembership), holders=("organization",), object="ambito"
    ),
    GrantRule(Ambito, MEMBER_VIEW, all_rows(Ambito), holders=("capofila", "ente_gestore")),
    GrantRule(Organ, MEMBER_VIEW, rows_in_force(Seat), holders=("organization",), object="organ"),
    GrantRule(Organ, MEMBER_VIEW, all_rows(Organ), holders=("organization",)),
)


class RoleGroups:
    """The groups grants go to: one RoleGroup per (organization, role) (core/grants.py asks through this)."""

    def groups_of(self, holders: set[int]) -> dict[tuple[int, str], int]:
        rows = RoleGroup.objects.filter(organization_id__in=holders).values_list(
            "organization_id", "role", "group_id"
        )
        return {(organization_id, role): group_id for organization_id, role, group_id in rows}

    def load(self, pks: Iterable[Any]) -> Iterable[RoleGroup]:
        return RoleGroup.objects.filter(pk__in=list(pks))


register_group_directory(RoleGroups())


# --- what a write asks to recompute ---------------------------------------------------------------


def role_group_for(*, organization: Organization, role: str) -> RoleGroup:
    """The group of (organization, role); a group created now gets its grants at once (an existing one has
    them already: every write keeps them)."""
    role_group = (
        RoleGroup.objects.filter(organization=organization, role=role).select_related("group").first()
    )
    if role_group is not None:
        return role_group
    group = Group.objects.create(name=f"org-{organization.pk}:{role}")
    role_group = RoleGroup.objects.create(organization=organization, role=role, group=group)
    regrant_group(role_group)
    return role_group


def regrant_body(organization: Organization) -> None:
    """A body's place in the registry changed (registered in an ambito, joined or left one): its own grants and
    those of the organs it manages, which follow the ambiti it belongs to."""
    regrant(Organization, [organization.pk])
    regrant(Organ, Organ.objects.filter(managing_body=organization).values_list("pk", flat=True))


def regrant_ambito_membership(ambito: Ambito, organization: Organization) -> None:
    """A comune joined or left an ambito: the ambito (who sees it) and the comune (who edits it)."""
    regrant(Ambito, [ambito.pk])
    regrant_body(organization)


def regrant_leaders(*bodies: Organization | None) -> None:
    """The capofila or ente gestore of an ambito changed: everything those bodies' offices act on."""
    for role_group in RoleGroup.objects.filter(organization__in=[b for b in bodies if b is not None]):
        regrant_group(role_group)


def regrant_organ(organ: Organ) -> None:
    """An organ changed (its ambiti, managing body, own body) or a seat in it: the organ, and the bodies
    seated in it (the offices of its ambiti see them)."""
    regrant(Organ, [organ.pk])
    regrant(Organization, Seat.objects.filter(organ=organ).values_list("organization_id", flat=True))


# --- questions the views, the API and the services ask ---------------------------------------------


def can_manage_ambito(user: Any, ambito: Ambito) -> bool:
    """May create new rows (organizations, organs, sub-ambiti) in this ambito's registry."""
    return has_object_permission(user, ambito, CHANGE)


def ambiti_manageable_by(user: Any) -> QuerySet[Ambito]:
    return filter_visible(user, Ambito.objects.all(), CHANGE)


def may_edit_identity(user: Any, organization: Organization) -> bool:
    """Names and codes of a body are edited by the Ufficio di Piano of an ambito it belongs to."""
    if is_platform_admin(user):
        return True
    return filter_visible(user, ambiti_of_body(organization), CHANGE).exists()


def may_change_organ(user: Any, organ: Organ) -> bool:
    """The organ itself (name, kind, texts) is edited by the Ufficio di Piano of its managing body."""
    return has_object_permission(user, organ, CHANGE)


def may_hold_seat_for(user: Any, organ: Organ, holder: Organization | None) -> bool:
    """Whether the user may put `holder` in a seat of `organ`, or edit or end the seat `holder` holds.

    A seat belongs to its holder's side: only the Ufficio di Piano of an ambito the holder belongs to edits
    it (a body holding one seat for two ambiti: either one's). A holder in no ambito (an ASL, a Provincia)
    or a person alone is seated by whoever manages the organ."""
    if is_platform_admin(user):
        return True
    if holder is not None:
        holder_ambiti = ambiti_of_body(holder)
        if holder_ambiti.exists():
            return filter_visible(user, holder_ambiti, CHANGE).exists()
    return may_change_organ(user, organ)


def may_edit_seat(user: Any, seat: Seat) -> bool:
    return may_hold_seat_for(user, seat.organ, seat.organization)


def _bodies_of(ambiti: QuerySet[Ambito]) -> QuerySet[Organization]:
    return Organization.objects.filter(
        Q(ambito_memberships__ambito__in=ambiti)
        | Q(ambiti_as_capofila__in=ambiti)
        | Q(ambiti_as_gestore__in=ambiti)
        | Q(registered_in__in=ambiti)
    )


def seats_editable_by(user: Any, organ: Organ, *, manages_organ: bool | None = None) -> QuerySet[Seat]:
    """The organ's seats the user may edit (`may_edit_seat` for a whole list, in one query);
    `manages_organ`: `may_change_organ`, when the caller has already asked it."""
    seats = Seat.objects.filter(organ=organ)
    if is_platform_admin(user):
        return seats
    own_side = Q(organization__in=_bodies_of(filter_visible(user, Ambito.objects.all(), CHANGE)))
    if manages_organ if manages_organ is not None else may_change_organ(user, organ):
        return seats.filter(own_side | ~Q(organization__in=_bodies_of(Ambito.objects.all())))
    return seats.filter(own_side)


def bodies_seatable_by(user: Any, organ: Organ) -> QuerySet[Organization]:
    """The bodies the user may seat in the organ (for the seat form's choices)."""
    if is_platform_admin(user):
        return Organization.objects.all()
    own_side = Q(pk__in=_bodies_of(filter_visible(user, Ambito.objects.all(), CHANGE)).values("pk"))
    if may_change_organ(user, organ):
        return filter_visible(user, Organization.objects.all()).filter(
            own_side | ~Q(pk__in=_bodies_of(Ambito.objects.all()).values("pk"))
        )
    return Organization.objects.filter(own_side)


def may_add_seat(user: Any, organ: Organ) -> bool:
    """The organ's manager, or the Ufficio di Piano of an ambito the organ works in (for its own bodies)."""
    return may_change_organ(user, organ) or filter_visible(user, organ.ambiti.all(), CHANGE).exists()


def may_edit_person(user: Any, person: Any) -> bool:
    """A person is edited by whoever may edit a body they hold a mandate or seat in; `None` asks about
    creating a new person, which anyone who may edit some body can do."""
    if is_platform_admin(user):
        return True
    editable = filter_visible(user, Organization.objects.all(), CHANGE)
    if person is None:
        return editable.exists()
    return editable.filter(Q(mandates__person=person) | Q(seats__person=person)).exists()
