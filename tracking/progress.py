"""Pure arithmetic of admissions against targets: progress, pace, projection, rates.

Plain numbers and dates in, plain numbers out: no ORM, no formatting. `period_rows` is what
`tracking.services.progress_refresh` stores in `Progress`, so the pages filter and sort on
exactly these figures.

Conventions:
- a period [start, end] includes both days; the share elapsed at an as-of date counts the
  as-of day itself, so a result dated on the last day has elapsed share 1;
- ratios are fractions (0.856), rates are percentages (2.73);
- None means "cannot be computed" (no target, zero target, no member count), never zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

DAYS_PER_YEAR = 365.25
MAX_YEAR_DAYS = 366


class Pace(StrEnum):
    ACHIEVED = "achieved"
    AHEAD = "ahead"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    AT_RISK = "at_risk"
    # A closed period (ended, or its final figure is in) has an outcome, not a pace.
    MET = "met"
    MISSED = "missed"


PACE_LABELS = {
    Pace.ACHIEVED: _("Đã đạt chỉ tiêu"),
    Pace.AHEAD: _("Vượt tiến độ"),
    Pace.ON_TRACK: _("Đúng tiến độ"),
    Pace.BEHIND: _("Chậm tiến độ"),
    Pace.AT_RISK: _("Có nguy cơ không đạt"),
    Pace.MET: _("Đạt"),
    Pace.MISSED: _("Không đạt"),
}

# Statuses a period can only have while it is open.
OPEN_STATUSES = (Pace.AHEAD, Pace.ON_TRACK, Pace.BEHIND, Pace.AT_RISK)

# (status, lowest progress ÷ expected share that earns it), best first; below the last: at risk.
PACE_THRESHOLDS = ((Pace.AHEAD, 1.0), (Pace.ON_TRACK, 0.95), (Pace.BEHIND, 0.75))

# The statuses counted as "on track" in the headline card.
ON_TRACK_OR_BETTER = (Pace.ACHIEVED, Pace.AHEAD, Pace.ON_TRACK, Pace.MET)

# Statuses under which a rate below the benchmark band is not shown as a shortfall: the
# locality is ahead of its own target.
AHEAD_OR_BETTER = (Pace.ACHIEVED, Pace.AHEAD, Pace.MET)


def period_days(start: date, end: date) -> int:
    """Days in [start, end], both included."""
    return (end - start).days + 1


def elapsed_share(start: date, end: date, as_of: date) -> float:
    """Share of [start, end] elapsed at the end of `as_of`, clamped to 0..1."""
    total = period_days(start, end)
    elapsed = (as_of - start).days + 1
    return min(max(elapsed / total, 0.0), 1.0)


def progress_ratio(
    admitted: int | None, target: float | None, reported_percent: float | None = None
) -> float | None:
    """admitted ÷ target (1.009 for 222/220: not clamped); else the source's own % ÷ 100."""
    if admitted is not None and target:
        return float(admitted) / float(target)
    if reported_percent is not None:
        return float(reported_percent) / 100
    return None


def is_closed(period_end: date, as_of: date | None, today: date | None) -> bool:
    """A period is closed once it has ended (before `today`) or its final figure is in."""
    if as_of is not None and as_of >= period_end:
        return True
    return today is not None and period_end < today


def pace(progress: float | None, expected: float | None, closed: bool = False) -> Pace | None:
    """Status from progress ÷ expected share; "achieved" once progress reaches 100%.

    A closed period is "met" or "missed": a pace says nothing once the period is over."""
    if progress is None:
        return None
    if closed:
        return Pace.MET if progress >= 1 else Pace.MISSED
    if progress >= 1:
        return Pace.ACHIEVED
    if not expected:
        return None
    for status, share in PACE_THRESHOLDS:
        if progress >= expected * share:
            return status
    return Pace.AT_RISK


def shortfall(admitted: int | None, target: float | None) -> int | None:
    """Admissions missing to reach `target` (rounded up), None when not computable or met."""
    if admitted is None or not target:
        return None
    missing = math.ceil(float(target) - admitted)
    return missing if missing > 0 else None


def round_half_up(value, digits: int = 1) -> Decimal | None:
    """The one rounding rule of screens and files: half up (215/400 = 53,75 -> 53,8)."""
    if value is None:
        return None
    # Floats first lose their binary noise (0.1 + 0.2), so a tie on paper is a tie here.
    exact = value if isinstance(value, Decimal) else Decimal(repr(round(float(value), 9)))
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def rounded(value, digits: int = 1) -> float | None:
    """`round_half_up` as a float, for exports (53.8)."""
    result = round_half_up(value, digits)
    return None if result is None else float(result)


