"""Tables of the totals pages (a unit's units beneath, who has not reported, the provinces).

Kept apart from tables.py (the figures' own tables) because their rows are roll-ups
(`tracking.totals.UnitTotals` lines), not model rows. Every render_x has a value_x so that
exports hold plain numbers.
"""

from __future__ import annotations

from urllib.parse import urlencode

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tracking.models import Level
from tracking.tables import WIDE, WIDE_NUM
from tracking.templatetags.tracking_format import number, progress_bar, progress_text

LEVEL_LABELS = dict(Level.choices)


def _url(slug: str, period, name: str = "tracking:locality-detail") -> str:
    return reverse(name, kwargs={"slug": slug}) + "?" + urlencode(period.query)


def line_rows(totals) -> list[dict]:
    """One plain row per unit directly beneath, for the tables below."""
    rows = []
    for unit, line in totals.lines:
        counted = line.counted
        rows.append(
            {
                "name": unit["name"],
                "url": _url(unit["slug"], totals.period),
                "code": unit["code"],
                "level": LEVEL_LABELS.get(unit["level"], unit["level"]),
                "admitted": counted.admitted if counted.with_result else None,
                "target": counted.target if counted.with_target else None,
                "progress": counted.progress,
                "admitted_with_target": counted.admitted_with_target,
                "target_with_admitted": counted.target_with_admitted,
                "rate": counted.rate(totals.period.years),
                "own_admitted": line.own.admitted if line.own else None,
                "beneath_admitted": line.beneath.admitted if line.beneath.with_result else None,
                "source": _("báo cáo của đơn vị")
                if line.own
                else _("cộng các đơn vị cấp dưới")
                if counted.reported
                else None,
                "units_reported": counted.with_result,
                "mismatch": line.mismatch,
                "approximate": counted.approximate,
                "has_target": bool(counted.with_target),
                "has_result": bool(counted.with_result),
            }
        )
    return rows


def _yes_no(value: bool) -> str:
    return _("có") if value else _("không")


class ChildTotalsTable(tables.Table):
    name = tables.Column(_("Đơn vị"), attrs={"td": {"class": "name"}})
    level = tables.Column(_("Cấp"), attrs=WIDE)
    admitted = tables.Column(_("Kết nạp"), attrs=WIDE_NUM)
    target = tables.Column(_("Chỉ tiêu"), attrs=WIDE_NUM)
    progress = tables.Column(_("Tiến độ"), orderable=False)
    rate = tables.Column(_("Tỷ lệ kết nạp/năm (%)"), attrs=WIDE_NUM)
    units_reported = tables.Column(_("Số đơn vị có kết quả (mọi cấp)"), attrs=WIDE_NUM)
    source = tables.Column(_("Số liệu"), attrs=WIDE)
    beneath_admitted = tables.Column(_("Cộng cấp dưới (kết nạp)"), attrs=WIDE_NUM)

    class Meta:
        attrs = {"class": "table"}
        orderable = False
        empty_text = _("Không có đơn vị trực thuộc trong kỳ này.")

    def render_name(self, record):
        flags = ""
        if record["approximate"]:
            flags = format_html(' <span class="muted small">({})</span>', _("gần đúng"))
        return format_html('<a href="{}">{}</a>{}', record["url"], record["name"], flags)

    def value_name(self, record):
        return record["name"]

    def render_admitted(self, value):
        return number(value)

    def render_target(self, value):
        return number(value, 2)

    def value_admitted(self, record):
        return record["admitted"]

    def value_target(self, record):
        value = record["target"]
        return int(value) if value is not None and float(value).is_integer() else value

    def render_progress(self, record):
        ratio = record["progress"]
        label = progress_text(record["admitted_with_target"], record["target_with_admitted"], ratio)
        return progress_bar(ratio, label)

    def value_progress(self, record):
        ratio = record["progress"]
        return None if ratio is None else round(ratio * 100, 1)

    def render_rate(self, value):
        return number(value, 2)

    def value_rate(self, record):
        return None if record["rate"] is None else round(record["rate"], 2)

    def render_beneath_admitted(self, record):
        text = number(record["beneath_admitted"])
        if record["mismatch"]:
            return format_html(
                '{} <strong class="mismatch">{}</strong>', text, _("lệch với báo cáo")
            )
        return text

    def value_beneath_admitted(self, record):
        return record["beneath_admitted"]


class CompletenessTable(tables.Table):
    """Who has (not) reported: every unit directly beneath that existed in the period."""

    name = tables.Column(_("Đơn vị"), attrs={"td": {"class": "name"}})
    code = tables.Column(_("Mã"), default="")
    level = tables.Column(_("Cấp"))
    has_target = tables.Column(_("Có chỉ tiêu"))
    has_result = tables.Column(_("Có kết quả"))
    state = tables.Column(_("Tình trạng báo cáo"), empty_values=())
    # The approval status (chưa báo cáo / đã nhập / đã duyệt) is added by the approval work:
    # pass `extra_columns=[("approval", Column(...))]` with an "approval" key in the rows.

    class Meta:
        attrs = {"class": "table"}
        orderable = False
        empty_text = _("Không có đơn vị trực thuộc trong kỳ này.")

    def render_name(self, record):
        return format_html('<a href="{}">{}</a>', record["url"], record["name"])

    def value_name(self, record):
        return record["name"]

    def render_has_target(self, value):
        return _yes_no(value)

    def render_has_result(self, value):
        return _yes_no(value)

    def render_state(self, record):
        state = self.value_state(record)
        css = "ok" if record["has_target"] and record["has_result"] else "missing"
        return format_html('<span class="report-state {}">{}</span>', css, state)

    def value_state(self, record):
        if record["has_target"] and record["has_result"]:
            return str(_("chỉ tiêu và kết quả"))
        if record["has_target"]:
            return str(_("chỉ có chỉ tiêu"))
        if record["has_result"]:
            return str(_("chỉ có kết quả"))
        return str(_("chưa báo cáo"))
