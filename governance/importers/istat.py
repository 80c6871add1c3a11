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

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = [
    "ComuneRow",
    "LineError",
    "ParseResult",
    "PopulationRow",
    "parse_comuni_csv",
    "parse_population_csv",
]


@dataclass(frozen=True)
class LineError:
    """A problem found in the file; ``line`` is the 1-based physical line, ``message`` is in Italian."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"riga {self.line}: {self.message}"


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


RowT = TypeVar("RowT", ComuneRow, PopulationRow)


@dataclass(frozen=True)
class ParseResult(Generic[RowT]):
    rows: list[RowT] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# ---------------------------------------------------------------------------------------------------
# Column definitions. Aliases are listed in order of preference; the first one is the header ISTAT
# uses today and is the name shown in messages.


@dataclass(frozen=True)
class _Column:
    key: str
    aliases: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.aliases[0]

    @property
    def keys(self) -> list[str]:
        return [_normalize_header(alias) for alias in self.aliases]


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
# The header is looked for among the first records only.
_HEADER_SEARCH_RECORDS = 30

_DELIMITERS = (";", ",")
_FOOTNOTE = re.compile(r"\(\s*\d+\s*\)")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"[0-9]+")  # ASCII digits only: \d would accept other scripts
_CADASTRAL = re.compile(r"[A-Z]\d{3}")
_SIGLA = re.compile(r"[A-Z]{2}")
_AGE = re.compile(r"[0-9]{1,3}(\s*\+|\s+e\s+(oltre|piu))?")
_AGE_TOTALS = frozenset({"999", "totale", "totale eta", "tutte le eta"})
_PLACEHOLDERS = frozenset({"", "-", "--", "n.d.", "nd"})

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


def _normalize_header(text: str) -> str:
    """Header comparison key: no accents, case, footnote markers, line breaks or repeated spaces."""
    text = unicodedata.normalize("NFKD", text.replace("\ufeff", ""))
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    # Typographic apostrophes (U+2019, U+2018) as the ASCII one.
    text = text.translate({0x2019: "'", 0x2018: "'", ord("`"): "'"})
    text = _SPACES.sub(" ", _FOOTNOTE.sub(" ", text)).strip()
    return text.replace("( ", "(").replace(" )", ")")


def _clean(value: str) -> str:
    return _SPACES.sub(" ", value.replace("\ufeff", "")).strip()


# ---------------------------------------------------------------------------------------------------
# Reading: encoding, records with their physical line numbers, header.


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise Windows-1252."""
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # Five byte values are undefined in cp1252; Latin-1 maps every byte.
        return data.decode("latin-1")


@dataclass(frozen=True)
class _Record:
    line: int  # physical line where the record starts
    end_line: int  # physical line where it ends (later when a quoted cell holds a line break)
    cells: list[str]

    @property
    def blank(self) -> bool:
        return all(not cell.strip() for cell in self.cells)


class _UnreadableCsvError(Exception):
    def __init__(self, line: int, detail: str) -> None:
        super().__init__(detail)
        self.line = line
        self.detail = detail


def _records(text: str, delimiter: str) -> Iterator[_Record]:
    # newline="" keeps line breaks inside quoted cells; the reader's line_num counts physical lines.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_end = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _UnreadableCsvError(previous_end + 1, str(exc)) from exc
        yield _Record(previous_end + 1, reader.line_num, cells)
        previous_end = reader.line_num


@dataclass(frozen=True)
class _Layout:
    delimiter: str
    header: _Record
    positions: dict[str, list[int]]  # column key -> indexes of the matching cells, preferred first


def _match_columns(cells: Sequence[str], columns: Sequence[_Column]) -> dict[str, list[int]]:
    normalized = [_normalize_header(cell) for cell in cells]
    positions: dict[str, list[int]] = {}
    for column in columns:
        found = [index for key in column.keys for index, cell in enumerate(normalized) if cell == key]
        if found:
            positions[column.key] = list(dict.fromkeys(found))
    return positions


def _find_layout(text: str, columns: Sequence[_Column], min_matches: int) -> _Layout | None:
    """Try each delimiter; keep the header naming the most columns, then the earliest, then ';'."""
    best: tuple[int, int, int, _Layout] | None = None
    for order, delimiter in enumerate(_DELIMITERS):
        try:
            for count, record in enumerate(_records(text, delimiter)):
                if count >= _HEADER_SEARCH_RECORDS:
                    break
                positions = _match_columns(record.cells, columns)
                if len(positions) >= min_matches:
                    rank = (-len(positions), record.line, order)
                    if best is None or rank < best[:3]:
                        best = (*rank, _Layout(delimiter, record, positions))
                    break
        except _UnreadableCsvError:
            continue
    return best[3] if best else None


