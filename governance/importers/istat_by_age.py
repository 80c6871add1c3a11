"""ISTAT's resident population by single year of age and sex per comune (demo.istat.it, POSAS and its predecessors):
pure functions, no Django, no I/O.

The layout is the one :func:`governance.importers.istat.parse_population_csv` reads for its totals (a title line with
the date, then ``Codice comune;Comune;Età;Totale maschi;Totale femmine;Totale``, one row per comune and age, ``Età =
999`` for the comune's total), and the same reader finds it: encodings, delimiters, ISTAT's header variants. Here every
age is kept, for the territorial profile. Each comune must list every age from 0 to 100 once ("100 e oltre" and older
single ages count as 100); its total row, when present, must equal the sum of its ages; every problem is reported with
the line a text editor shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from governance.importers.csv_reading import (
    LineError,
    ParseResult,
    _cell,
    _count,
    _decode,
    _find_layout,
    _header_not_found,
    _is_note,
    _istat_code,
    _missing_columns_error,
    _normalize_header,
    _Record,
    _records,
    _required_text,
    _single_line,
    _UnreadableCsvError,
)
from governance.importers.istat import (
    _AGE,
    _AGE_TOTALS,
    _POPULATION_COLUMNS,
    _POPULATION_MIN_HEADER_MATCHES,
    _label,
    _reference_date,
)

OLDEST = 100  # ISTAT's tables end with "100 e oltre"
AGE_COUNT = OLDEST + 1


@dataclass(frozen=True)
class AgeRow:
    """One comune's residents by single year of age: ``male[age]`` and ``female[age]``, 100 meaning 100 and over."""

    istat_code: str
    name: str
    male: tuple[int, ...]
    female: tuple[int, ...]
    reference_date: dt.date
    line: int  # where the comune starts in the file


@dataclass
class _Comune:
    name: str
    line: int
    male: list[int] = field(default_factory=lambda: [0] * AGE_COUNT)
    female: list[int] = field(default_factory=lambda: [0] * AGE_COUNT)
    ages: dict[int, int] = field(default_factory=dict)  # age → line, to report repeats
    total: tuple[int, int, int] | None = None  # (line, males, females) of the Età 999 row


def parse_population_by_age_csv(data: bytes, *, reference_date: dt.date | None = None) -> ParseResult[AgeRow]:
    """Parse a table by comune, single year of age and sex; rows are returned only if a date is known."""
    text = _decode(data)
    layout = _find_layout(text, _POPULATION_COLUMNS, _POPULATION_MIN_HEADER_MATCHES)
    if layout is None:
        kind = "una tabella della popolazione residente per comune, età e sesso"
        return ParseResult([], [_header_not_found(kind, _POPULATION_COLUMNS, ("istat_code", "age", "male"))])
    positions = layout.positions
    missing = [
        _label(key, _POPULATION_COLUMNS)
        for key in ("istat_code", "age", "male", "female")
        if key not in positions
    ]
    if missing:
        return ParseResult([], [_missing_columns_error(layout.header.line, missing)])

    errors: list[LineError] = []
    date = _reference_date(text, layout, reference_date, errors)
    comuni: dict[str, _Comune] = {}
    try:
        for record in _records(text, layout.delimiter):
            if record.line <= layout.header.line or record.blank or _is_note(record):
                continue
            if _single_line(record, errors):
                _read_line(record, positions, comuni, errors)
    except _UnreadableCsvError as exc:
        errors.append(LineError(exc.line, f"file CSV non leggibile: {exc.detail}"))

    rows = []
    for code, comune in comuni.items():
        if _complete(code, comune, errors) and date is not None:
            rows.append(
                AgeRow(code, comune.name, tuple(comune.male), tuple(comune.female), date, comune.line)
            )
    if not comuni and not errors:
        errors.append(LineError(layout.header.line, "il file non contiene righe di dati"))
    errors.sort(key=lambda error: error.line)
    return ParseResult(rows if not errors else [], errors)


