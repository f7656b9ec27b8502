"""Pace, projection and rate arithmetic: pure, table-driven, no database."""

from datetime import date
from types import SimpleNamespace as _Row

import pytest

from tracking import progress
from tracking.progress import Pace


@pytest.mark.parametrize(
    ("start", "end", "as_of", "share"),
    [
        (date(2023, 1, 1), date(2023, 12, 31), date(2023, 12, 31), 1.0),
        (date(2023, 1, 1), date(2023, 12, 31), date(2023, 7, 1), 182 / 365),
        (date(2023, 1, 1), date(2023, 12, 31), date(2022, 12, 1), 0.0),  # before the period
        (date(2023, 1, 1), date(2023, 12, 31), date(2024, 3, 1), 1.0),  # after it
        (date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31), 1.0),  # leap year
    ],
)
def test_elapsed_share(start, end, as_of, share):
    assert progress.elapsed_share(start, end, as_of) == pytest.approx(share)


@pytest.mark.parametrize(
    ("admitted", "target", "reported", "ratio"),
    [
        (77, 90, None, 77 / 90),
        (222, 220, None, 222 / 220),  # over 100%: not clamped
        (0, 90, None, 0.0),
        (5, 0, None, None),  # zero target
        (5, None, None, None),  # no target
        (207, None, 103, 1.03),  # only the source's percentage
        (None, 90, 53.7, 0.537),
        (None, None, None, None),
    ],
)
def test_progress_ratio(admitted, target, reported, ratio):
    result = progress.progress_ratio(admitted, target, reported)
    assert result == (None if ratio is None else pytest.approx(ratio))


@pytest.mark.parametrize(
    ("ratio", "expected", "status"),
    [
        (1.009, 1.0, Pace.ACHIEVED),
        (1.0, 0.5, Pace.ACHIEVED),
        (0.5, 0.5, Pace.AHEAD),
        (0.6, 0.5, Pace.AHEAD),
        (0.475, 0.5, Pace.ON_TRACK),  # exactly 0.95
        (0.474, 0.5, Pace.BEHIND),
        (0.375, 0.5, Pace.BEHIND),  # exactly 0.75
        (0.374, 0.5, Pace.AT_RISK),
        (0.0, 0.5, Pace.AT_RISK),
        (0.5, 0.0, None),  # no time elapsed: no judgement
        (None, 0.5, None),
        (77 / 90, 334 / 365, Pace.BEHIND),  # Pác Nặm by 30/11/2023
    ],
)
def test_pace(ratio, expected, status):
    assert progress.pace(ratio, expected) == status


@pytest.mark.parametrize(
    ("admitted", "share", "projected"),
    [
        (207, 263 / 365, 287.3),  # Kim Sơn by 20/09/2022
        (222, 1.0, 222),
        (0, 0.5, 0),
        (10, 0.0, None),
        (None, 0.5, None),
    ],
)
def test_projection(admitted, share, projected):
    result = progress.projection(admitted, share)
    assert result == (None if projected is None else pytest.approx(projected, abs=0.05))


@pytest.mark.parametrize(
    ("admitted", "members", "elapsed_days", "rate"),
    [
        (222, 5544, 366, 4.004),  # Ba Tri 2016
        (77, 2817, 334, 2.733),  # Pác Nặm 2023, part of a year: not annualised up
        (215, 2817, 1277, 215 * 100 / 2817 / (1277 / 365.25)),  # a term: per year
        (10, None, 365, None),  # missing member count
        (10, 0, 365, None),
        (None, 100, 365, None),
    ],
)
def test_annual_rate(admitted, members, elapsed_days, rate):
    result = progress.annual_rate(admitted, members, elapsed_days)
    assert result == (None if rate is None else pytest.approx(rate, abs=0.001))


@pytest.mark.parametrize(
    ("as_of", "estimated"),
    [
        (date(2023, 1, 1), False),
        (date(2022, 12, 31), False),
        (date(2023, 6, 30), True),
        (date(2020, 1, 1), True),
        (None, True),
    ],
)
def test_denominator_estimated(as_of, estimated):
    assert progress.denominator_estimated(as_of, date(2023, 1, 1)) is estimated


