"""The administrator's imports of ISTAT's national tables: residents by age (POSAS, or the compact committed layout)
and the table of administrative changes. Whole or not at all, errors by line, provenance kept, audited. A population
table from the page is imported by the worker (population_upload, run_population_upload): all of Italy is 800,000
lines."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, save_new
from core.models import AuditAction
from governance.importers.istat_changes import parse_changes_csv
from territory import rules
from territory.following import follow_everything
from territory.loaders import load_age_table
from territory.models import (
    AdministrativeChange,
    ChangesTable,
    PopulationDataset,
    PopulationUpload,
    UploadStatus,
)
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


# --- the worker's import of a population table ------------------------------------------------------------------

MAX_ATTEMPTS = 3


@transaction.atomic
def population_upload(
    *,
    actor: Any,
    upload: Any,
    reference_date: dt.date | None = None,
    source: str = POPULATION_SOURCE,
    licence: str = ISTAT_LICENCE,
) -> PopulationUpload:
    """Keeps the file and hands it to the worker once the row is committed; the page follows its progress."""
    from territory import tasks

    rules.require_load_population(actor)
    row = PopulationUpload(
        file=upload,
        file_name=upload.name[:255],
        reference_date=reference_date,
        source=source,
        licence=licence,
        requested_by=actor if getattr(actor, "pk", None) else None,
    )
    save_new(row, actor=actor)
    transaction.on_commit(lambda: tasks.import_population_upload.delay(row.pk))
    return row


def run_population_upload(upload_id: int) -> PopulationUpload:
    """The worker's side, idempotent: a finished upload is left as it is; a run after a worker died mid-import
    starts again (the import itself is one transaction, so nothing half-written remains); after MAX_ATTEMPTS the
    upload fails with the reason."""
    with transaction.atomic():
        upload = (
            PopulationUpload.objects.select_for_update(of=("self",))
            .select_related("requested_by")
            .get(pk=upload_id)
        )
        if not upload.in_progress:
            return upload
        upload.attempts += 1
        if upload.attempts > MAX_ATTEMPTS:
            return _finish(
                upload,
                errors=[
                    _("L'importazione ha interrotto il worker %(count)d volte.") % {"count": MAX_ATTEMPTS}
                ],
            )
        upload.status, upload.started_at = UploadStatus.RUNNING, timezone.now()
        upload.save(update_fields=["attempts", "status", "started_at", "updated_at"])
    with upload.file.open("rb") as handle:
        data = handle.read()
    try:
        dataset = population_import(
            actor=upload.requested_by,
            data=data,
            file_name=upload.file_name,
            reference_date=upload.reference_date,
            source=upload.source,
            licence=upload.licence,
        )
    except ValidationError as error:
        return _finish(upload, errors=error.messages)
    except PermissionDenied as error:
        return _finish(upload, errors=[str(error)])
    return _finish(upload, dataset=dataset)


def _finish(
    upload: PopulationUpload, *, dataset: PopulationDataset | None = None, errors: list[str] | None = None
) -> PopulationUpload:
    upload.status = UploadStatus.DONE if dataset is not None else UploadStatus.FAILED
    upload.dataset, upload.errors, upload.finished_at = dataset, errors or [], timezone.now()
    upload.save(update_fields=["status", "dataset", "errors", "finished_at", "updated_at"])
    return upload


def fail_upload(upload_id: int, reason: str) -> None:
    """An unexpected failure of the worker's import, recorded on the upload so that its page stops waiting."""
    upload = PopulationUpload.objects.get(pk=upload_id)
    if upload.in_progress:
        _finish(
            upload, errors=[_("Errore imprevisto durante l'importazione: %(reason)s") % {"reason": reason}]
        )
