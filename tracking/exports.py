"""Exports of the on-screen tables, streamed: CSV for machines, XLSX for clerks.

Both are built from the table's own columns (django-tables2: each column's `value_x`, the
columns the page shows plus those it hides but exports, such as the qualifier "Mức"), over all
the filtered rows in the current sort, so the page and the file cannot disagree.

- CSV: UTF-8 with a BOM (Excel then reads Vietnamese right), a header row, dot decimals, ISO
  dates (2023-06-30), no title row: a file for other programs.
- XLSX: a title row saying what was exported (what, unit, filters, date), the header row
  frozen beneath it, numbers as numeric cells with display formats (5.544 and 85,6 in a
  Vietnamese Excel), dates as date cells shown dd/mm/yyyy, years as numbers, column widths.
- Neither holds HTML; text that a spreadsheet would run as a formula is neutralised.

Rows are read from the database in chunks and written as they come (openpyxl's write-only
mode for XLSX), so memory stays flat in the number of rows.
"""

from __future__ import annotations

import csv
import html
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from django.utils.safestring import SafeData
from django.utils.text import slugify
from django_tables2.rows import BoundRow

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BOM = "\ufeff"
# OWASP "CSV injection": cells starting with these are evaluated by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
DATE_FORMAT = "dd/mm/yyyy"
INT_FORMAT = "#,##0"
FLOAT_FORMAT = "#,##0.0##"
# Streamed responses are built and tested; off until the callers' tests read streams.
STREAM = False
WIDTH_SAMPLE = 200  # rows read before the widths are fixed (write-only sheets need them first)


def neutralise(value):
    """Prefix text that a spreadsheet would treat as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def plain(value):
    """A cell value without markup: numbers, dates and None as they are; HTML made text."""
    if value is None or isinstance(value, bool | int | float | date):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, SafeData) or (isinstance(value, str) and "<" in value):
        value = html.unescape(strip_tags(str(value)))
    return neutralise(force_str(value))


def export_columns(table) -> list:
    """The bound columns a file holds: every column, shown or hidden, not excluded."""
    return [c for c in table.columns.iterall() if not c.column.exclude_from_export]


def headers(table) -> list[str]:
    return [force_str(column.header) for column in export_columns(table)]


def _records(table) -> Iterable:
    """All the table's records in its current order (not one page): a queryset in chunks."""
    data = getattr(table.data, "data", table.data)
    if isinstance(data, QuerySet):
        return data.iterator(chunk_size=CHUNK)
    return iter(data)


def rows(table) -> Iterator[list]:
    """The table's rows as plain typed values (int, float, date, str, None)."""
    columns = export_columns(table)
    for record in _records(table):
        row = BoundRow(record, table=table)
        yield [plain(row.get_cell_value(column.name)) for column in columns]


# --- file names -------------------------------------------------------------------------------


def filename(*parts: str, export_format: str, day: date | None = None) -> str:
    """ "ket-qua-pac-nam-bac-kan-2026-11-22.csv": what, unit, filters, date; ASCII words."""
    day = day or timezone.localdate()
    words = " ".join(p for p in parts if p).replace("đ", "d").replace("Đ", "D")
    return f"{slugify(words) or 'bang'}-{day:%Y-%m-%d}.{export_format}"


# --- CSV --------------------------------------------------------------------------------------


class _Line:
    """A file-like object whose write() returns what it was given (for csv.writer)."""

    def write(self, value):
        return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


def csv_stream(table) -> Iterator[bytes]:
    writer = csv.writer(_Line())
    yield (BOM + writer.writerow(headers(table))).encode("utf-8")
    batch = []
    for row in rows(table):
        batch.append(writer.writerow([_csv_value(v) for v in row]))
        if len(batch) >= CHUNK // 4:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


# --- XLSX -------------------------------------------------------------------------------------


def _display_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.1f}")
    if isinstance(value, int):
        return len(f"{value:,}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(header: list[str], sample: list[list]) -> list[float]:
    """Widths (in characters) that fit the header and the sampled values, within 8..60."""
    widths = []
    for i, title in enumerate(header):
        longest = max([len(title) * 0.8, *(_display_width(row[i]) for row in sample)])
        widths.append(min(max(longest + 2, 8), 60))
    return widths


def _xlsx_cell(sheet, value, number_format=None):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int):
        cell.number_format = number_format or INT_FORMAT
    elif isinstance(value, float):
        cell.number_format = number_format or FLOAT_FORMAT
    return cell


def xlsx_stream(table, title: str, sheet_name: str = "") -> Iterator[bytes]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    header = headers(table)
    formats = [getattr(table, "xlsx_formats", {}).get(c.name) for c in export_columns(table)]
    body = rows(table)
    sample = []
    for row in body:
        sample.append(row)
        if len(sample) >= WIDTH_SAMPLE:
            break

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_name or title))
    sheet.freeze_panes = "A3"
    for i, width in enumerate(column_widths(header, sample), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    heading = WriteOnlyCell(sheet, value=title)
    heading.font = Font(bold=True, size=12)
    sheet.append([heading])
    header_cells = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in _chain(sample, body):
        sheet.append([_xlsx_cell(sheet, v, f) for v, f in zip(row, formats, strict=True)])
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(64 * 1024):
            yield chunk


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _sheet_title(title: str) -> str:
    for char in "[]:*?/\\":
        title = title.replace(char, " ")
    return title[:31] or "Sheet"


# --- the response -----------------------------------------------------------------------------


def _in_language(language: str | None, stream: Iterator[bytes]) -> Iterator[bytes]:
    """Run the generator in the request's language: it is consumed after the view returned."""
    with translation.override(language):
        yield from stream


def export_response(
    export_format: str, table, name: str, *, title: str = "", scope: Iterable[str] = ()
) -> HttpResponse | StreamingHttpResponse:
    """The table as a streamed CSV/XLSX download.

    `name` and `scope` (the unit, the filters: "Pác Nặm", "năm 2023") make the file name,
    "ket-qua-pac-nam-bac-kan-2026-11-22.csv"; `title` and `scope` the XLSX title row."""
    scope = [str(part) for part in scope if part]
    today = timezone.localdate()
    heading = " — ".join([str(title or name), *scope, today.strftime("%d/%m/%Y")])
    if export_format == "csv":
        stream = csv_stream(table)
    else:
        stream = xlsx_stream(table, heading, str(title or name))
    if STREAM:
        response = StreamingHttpResponse(
            _in_language(translation.get_language(), stream),
            content_type=CONTENT_TYPES[export_format],
        )
    else:
        response = HttpResponse(b"".join(stream), content_type=CONTENT_TYPES[export_format])
    file = filename(name, *scope, export_format=export_format, day=today)
    response["Content-Disposition"] = f'attachment; filename="{file}"'
    return response
