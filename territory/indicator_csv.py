"""The generic indicator layout: one value per comune and year, whatever the source (pure functions, no Django).

    codice_istat;anno;valore          (also: comune, any other column, ignored)
    019035;2022;123456,78

Headers are matched loosely like ISTAT's (``Codice comune``, ``PRO_COM_T``, ``Anno di imposta``, ``Valore``...), title
lines before the header are skipped, and each problem is reported with its line number in Italian. The year may be
left out of the file and given with the upload instead. Numbers: a comma is the decimal separator and dots then group
thousands ("1.234,5"); without a comma a dot is the decimal separator ("1234.5"). Values may be negative (a balance)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

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
    _records,
    _single_line,
    _UnreadableCsvError,
)

COLUMNS = (
    _Column(
        "istat_code",
        (
            "codice_istat",
            "Codice ISTAT",
            "Codice comune",
            "Codice ISTAT del comune",
            "Codice Comune formato alfanumerico",
            "PRO_COM_T",
            "PRO_COM",
            "Codice Istat Comune",
        ),
    ),
    _Column("year", ("anno", "Anno di riferimento", "Anno di imposta", "Anno d'imposta")),
    _Column("value", ("valore", "Value", "Indicatore")),
    _Column("name", ("comune", "Denominazione", "Denominazione comune", "Nome comune")),
)
MAX_DIGITS = 16  # IndicatorValue.value: 20 digits, 4 after the point
_NUMBER = re.compile(r"-?[0-9][0-9.]*(,[0-9]+)?|-?[0-9]*\.[0-9]+")
_YEAR = re.compile(r"(18|19|20|21)[0-9]{2}")


@dataclass(frozen=True)
class ValueRow:
    line: int
    istat_code: str
    year: int
    value: Decimal


def parse_value(raw: str) -> Decimal | None:
    """ "1.234,5" and "1234.5" are 1234.5; None when it is not a number."""
    text = raw.replace(" ", "").replace("\u00a0", "")
    if not _NUMBER.fullmatch(text):
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_indicator_csv(data: bytes, *, year: int | None = None) -> ParseResult[ValueRow]:
    """Every row of the file, or every error; `year` is used when the file has no year column."""
    text = _decode(data)
    layout = _find_layout(text, COLUMNS, 2)
    if layout is None:
        return ParseResult(
            [], [_header_not_found("una tabella di valori per comune", COLUMNS, ("istat_code", "value"))]
        )
    positions = layout.positions
    missing = [
        f"«{column.label}»"
        for column in COLUMNS
        if column.key in ("istat_code", "value") and column.key not in positions
    ]
    if "year" not in positions and year is None:
        missing.append("«anno» (oppure l'anno indicato con il file)")
    if missing:
        return ParseResult([], [_missing_columns_error(layout.header.line, missing)])

    rows: list[ValueRow] = []
    errors: list[LineError] = []
    seen: dict[tuple[str, int], int] = {}
    try:
        for record in _records(text, layout.delimiter):
            if record.line <= layout.header.line or record.blank or _is_note(record):
                continue
            if not _single_line(record, errors):
                continue
            row = _value_row(record, positions, year, seen, errors)
            if row is not None:
                rows.append(row)
    except _UnreadableCsvError as exc:
        errors.append(LineError(exc.line, f"file CSV non leggibile: {exc.detail}"))
    if not rows and not errors:
        errors.append(LineError(layout.header.line, "il file non contiene valori"))
    return ParseResult(rows if not errors else [], errors)


def _value_row(
    record,
    positions: dict[str, list[int]],
    given_year: int | None,
    seen: dict[tuple[str, int], int],
    errors: list[LineError],
) -> ValueRow | None:
    line = record.line
    row_errors: list[LineError] = []
    code = _istat_code(_cell(record, positions, "istat_code"), line, row_errors)
    year = given_year
    if "year" in positions:
        raw_year = _cell(record, positions, "year")
        if not _YEAR.fullmatch(raw_year):
            row_errors.append(LineError(line, f"anno '{raw_year}' non valido: servono 4 cifre"))
            year = None
        else:
            year = int(raw_year)
            if given_year is not None and year != given_year:
                row_errors.append(LineError(line, f"anno {year} diverso da quello indicato ({given_year})"))
    raw_value = _cell(record, positions, "value")
    value = parse_value(raw_value) if raw_value else None
    if not raw_value:
        row_errors.append(LineError(line, "valore mancante"))
    elif value is None:
        row_errors.append(LineError(line, f"valore '{raw_value}' non numerico"))
    elif len(value.quantize(Decimal("1")).copy_abs().as_tuple().digits) > MAX_DIGITS:
        row_errors.append(LineError(line, f"valore '{raw_value}' troppo grande"))
    if code is not None and year is not None:
        key = (code, year)
        if key in seen:
            row_errors.append(LineError(line, f"comune {code} per il {year} già alla riga {seen[key]}"))
        else:
            seen[key] = line
    errors.extend(row_errors)
    if row_errors or code is None or year is None or value is None:
        return None
    return ValueRow(line, code, year, value)