def projection(admitted: int | None, expected: float | None) -> float | None:
    """Admissions at the period's end if the pace so far holds: admitted ÷ elapsed share."""
    if admitted is None or not expected:
        return None
    return admitted / expected


def annual_rate(
    admitted: int | None, members: int | None, elapsed_days: int | None = None
) -> float | None:
    """Admissions per year as a % of members.

    Periods up to a year give admitted ÷ members (what was admitted in that year so far);
    longer periods are divided by the years elapsed, so a term's figure reads as a yearly rate.
    """
    if admitted is None or not members:
        return None
    years = rate_years(elapsed_days)
    return admitted * 100 / members / years


def rate_years(elapsed_days: int | None) -> float:
    """Years a figure covers for the annual rate: 1 up to a (leap) year, else days ÷ 365.25."""
    if not elapsed_days or elapsed_days <= MAX_YEAR_DAYS:
        return 1.0
    return elapsed_days / DAYS_PER_YEAR


def denominator_estimated(members_as_of: date | None, period_start: date) -> bool:
    """True unless the member count was taken at the period's start (or the day before it)."""
    if members_as_of is None:
        return True
    return members_as_of not in (period_start, period_start - timedelta(days=1))


def rate_share(period_start: date, period_end: date, as_of: date | None) -> float:
    """The share of a year an annual rate covers: a figure by 30/04 covers 120/365 of a year.

    Periods up to a year give admitted ÷ members for the time elapsed, so their band is the
    pro-rata share of the yearly band; longer periods are already per year (share 1)."""
    if as_of is None:
        return 1.0
    total = period_days(period_start, period_end)
    if total > MAX_YEAR_DAYS:
        return 1.0
    elapsed = min(max((as_of - period_start).days + 1, 1), total)
    if elapsed >= total:
        return 1.0
    return min(elapsed / 365, 1.0)


def band_position(rate: float | None, low: float, high: float, share: float = 1.0) -> str | None:
    """ "below", "within" or "above" the benchmark band [low, high] (in %), pro-rata `share`."""
    if rate is None:
        return None
    low, high = low * share, high * share
    if rate < low:
        return "below"
    if rate > high:
        return "above"
    return "within"


@dataclass(frozen=True)
class Rollup:
    admitted: int
    target: float
    members: int
    localities: int

    @property
    def progress(self) -> float | None:
        """Ratio recomputed from the sums (never an average of percentages)."""
        return self.admitted / self.target if self.target else None

    @property
    def rate(self) -> float | None:
        """Sum of admissions as a % of the sum of members."""
        return self.admitted * 100 / self.members if self.members else None


def rollup(rows: Iterable[tuple[int | None, float | None, int | None]]) -> Rollup:
    """Sum (admitted, target, members) over rows that have both admitted and a target."""
    admitted = target = members = count = 0
    for row_admitted, row_target, row_members in rows:
        if row_admitted is None or not row_target:
            continue
        admitted += row_admitted
        target += float(row_target)
        members += row_members or 0
        count += 1
    return Rollup(admitted=admitted, target=target, members=members, localities=count)


@dataclass(frozen=True)
class Assessment:
    """Every derived figure of one row, as the table, the chart and the export show it."""

    progress: float | None
    expected: float | None
    pace: Pace | None
    projection: float | None
    rate: float | None
    denominator_estimated: bool
    rate_share: float = 1.0
    closed: bool = False


def assess(
    *,
    period_start: date,
    period_end: date,
    admitted: int | None,
    admitted_as_of: date | None,
    target: float | None,
    reported_percent: float | None = None,
    members: int | None = None,
    members_as_of: date | None = None,
    today: date | None = None,
) -> Assessment:
    """Progress, pace (an outcome once closed on `today`), projection and annual rate."""
    ratio = progress_ratio(admitted, target, reported_percent)
    expected = elapsed = None
    if admitted_as_of is not None:
        expected = elapsed_share(period_start, period_end, admitted_as_of)
        elapsed = min(
            (admitted_as_of - period_start).days + 1, period_days(period_start, period_end)
        )
    closed = is_closed(period_end, admitted_as_of, today)
    return Assessment(
        progress=ratio,
        expected=expected,
        pace=pace(ratio, expected, closed),
        projection=None if closed else projection(admitted, expected),
        rate=annual_rate(admitted, members, elapsed),
        denominator_estimated=denominator_estimated(members_as_of, period_start),
        rate_share=rate_share(period_start, period_end, admitted_as_of),
        closed=closed,
    )


