"""django-tables2 tables. Every render_x has a value_x so that exports hold plain values.

The exports (`tracking.exports`) are built from these columns: the ones the page shows plus
hidden ones that only files hold (the period's dates, the qualifier "Mức" beside each value,
the breakdowns and their shares). `value_x` returns numbers, dates (not text), years as
numbers, and never HTML."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from tracking import progress
from tracking.breakdowns import BREAKDOWNS, breakdown_of, reported
from tracking.models import AdmissionResult, MemberCount, Qualifier, Target
from tracking.templatetags.tracking_format import (
    admitted_label,
    day,
    number,
    percent,
    percent_label,
    period_label,
    progress_bar,
    progress_text,
    ratio_percent,
    target_label,
)

_ESTIMATED_DATE = _("Nguồn không nêu ngày; đây là mốc muộn nhất có căn cứ.")


def _round(value, digits=1):
    return progress.rounded(value, digits)


def qualifier_text(qualifier) -> str:
    """The qualifier "Mức" as a file says it: "chính xác", "ít nhất / trên", "khoảng / …"."""
    if not qualifier:
        return ""
    try:
        return str(Qualifier(qualifier).label)
    except ValueError:
        return str(qualifier)


def period_value(start, end):
    """A period in a file: a calendar year as a number (2023), else the label as on screen."""
    whole_year = start and end and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    if whole_year and start.year == end.year:
        return start.year
    return period_label(start, end)


def _start_column(accessor):
    return tables.Column(verbose_name=_("Từ ngày"), accessor=accessor, visible=False)


def _end_column(accessor):
    return tables.Column(verbose_name=_("Đến ngày"), accessor=accessor, visible=False)


def _qualifier_column(accessor, label=None):
    return tables.Column(
        verbose_name=label or _("Mức"), accessor=accessor, visible=False, orderable=False
    )


def assessment(record) -> progress.Assessment:
    """The derived figures of a Progress row, as stored (so filters and cells agree)."""
    cached = getattr(record, "_assessment", None)
    if cached is None:
        cached = record._assessment = record.assessment
    return cached


def rate_position(figures: progress.Assessment, band) -> str | None:
    """Where the rate lies against the band, pro rata for part of a year; never "below" when
    the locality is ahead of its own target (the colour would contradict the status)."""
    if not band:
        return None
    position = progress.band_position(figures.rate, *band, share=figures.rate_share)
    if position == "below" and figures.pace in progress.AHEAD_OR_BETTER:
        return None
    return position


def _rate_html(figures, members, band):
    if figures.rate is None:
        return format_html('<span class="muted">{}</span>', _("chưa có số đảng viên"))
    note = _("ước tính") if figures.denominator_estimated else _("đầu kỳ")
    pro_rata = ""
    if band and figures.rate_share < 1:
        pro_rata = format_html(
            '<small class="sub pro-rata">{} {}–{}</small>',
            _("một phần năm; mức NQ21 tương ứng"),
            percent(band[0] * figures.rate_share, 2),
            percent(band[1] * figures.rate_share, 2),
        )
    return format_html(
        '<span class="rate rate-{}">{}</span><small class="sub">/ {} {} ({})</small>{}',
        rate_position(figures, band) or "none",
        percent(figures.rate, 2),
        number(members),
        _("đảng viên"),
        note,
        pro_rata,
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
    period_start = _start_column("period_start")
    period_end = _end_column("period_end")
    target = tables.Column(
        verbose_name=_("Chỉ tiêu"), accessor="target_value", order_by=("target_value",), attrs=WIDE
    )
    target_qualifier = _qualifier_column("target_qualifier", _("Mức (chỉ tiêu)"))
    admitted = tables.Column(verbose_name=_("Đã kết nạp"), accessor="admitted", attrs=WIDE)
    admitted_qualifier = _qualifier_column("admitted_qualifier", _("Mức (kết nạp)"))
    as_of = tables.Column(verbose_name=_("Tính đến ngày"), accessor="admitted_as_of", visible=False)
    progress = tables.Column(
        verbose_name=_("Tiến độ (%)"),
        accessor="progress_pct",
        attrs={"td": {"class": "progress-cell"}},
    )
    progress_qualifier = _qualifier_column("reported_qualifier", _("Mức (tiến độ theo báo cáo)"))
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

    # Display formats of the numeric XLSX cells (whole numbers get "#,##0").
    xlsx_formats = {"target": "#,##0.##", "progress": "0.0", "rate": "0.00"}

    def __init__(self, *args, band=None, **kwargs):
        self.band = band
        super().__init__(*args, **kwargs)

    # period
    def render_period(self, record):
        return period_label(record.period_start, record.period_end)

    def value_period(self, record):
        return period_value(record.period_start, record.period_end)

    def value_target_qualifier(self, record):
        return qualifier_text(record.target_qualifier) if record.has_target else ""

    def value_admitted_qualifier(self, record):
        return "" if record.admitted is None else qualifier_text(record.admitted_qualifier)

    def value_progress_qualifier(self, record):
        from_report = record.reported_percent is not None and not (
            record.admitted is not None and record.target_value
        )
        return qualifier_text(record.reported_qualifier or "exact") if from_report else ""

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
        return record.admitted_as_of

    # progress
    def render_progress(self, record):
        figures = assessment(record)
        label = progress_text(
            record.admitted, record.target_value, figures.progress, record.reported_qualifier
        )
        return progress_bar(figures.progress, label, figures.expected)

    def value_progress(self, record):
        figures = assessment(record)
        return None if figures.progress is None else _round(figures.progress * 100, 1)

    # rate
    def render_rate(self, record):
        figures = assessment(record)
        return _rate_html(figures, record.members, self.band)

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
            status_label(record),
        )

    def value_pace_status(self, record):
        return status_label(record)

    # projection
    def render_projection(self, record):
        projected = assessment(record).projection
        return "—" if projected is None else number(projected)

    def value_projection(self, record):
        projected = assessment(record).projection
        return None if projected is None else int(progress.round_half_up(projected, 0))


def status_label(record) -> str:
    """ "Chậm tiến độ"; for a closed period "Đạt" or "Không đạt (thiếu 13)"."""
    status = assessment(record).pace
    if status is None:
        return ""
    label = str(progress.PACE_LABELS[status])
    if status == progress.Pace.MISSED and (missing := record.shortfall):
        label = _("%(label)s (thiếu %(n)s)") % {"label": label, "n": number(missing)}
    return label


class BenchmarkTable(ProgressTable):
    """The overview's rows reduced to the annual rate and its denominator."""

    class Meta(ProgressTable.Meta):
        order_by = ("-rate",)
        sequence = (
            "name",
            "province",
            "period",
            "period_start",
            "period_end",
            "admitted",
            "admitted_qualifier",
            "rate",
            "members",
            "...",
        )
        exclude = (
            "target",
            "target_qualifier",
            "progress",
            "progress_qualifier",
            "pace_status",
            "projection",
        )
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
        return format_html(
            '<span class="rate rate-{}">{}</span>',
            rate_position(figures, self.band) or "none",
            percent(figures.rate, 2),
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
        return value or None

    def render_url(self, value):
        return format_html('<a href="{}" rel="noopener">{}</a>', value, _("mở bài viết"))

    def value_url(self, value):
        return value

    def render_quote(self, value):
        return format_html("<q>{}</q>", value)

    def value_quote(self, value):
        return value


class TargetTable(ProvenanceColumns):
    period = tables.Column(verbose_name=_("Kỳ"), accessor="end", order_by=("end", "start"))
    period_start = _start_column("start")
    period_end = _end_column("end")
    metric = tables.Column(verbose_name=_("Loại"))
    value = tables.Column(verbose_name=_("Chỉ tiêu"))
    qualifier = _qualifier_column("qualifier")
    admitted = tables.Column(verbose_name=_("Đã kết nạp"), default="")
    progress = tables.Column(verbose_name=_("Tiến độ (%)"), accessor="admitted", orderable=False)

    xlsx_formats = {"value": "#,##0.##", "progress": "0.0"}

    class Meta:
        model = Target
        fields = ()
        sequence = (
            "period",
            "period_start",
            "period_end",
            "metric",
            "value",
            "qualifier",
            "admitted",
            "progress",
            "...",
        )
        order_by = ("-period",)
        attrs = {"class": "table data"}
        empty_text = _("Chưa có chỉ tiêu.")

    def render_period(self, record):
        return period_label(record.start, record.end)

    def value_period(self, record):
        return period_value(record.start, record.end)

    def value_qualifier(self, record):
        return qualifier_text(record.qualifier)

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
        return None if ratio is None else _round(ratio * 100, 1)


class ShareColumn(tables.Column):
    """A breakdown's share of the admitted count, in % (one decimal, half up): files only."""

    def __init__(self, field, **kwargs):
        self.field = field
        super().__init__(accessor=field, visible=False, orderable=False, **kwargs)

    def value(self, record, value):
        if value is None or not record.admitted:
            return None
        return _round(value * 100 / record.admitted, 1)


class ResultTable(ProvenanceColumns):
    period = tables.Column(verbose_name=_("Kỳ"), accessor="end", order_by=("end", "start"))
    period_start = _start_column("start")
    period_end = _end_column("end")
    admitted = tables.Column(verbose_name=_("Số kết nạp"), default="—")
    qualifier = _qualifier_column("qualifier")
    reported_percent = tables.Column(verbose_name=_("% chỉ tiêu (theo báo cáo)"), default="—")
    reported_rate = tables.Column(
        verbose_name=_("Tỷ lệ kết nạp (% đảng viên, theo báo cáo)"), default="—"
    )
    percent_qualifier = _qualifier_column("percent_qualifier", _("Mức (tỷ lệ)"))
    breakdown = tables.Column(
        verbose_name=_("Cơ cấu (tỷ lệ trên số kết nạp)"),
        accessor="admitted",
        orderable=False,
        exclude_from_export=True,
        attrs={"td": {"class": "breakdown"}},
    )

    xlsx_formats = {"reported_percent": "0.0##", "reported_rate": "0.0##"}

    class Meta:
        model = AdmissionResult
        fields = ()
        sequence = (
            "period",
            "period_start",
            "period_end",
            "admitted",
            "qualifier",
            "reported_percent",
            "reported_rate",
            "percent_qualifier",
            "breakdown",
            *(f"{name}{suffix}" for name, _label in BREAKDOWNS for suffix in ("", "_share")),
            "...",
        )
        order_by = ("-period",)
        attrs = {"class": "table data"}
        empty_text = _("Chưa có kết quả.")

    def __init__(self, *args, **kwargs):
        extra = list(kwargs.pop("extra_columns", ()))
        for name, label in BREAKDOWNS:
            extra.append((name, tables.Column(verbose_name=label, visible=False, orderable=False)))
            share_label = _("%(part)s (%% số kết nạp)") % {"part": label}
            extra.append((f"{name}_share", ShareColumn(name, verbose_name=share_label)))
        self.xlsx_formats = {
            **self.xlsx_formats,
            **{f"{name}_share": "0.0" for name, _label in BREAKDOWNS},
        }
        super().__init__(*args, extra_columns=extra, **kwargs)

    def render_period(self, record):
        return f"{day(record.start)}–{day(record.end)}"

    def value_period(self, record):
        return period_value(record.start, record.end)

    def render_admitted(self, record):
        return admitted_label(record.admitted, record.qualifier)

    def value_admitted(self, record):
        return record.admitted

    def value_qualifier(self, record):
        return "" if record.admitted is None else qualifier_text(record.qualifier)

    def value_percent_qualifier(self, record):
        if record.reported_percent is None and record.reported_rate is None:
            return ""
        return qualifier_text(record.percent_qualifier)

    def render_breakdown(self, record):
        parts = reported(breakdown_of(record))
        if not parts:
            return "—"
        return format_html_join(
            " · ",
            "{} {}{}",
            (
                (
                    part.label,
                    number(part.count),
                    f" ({ratio_percent(part.share)})" if part.share is not None else "",
                )
                for part in parts
            ),
        )

    def render_reported_percent(self, record):
        return percent_label(record.reported_percent, record.percent_qualifier)

    def value_reported_percent(self, value):
        return None if value is None else float(value)

    def render_reported_rate(self, record):
        return percent_label(record.reported_rate, record.percent_qualifier)

    def value_reported_rate(self, value):
        return None if value is None else float(value)


class MemberCountTable(ProvenanceColumns):
    as_of = tables.Column(verbose_name=_("Tính đến ngày"))
    members = tables.Column(verbose_name=_("Tổng số đảng viên"))
    qualifier = _qualifier_column("qualifier")

    class Meta:
        model = MemberCount
        fields = ()
        sequence = ("as_of", "members", "qualifier", "...")
        order_by = ("-as_of",)
        attrs = {"class": "table data"}
        empty_text = _("Chưa có số đảng viên.")

    def render_as_of(self, value):
        return day(value)

    def value_as_of(self, value):
        return value

    def value_qualifier(self, record):
        return qualifier_text(record.qualifier)

    def render_members(self, record):
        prefix = "≥ " if record.qualifier == Qualifier.AT_LEAST else ""
        return prefix + number(record.members)

    def value_members(self, record):
        return record.members
