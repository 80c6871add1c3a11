"""Who may do what on which registry object: the one policy for governance (django-guardian underneath).

Object permissions are granted to one auth Group per (organization, role) -- a RoleGroup -- never to
single users and never globally. What a group receives is derived from the registry (which ambiti an
organization leads or belongs to, which organs it sits in), so `sync_role_group` can always recompute it.
Apps above governance in the import order contribute their own objects through `register_grant_provider`.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.utils import get_group_obj_perms_model

from governance.models import (
    Ambito,
    AmbitoMembership,
    Organ,
    Organization,
    PeriodModel,
    Role,
    RoleGroup,
    Seat,
)

M = TypeVar("M", bound=models.Model)

VIEW = "view"
CHANGE = "change"

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


@dataclass(frozen=True)
class Grant:
    """Grant `actions` on the rows of `model` whose primary keys are in `pks`."""

    model: type[models.Model]
    pks: frozenset[int]
    actions: tuple[str, ...]


GrantProvider = Callable[[Organization, str, date], Iterable[Grant]]
_providers: list[GrantProvider] = []


def register_grant_provider(provider: GrantProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


# --- what the registry implies ------------------------------------------------------------------


def current(queryset: QuerySet[M], day: date) -> QuerySet[M]:
    """Rows of a period model in force on `day` (an unknown start counts as 'since before')."""
    return PeriodModel.overlapping(queryset, day, day)


def ambiti_led_by(organization: Organization) -> QuerySet[Ambito]:
    return Ambito.objects.filter(Q(capofila=organization) | Q(ente_gestore=organization))


def ambiti_joined_by(organization: Organization, day: date) -> QuerySet[Ambito]:
    member_of = current(AmbitoMembership.objects.filter(organization=organization), day).values("ambito_id")
    return Ambito.objects.filter(
        Q(pk__in=member_of) | Q(capofila=organization) | Q(ente_gestore=organization)
    )


def managed_by(organization: Organization, bodies: QuerySet[Organization]) -> Q:
    """The organs the Ufficio di Piano of `organization` edits: those whose act puts them in the hands of a
    body of an ambito it leads (`bodies`: itself, the comuni, the registered bodies), and its own organs."""
    return Q(managing_body__in=bodies) | Q(organization=organization, managing_body__isnull=True)


def ambiti_of_body(organization: Organization) -> QuerySet[Ambito]:
    """The ambiti a body belongs to, in any way: member, capofila, ente gestore or registered in it."""
    return Ambito.objects.filter(
        Q(memberships__organization=organization)
        | Q(capofila=organization)
        | Q(ente_gestore=organization)
        | Q(pk=organization.registered_in_id or 0)
    )


def _pks(queryset: QuerySet[Any]) -> frozenset[int]:
    return frozenset(queryset.values_list("pk", flat=True))


def governance_grants(organization: Organization, role: str, day: date) -> Iterable[Grant]:
    if role in AMBITO_ROLES:
        actions = AMBITO_ROLES[role]
        ambiti = ambiti_led_by(organization)
        # The ambito's own bodies (its comuni, capofila, gestore, registered bodies) follow the role's actions;
        # bodies of other ambiti that merely sit in a shared organ are only visible.
        own = Organization.objects.filter(Q(pk=organization.pk) | Q(pk__in=_bodies_of(ambiti).values("pk")))
        # Organs of the ambiti are visible; only those this body manages follow the role's actions (an organ
        # several ambiti share is edited by the body its act names, else by an administrator alone).
        organs = Organ.objects.filter(Q(ambiti__in=ambiti) | Q(organization=organization)).distinct()
        managed = Organ.objects.filter(managed_by(organization, own))
        seated = Organization.objects.filter(seats__organ__in=organs).distinct()
        yield Grant(Ambito, _pks(ambiti), actions)
        yield Grant(Organ, _pks(organs), (VIEW,))
        yield Grant(Organ, _pks(managed), actions)
        yield Grant(Organization, _pks(own), actions)
        yield Grant(Organization, _pks(seated), (VIEW,))
    elif role in MEMBER_ROLES:
        actions = MEMBER_ROLES[role]
        seated_in = current(Seat.objects.filter(organization=organization), day).values("organ_id")
        organs = Organ.objects.filter(Q(pk__in=seated_in) | Q(organization=organization))
        yield Grant(Organization, frozenset({organization.pk}), actions)
        yield Grant(Ambito, _pks(ambiti_joined_by(organization, day)), (VIEW,))
        yield Grant(Organ, _pks(organs), (VIEW,))


register_grant_provider(governance_grants)


# --- groups and their grants --------------------------------------------------------------------


def role_group_for(*, organization: Organization, role: str) -> RoleGroup:
    role_group = (
        RoleGroup.objects.filter(organization=organization, role=role).select_related("group").first()
    )
    if role_group is None:
        group = Group.objects.create(name=f"org-{organization.pk}:{role}")
        role_group = RoleGroup.objects.create(organization=organization, role=role, group=group)
    return role_group


def _permission_ids(models_: list[type[models.Model]]) -> dict[tuple[type[models.Model], str], int]:
    """The view/change Permission ids of these models, in one query."""
    by_type = {ContentType.objects.get_for_model(model).pk: model for model in models_}
    ids: dict[tuple[type[models.Model], str], int] = {}
    for pk, content_type_id, codename in Permission.objects.filter(content_type_id__in=by_type).values_list(
        "pk", "content_type_id", "codename"
    ):
        action = codename.split("_", 1)[0]
        if action in (VIEW, CHANGE):
            ids[(by_type[content_type_id], action)] = pk
    return ids


def sync_role_group(role_group: RoleGroup, *, day: date | None = None) -> tuple[int, int]:
    """Make the group's object permissions exactly what the registry implies; returns (added, removed)."""
    day = day or timezone.localdate()
    wanted: dict[type[models.Model], set[tuple[int, int]]] = {model: set() for model in _granted_models()}
    permission_ids = _permission_ids(list(wanted))
    for provider in _providers:
        for grant in provider(role_group.organization, role_group.role, day):
            for action in grant.actions:
                permission_id = permission_ids[(grant.model, action)]
                wanted[grant.model].update((permission_id, pk) for pk in grant.pks)
    added = removed = 0
    for model, target in wanted.items():
        perm_model: Any = get_group_obj_perms_model(model)  # type: ignore[arg-type]
        rows = perm_model.objects.filter(group_id=role_group.group_id)
        existing = {
            (perm_id, obj_id): row_id
            for row_id, perm_id, obj_id in rows.values_list("pk", "permission_id", "content_object_id")
        }
        stale = [row_id for key, row_id in existing.items() if key not in target]
        if stale:
            removed += perm_model.objects.filter(pk__in=stale).delete()[0]
        missing = target - existing.keys()
        if missing:
            perm_model.objects.bulk_create(
                [
                    perm_model(group_id=role_group.group_id, permission_id=perm_id, content_object_id=obj_id)
                    for perm_id, obj_id in missing
                ]
            )
            added += len(missing)
    return added, removed


