"""Pure roll-up arithmetic (tracking/rollup.py), without a database."""

import pytest

from tracking.rollup import (
    Figure,
    counted_beneath,
    mismatch,
    predecessor_series,
    subtree,
    sum_totals,
    totals_of,
)

# A province (1) with two districts (10, 20); district 10 has communes 11, 12 and an
# organisation 13; district 20 has commune 21. Closure rows (ancestor, descendant, depth).
LINKS = [
    (1, 10, 1),
    (1, 20, 1),
    (1, 11, 2),
    (1, 12, 2),
    (1, 13, 2),
    (1, 21, 2),
    (10, 11, 1),
    (10, 12, 1),
    (10, 13, 1),
    (20, 21, 1),
]


def test_sums_at_every_level_and_progress_from_the_sums_not_averaged():
    figures = {
        11: Figure(admitted=5, target=10, members=322),  # 50%
        12: Figure(admitted=90, target=100, members=3000),  # 90%
        21: Figure(admitted=77, target=90, members=2817),
    }
    tree = subtree(1, [10, 20], LINKS, figures)
    assert tree.own is None
    assert tree.beneath.admitted == 172
    assert tree.beneath.target == 200
    assert tree.beneath.progress == pytest.approx(172 / 200)  # not (0.5 + 0.9 + 0.856) / 3
    assert tree.beneath.rate() == pytest.approx(172 * 100 / (322 + 3000 + 2817))
    assert tree.reported_children == 2 and tree.expected_children == 2
    by_unit = {line.unit: line for line in tree.lines}
    assert by_unit[10].counted.admitted == 95
    assert by_unit[20].counted.admitted == 77


def test_n_of_m_counts_units_with_nothing_beneath_as_not_reported():
    tree = subtree(1, [10, 20], LINKS, {11: Figure(admitted=5)})
    assert (tree.reported_children, tree.expected_children) == (1, 2)
    assert not {line.unit: line for line in tree.lines}[20].reported


def test_progress_only_over_units_with_both_target_and_result():
    figures = {11: Figure(admitted=5, target=10), 12: Figure(admitted=40), 21: Figure(target=90)}
    totals = subtree(1, [10, 20], LINKS, figures).beneath
    assert totals.admitted == 45 and totals.target == 100
    assert totals.progress == pytest.approx(0.5)
    assert (totals.with_result, totals.with_target, totals.with_both) == (2, 2, 1)


def test_parents_own_figure_is_never_added_to_its_childrens():
    # District 10 reports 100 of its own; its communes report 5 + 90 = 95.
    figures = {
        10: Figure(admitted=100, target=120),
        11: Figure(admitted=5, target=10),
        12: Figure(admitted=90, target=100),
        21: Figure(admitted=7, target=9),
    }
    tree = subtree(1, [10, 20], LINKS, figures)
    assert tree.beneath.admitted == 107  # 100 + 7, not 100 + 95 + 7
    line = {line.unit: line for line in tree.lines}[10]
    assert line.own.admitted == 100
    assert line.beneath.admitted == 95
    assert line.mismatch
    # The district's own page: its reported total beside the sum of its units, flagged.
    district = subtree(10, [11, 12, 13], LINKS, figures)
    assert district.own.admitted == 100 and district.beneath.admitted == 95
    assert district.mismatch
    assert (district.reported_children, district.expected_children) == (2, 3)


def test_no_mismatch_when_they_agree_or_nothing_beneath():
    assert not mismatch(Figure(admitted=95), totals_of(Figure(admitted=95)))
    assert not mismatch(Figure(admitted=95), sum_totals([]))
    assert not mismatch(None, totals_of(Figure(admitted=3)))


def test_a_province_reporting_shadows_everything_beneath_it_for_the_nation():
    figures = {1: Figure(admitted=500), 11: Figure(admitted=5)}
    assert counted_beneath(0, [(0, 1, 1), (0, 11, 3), *LINKS], figures).admitted == 500
    assert counted_beneath(1, LINKS, figures).admitted == 5


def test_merge_new_province_counts_predecessor_provinces_units():
    # New province 100 holds (before 7/2025) old province 200 (depth 1) and its district 201,
    # and its own old district 101: Pác Nặm 77 under old Bắc Kạn, Yên Ninh 5 under Phú Lương.
    links = [(100, 200, 1), (100, 201, 2), (200, 201, 1), (100, 101, 1), (100, 102, 2)]
    links += [(101, 102, 1)]
    figures = {201: Figure(admitted=77, target=90), 102: Figure(admitted=5, target=10)}
    tree = subtree(100, [101, 200], links, figures)
    assert tree.beneath.admitted == 82
    assert tree.beneath.target == 100
    assert (tree.reported_children, tree.expected_children) == (2, 2)


def test_split_predecessor_marks_the_new_units_totals_approximate():
    links = [(100, 1, 1), (100, 2, 1)]
    figures = {1: Figure(admitted=10), 2: Figure(admitted=4, split=True)}
    assert subtree(100, [1, 2], links, figures, approximate=True).beneath.approximate
    assert not subtree(100, [1, 2], links, figures, approximate=False).beneath.approximate
    whole = {1: Figure(admitted=10), 2: Figure(admitted=4)}
    assert not subtree(100, [1, 2], links, whole, approximate=True).beneath.approximate


def test_predecessor_series_sums_by_year_and_marks_split():
    series = predecessor_series(
        [
            ({2022: Figure(admitted=3), 2023: Figure(admitted=5, target=10)}, False),
            ({2023: Figure(admitted=8, target=8)}, True),
        ]
    )
    assert list(series) == [2022, 2023]
    assert series[2022].admitted == 3 and not series[2022].approximate
    assert series[2023].admitted == 13 and series[2023].target == 18
    assert series[2023].approximate


def test_rate_over_a_term_is_per_year():
    totals = totals_of(Figure(admitted=250, members=5000))
    assert totals.rate() == pytest.approx(5.0)
    assert totals.rate(years=5) == pytest.approx(1.0)
    assert totals_of(Figure(admitted=3)).rate() is None
