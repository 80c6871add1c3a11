"""What the budget services share: locking, deleting with an audit row, the comuni a split is among."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core.audit import audit_record, save_changes, save_new, snapshot
from core.models import AuditAction
from governance import permissions
from governance.models import AmbitoMembership, Organization, OrganizationKind
from subambiti.models import SubAmbito, SubAmbitoMembership

M = TypeVar("M", bound=models.Model)


def lock(instance: models.Model) -> None:
    """Lock the row and bring the caller's instance up to date."""
    type(instance)._default_manager.select_for_update().filter(pk=instance.pk).values_list("pk").get()
    instance.refresh_from_db()


def delete_audited(instance: models.Model, *, actor: Any) -> None:
    audit_record(actor=actor, instance=instance, action=AuditAction.DELETE, before=snapshot(instance))
    instance.delete()


def set_amount(model: type[M], *, actor: Any, amount: Decimal, **key: Any) -> M | None:
    """The one row of `model` at `key` holds `amount` afterwards: created, changed, or deleted when the amount is
    zero (an amount row of zero means nothing, so it is not kept)."""
    existing = model._default_manager.filter(**key).first()
    if existing is not None and not amount:
        delete_audited(existing, actor=actor)
        return None
    if existing is not None:
        save_changes(existing, actor=actor, changes={"amount": amount})
        return existing
    if not amount:
        return None
    row = model(**key, amount=amount)
    save_new(row, actor=actor)
    return row


def ambito_comuni(ambito_id: int, year: int) -> list[Organization]:
    """The comuni members of the ambito on 1 January of `year`, by name."""
    memberships = permissions.current(
        AmbitoMembership.objects.filter(ambito_id=ambito_id, organization__kind=OrganizationKind.COMUNE),
        date(year, 1, 1),
    )
    bodies = list(
        Organization.objects.filter(pk__in=memberships.values("organization_id")).order_by("name", "pk")
    )
    if not bodies:
        raise ValidationError(_("L'ambito non ha comuni aderenti al 1° gennaio %(year)d.") % {"year": year})
    return bodies


def subambito_comuni(subambito: SubAmbito, year: int) -> list[Organization]:
    memberships = permissions.current(
        SubAmbitoMembership.objects.filter(subambito=subambito), date(year, 1, 1)
    )
    bodies = list(
        Organization.objects.filter(pk__in=memberships.values("organization_id")).order_by("name", "pk")
    )
    if not bodies:
        raise ValidationError(
            _("Il sub-ambito non ha comuni aderenti al 1° gennaio %(year)d.") % {"year": year}
        )
    return bodies


def money(value: Any, field: str) -> Decimal:
    """A non-negative amount with at most two decimals, or a clear error on `field`."""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Importo non valido.")}) from None
    if amount < 0:
        raise ValidationError({field: _("L'importo non può essere negativo.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("L'importo ha più di due decimali.")})
    return amount
