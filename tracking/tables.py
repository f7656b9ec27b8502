"""django-tables2 tables. Every render_x has a value_x so that exports hold plain numbers."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tracking import progress
from tracking.models import AdmissionResult, MemberCount, Qualifier, Target
from tracking.templatetags.tracking_format import (
    admitted_label,
    day,
    number,
    percent,
    period_label,
    progress_bar,
    progress_text,
    target_label,
)

_ESTIMATED_DATE = _("Nguồn không nêu ngày; đây là mốc muộn nhất có căn cứ.")


def _round(value, digits=1):
    return None if value is None else round(float(value), digits)


def assessment(record) -> progress.Assessment:
    """The derived figures of a Progress row, as stored (so filters and cells agree)."""
    cached = getattr(record, "_assessment", None)
    if cached is None:
        cached = record._assessment = record.assessment
    return cached


def _rate_html(rate, members, estimated, band):
    if rate is None:
        return format_html('<span class="muted">{}</span>', _("chưa có số đảng viên"))
    position = progress.band_position(rate, *band) if band else None
    note = _("ước tính") if estimated else _("đầu kỳ")
    return format_html(
        '<span class="rate rate-{}">{}</span><small class="sub">/ {} {} ({})</small>',
        position or "none",
        percent(rate, 2),
        number(members),
        _("đảng viên"),
        note,
    )


# Columns a 375-px phone hides: the progress bar's label already says "77/90 · 85,6%"
# (the status stays: it is what a phone user looks for).
WIDE = {"th": {"class": "wide"}, "td": {"class": "wide"}}
WIDE_NUM = {"th": {"class": "wide"}, "td": {"class": "num wide"}}


class ProgressTable(tables.Table):
    """One row per locality: its current period, target, result, progress, rate and pace."""

    name = tables.Column(
        verbose_name=_("Đơn vị"),
        accessor="locality__name",
        linkify=lambda record: record.get_absolute_url(),
        attrs={"td": {"class": "name"}},
    )
    province = tables.Column(
        verbose_name=_("Tỉnh/thành phố"),
        accessor="locality__province__name",
        default="",
        attrs=WIDE,
    )
    period = tables.Column(
        verbose_name=_("Kỳ"), accessor="period_end", order_by=("period_end", "period_start")
    )
    target = tables.Column(
        verbose_name=_("Chỉ tiêu"), accessor="target_value", order_by=("target_value",), attrs=WIDE
    )
    admitted = tables.Column(verbose_name=_("Đã kết nạp"), accessor="admitted", attrs=WIDE)
    as_of = tables.Column(verbose_name=_("Tính đến ngày"), accessor="admitted_as_of", visible=False)
    progress = tables.Column(
        verbose_name=_("Tiến độ (%)"),
        accessor="progress_pct",
        attrs={"td": {"class": "progress-cell"}},
    )
    rate = tables.Column(
        verbose_name=_("Tỷ lệ kết nạp/năm (%)"), accessor="rate_pct", attrs=WIDE_NUM
    )
    members = tables.Column(verbose_name=_("Số đảng viên (mẫu số)"), visible=False)
    members_estimated = tables.Column(
        verbose_name=_("Mẫu số ước tính"), accessor="members_as_of", visible=False, orderable=False
    )
    pace_status = tables.Column(
        verbose_name=_("Tiến độ so với thời gian"),
        accessor="progress_pct",
        orderable=False,
        attrs={"td": {"class": "status"}},  # phones show it too: the status is the point
    )
    projection = tables.Column(
        verbose_name=_("Dự kiến cuối kỳ"), accessor="admitted", orderable=False, attrs=WIDE_NUM
    )

    class Meta:
        order_by = ("name",)
        attrs = {"class": "table data progress-table"}
        empty_text = _("Chưa có đơn vị nào có chỉ tiêu hoặc kết quả phù hợp bộ lọc.")

    def __init__(self, *args, band=None, **kwargs):
        self.band = band
        super().__init__(*args, **kwargs)

    # period
    def render_period(self, record):
        return period_label(record.period_start, record.period_end)

    def value_period(self, record):
        return period_label(record.period_start, record.period_end)

    # target
    def render_target(self, record):
        return target_label(record.target_value, record.target_value_max, record.target_qualifier)

    def value_target(self, record):
        return _round(record.target_value, 2)

    # admitted
    def render_admitted(self, record):
        estimated = ""
        if record.admitted_as_of_estimated:
            estimated = format_html(' <abbr title="{}">({})</abbr>', _ESTIMATED_DATE, _("ước tính"))
        return format_html(
            '{}<small class="sub">{} {}{}</small>',
            admitted_label(record.admitted, record.admitted_qualifier),
            _("đến"),
            day(record.admitted_as_of),
            estimated,
        )

    def value_admitted(self, record):
        return record.admitted

    def value_as_of(self, record):
        return record.admitted_as_of.isoformat() if record.admitted_as_of else ""

    # progress
    def render_progress(self, record):
        figures = assessment(record)
        label = progress_text(record.admitted, record.target_value, figures.progress)
        return progress_bar(figures.progress, label, figures.expected)

    def value_progress(self, record):
        figures = assessment(record)
        return None if figures.progress is None else round(figures.progress * 100, 1)

    # rate
    def render_rate(self, record):
        figures = assessment(record)
        return _rate_html(figures.rate, record.members, figures.denominator_estimated, self.band)

    def value_rate(self, record):
        return _round(assessment(record).rate, 2)

    def value_members(self, record):
        return record.members

    def render_members_estimated(self, record):
        return self.value_members_estimated(record)

    def value_members_estimated(self, record):
        if record.members is None:
            return ""
        return str(_("có") if assessment(record).denominator_estimated else _("không"))

    # pace
    def render_pace_status(self, record):
        status = assessment(record).pace
        if status is None:
            return "—"
        return format_html(
            '<a class="pill pill-{}" href="#chu-giai-tinh-trang">{}</a>',
            status.value,
            progress.PACE_LABELS[status],
        )

    def value_pace_status(self, record):
        status = assessment(record).pace
        return "" if status is None else str(progress.PACE_LABELS[status])

    # projection
    def render_projection(self, record):
        projected = assessment(record).projection
        return "—" if projected is None else number(projected)

    def value_projection(self, record):
        projected = assessment(record).projection
        return None if projected is None else round(projected)


class BenchmarkTable(ProgressTable):
    """The overview's rows reduced to the annual rate and its denominator."""

    class Meta(ProgressTable.Meta):
        order_by = ("-rate",)
        sequence = ("name", "province", "period", "admitted", "rate", "members", "...")
        exclude = ("target", "progress", "pace_status", "projection")
        empty_text = _("Chưa có đơn vị nào có đủ số kết nạp và số đảng viên.")

    rate = tables.Column(
        verbose_name=_("Tỷ lệ kết nạp/năm (%)"), accessor="rate_pct", attrs={"td": {"class": "num"}}
    )
    members = tables.Column(verbose_name=_("Số đảng viên (mẫu số)"), attrs=WIDE_NUM)
    basis = tables.Column(
        verbose_name=_("Căn cứ mẫu số"), accessor="members_as_of", orderable=False
    )

    def render_members(self, value):
        return number(value)

    def render_basis(self, record):
        return self.value_basis(record)

    def value_basis(self, record):
        if record.members_as_of is None:
            return ""
        estimated = assessment(record).denominator_estimated
        kind = _("ước tính") if estimated else _("đầu kỳ")
        return f"{kind} ({day(record.members_as_of)})"

    def render_rate(self, record):
        figures = assessment(record)
        position = progress.band_position(figures.rate, *self.band) if self.band else None
        return format_html(
            '<span class="rate rate-{}">{}</span>', position, percent(figures.rate, 2)
        )


