"""Parsers for the CSV files ISTAT publishes about comuni: pure functions, no Django, no I/O.

Two layouts are understood, including the variants that ISTAT has used over the years:

* the "Elenco dei comuni italiani" (``Elenco-comuni-italiani.csv``, from istat.it "Codici dei comuni"):
  semicolon separated, Windows-1252 encoded, Windows line endings, one header row whose long Italian
  headers sometimes contain a line break inside the quoted cell (``"Codice dell'Unità territoriale
  sovracomunale \\n(valida a fini statistici)"``), so the header spans several physical lines;
* the resident population tables of demo.istat.it ("Popolazione residente al 1° gennaio", POSAS and its
  predecessors): a title line, then ``Codice comune;Comune;Età;Totale maschi;Totale femmine;Totale`` with
  one row per comune and single year of age and ``Età = 999`` for the total; older files are comma
  separated, call the name column ``Denominazione``, split by marital status and have no ``Totale``
  column (total = ``Totale Maschi`` + ``Totale Femmine``) and end with footnote lines. Tables that are
  already aggregated (no age column, one total per comune) are accepted too.

Both parsers detect the encoding (UTF-8 with or without BOM, otherwise cp1252) and the delimiter (``;`` or
``,``), skip title lines before the header, match headers ignoring case, accents, line breaks, repeated
spaces and footnote markers such as ``(1)``, and report problems as :class:`LineError` with the physical
line number (1-based) a text editor would show, and an Italian message, so they can be shown to the
person who uploaded the file as they are. Valid rows are returned even when other rows have errors:
whether to import a partially valid file is the caller's decision.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from governance.importers.csv_reading import (
    LineError,
    ParseResult,
    _cell,
    _check_duplicate,
    _Column,
    _count,
    _decode,
    _find_layout,
    _header_not_found,
    _is_note,
    _istat_code,
    _Layout,
    _missing_columns_error,
    _normalize_header,
    _padded_code,
    _Record,
    _records,
    _required_text,
    _single_line,
    _UnreadableCsvError,
)

__all__ = [
    "ComuneRow",
    "LineError",
    "ParseResult",
    "PopulationRow",
    "parse_comuni_csv",
    "parse_population_csv",
]


@dataclass(frozen=True)
class ComuneRow:
    istat_code: str  # 6 digits, e.g. "019035"
    name: str  # official name; bilingual comuni keep both forms ("Bolzano/Bozen")
    cadastral_code: str  # letter + 3 digits, e.g. "D142"
    province_code: str  # 3 digits, e.g. "019": the historical province code, prefix of istat_code
    province_name: str  # province, metropolitan city or other supra-municipal unit
    province_abbreviation: str  # sigla automobilistica, e.g. "CR"
    region_code: str  # 2 digits, e.g. "03"
    region_name: str


@dataclass(frozen=True)
class PopulationRow:
    istat_code: str
    name: str
    population: int
    reference_date: dt.date


# ---------------------------------------------------------------------------------------------------
# Column definitions. Aliases are listed in order of preference; the first one is the header ISTAT
# uses today and is the name shown in messages.


_COMUNI_COLUMNS = (
    _Column(
        "istat_code",
        (
            "Codice Comune formato alfanumerico",
            "Codice Comune",
            "Codice ISTAT del Comune",
            "Codice ISTAT",
            "PRO_COM_T",
            # Numeric forms drop the leading zeros; they are padded like spreadsheet-mangled codes.
            "Codice Comune formato numerico",
            "PRO_COM",
        ),
    ),
    _Column(
        "name",
        (
            # The official name: both forms for bilingual comuni ("Bolzano/Bozen"), as in
            # governance/data/comuni.csv and in the population tables.
            "Denominazione (Italiana e straniera)",
            "Denominazione in italiano",
            "Denominazione Comune",
            "Denominazione",
        ),
    ),
    _Column("cadastral_code", ("Codice Catastale del comune", "Codice Catastale", "Codice Belfiore")),
    # "Codice Provincia (Storico)(1)" since 2021, "Codice Provincia (1)" before; not the code of the
    # "Unità territoriale sovracomunale", which is 215 for the Città metropolitana di Milano, not 015.
    _Column("province_code", ("Codice Provincia (Storico)", "Codice Provincia")),
    _Column(
        "province_name",
        (
            "Denominazione dell'Unità territoriale sovracomunale (valida a fini statistici)",
            "Denominazione dell'Unità territoriale sovracomunale",
            "Denominazione Provincia",
            "Denominazione della Provincia",
            # 2015-2020 files: "Denominazione provincia" is "-" for metropolitan cities, whose name is
            # in this column instead (and the other way round for the other provinces).
            "Denominazione Città metropolitana",
            "Provincia",
        ),
    ),
    _Column("province_abbreviation", ("Sigla automobilistica", "Sigla Provincia", "Sigla")),
    _Column("region_code", ("Codice Regione",)),
    _Column("region_name", ("Denominazione Regione", "Regione")),
)
_COMUNI_REQUIRED = (
    "istat_code",
    "name",
    "cadastral_code",
    "province_name",
    "province_abbreviation",
    "region_code",
    "region_name",
)

_POPULATION_COLUMNS = (
    _Column(
        "istat_code",
        (
            "Codice comune",
            "Codice Comune formato alfanumerico",
            "Codice ISTAT del comune",
            "Codice ISTAT",
            "PRO_COM_T",
            "Codice Comune formato numerico",
            "PRO_COM",
        ),
    ),
    _Column("name", ("Comune", "Denominazione", "Denominazione comune", "Denominazione in italiano")),
    _Column("age", ("Età", "Classe di età")),
    _Column(
        "total",
        (
            "Totale",
            "Totale maschi e femmine",
            "Maschi e femmine",
            "Popolazione residente",
            "Popolazione",
            "Totale residenti",
        ),
    ),
    _Column("male", ("Totale maschi", "Maschi")),
    _Column("female", ("Totale femmine", "Femmine")),
)

# A header must name at least this many of the layout's columns: title lines name none.
_COMUNI_MIN_HEADER_MATCHES = 3
_POPULATION_MIN_HEADER_MATCHES = 2

_CADASTRAL = re.compile(r"[A-Z]\d{3}")
_SIGLA = re.compile(r"[A-Z]{2}")
_AGE = re.compile(r"[0-9]{1,3}(\s*\+|\s+e\s+(oltre|piu))?")
_AGE_TOTALS = frozenset({"999", "totale", "totale eta", "tutte le eta"})

_MONTHS = (
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
)
# "al 1° gennaio 2024", "al 1 Gennaio 2020", "al 1º gennaio 2024", "al 31 dicembre 2022".
_TITLE_DATE_WORDS = re.compile(r"\b(\d{1,2})\s*(?:°|º|o\b)?\s*(" + "|".join(_MONTHS) + r")\s+(\d{4})\b", re.I)
# "al 01/01/2024", "al 1.1.2024".
_TITLE_DATE_DIGITS = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")


# ---------------------------------------------------------------------------------------------------
# Reading: encoding, records with their physical line numbers, header.


# ---------------------------------------------------------------------------------------------------
# Field validation. Each returns the clean value, or None after appending an error.


# ---------------------------------------------------------------------------------------------------
# Elenco dei comuni italiani


def _label(column_key: str, columns: Sequence[_Column]) -> str:
    return next(f"«{column.label}»" for column in columns if column.key == column_key)


def parse_comuni_csv(data: bytes) -> ParseResult[ComuneRow]:
    """Parse ISTAT's "Elenco dei comuni italiani" (current and older layouts)."""
    text = _decode(data)
    layout = _find_layout(text, _COMUNI_COLUMNS, _COMUNI_MIN_HEADER_MATCHES)
    if layout is None:
        return ParseResult(
            [], [_header_not_found("un elenco dei comuni ISTAT", _COMUNI_COLUMNS, _COMUNI_REQUIRED)]
        )
    positions = layout.positions
    missing = [_label(key, _COMUNI_COLUMNS) for key in _COMUNI_REQUIRED if key not in positions]
    if missing:
        return ParseResult([], [_missing_columns_error(layout.header.line, missing)])

    rows: list[ComuneRow] = []
    errors: list[LineError] = []
    seen: dict[str, int] = {}
    try:
        for record in _records(text, layout.delimiter):
            if record.line <= layout.header.line or record.blank or _is_note(record):
                continue
            if not _single_line(record, errors):
                continue
            row = _comune_row(record, positions, seen, errors)
            if row is not None:
                rows.append(row)
    except _UnreadableCsvError as exc:
        errors.append(LineError(exc.line, f"file CSV non leggibile: {exc.detail}"))
    return ParseResult(rows, errors)


