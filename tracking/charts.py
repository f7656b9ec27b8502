"""Pure: rows of figures -> plotly chart fragments.

A fragment is an empty `<div data-plotly=…>` and the figure as a JSON data block
(`<script type="application/json">`, never executed); `static/js/charts.js` draws every such
div with plotly.js. No inline script or style, so the Content-Security-Policy can forbid them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
from django.utils.html import format_html, json_script
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from plotly.utils import PlotlyJSONEncoder

from tracking import progress
from tracking.templatetags.tracking_format import number, period_label

BLUE = "#1d4f91"
RED = "#b3261e"
GREEN = "#2e7d32"
BAND = "rgba(46,125,50,0.14)"


@dataclass(frozen=True)
class PeriodSeries:
    """One target period and the cumulative results reported inside it."""

    start: date
    end: date
    target: float
    points: Sequence[tuple[date, int]]  # (as-of date, admitted since `start`)


def _layout(fig: go.Figure, *, height: int, **extra) -> None:
    fig.update_layout(
        height=height,
        # The top margin holds plotly's toolbar above the plot, not over it; axis titles
        # and tick labels push the margins out (automargin) rather than being cut.
        margin={"l": 48, "r": 16, "t": 36, "b": 40},
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": "system-ui, Segoe UI, Roboto, Arial, sans-serif", "size": 13},
        legend={"orientation": "h", "y": -0.2},
        separators=",." if get_language() == "vi" else ".,",
        **extra,
    )
    fig.update_xaxes(gridcolor="#e6e9ef", automargin=True)
    fig.update_yaxes(gridcolor="#e6e9ef", rangemode="tozero", automargin=True)


def _html(fig: go.Figure, div_id: str) -> str:
    spec = fig.to_plotly_json()
    spec["config"] = {
        "displaylogo": False,
        "responsive": True,
        "locale": get_language() or "vi",  # "vi": static/js/plotly-locale-vi.js
        "showSendToCloud": False,  # figures stay on the committee's network
    }
    data_id = f"{div_id}-data"
    return format_html(
        '<div id="{}" class="plotly-chart" data-plotly="{}"></div>{}',
        div_id,
        data_id,
        json_script(spec, data_id, encoder=PlotlyJSONEncoder),
    )


def cumulative(series: Sequence[PeriodSeries], div_id: str = "chart-cumulative") -> str:
    """Cumulative admissions inside each target period against that period's target."""
    if not series:
        return ""
    fig = go.Figure()
    for item in series:
        name = period_label(item.start, item.end)
        fig.add_trace(
            go.Scatter(
                x=[item.start, item.end],
                y=[item.target, item.target],
                mode="lines",
                line={"color": RED, "dash": "dash", "width": 2},
                name=_("Chỉ tiêu %(period)s") % {"period": name},
            )
        )
        xs = [item.start] + [when for when, _count in item.points]
        ys = [0] + [count for _when, count in item.points]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                line={"color": BLUE, "width": 3},
                name=_("Đã kết nạp %(period)s") % {"period": name},
            )
        )
    _layout(fig, height=340, yaxis_title=_("Số đảng viên kết nạp"))
    # Hover dates as the clerk writes them (30/04/2023); ticks use the page's plotly locale.
    fig.update_xaxes(hoverformat="%d/%m/%Y")
    return _html(fig, div_id)


def yearly_rates(
    years: Sequence[int],
    rates: Sequence[float],
    band: tuple[float, float] | None,
    div_id: str = "chart-rates",
) -> str:
    """Bars of the annual admission rate (%) with the benchmark band shaded."""
    if not years:
        return ""
    fig = go.Figure(
        go.Bar(
            x=[str(y) for y in years],
            y=rates,
            marker_color=BLUE,
            name=_("Tỷ lệ kết nạp/năm (%)"),
            hovertemplate="%{x}: %{y:.2f}%<extra></extra>",
        )
    )
    if band:
        fig.add_hrect(y0=band[0], y1=band[1], fillcolor=BAND, line_width=0, layer="below")
        fig.add_annotation(
            text=_("Nghị quyết 21: %(low)s–%(high)s%%")
            % {"low": number(band[0], 2), "high": number(band[1], 2)},
            xref="paper",
            x=1,
            y=band[1],
            yanchor="bottom",
            xanchor="right",
            showarrow=False,
            font={"color": GREEN},
        )
    top = max([*rates, band[1] if band else 0]) * 1.2 or 1
    _layout(fig, height=300, yaxis_title="%", yaxis_range=[0, top], showlegend=False)
    return _html(fig, div_id)


def benchmark(
    names: Sequence[str],
    rates: Sequence[float],
    band: tuple[float, float] | None,
    div_id: str = "chart-benchmark",
) -> str:
    """A dot per locality at its annual rate, against the shaded benchmark band."""
    if not names:
        return ""
    by_position = {"within": GREEN, "below": RED}
    colours = [
        by_position.get(progress.band_position(r, *band) if band else None, BLUE) for r in rates
    ]
    fig = go.Figure(
        go.Scatter(
            x=rates,
            y=list(names),
            mode="markers",
            marker={"size": 12, "color": colours},
            hovertemplate="%{y}: %{x:.2f}%<extra></extra>",
        )
    )
    if band:
        fig.add_vrect(x0=band[0], x1=band[1], fillcolor=BAND, line_width=0, layer="below")
    right = max([*rates, band[1] if band else 0]) * 1.15 or 1
    _layout(
        fig,
        height=max(220, 34 * len(names) + 80),
        xaxis_title=_("Tỷ lệ kết nạp/năm (% tổng số đảng viên)"),
        xaxis_range=[0, right],
        yaxis={"autorange": "reversed", "automargin": True},
        showlegend=False,
    )
    return _html(fig, div_id)
