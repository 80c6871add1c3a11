"""Reading the CSV files public offices publish, whatever their age: encoding (UTF-8 with or without BOM, else
cp1252), delimiter, title lines before the header, headers matched loosely (case, accents, line breaks, footnote
markers), and errors by the physical line number a text editor shows, in Italian. Pure functions, no Django.
governance/importers/istat.py describes ISTAT's layouts with them."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar


@dataclass(frozen=True)
class LineError:
    """A problem found in the file; ``line`` is the 1-based physical line, ``message`` is in Italian."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"riga {self.line}: {self.message}"


RowT = TypeVar("RowT")  # the row of the layout (istat.ComuneRow, istat.PopulationRow)


@dataclass(frozen=True)
class ParseResult(Generic[RowT]):
    rows: list[RowT] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


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


# The header is looked for among the first records only.
_HEADER_SEARCH_RECORDS = 30


_DELIMITERS = (";", ",")


_FOOTNOTE = re.compile(r"\(\s*\d+\s*\)")


_SPACES = re.compile(r"\s+")


_DIGITS = re.compile(r"[0-9]+")  # ASCII digits only: \d would accept other scripts


_PLACEHOLDERS = frozenset({"", "-", "--", "n.d.", "nd"})


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