# ---------------------------------------------------------------------------------------------
# Locality page: the figures themselves, with their provenance


class ProvenanceColumns(tables.Table):
    source = tables.Column(verbose_name=_("Nguồn"), accessor="source__title", default="")
    published = tables.Column(verbose_name=_("Ngày đăng"), accessor="source__published", default="")
    url = tables.Column(verbose_name=_("Đường dẫn"), accessor="source__url", default="")
    quote = tables.Column(verbose_name=_("Trích dẫn"), default="", attrs={"td": {"class": "quote"}})

    def render_published(self, value):
        return day(value)

    def value_published(self, value):
        return value.isoformat() if value else ""

    def render_url(self, value):
        return format_html('<a href="{}" rel="noopener">{}</a>', value, _("mở bài viết"))

    def render_quote(self, value):
        return format_html("<q>{}</q>", value)


class TargetTable(ProvenanceColumns):
    period = tables.Column(verbose_name=_("Kỳ"), accessor="end", order_by=("end", "start"))
    metric = tables.Column(verbose_name=_("Loại"))
    value = tables.Column(verbose_name=_("Chỉ tiêu"))
    admitted = tables.Column(verbose_name=_("Đã kết nạp"), default="")
    progress = tables.Column(verbose_name=_("Tiến độ (%)"), accessor="admitted", orderable=False)

    class Meta:
        model = Target
        fields = ()
        sequence = ("period", "metric", "value", "admitted", "progress", "...")
        order_by = ("-period",)
        attrs = {"class": "table data"}
        empty_text = _("Chưa có chỉ tiêu.")

    def render_period(self, record):
        return period_label(record.start, record.end)

    def value_period(self, record):
        return period_label(record.start, record.end)

    def render_value(self, record):
        text = target_label(record.value, record.value_max, record.qualifier)
        return f"{text}%" if record.metric == "rate" else text

    def value_value(self, record):
        return float(record.value)

    def render_admitted(self, record):
        if record.admitted is None:
            return "—"
        return format_html(
            '{}<small class="sub">{} {}</small>',
            number(record.admitted),
            _("đến"),
            day(record.admitted_as_of),
        )

    def value_admitted(self, record):
        return record.admitted

    def _ratio(self, record):
        if record.metric != "count":
            return None
        return progress.progress_ratio(record.admitted, record.value, record.reported_percent)

    def render_progress(self, record):
        ratio = self._ratio(record)
        return progress_bar(ratio, progress_text(record.admitted, record.value, ratio))

    def value_progress(self, record):
        ratio = self._ratio(record)
        return None if ratio is None else round(ratio * 100, 1)