@pytest.mark.parametrize(
    ("rate", "position"),
    [(2.7, "below"), (3, "within"), (4, "within"), (4.2, "above"), (None, None)],
)
def test_band_position(rate, position):
    assert progress.band_position(rate, 3, 4) == position


def test_rollup_recomputes_ratio_from_sums():
    # averaging the percentages would give (100% + 10%) / 2 = 55%; the sums give 20/110.
    total = progress.rollup([(10, 10, 100), (10, 100, 1000), (None, 50, 10), (5, 0, 10)])
    assert (total.admitted, total.target, total.localities) == (20, 110, 2)
    assert total.progress == pytest.approx(20 / 110)
    assert total.rate == pytest.approx(20 * 100 / 1100)
    assert progress.rollup([]).progress is None


def test_assess_pac_nam_2023():
    figures = progress.assess(
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        admitted=77,
        admitted_as_of=date(2023, 11, 30),
        target=90,
        members=2817,
        members_as_of=date(2023, 6, 30),
    )
    assert figures.progress == pytest.approx(0.8556, abs=1e-4)
    assert figures.pace == Pace.BEHIND
    assert figures.projection == pytest.approx(77 / (334 / 365))
    assert figures.rate == pytest.approx(2.733, abs=1e-3)
    assert figures.denominator_estimated is True


# --- period_rows: which periods a locality has, and which one is current -------------------


def _target(start, end, value):
    return _Row(start=start, end=end, value=value, value_max=None, qualifier="exact")


def _result(start, end, admitted=None, reported=None):
    return _Row(
        start=start, end=end, admitted=admitted, qualifier="exact", reported_percent=reported
    )


def _count(as_of, members):
    return _Row(as_of=as_of, members=members)


def test_period_rows_pac_nam():
    d = date
    rows = progress.period_rows(
        [_target(d(2023, 1, 1), d(2023, 12, 31), 90), _target(d(2020, 1, 1), d(2025, 12, 31), 400)],
        [
            _result(d(2023, 1, 1), d(2023, 6, 30), 23),
            _result(d(2023, 1, 1), d(2023, 11, 30), 77),
            _result(d(2023, 6, 1), d(2023, 11, 30), 50),  # an increment: counts from June
            _result(d(2020, 1, 1), d(2023, 6, 30), 215),
        ],
        [_count(d(2023, 6, 30), 2817)],
    )
    assert [(r.period_start.year, r.period_end.year, r.admitted) for r in rows] == [
        (2023, 2023, 77),
        (2020, 2025, 215),
    ]
    current = rows[0]
    assert current.has_target and current.target_value == 90
    assert round(current.assessment.progress, 3) == 0.856
    assert current.members == 2817 and current.assessment.denominator_estimated


def test_period_rows_result_only_year_is_widened_and_ranks_after_a_later_target():
    d = date
    rows = progress.period_rows(
        [_target(d(2023, 1, 1), d(2023, 12, 31), 100)],
        [_result(d(2022, 1, 1), d(2022, 9, 20), 207, reported=103)],
        [],
    )
    assert [(r.period_start, r.period_end, r.has_target) for r in rows] == [
        (d(2023, 1, 1), d(2023, 12, 31), True),
        (d(2022, 1, 1), d(2022, 12, 31), False),
    ]
    assert rows[1].assessment.progress == 1.03  # only the reported percent exists


def test_period_rows_a_target_stays_current_until_a_newer_target():
    """Issue 10: a 2024 figure without a target no longer hides the 2023 target's row."""
    d = date
    rows = progress.period_rows(
        [_target(d(2023, 1, 1), d(2023, 12, 31), 100)],
        [_result(d(2023, 1, 1), d(2023, 12, 31), 95), _result(d(2024, 1, 1), d(2024, 3, 31), 20)],
        [],
    )
    assert rows[0].period_start == d(2023, 1, 1) and rows[0].has_target
    assert rows[0].admitted == 95 and rows[1].admitted == 20 and not rows[1].has_target


def test_period_rows_empty():
    assert progress.period_rows([], [], []) == []
