"""What the budget services share: locking, deleting with an audit row, the comuni a split is among."""

from decimal import Decimal
from typing import Any, TypeVar

from django.db import models

from core.audit import delete_audited, save_changes, save_new

M = TypeVar("M", bound=models.Model)


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