def _comune_row(
    record: _Record, positions: dict[str, list[int]], seen: dict[str, int], errors: list[LineError]
) -> ComuneRow | None:
    line = record.line
    row_errors: list[LineError] = []
    code = _istat_code(_cell(record, positions, "istat_code"), line, row_errors)
    if code is not None:
        _check_duplicate(code, line, seen, row_errors)
    name = _required_text(_cell(record, positions, "name"), "denominazione del comune", line, row_errors)
    cadastral = _cell(record, positions, "cadastral_code").upper()
    if not cadastral:
        row_errors.append(LineError(line, "codice catastale mancante"))
    elif not _CADASTRAL.fullmatch(cadastral):
        row_errors.append(
            LineError(line, f"codice catastale '{cadastral}' non valido: serve una lettera e 3 cifre")
        )
    province_code = None
    if "province_code" in positions:
        raw_province = _cell(record, positions, "province_code")
        province_code = _padded_code(raw_province, 3, "codice provincia", line, row_errors)
    province_name = _required_text(
        _cell(record, positions, "province_name"), "denominazione della provincia", line, row_errors
    )
    sigla = _cell(record, positions, "province_abbreviation").upper()
    if not sigla:
        row_errors.append(LineError(line, "sigla automobilistica mancante"))
    elif not _SIGLA.fullmatch(sigla):
        row_errors.append(LineError(line, f"sigla automobilistica '{sigla}' non valida: servono 2 lettere"))
    region_code = _padded_code(_cell(record, positions, "region_code"), 2, "codice regione", line, row_errors)
    region_name = _required_text(
        _cell(record, positions, "region_name"), "denominazione della regione", line, row_errors
    )
    if code is not None and province_code is not None and code[:3] != province_code:
        row_errors.append(
            LineError(line, f"codice ISTAT '{code}' non coerente con il codice provincia '{province_code}'")
        )
    errors.extend(row_errors)
    if row_errors or not (code and name and province_name and region_code and region_name):
        return None
    return ComuneRow(
        istat_code=code,
        name=name,
        cadastral_code=cadastral,
        # Without the column, the province code is the first three digits of the ISTAT code.
        province_code=province_code or code[:3],
        province_name=province_name,
        province_abbreviation=sigla,
        region_code=region_code,
        region_name=region_name,
    )