def _plain_numbers(record: _Record, positions: dict[str, list[int]]) -> tuple[str, int, int, int] | None:
    """The common line of a clean file (code, a single age, two counts, their total), read without the general
    cell cleaning that makes 800,000 lines slow: anything unusual returns None and takes the careful path."""
    cells = record.cells
    try:
        raw = [cells[positions[key][0]].strip() for key in ("istat_code", "age", "male", "female")]
        total = cells[positions["total"][0]].strip() if "total" in positions else None
    except IndexError:
        return None
    code, age, male, female = raw
    if not all(value.isascii() and value.isdigit() for value in raw) or not 4 <= len(code) <= 6:
        return None
    if age == "999" or int(age) > OLDEST or code.zfill(6)[:3] == "000" or code.zfill(6)[3:] == "000":
        return None
    if total is not None and (
        not (total.isascii() and total.isdigit()) or int(total) != int(male) + int(female)
    ):
        return None
    return code.zfill(6), int(age), int(male), int(female)


def _read_line(
    record: _Record, positions: dict[str, list[int]], comuni: dict[str, _Comune], errors: list[LineError]
) -> None:
    plain = _plain_numbers(record, positions)
    if plain is not None and plain[0] in comuni and plain[1] not in comuni[plain[0]].ages:
        known = comuni[plain[0]]
        known.ages[plain[1]] = record.line
        known.male[plain[1]] += plain[2]
        known.female[plain[1]] += plain[3]
        return
    line = record.line
    row_errors: list[LineError] = []
    code = _istat_code(_cell(record, positions, "istat_code"), line, row_errors)
    name = _cell(record, positions, "name") or ""
    raw_age = _cell(record, positions, "age")
    age = _age(raw_age, line, row_errors)
    male = _count(_cell(record, positions, "male"), "popolazione maschile", line, row_errors)
    female = _count(_cell(record, positions, "female"), "popolazione femminile", line, row_errors)
    if "total" in positions:
        total = _count(_cell(record, positions, "total"), "popolazione", line, row_errors)
        if total is not None and male is not None and female is not None and male + female != total:
            row_errors.append(
                LineError(line, f"popolazione {total} diversa da maschi + femmine ({male} + {female})")
            )
    if "name" in positions:
        _required_text(name, "denominazione del comune", line, row_errors)
    errors.extend(row_errors)
    if row_errors or code is None or age is None or male is None or female is None:
        return
    comune = comuni.get(code)
    if comune is None:
        comune = comuni[code] = _Comune(name=name, line=line)
    if age == "total":
        if comune.total is not None:
            errors.append(
                LineError(line, f"il totale del comune {code} compare già alla riga {comune.total[0]}")
            )
        else:
            comune.total = (line, male, female)
        return
    assert isinstance(age, int)
    if age in comune.ages and age < OLDEST:
        errors.append(
            LineError(line, f"l'età {age} del comune {code} compare già alla riga {comune.ages[age]}")
        )
        return
    comune.ages.setdefault(age, line)
    comune.male[age] += male
    comune.female[age] += female


def _age(raw: str, line: int, errors: list[LineError]) -> int | str | None:
    """0-99, 100 for "100", "100+", "100 e oltre" and any older single age; "total" for the Età 999 row."""
    if raw.isascii() and raw.isdigit() and raw != "999":
        return min(int(raw), OLDEST)
    normal = _normalize_header(raw)
    if normal in _AGE_TOTALS:
        return "total"
    if raw and _AGE.fullmatch(normal):
        return min(int(normal.split()[0].rstrip("+")), OLDEST)
    errors.append(LineError(line, f"età '{raw}' non riconosciuta"))
    return None


def _complete(code: str, comune: _Comune, errors: list[LineError]) -> bool:
    missing = [age for age in range(AGE_COUNT) if age not in comune.ages]
    if missing:
        shown = ", ".join(str(age) for age in missing[:5]) + (" …" if len(missing) > 5 else "")
        errors.append(LineError(comune.line, f"il comune {code} non ha le righe delle età {shown}"))
        return False
    if comune.total is not None:
        line, male, female = comune.total
        if (male, female) != (sum(comune.male), sum(comune.female)):
            errors.append(
                LineError(
                    line,
                    f"il totale del comune {code} ({male} maschi, {female} femmine) non è la somma delle età "
                    f"({sum(comune.male)} maschi, {sum(comune.female)} femmine)",
                )
            )
            return False
    return True
