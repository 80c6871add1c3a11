"""Tables a page shows, exported as they are: CSV (semicolon-separated, UTF-8 with BOM, what spreadsheet programs
in Italian locales open directly) and XLSX (XlsxWriter, one sheet per table, amounts as numbers)."""

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _filename(name: str, extension: str) -> str:
    return f'attachment; filename="{slugify(name)}-{timezone.localdate().isoformat()}.{extension}"'


def csv_table(table: Table, *, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(table.headers)
    writer.writerows([[_text(value) for value in row] for row in table.rows])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _filename(f"{filename}-{table.key}", "csv")
    return response


def xlsx_tables(tables: Sequence[Table], *, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    euro = book.add_format({"num_format": "#,##0.00"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    used: set[str] = set()
    for table in tables:
        # Sheet names: at most 31 characters, unique, none of []:*?/\
        name = "".join(c for c in table.title if c not in "[]:*?/\\")[:31] or table.key[:31]
        while name in used:
            name = f"{name[:28]}~{len(used)}"
        used.add(name)
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, table.headers, bold)
        for row_number, row in enumerate(table.rows, start=1):
            for column, value in enumerate(row):
                if isinstance(value, Decimal):
                    sheet.write_number(row_number, column, float(value), euro)
                elif isinstance(value, date):
                    sheet.write_datetime(row_number, column, value, day)
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(row_number, column, value)
                else:
                    sheet.write_string(row_number, column, _text(value))
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, max(len(table.headers) - 1, 1), 16)
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = _filename(filename, "xlsx")
    return response


def export_response(
    request: Any, tables: Callable[[], Sequence[Table]], *, filename: str
) -> HttpResponse | None:
    """The export a request asks for (`?format=xlsx`, or `?format=csv&table=<key>`), or None for the page. The
    tables are built only for an export: a page never pays for rows it does not show."""
    wanted = request.GET.get("format")
    if wanted not in ("xlsx", "csv"):
        return None
    built = tables()
    if wanted == "xlsx":
        return xlsx_tables(built, filename=filename)
    if built:
        key = request.GET.get("table") or built[0].key
        for table in built:
            if table.key == key:
                return csv_table(table, filename=filename)
    return None
