"""Pagination from the query string, clamped: `?per_page=-1` or a 400-digit value must not 500.

Views use this `RequestConfig` instead of django-tables2's, whose `int(request.GET[...])`
goes straight to the paginator (a negative slice, or an integer the database cannot hold).
"""

from __future__ import annotations

from django_tables2 import RequestConfig as TablesRequestConfig

MIN_PER_PAGE = 1
MAX_PER_PAGE = 500


def clamp_per_page(raw: str | None, default: int) -> int:
    """`raw` (from the query string) as a page size in 1–500; `default` when it is no integer."""
    try:
        wanted = int(raw)
    except (TypeError, ValueError):  # absent, not a number, or beyond Python's 4,300 digits
        return default
    return max(MIN_PER_PAGE, min(MAX_PER_PAGE, wanted))


class RequestConfig(TablesRequestConfig):
    """django-tables2's RequestConfig with `per_page` clamped to 1–500 for every table."""

    def configure(self, table):
        if not self.paginate:
            return super().configure(table)
        paginate = dict(self.paginate) if hasattr(self.paginate, "items") else {}
        default = paginate.get("per_page") or table._meta.per_page
        name = table.prefixed_per_page_field
        request = self.request
        if name in request.GET:
            query = request.GET.copy()
            query[name] = str(clamp_per_page(request.GET.get(name), default))
            # The table reads the clamped value; its links keep the request's own query string.
            original, request.GET = request.GET, query
            try:
                return super().configure(table)
            finally:
                request.GET = original
                table.request = request
        return super().configure(table)