# ---------------------------------------------------------------------------------------------------
# Popolazione residente


def _title_date(records: Sequence[_Record]) -> tuple[dt.date, int] | None:
    """The first date stated in the lines before the header, with its line."""
    for record in records:
        text = " ".join(record.cells)
        for match in _TITLE_DATE_WORDS.finditer(text):
            day, year = int(match.group(1)), int(match.group(3))
            month = _MONTHS.index(match.group(2).lower()) + 1
            try:
                return dt.date(year, month, day), record.line
            except ValueError:
                continue
        for match in _TITLE_DATE_DIGITS.finditer(text):
            try:
                return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1))), record.line
            except ValueError:
                continue
    return None


def parse_population_csv(data: bytes, *, reference_date: dt.date | None = None) -> ParseResult[PopulationRow]:
    """Parse a resident population table by comune (demo.istat.it layouts, by age or aggregated).

    The reference date comes from the title line ("Popolazione residente al 1° gennaio 2024"); files
    without one need ``reference_date``. When both are present they must agree. Without a usable date
    the rows are still checked, so that every error is reported, but none is returned.
    """
    text = _decode(data)
    layout = _find_layout(text, _POPULATION_COLUMNS, _POPULATION_MIN_HEADER_MATCHES)
    if layout is None:
        kind = "una tabella della popolazione residente per comune"
        return ParseResult(
            [], [_header_not_found(kind, _POPULATION_COLUMNS, ("istat_code", "name", "total"))]
        )
    positions = layout.positions
    missing = [_label(key, _POPULATION_COLUMNS) for key in ("istat_code", "name") if key not in positions]
    # Without a total column the total is males + females (the 2019-2020 tables split by marital status).
    summed = "total" not in positions
    if summed and not ("male" in positions and "female" in positions):
        missing.append("«Totale» (oppure «Totale maschi» e «Totale femmine»)")
    if missing:
        return ParseResult([], [_missing_columns_error(layout.header.line, missing)])

    errors: list[LineError] = []
    date = _reference_date(text, layout, reference_date, errors)
    rows: list[PopulationRow] = []
    seen: dict[str, int] = {}
    by_age = "age" in positions
    data_rows = total_rows = 0
    try:
        for record in _records(text, layout.delimiter):
            if record.line <= layout.header.line or record.blank or _is_note(record):
                continue
            data_rows += 1
            if not _single_line(record, errors):
                continue
            if by_age:
                if _is_single_age(record, positions["age"][0]):
                    continue  # fast path for the 101 rows per comune of a by-age table
                raw_age = _cell(record, positions, "age")
                age = _normalize_header(raw_age)
                if age not in _AGE_TOTALS:
                    # A single-age row: only the totals are kept, but the age must make sense.
                    if not _AGE.fullmatch(age):
                        errors.append(LineError(record.line, f"età '{raw_age}' non riconosciuta"))
                    continue
                total_rows += 1
            row = _population_row(record, positions, summed, date, seen, errors)
            if row is not None:
                rows.append(row)
    except _UnreadableCsvError as exc:
        errors.append(LineError(exc.line, f"file CSV non leggibile: {exc.detail}"))

    if by_age and data_rows and not total_rows:
        message = "il file è per età ma non contiene righe di totale (Età 999 o «Totale»)"
        errors.append(LineError(layout.header.line, message))
    errors.sort(key=lambda error: error.line)
    return ParseResult(rows if date is not None else [], errors)


