"""How figures read on screen: "85,6%", "5.544", "≥ 170", "2023", the progress bar.

Numbers go through Django's localisation (vi: 5.544 and 53,7; en: 5,544 and 53.7). Percentages
keep one decimal, dropping ",0", and round ties down, as the committees' own reports do
(215/400 = 53,75% reads "53,7%").
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_DOWN, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@register.filter
def number(value, decimals=0):
    """A localised number with thousand separators ("5.544"); '' for None."""
    if value is None or value == "":
        return ""
    rounded = _decimal(value).quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_DOWN)
    if rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1))
        decimals = 0
    return number_format(rounded, decimal_pos=int(decimals), use_l10n=True, force_grouping=True)


@register.filter
def percent(value, decimals=1):
    """A percentage already in % units: 85.555 -> "85,6%", 103 -> "103%"."""
    if value is None:
        return ""
    return f"{number(value, decimals)}%"


@register.filter
def ratio_percent(value, decimals=1):
    """A fraction shown as a percentage: 0.856 -> "85,6%"."""
    if value is None:
        return ""
    return percent(_decimal(value) * 100, decimals)


@register.filter
def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def period_label(start: date | None, end: date | None) -> str:
    """ "2023" for a calendar year, "2020–2025" for whole years, else "01/01–20/09/2022"."""
    if not start or not end:
        return ""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if start.year == end.year:
        return f"{start:%d/%m}–{end:%d/%m/%Y}"
    return f"{start:%d/%m/%Y}–{end:%d/%m/%Y}"


register.filter("period", lambda target: period_label(target.start, target.end))


def target_label(value, value_max=None, qualifier="exact") -> str:
    """ "90", "≥ 170", "~ 90", "90–100"."""
    if value is None:
        return ""
    text = number(value, 2)
    if value_max is not None:
        text = f"{text}–{number(value_max, 2)}"
    prefix = {"at_least": "≥ ", "approx": "~ "}.get(qualifier or "", "")
    return prefix + text


def admitted_label(admitted, qualifier="exact") -> str:
    if admitted is None:
        return ""
    prefix = {"at_least": "≥ ", "approx": "~ "}.get(qualifier or "", "")
    return prefix + number(admitted)


def progress_text(admitted, target, ratio) -> str:
    """ "77/90 · 85,6%"; "207 · 103%" when only the source's percentage is known."""
    if ratio is None:
        return ""
    pct = ratio_percent(ratio)
    if admitted is not None and target:
        return f"{number(admitted)}/{number(target, 2)} · {pct}"
    if admitted is not None:
        return f"{number(admitted)} · {pct}"
    return pct


def _whole_percent(pct: float) -> int:
    """0–100 for the `.w-N` / `.at-N` classes of static/css/bars.css (no inline style: CSP)."""
    return max(0, min(100, round(pct)))


def progress_bar(ratio, label: str, expected=None):
    """An accessible progress bar; over 100% the bar fills and says so (never clamped in text)."""
    if ratio is None:
        return format_html('<span class="muted">{}</span>', _("chưa có số liệu"))
    pct = float(ratio) * 100
    fill = min(pct, 100.0)
    marker = ""
    if expected is not None and pct < 100:
        marker = format_html(
            '<span class="bar-expected at-{}" title="{}"></span>',
            _whole_percent(float(expected) * 100),
            _("mức cần đạt theo thời gian"),
        )
    state = "over" if pct > 100 else ("done" if pct >= 100 else "")
    return format_html(
        '<div class="bar {}" role="progressbar" aria-valuemin="0" aria-valuemax="{}" '
        'aria-valuenow="{}" aria-valuetext="{}" aria-label="{}">'
        '<span class="bar-fill w-{}"></span>{}</div>'
        '<span class="bar-label">{}</span>',
        state,
        f"{max(pct, 100):.1f}",
        f"{pct:.1f}",
        label,
        _("Tiến độ"),
        _whole_percent(fill),
        marker,
        label,
    )


@register.simple_tag
def progress(admitted, target, ratio, expected=None):
    return progress_bar(ratio, progress_text(admitted, target, ratio), expected)