def _granted_models() -> list[type[models.Model]]:
    return [Organization, Ambito, Organ, *_extra_models]


_extra_models: list[type[models.Model]] = []


def register_permission_model(model: type[models.Model]) -> None:
    """Apps above governance declare which of their models carry object permissions."""
    if model not in _extra_models:
        _extra_models.append(model)


def sync_all_role_groups(*, day: date | None = None) -> tuple[int, int]:
    totals = [0, 0]
    for role_group in RoleGroup.objects.select_related("organization", "group"):
        added, removed = sync_role_group(role_group, day=day)
        totals[0] += added
        totals[1] += removed
    return totals[0], totals[1]


# While a batch is open, syncs only collect the organizations whose groups need refreshing.
_pending: ContextVar[set[int] | None] = ContextVar("pending_permission_syncs", default=None)


def sync_groups_of(organizations: Iterable[Organization]) -> None:
    pks = {organization.pk for organization in organizations}
    pending = _pending.get()
    if pending is not None:
        pending |= pks
        return
    for role_group in RoleGroup.objects.filter(organization__in=pks).select_related("organization", "group"):
        sync_role_group(role_group)


@contextmanager
def batched_sync() -> Iterator[None]:
    """For bulk writes (loaders): every group touched inside the block is synced once, at its end."""
    if _pending.get() is not None:  # already inside a batch: the outer one syncs
        yield
        return
    token = _pending.set(set())
    try:
        yield
        pks = _pending.get() or set()
    finally:
        _pending.reset(token)
    sync_groups_of(Organization(pk=pk) for pk in pks)


def sync_groups_for_body(organization: Organization) -> None:
    """After a change that concerns one body (it now manages an organ): refresh the groups of the body
    and of the ambiti it belongs to, whose offices act for it."""
    related = Organization.objects.filter(
        Q(pk=organization.pk)
        | Q(ambiti_as_capofila__in=ambiti_of_body(organization))
        | Q(ambiti_as_gestore__in=ambiti_of_body(organization))
    ).distinct()
    sync_groups_of(related)


def sync_groups_for_ambito(ambito: Ambito) -> None:
    """After a change in an ambito's registry: refresh every group whose grants may depend on it."""
    related = Organization.objects.filter(
        Q(ambiti_as_capofila=ambito)
        | Q(ambiti_as_gestore=ambito)
        | Q(ambito_memberships__ambito=ambito)
        | Q(seats__organ__ambiti=ambito)
        | Q(registered_in=ambito)
    ).distinct()
    sync_groups_of(related)


# --- questions the views, the API and the services ask ---------------------------------------------


def is_platform_admin(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser and user.is_active)


def filter_visible(user: Any, queryset: QuerySet[M], action: str = VIEW) -> QuerySet[M]:
    """Only the rows on which the user holds `action` through one of their role groups."""
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    if is_platform_admin(user):
        return queryset
    model = queryset.model
    perm_model: Any = get_group_obj_perms_model(model)  # type: ignore[arg-type]
    granted = perm_model.objects.filter(
        group__user=user,
        permission__codename=f"{action}_{model._meta.model_name}",
        permission__content_type__app_label=model._meta.app_label,
    ).values("content_object_id")
    return queryset.filter(pk__in=granted)


def has_object_permission(user: Any, obj: models.Model, action: str = VIEW) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if is_platform_admin(user):
        return True
    return filter_visible(user, type(obj)._default_manager.filter(pk=obj.pk), action).exists()


def require(user: Any, obj: models.Model, action: str) -> None:
    if not has_object_permission(user, obj, action):
        raise PermissionDenied(_("Non hai i permessi per questa operazione."))


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
