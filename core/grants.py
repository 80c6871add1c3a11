"""The machinery that keeps django-guardian's object permissions equal to what the rules imply.

Object permissions are granted to one auth Group per (holder, role) -- for governance, a RoleGroup of an
organization -- never to single users. The app that owns those groups registers a `GroupDirectory` (governance
does, in governance/permissions.py), so this module imports no app. Each app states its rules as `GrantRule`s: "the groups of `holder` in these roles may do these actions on the
rows of `model` that `source` links to it". A rule reads the registry in one direction only, from the
linking rows, so the same rule answers both questions the writes ask:

- `regrant(Model, pks)`: who may act on these rows now? A write recomputes the grants of the rows whose holders
  it may have changed (an agreement and its parties; an ambito and the comune that joined it) and nothing else,
  so its cost does not depend on the size of the ambito.
- `regrant_group(role_group)`: what may this group do? For a group just created (its first user).
- `regrant_all()`: everything, compared with what is stored: the nightly refresh (memberships and seats start
  and end with the calendar) and the suite's proof that the writes left nothing to fix.

Each call adds the missing rows and deletes the stale ones, and returns how many of each. Inside
`batched_regrants()` the calls only collect their rows, and run once at the end (loaders).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from guardian.utils import get_group_obj_perms_model

from core.permissions import CHANGE, VIEW

Row = tuple[int, int, int]  # (group id, permission id, object pk)


class HolderGroup(Protocol):
    """One group: the body it acts for (`organization_id`), its role, its auth group."""

    pk: Any
    organization_id: Any
    role: str
    group_id: int


class GroupDirectory(Protocol):
    def groups_of(self, holders: set[int]) -> dict[tuple[int, str], int]:
        """{(holder, role): auth group id} for the groups that exist."""
        ...

    def load(self, pks: Iterable[Any]) -> Iterable[HolderGroup]: ...


_directory: list[GroupDirectory] = []


def register_group_directory(directory: GroupDirectory) -> None:
    _directory[:] = [directory]


def _groups() -> GroupDirectory:
    if not _directory:
        raise LookupError("No group directory registered (governance registers RoleGroup's).")
    return _directory[0]


@dataclass(frozen=True)
class GrantRule:
    """The groups of each organization reached through `holders` receive, for each of their roles in `roles`,
    that role's actions on the row of `model` reached through `object` (paths from a `source` row)."""

    model: type[models.Model]
    roles: Mapping[str, tuple[str, ...]]
    source: Callable[[date], QuerySet[Any]]
    holders: tuple[str, ...]
    object: str = "pk"


_rules: list[GrantRule] = []


def register_grant_rules(*rules: GrantRule) -> None:
    """Each app registers its rules (governance at import, the apps above in their `AppConfig.ready()`)."""
    for rule in rules:
        if rule not in _rules:
            _rules.append(rule)


def granted_models() -> list[type[models.Model]]:
    return list(dict.fromkeys(rule.model for rule in _rules))


def _rules_for(model: type[models.Model]) -> list[GrantRule]:
    return [rule for rule in _rules if rule.model is model]


def _permission_ids(model: type[models.Model]) -> dict[str, int]:
    """The view/change Permission ids of the model (read each time: a test's flush renumbers them)."""
    content_type = ContentType.objects.get_for_model(model)
    return {
        codename.split("_", 1)[0]: pk
        for pk, codename in Permission.objects.filter(content_type=content_type).values_list("pk", "codename")
        if codename.split("_", 1)[0] in (VIEW, CHANGE)
    }


