"""ISTAT's table of administrative and territorial changes of the comuni ("Variazioni amministrative e territoriali dal
1991", istat.it "Codici dei comuni"): pure functions, no Django, no I/O.

One row per change: ``Anno;Tipo variazione;Codice Regione;Codice Istat del Comune;Denominazione Comune;Codice Istat del
Comune associato alla variazione o nuovo codice Istat del Comune;Denominazione Comune associata alla variazione o nuova
denominazione;Provvedimento e Documento;Contenuto del provvedimento;Data decorrenza validità amministrativa``, read with
the same reader as the other ISTAT files (encodings, delimiters, header variants, errors by line).

The kinds of change ISTAT uses are two to five capital letters: ``ES`` a comune is extinguished (merged into the comune
associated with the change, whose code follows), ``AP`` it moves to another province and takes a new code, ``CS`` a
comune is constituted, ``CD`` renamed, ``AQES``/``AQ``/``CE``/``CECS`` territory acquired or ceded. Only ``ES`` and
``AP`` carry a comune's population over to another code, so only they need the associated code.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from governance.importers.csv_reading import (
    LineError,
    ParseResult,
    _cell,
    _Column,
    _decode,
    _find_layout,
    _header_not_found,
    _is_note,
    _istat_code,
    _missing_columns_error,
    _Record,
    _records,
    _required_text,
    _single_line,
    _UnreadableCsvError,
)
from governance.importers.istat import _label

FOLLOWED_KINDS = frozenset({"ES", "AP"})  # the old code's residents now belong to the associated code


@dataclass(frozen=True)
class ChangeRow:
    line: int
    year: int
    kind: str
    old_code: str
    old_name: str
    new_code: str  # "" when the change names no other comune (a renaming, a constitution)
    new_name: str
    act: str
    effective: dt.date | None


_COLUMNS = (
    _Column("year", ("Anno",)),
    _Column("kind", ("Tipo variazione", "Tipo di variazione")),
    _Column("old_code", ("Codice Istat del Comune", "Codice Comune", "Codice ISTAT")),
    _Column("old_name", ("Denominazione Comune", "Denominazione del Comune", "Denominazione")),
    _Column(
        "new_code",
        (
            "Codice Istat del Comune associato alla variazione o nuovo codice Istat del Comune",
            "Codice Istat del Comune associato alla variazione",
            "Nuovo codice Istat del Comune",
        ),
    ),
    _Column(
        "new_name",
        (
            "Denominazione Comune associata alla variazione o nuova denominazione",
            "Denominazione Comune associata alla variazione",
            "Nuova denominazione",
        ),
    ),
    _Column("act", ("Provvedimento e Documento", "Provvedimento")),
    _Column("effective", ("Data decorrenza validità amministrativa", "Data decorrenza")),
)
_MIN_HEADER_MATCHES = 4
_KIND = re.compile(r"[A-Z]{2,5}")
_YEAR = re.compile(r"(19|20)\d\d")
_DATE_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_changes_csv(data: bytes) -> ParseResult[ChangeRow]:
    text = _decode(data)
    layout = _find_layout(text, _COLUMNS, _MIN_HEADER_MATCHES)
    if layout is None:
        kind = "la tabella ISTAT delle variazioni amministrative dei comuni"
        return ParseResult([], [_header_not_found(kind, _COLUMNS, ("year", "kind", "old_code", "new_code"))])
    positions = layout.positions
    missing = [
        _label(key, _COLUMNS)
        for key in ("year", "kind", "old_code", "old_name", "new_code")
        if key not in positions
    ]
    if missing:
        return ParseResult([], [_missing_columns_error(layout.header.line, missing)])
    rows: list[ChangeRow] = []
    errors: list[LineError] = []
    try:
        for record in _records(text, layout.delimiter):
            if record.line <= layout.header.line or record.blank or _is_note(record):
                continue
            if not _single_line(record, errors):
                continue
            row = _change_row(record, positions, errors)
            if row is not None:
                rows.append(row)
    except _UnreadableCsvError as exc:
        errors.append(LineError(exc.line, f"file CSV non leggibile: {exc.detail}"))
    if not rows and not errors:
        errors.append(LineError(layout.header.line, "il file non contiene variazioni"))
    return ParseResult(rows if not errors else [], errors)


def _change_row(
    record: _Record, positions: dict[str, list[int]], errors: list[LineError]
) -> ChangeRow | None:
    def get(key: str) -> str:
        return _cell(record, positions, key)

    line = record.line
    row_errors: list[LineError] = []
    raw_year = get("year")
    if not _YEAR.fullmatch(raw_year):
        row_errors.append(LineError(line, f"anno '{raw_year}' non valido"))
    kind = get("kind").upper()
    if not _KIND.fullmatch(kind):
        row_errors.append(
            LineError(line, f"tipo di variazione '{get('kind')}' non riconosciuto (per esempio ES, CS, CD)")
        )
    old_code = _istat_code(get("old_code"), line, row_errors)
    old_name = _required_text(get("old_name"), "denominazione del comune", line, row_errors)
    raw_new = get("new_code")
    new_code: str | None = ""
    if raw_new:
        new_code = _istat_code(raw_new, line, row_errors)
    elif kind in FOLLOWED_KINDS:
        row_errors.append(LineError(line, f"la variazione {kind} non indica il codice del comune associato"))
    effective = _date(get("effective"), line, row_errors)
    errors.extend(row_errors)
    if row_errors or old_code is None or old_name is None or new_code is None:
        return None
    return ChangeRow(
        line=line,
        year=int(raw_year),
        kind=kind,
        old_code=old_code,
        old_name=old_name,
        new_code=new_code,
        new_name=get("new_name"),
        act=get("act"),
        effective=effective,
    )


def _date(raw: str, line: int, errors: list[LineError]) -> dt.date | None:
    if not raw:
        return None
    match = _DATE_SLASHED.fullmatch(raw)
    parts: tuple[str, ...] | None = (match.group(3), match.group(2), match.group(1)) if match else None
    if parts is None and (iso := _DATE_ISO.fullmatch(raw[:10])):
        parts = iso.groups()
    try:
        if parts is not None:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        pass
    errors.append(LineError(line, f"data di decorrenza '{raw}' non valida (gg/mm/aaaa)"))
    return None
