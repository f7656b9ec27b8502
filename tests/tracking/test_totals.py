"""Subtree totals from the database (tracking/totals.py): across levels and the 2025 merge."""

from datetime import date

import pytest

from tests.factories import (
    AdmissionResultFactory,
    LocalityFactory,
    ProvinceFactory,
    TermFactory,
)
from tests.tracking.merged import make_merged, year_figure
from tracking.models import Level
from tracking.totals import Period, latest_year, period_from, unit_totals


@pytest.fixture
def merged(db):
    return make_merged()


def test_new_province_2023_includes_predecessor_provinces_units(merged):
    totals = unit_totals(merged["thai_nguyen"], Period.for_year(2023))
    assert totals.tree.beneath.admitted == 82  # Pác Nặm 77 + Yên Ninh 5
    assert totals.tree.beneath.target == 100
    assert totals.tree.beneath.progress == pytest.approx(0.82)
    assert totals.rate == pytest.approx(82 * 100 / (2817 + 322))
    names = [unit["name"] for unit, _ in totals.lines]
    # Directly beneath in 2023: old Bắc Kạn and old Thái Nguyên's district, not new communes.
    assert names == ["Bắc Kạn", "Phú Lương"]
    assert (totals.tree.reported_children, totals.tree.expected_children) == (2, 2)


def test_after_the_merge_the_province_holds_the_new_communes(merged):
    totals = unit_totals(merged["thai_nguyen"], Period.for_year(2026))
    assert [unit["name"] for unit, _ in totals.lines] == ["Phú Đình", "Yên Trạch"]
    assert totals.tree.beneath.admitted == 0 and not totals.tree.beneath.with_result


def test_old_province_page_is_its_own_subtree(merged):
    totals = unit_totals(merged["bac_kan"], Period.for_year(2023))
    assert totals.tree.beneath.admitted == 77
    assert (totals.tree.reported_children, totals.tree.expected_children) == (1, 1)


def test_new_commune_series_before_the_merge_sums_predecessors_approximate_when_split(merged):
    year_figure(merged["split"], 4, 6, year=2023)
    totals = unit_totals(merged["new_commune"], Period.for_year(2023))
    assert totals.tree.beneath.admitted == 9  # Yên Ninh 5 + Yên Đổ 4 (split: approximate)
    assert totals.tree.beneath.approximate
    # The old district's page for 2023 is exact: Yên Đổ was whole then.
    district = unit_totals(merged["phu_luong"], Period.for_year(2023))
    assert district.tree.beneath.admitted == 9 and not district.tree.beneath.approximate


def test_reported_total_beside_the_sum_of_units_with_mismatch(merged):
    year_figure(merged["phu_luong"], 50, 60)
    district = unit_totals(merged["phu_luong"], Period.for_year(2023))
    assert district.tree.own.admitted == 50
    assert district.tree.beneath.admitted == 5
    assert district.tree.mismatch
    province = unit_totals(merged["thai_nguyen"], Period.for_year(2023))
    assert province.tree.beneath.admitted == 77 + 50  # never 77 + 50 + 5
    line = {unit["name"]: line for unit, line in province.lines}["Phú Lương"]
    assert line.own.admitted == 50 and line.beneath.admitted == 5 and line.mismatch


def test_a_multi_year_figure_is_not_a_years_and_counts_in_its_term(merged):
    TermFactory()
    AdmissionResultFactory(
        locality=merged["pac_nam"], start=date(2020, 1, 1), end=date(2024, 9, 22), admitted=500
    )
    assert unit_totals(merged["thai_nguyen"], Period.for_year(2023)).tree.beneath.admitted == 82
    term = period_from({"term": str(TermFactory().pk)})
    assert term.term is not None
    assert unit_totals(merged["thai_nguyen"], term).tree.beneath.admitted == 500


def test_whole_country_by_current_province(merged):
    ProvinceFactory(name="Bến Tre")
    totals = unit_totals(None, Period.for_year(2023))
    assert [unit["name"] for unit, _ in totals.lines] == ["Bến Tre", "Thái Nguyên"]
    assert totals.tree.beneath.admitted == 82
    assert (totals.tree.reported_children, totals.tree.expected_children) == (1, 2)


def test_default_period_is_the_latest_year_with_figures(merged):
    year_figure(merged["pac_nam"], 12, 95, year=2024)
    assert latest_year(merged["thai_nguyen"]) == 2024
    assert latest_year(merged["yen_ninh"]) == 2023
    assert period_from({}, merged["yen_ninh"]).year == 2023
    assert period_from({"year": "2022"}).year == 2022


@pytest.mark.parametrize("n", [10, 200])
def test_subtree_totals_in_a_constant_number_of_queries(db, django_assert_num_queries, n):
    province = ProvinceFactory()
    for i in range(n // 10):
        district = LocalityFactory(parent=province, name=f"Huyện {i}")
        for j in range(9):
            commune = LocalityFactory(parent=district, level=Level.COMMUNE, name=f"Xã {i}-{j}")
            year_figure(commune, 3 + j, 10)
    with django_assert_num_queries(3):
        totals = unit_totals(province, Period.for_year(2023))
    assert totals.tree.beneath.with_result == n // 10 * 9
    assert totals.tree.expected_children == n // 10


def test_units_beneath_in_vietnamese_order(db):
    province = ProvinceFactory()
    for name in ("Đồng Hỷ", "Phú Lương", "Dương Minh", "Pác Nặm"):
        LocalityFactory(parent=province, name=name)
    names = [unit["name"] for unit, _ in unit_totals(province, Period.for_year(2023)).lines]
    assert names == ["Dương Minh", "Đồng Hỷ", "Pác Nặm", "Phú Lương"]