def _wanted(
    model: type[models.Model],
    *,
    day: date,
    objects: Iterable[int] | None = None,
    group: HolderGroup | None = None,
) -> set[Row]:
    """The rows the rules want, for these objects (all when None) or for this one group."""
    object_pks = None if objects is None else set(objects)
    pairs: list[tuple[GrantRule, int, int]] = []
    for rule in _rules_for(model):
        if group is not None and group.role not in rule.roles:
            continue
        for path in rule.holders:
            source = rule.source(day)
            if object_pks is not None:
                source = source.filter(**{f"{rule.object}__in": object_pks})
            if group is not None:
                source = source.filter(**{path: group.organization_id})
            for obj, holder in source.values_list(rule.object, path):
                # A multi-valued path may bring rows of other holders along: keep only what was asked.
                if obj is None or holder is None or (group is not None and holder != group.organization_id):
                    continue
                if object_pks is not None and obj not in object_pks:
                    continue
                pairs.append((rule, obj, holder))
    if not pairs:
        return set()
    if group is not None:
        groups = {(group.organization_id, group.role): group.group_id}
    else:
        groups = _groups().groups_of({holder for _rule, _obj, holder in pairs})
    permission_ids = _permission_ids(model)
    wanted: set[Row] = set()
    for rule, obj, holder in pairs:
        for role, actions in rule.roles.items():
            group_id = groups.get((holder, role))
            if group_id is None:  # nobody acts for this body in this role
                continue
            wanted.update((group_id, permission_ids[action], obj) for action in actions)
    return wanted


def _apply(model: type[models.Model], wanted: set[Row], existing: QuerySet[Any]) -> tuple[int, int]:
    stored = {
        (group_id, permission_id, obj): row_id
        for row_id, group_id, permission_id, obj in existing.values_list(
            "pk", "group_id", "permission_id", "content_object_id"
        )
    }
    stale = [row_id for key, row_id in stored.items() if key not in wanted]
    removed = existing.model.objects.filter(pk__in=stale).delete()[0] if stale else 0
    missing = wanted - stored.keys()
    if missing:
        existing.model.objects.bulk_create(
            [
                existing.model(group_id=group_id, permission_id=permission_id, content_object_id=obj)
                for group_id, permission_id, obj in missing
            ]
        )
    return len(missing), removed


def _permission_rows(model: type[models.Model]) -> QuerySet[Any]:
    perm_model: Any = get_group_obj_perms_model(model)  # type: ignore[arg-type]
    return perm_model.objects.all()


@dataclass
class _Batch:
    objects: dict[type[models.Model], set[int]] = field(default_factory=lambda: defaultdict(set))
    groups: set[int] = field(default_factory=set)


_batch: ContextVar[_Batch | None] = ContextVar("pending_regrants", default=None)


def regrant(model: type[models.Model], pks: Iterable[int], *, day: date | None = None) -> tuple[int, int]:
    """Make the grants on these rows of `model` exactly what the rules want; returns (added, removed)."""
    pks = {pk for pk in pks if pk is not None}
    batch = _batch.get()
    if batch is not None:
        batch.objects[model] |= pks
        return 0, 0
    if not pks:
        return 0, 0
    wanted = _wanted(model, day=day or timezone.localdate(), objects=pks)
    return _apply(model, wanted, _permission_rows(model).filter(content_object_id__in=pks))


def regrant_group(role_group: HolderGroup, *, day: date | None = None) -> tuple[int, int]:
    """Make everything one group may do exactly what the rules want."""
    batch = _batch.get()
    if batch is not None:
        batch.groups.add(role_group.pk)
        return 0, 0
    day = day or timezone.localdate()
    totals = [0, 0]
    for model in granted_models():
        wanted = _wanted(model, day=day, group=role_group)
        added, removed = _apply(model, wanted, _permission_rows(model).filter(group_id=role_group.group_id))
        totals[0] += added
        totals[1] += removed
    return totals[0], totals[1]


def regrant_all(*, day: date | None = None) -> tuple[int, int]:
    """Every grant of every model recomputed and compared with what is stored."""
    day = day or timezone.localdate()
    totals = [0, 0]
    for model in granted_models():
        added, removed = _apply(model, _wanted(model, day=day), _permission_rows(model))
        totals[0] += added
        totals[1] += removed
    return totals[0], totals[1]


@contextmanager
def batched_regrants() -> Iterator[None]:
    """For bulk writes (loaders): the rows and groups touched inside the block are regranted once, at its end."""
    if _batch.get() is not None:  # already inside a batch: the outer one applies
        yield
        return
    token = _batch.set(_Batch())
    try:
        yield
        batch = _batch.get()
    finally:
        _batch.reset(token)
    assert batch is not None
    for model, pks in batch.objects.items():
        regrant(model, pks)
    for role_group in _groups().load(batch.groups):
        regrant_group(role_group)
