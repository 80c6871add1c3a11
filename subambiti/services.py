"""Writes to sub-ambiti: create and edit, members joining and leaving."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import save_changes, save_new
from governance import permissions
from governance.models import Ambito, Organization
from subambiti.models import SubAmbito, SubAmbitoMembership


def _require(actor: Any, obj: Any) -> None:
    if actor is not None:
        permissions.require(actor, obj, permissions.CHANGE)


def _check_referente(ambito: Ambito, referente: Organization | None) -> None:
    if referente is not None and not ambito.memberships.filter(organization=referente).exists():
        raise ValidationError({"referente": _("Il comune referente deve far parte dell'ambito.")})


@transaction.atomic
def subambito_create(*, actor: Any, ambito: Ambito, **fields: Any) -> SubAmbito:
    _require(actor, ambito)
    _check_referente(ambito, fields.get("referente"))
    subambito = SubAmbito(ambito=ambito, **fields)
    save_new(subambito, actor=actor)
    permissions.regrant(SubAmbito, [subambito.pk])
    return subambito


@transaction.atomic
def subambito_update(*, actor: Any, subambito: SubAmbito, **changes: Any) -> list[str]:
    _require(actor, subambito)
    if "referente" in changes:
        _check_referente(subambito.ambito, changes["referente"])
    changed = save_changes(subambito, actor=actor, changes=changes)
    if "referente" in changed:
        permissions.regrant(SubAmbito, [subambito.pk])
    return changed


@transaction.atomic
def subambito_member_add(
    *,
    actor: Any,
    subambito: SubAmbito,
    organization: Organization,
    start_date: date | None = None,
    end_date: date | None = None,
    source: str = "",
) -> SubAmbitoMembership:
    _require(actor, subambito)
    if not subambito.ambito.memberships.filter(organization=organization).exists():
        raise ValidationError({"organization": _("Il comune deve prima far parte dell'ambito.")})
    same_ambito = SubAmbitoMembership.objects.filter(
        organization=organization, subambito__ambito=subambito.ambito
    )
    clash = (
        SubAmbitoMembership.overlapping(same_ambito, start_date, end_date).select_related("subambito").first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "organization": _("%(org)s fa già parte di %(sub)s in un periodo che si sovrappone.")
                % {"org": organization, "sub": clash.subambito}
            }
        )
    membership = SubAmbitoMembership(
        subambito=subambito,
        organization=organization,
        start_date=start_date,
        end_date=end_date,
        source=source,
    )
    save_new(membership, actor=actor)
    permissions.regrant(SubAmbito, [subambito.pk])
    return membership


@transaction.atomic
def subambito_member_end(
    *, actor: Any, membership: SubAmbitoMembership, end_date: date
) -> SubAmbitoMembership:
    _require(actor, membership.subambito)
    save_changes(membership, actor=actor, changes={"end_date": end_date})
    permissions.regrant(SubAmbito, [membership.subambito_id])
    return membership