class ResultTable(ProvenanceColumns):
    period = tables.Column(verbose_name=_("Kỳ"), accessor="end", order_by=("end", "start"))
    admitted = tables.Column(verbose_name=_("Số kết nạp"), default="—")
    reported_percent = tables.Column(verbose_name=_("% chỉ tiêu (theo báo cáo)"), default="—")

    class Meta:
        model = AdmissionResult
        fields = ()
        sequence = ("period", "admitted", "reported_percent", "...")
        order_by = ("-period",)
        attrs = {"class": "table data"}
        empty_text = _("Chưa có kết quả.")

    def render_period(self, record):
        return f"{day(record.start)}–{day(record.end)}"

    def value_period(self, record):
        return f"{record.start.isoformat()}/{record.end.isoformat()}"

    def render_admitted(self, record):
        return admitted_label(record.admitted, record.qualifier)

    def value_admitted(self, record):
        return record.admitted

    def render_reported_percent(self, value):
        return percent(value)

    def value_reported_percent(self, value):
        return None if value is None else float(value)


class MemberCountTable(ProvenanceColumns):
    as_of = tables.Column(verbose_name=_("Tính đến ngày"))
    members = tables.Column(verbose_name=_("Tổng số đảng viên"))

    class Meta:
        model = MemberCount
        fields = ()
        sequence = ("as_of", "members", "...")
        order_by = ("-as_of",)
        attrs = {"class": "table data"}
        empty_text = _("Chưa có số đảng viên.")

    def render_as_of(self, value):
        return day(value)

    def value_as_of(self, value):
        return value.isoformat()

    def render_members(self, record):
        prefix = "≥ " if record.qualifier == Qualifier.AT_LEAST else ""
        return prefix + number(record.members)

    def value_members(self, record):
        return record.members
