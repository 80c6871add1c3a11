"""The administrator's imports of ISTAT's national tables: residents by age (POSAS, or the compact committed layout)
and the table of administrative changes. Whole or not at all, errors by line, provenance kept, audited."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import transaction

from core.audit import audit_record, save_new
from core.models import AuditAction
from governance.importers.istat_changes import parse_changes_csv
from territory import rules
from territory.following import follow_everything
from territory.loaders import load_age_table
from territory.models import AdministrativeChange, ChangesTable, PopulationDataset
from territory.services import rejected

ISTAT_LICENCE = "CC BY 4.0"
POPULATION_SOURCE = "ISTAT, popolazione residente per età e sesso (demo.istat.it)"
CHANGES_SOURCE = "ISTAT, variazioni amministrative e territoriali dei comuni dal 1991"


@transaction.atomic
def population_import(
    *,
    actor: Any,
    data: bytes,
    file_name: str,
    reference_date: dt.date | None = None,
    source: str = POPULATION_SOURCE,
    licence: str = ISTAT_LICENCE,
) -> PopulationDataset:
    rules.require_load_population(actor)
    already = set(PopulationDataset.objects.values_list("pk", flat=True))
    dataset = load_age_table(
        data=data,
        reference_date=reference_date,
        source=source,
        licence=licence,
        file_name=file_name[:255],
        actor=actor if getattr(actor, "pk", None) else None,
    )
    if dataset.pk not in already:
        audit_record(actor=actor, instance=dataset, action=AuditAction.CREATE)
    return dataset


@transaction.atomic
def changes_import(
    *,
    actor: Any,
    data: bytes,
    file_name: str,
    source: str = CHANGES_SOURCE,
    licence: str = ISTAT_LICENCE,
) -> ChangesTable:
    """Replaces the changes of the last import (ISTAT republishes the whole table) and follows, in every population
    table and indicator file, the codes that were waiting for a comune."""
    rules.require_load_population(actor)
    parsed = parse_changes_csv(data)
    if parsed.errors:
        raise rejected(parsed.errors)
    AdministrativeChange.objects.all().delete()
    table = ChangesTable(
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        source=source,
        licence=licence,
        changes=len(parsed.rows),
        imported_by=actor if getattr(actor, "pk", None) else None,
    )
    save_new(table, actor=actor)
    AdministrativeChange.objects.bulk_create(
        [
            AdministrativeChange(
                table=table,
                line=row.line,
                year=row.year,
                kind=row.kind,
                old_code=row.old_code,
                old_name=row.old_name[:200],
                new_code=row.new_code,
                new_name=row.new_name[:200],
                act=row.act,
                effective=row.effective,
            )
            for row in parsed.rows
        ],
        batch_size=2000,
    )
    table.followed = follow_everything()
    table.save(update_fields=["followed"])
    return table