@dataclass(frozen=True)
class PeriodRow:
    """One period of a locality as the dashboards show it (see `period_rows`)."""

    period_start: date
    period_end: date
    has_target: bool
    target_value: object  # Decimal | None, as stored
    target_value_max: object
    target_qualifier: str
    admitted: int | None
    admitted_as_of: date | None
    admitted_as_of_estimated: bool
    admitted_qualifier: str
    reported_percent: object
    reported_qualifier: str
    members: int | None
    members_as_of: date | None
    assessment: Assessment
    result: object = None  # the result the figures come from (for its quote), or None


def _latest_cumulative(results):
    """The result counting the most: the earliest start, then the latest as-of date."""
    return max(results, key=lambda r: (-r.start.toordinal(), r.end))


def members_near(counts, start: date, end: date):
    """The count at or before `start`, else the first one inside the period, else None."""
    before = [c for c in counts if c.as_of <= start]
    if before:
        return max(before, key=lambda c: c.as_of)
    within = [c for c in counts if start < c.as_of <= end]
    return min(within, key=lambda c: c.as_of) if within else None


def period_rows(targets, results, counts, today: date | None = None) -> list[PeriodRow]:
    """A locality's periods, best first: the first is its *current* period.

    `targets` (count targets: start, end, value, value_max, qualifier), `results` (start, end,
    admitted, qualifier, reported_percent) and `counts` (as_of, members) are any objects with
    those attributes. The rules:

    1. Every count target is a period. Its result is the latest one that counts from the
       target's start (Pác Nặm 2023: 77 by November, not 23 by June; its 2020–2025 term
       shows 215 counted from 2020). Increments such as "50 more since June" do not count.
    2. Results that count from no target's start form periods of their own: a calendar year
       when they start and end in the same year (Kim Sơn's 207 by 20/09/2022 reads against
       2022), else their own dates; the latest such result is the period's figure.
    3. Order: periods with a target first, each group by the latest start, then the shorter
       period. So a district with a 2023 target and a 2020–2025 term target shows 2023, and
       a period with a target stays current until a newer period with a target exists: a
       2024 figure without a target does not hide the 2023 target's outcome.
    """
    rows = []

    def row(start, end, target, result):
        members = members_near(counts, start, end)
        admitted = result.admitted if result else None
        as_of = result.end if result else None
        reported = result.reported_percent if result else None
        value = target.value if target else None
        return PeriodRow(
            period_start=start,
            period_end=end,
            has_target=target is not None,
            target_value=value,
            target_value_max=target.value_max if target else None,
            target_qualifier=target.qualifier if target else "",
            admitted=admitted,
            admitted_as_of=as_of,
            admitted_as_of_estimated=bool(getattr(result, "end_estimated", False)),
            admitted_qualifier=result.qualifier if result else "",
            reported_percent=reported,
            reported_qualifier=getattr(result, "percent_qualifier", "") if reported else "",
            members=members.members if members else None,
            members_as_of=members.as_of if members else None,
            assessment=assess(
                period_start=start,
                period_end=end,
                admitted=admitted,
                admitted_as_of=as_of,
                target=None if value is None else float(value),
                reported_percent=None if reported is None else float(reported),
                members=members.members if members else None,
                members_as_of=members.as_of if members else None,
                today=today,
            ),
            result=result,
        )

    used = set()
    for target in targets:
        counting = [r for r in results if r.start == target.start and r.end <= target.end]
        used.update(id(r) for r in counting)
        rows.append(
            row(
                target.start,
                target.end,
                target,
                _latest_cumulative(counting) if counting else None,
            )
        )
    target_periods = {(r.period_start, r.period_end) for r in rows}
    groups: dict[tuple[date, date], list] = {}
    for result in results:
        if id(result) in used:
            continue
        if result.start.year == result.end.year:
            key = (date(result.end.year, 1, 1), date(result.end.year, 12, 31))
        else:
            key = (result.start, result.end)
        if key not in target_periods:
            groups.setdefault(key, []).append(result)
    for (start, end), group in groups.items():
        rows.append(row(start, end, None, _latest_cumulative(group)))
    rows.sort(key=lambda r: (not r.has_target, -r.period_start.toordinal(), r.period_end))
    return rows
