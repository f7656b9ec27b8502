"""Excel-friendly exports of the on-screen tables (django-tables2's TableExport + tablib).

The file holds exactly the table's rows (all filtered rows, in the current sort, no paging),
with `value_x` numbers; CSV starts with a UTF-8 BOM so that Excel reads Vietnamese correctly,
and text cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django_tables2.export import TableExport
from tablib import Dataset

FORMATS = ("csv", "xlsx")
BOM = "\ufeff"
# OWASP "CSV injection": cells starting with these are evaluated by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix text that a spreadsheet would treat as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeTableExport(TableExport):
    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = Dataset(**(dataset_kwargs or {}))
        for i, row in enumerate(table.as_values(exclude_columns=exclude_columns)):
            cells = [neutralise(cell) for cell in row]
            if i == 0:
                dataset.headers = cells
            else:
                dataset.append(cells)
        return dataset


def export_response(export_format: str, table, name: str) -> HttpResponse:
    """The table as a CSV/XLSX download named `<name>-<YYYY-MM-DD>.<format>`."""
    exporter = SafeTableExport(export_format, table, dataset_kwargs={"title": name[:31]})
    if export_format == "csv":
        body = (BOM + exporter.dataset.export("csv")).encode("utf-8")
    else:
        body = exporter.dataset.export(export_format)
    response = HttpResponse(body, content_type=exporter.content_type())
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{export_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
