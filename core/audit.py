"""The audit trail: one AuditEvent per change, with the field values before and after."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from core.models import AuditAction, AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, FieldFile):
        return value.name
    if isinstance(value, UUID):
        return str(value)
    return value


# Field names never copied into the trail: secrets that open a page without login.
UNAUDITED = frozenset({"created_at", "updated_at", "screen_token", "token"})


def snapshot(instance: models.Model) -> dict[str, Any]:
    return {
        field.attname: _plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.attname not in UNAUDITED
    }


def audit_record(
    *, actor: Any, instance: models.Model, action: str, before: dict[str, Any] | None = None
) -> AuditEvent:
    after = snapshot(instance) if action != AuditAction.DELETE else {}
    if before is None:
        changes = {key: [None, value] for key, value in after.items()}
    else:
        changes = {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(type(instance)),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        changes=changes,
    )


def save_new(instance: models.Model, *, actor: Any) -> None:
    """Validate, insert and audit a new row."""
    instance.full_clean()
    instance.save()
    audit_record(actor=actor, instance=instance, action=AuditAction.CREATE)


def save_changes(instance: models.Model, *, actor: Any, changes: dict[str, Any]) -> list[str]:
    """Apply `changes`, validate, save only the changed fields and audit them. Returns the changed names."""
    before = snapshot(instance)
    changed: list[str] = []
    for name, value in changes.items():
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        if getattr(instance, attname if not isinstance(value, models.Model) else name) != value:
            setattr(instance, name, value)
            changed.append(name)
    if not changed:
        return []
    instance.full_clean()
    update_fields = [*changed, "updated_at"] if hasattr(instance, "updated_at") else changed
    instance.save(update_fields=update_fields)
    audit_record(actor=actor, instance=instance, action=AuditAction.UPDATE, before=before)
    return changed


def audit_trail(*, obj: Any, limit: int = 20) -> list[AuditEvent]:
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(type(obj))
    return list(
        AuditEvent.objects.filter(content_type=content_type, object_id=str(obj.pk)).select_related("actor")[
            :limit
        ]
    )


def delete_audited(instance: models.Model, *, actor: Any) -> None:
    """Audit a row's last values, then delete it."""
    audit_record(actor=actor, instance=instance, action=AuditAction.DELETE, before=snapshot(instance))
    instance.delete()


def lock(instance: models.Model) -> None:
    """Lock the row (SELECT ... FOR UPDATE, inside the caller's transaction) and bring the instance up to date."""
    type(instance)._default_manager.select_for_update().filter(pk=instance.pk).values_list("pk").get()
    instance.refresh_from_db()