def _missing_columns_error(line: int, labels: Sequence[str]) -> LineError:
    names = ", ".join(labels)
    if len(labels) == 1:
        return LineError(line, f"manca la colonna obbligatoria {names}")
    return LineError(line, f"mancano le colonne obbligatorie {names}")


def _header_not_found(kind: str, columns: Sequence[_Column], required: Sequence[str]) -> LineError:
    expected = ", ".join(f"«{column.label}»" for column in columns if column.key in required)
    return LineError(1, f"intestazione non trovata: il file non sembra {kind} (colonne attese: {expected})")


def _cell(record: _Record, positions: dict[str, list[int]], key: str) -> str:
    """First meaningful value among the columns matching ``key`` ("-" counts as empty)."""
    for index in positions.get(key, []):
        if index < len(record.cells):
            value = _clean(record.cells[index])
            if value.casefold() not in _PLACEHOLDERS:
                return value
    return ""


def _is_note(record: _Record) -> bool:
    """Footnotes, source lines and summary rows, skipped without an error.

    A note has text in the first cell only, not starting with a digit: "(b) Popolazione ..." at the end
    of the older population tables. A damaged data row still has a code (or a region code) first.
    Rows whose first cell is "Totale" are the summaries some demo.istat.it tables end with.
    """
    first = record.cells[0].strip() if record.cells else ""
    if first[:1].isdigit():
        return False  # the common case, decided without normalising
    if _normalize_header(first) in {"totale", "totale generale", "italia"}:
        return True
    return bool(first) and not any(cell.strip() for cell in record.cells[1:])


# ---------------------------------------------------------------------------------------------------
# Field validation. Each returns the clean value, or None after appending an error.


def _istat_code(raw: str, line: int, errors: list[LineError]) -> str | None:
    if not raw:
        errors.append(LineError(line, "codice ISTAT mancante"))
        return None
    # ISTAT's codes have 6 characters, but a file that went through a spreadsheet has lost the leading
    # zeros (019035 -> 19035, 001001 -> 1001), and the population tables write them as numbers anyway:
    # 4 or 5 digits are taken as such a number and padded back to 6.
    if not (_DIGITS.fullmatch(raw) and 4 <= len(raw) <= 6):
        errors.append(LineError(line, f"codice ISTAT '{raw}' non valido: servono 6 cifre"))
        return None
    code = raw.zfill(6)
    if code[:3] == "000" or code[3:] == "000":
        errors.append(LineError(line, f"codice ISTAT '{raw}' non valido: provincia o progressivo pari a 000"))
        return None
    return code


def _padded_code(raw: str, width: int, label: str, line: int, errors: list[LineError]) -> str | None:
    if not raw:
        errors.append(LineError(line, f"{label} mancante"))
        return None
    if not (_DIGITS.fullmatch(raw) and len(raw) <= width and int(raw) > 0):
        errors.append(LineError(line, f"{label} '{raw}' non valido: servono al massimo {width} cifre"))
        return None
    return raw.zfill(width)


def _required_text(raw: str, label: str, line: int, errors: list[LineError]) -> str | None:
    if not raw:
        errors.append(LineError(line, f"{label} mancante"))
        return None
    return raw


def _count(raw: str, label: str, line: int, errors: list[LineError]) -> int | None:
    if not raw:
        errors.append(LineError(line, f"{label} mancante"))
        return None
    if not _DIGITS.fullmatch(raw):
        errors.append(LineError(line, f"{label} '{raw}' non valida: serve un numero intero non negativo"))
        return None
    return int(raw)


def _check_duplicate(code: str, line: int, seen: dict[str, int], errors: list[LineError]) -> None:
    """Codes are checked for repeats even on rows with other errors: two lines claim the same comune."""
    if code in seen:
        errors.append(LineError(line, f"codice ISTAT '{code}' duplicato: compare già alla riga {seen[code]}"))
    else:
        seen[code] = line


def _single_line(record: _Record, errors: list[LineError]) -> bool:
    if record.end_line != record.line:
        errors.append(
            LineError(
                record.line,
                f"la riga prosegue fino alla riga {record.end_line}: virgolette non chiuse?",
            )
        )
        return False
    return True


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