def _is_single_age(record: _Record, index: int) -> bool:
    value = record.cells[index].strip() if index < len(record.cells) else ""
    return value.isascii() and value.isdigit() and len(value) <= 3 and value != "999"


def _reference_date(
    text: str, layout: _Layout, given: dt.date | None, errors: list[LineError]
) -> dt.date | None:
    preamble = []
    for record in _records(text, layout.delimiter):
        if record.line >= layout.header.line:
            break
        preamble.append(record)
    stated = _title_date(preamble)
    if stated is None:
        if given is None:
            errors.append(
                LineError(1, "data di riferimento assente: il titolo non la indica e non è stata fornita")
            )
        return given
    title_date, line = stated
    if given is not None and given != title_date:
        errors.append(
            LineError(
                line,
                f"la data nel titolo ({title_date:%d/%m/%Y}) non coincide con la data di riferimento "
                f"indicata ({given:%d/%m/%Y})",
            )
        )
        return None
    return title_date


def _population_row(
    record: _Record,
    positions: dict[str, list[int]],
    summed: bool,
    date: dt.date | None,
    seen: dict[str, int],
    errors: list[LineError],
) -> PopulationRow | None:
    line = record.line
    row_errors: list[LineError] = []
    code = _istat_code(_cell(record, positions, "istat_code"), line, row_errors)
    if code is not None:
        _check_duplicate(code, line, seen, row_errors)
    name = _required_text(_cell(record, positions, "name"), "denominazione del comune", line, row_errors)
    male: int | None = None
    female: int | None = None
    if "male" in positions and "female" in positions:
        male = _count(_cell(record, positions, "male"), "popolazione maschile", line, row_errors)
        female = _count(_cell(record, positions, "female"), "popolazione femminile", line, row_errors)
    population: int | None
    if summed:
        population = male + female if male is not None and female is not None else None
    else:
        population = _count(_cell(record, positions, "total"), "popolazione", line, row_errors)
        if population is not None and male is not None and female is not None and male + female != population:
            message = f"popolazione {population} diversa da maschi + femmine ({male} + {female})"
            row_errors.append(LineError(line, message))
    errors.extend(row_errors)
    if row_errors or date is None or not (code and name) or population is None:
        return None
    return PopulationRow(istat_code=code, name=name, population=population, reference_date=date)
