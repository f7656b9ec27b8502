"""Unit pages with totals at every level, and the completeness page (who has not reported)."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from tests.factories import LocalityFactory, ProvinceFactory
from tests.tracking.merged import make_merged, year_figure
from tracking.models import Level


@pytest.fixture
def merged(db):
    return make_merged()


def test_new_province_page_for_2023_includes_both_old_provinces_units(staff_client, merged):
    response = staff_client.get(merged["thai_nguyen"].get_absolute_url(), {"year": "2023"})
    html = response.content.decode()
    assert response.context["totals"].tree.beneath.admitted == 82
    assert "2/2 đơn vị đã báo cáo" in html
    assert "82/100 · 82%" in html
    assert "Bắc Kạn" in html and "Phú Lương" in html
    assert "Hình thành từ" in html  # lists its predecessor province
    assert merged["bac_kan"].get_absolute_url() in html


def test_old_unit_page_says_where_it_was_and_what_it_is_now_part_of(staff_client, merged):
    html = staff_client.get(merged["pac_nam"].get_absolute_url()).content.decode()
    assert "Trước đó thuộc" in html and merged["bac_kan"].get_absolute_url() in html
    assert "Nay là một phần của" in html
    assert merged["thai_nguyen"].get_absolute_url() in html


def test_unit_page_shows_reported_total_beside_sum_and_flags_mismatch(staff_client, merged):
    year_figure(merged["phu_luong"], 50, 60)
    response = staff_client.get(merged["phu_luong"].get_absolute_url(), {"year": "2023"})
    html = response.content.decode()
    assert "Đơn vị tự báo cáo" in html
    assert "Lệch với tổng các đơn vị cấp dưới (5)" in html


def test_unit_page_defaults_to_latest_year_with_figures(staff_client, merged):
    response = staff_client.get(merged["thai_nguyen"].get_absolute_url())
    assert response.context["totals"].period.year == 2023


def test_totals_table_exports(staff_client, merged):
    response = staff_client.get(
        merged["thai_nguyen"].get_absolute_url(),
        {"year": "2023", "_export": "csv", "_table": "totals"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:4] == ["Bắc Kạn", "Tỉnh/thành phố", "77", "90"]


def test_completeness_lists_every_unit_that_existed_with_n_of_m(staff_client, merged):
    LocalityFactory(name="Phú Bình", parent=merged["thai_nguyen"], valid_until=date(2025, 6, 30))
    url = reverse("tracking:completeness", kwargs={"slug": merged["thai_nguyen"].slug})
    response = staff_client.get(url, {"year": "2023"})
    html = response.content.decode()
    assert "2/3 đơn vị đã báo cáo" in html
    states = {row["name"]: row for row in response.context["table"].data}
    assert set(states) == {"Bắc Kạn", "Phú Lương", "Phú Bình"}  # not the new communes
    assert not states["Phú Bình"]["has_target"] and not states["Phú Bình"]["has_result"]
    export = staff_client.get(url, {"year": "2023", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert ["Phú Bình", "", "Huyện/quận/thị xã", "không", "không", "chưa báo cáo"] in rows
    xlsx = staff_client.get(url, {"year": "2023", "_export": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_completeness_after_the_merge_expects_the_new_communes(staff_client, merged):
    url = reverse("tracking:completeness", kwargs={"slug": merged["thai_nguyen"].slug})
    response = staff_client.get(url, {"year": "2026"})
    assert {row["name"] for row in response.context["table"].data} == {"Phú Đình", "Yên Trạch"}
    assert "0/2 đơn vị đã báo cáo" in response.content.decode()


@pytest.mark.parametrize("n", [10, 200])
def test_completeness_page_query_count_is_constant(staff_client, django_assert_num_queries, n):
    province = ProvinceFactory()
    for i in range(n):
        commune = LocalityFactory(parent=province, level=Level.COMMUNE, name=f"Xã {i:03d}")
        if i % 3:
            year_figure(commune, 3, 10)
    url = reverse("tracking:completeness", kwargs={"slug": province.slug})
    # session, user, unit, totals (3), terms
    with django_assert_num_queries(7):
        response = staff_client.get(url, {"year": "2023"})
    assert len(response.context["table"].data) == n


def test_overview_opens_on_current_provinces_with_totals_and_drills_down(staff_client, merged):
    ProvinceFactory(name="Bến Tre")
    response = staff_client.get(reverse("tracking:overview"))
    assert response.context["totals"].period.year == 2023  # the latest year with figures
    rows = {row["name"]: row for row in response.context["provinces"].data}
    assert set(rows) == {"Bến Tre", "Thái Nguyên"}  # old Bắc Kạn is inside Thái Nguyên
    assert rows["Thái Nguyên"]["admitted"] == 82
    assert rows["Thái Nguyên"]["url"].endswith("?year=2023")  # drill-down keeps the period
    html = response.content.decode()
    assert "1/2 đơn vị đã báo cáo" in html
    # The flat list of every unit's latest period is still there, with its filters.
    assert response.context["table"] is not None and 'name="level"' in html


def test_overview_year_selector_and_provinces_export(staff_client, merged):
    year_figure(merged["pac_nam"], 12, 95, year=2024)
    response = staff_client.get(reverse("tracking:overview"), {"year": "2024"})
    rows = {row["name"]: row for row in response.context["provinces"].data}
    assert rows["Thái Nguyên"]["admitted"] == 12
    export = staff_client.get(
        reverse("tracking:overview"), {"year": "2023", "_export": "csv", "_table": "provinces"}
    )
    lines = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert lines[1][:3] == ["Thái Nguyên", "Tỉnh/thành phố", "82"]


@pytest.mark.parametrize("query", ["pac nam", "PÁC NẶM", "Pac Nam", "pác"])
def test_search_is_accent_insensitive(staff_client, merged, query):
    response = staff_client.get(reverse("tracking:search"), {"q": query})
    assert merged["pac_nam"] in response.context["found"]
    assert merged["pac_nam"].get_absolute_url() in response.content.decode()


def test_search_box_on_every_page(staff_client, merged):
    for url in (
        reverse("tracking:overview"),
        reverse("tracking:benchmark"),
        merged["pac_nam"].get_absolute_url(),
        reverse("tracking:completeness", kwargs={"slug": merged["pac_nam"].slug}),
    ):
        assert 'role="search"' in staff_client.get(url).content.decode()


def test_search_exact_name_first_and_nothing_found(staff_client, merged):
    LocalityFactory(name="Yên Ninh Thượng", parent=merged["thai_nguyen"])
    found = staff_client.get(reverse("tracking:search"), {"q": "yen ninh"}).context["found"]
    assert [unit.name for unit in found] == ["Yên Ninh", "Yên Ninh Thượng"]
    response = staff_client.get(reverse("tracking:search"), {"q": "khong co"})
    assert response.context["found"] == []


def test_report_for_a_unit_and_year(staff_client, merged):
    LocalityFactory(name="Phú Bình", parent=merged["thai_nguyen"], valid_until=date(2025, 6, 30))
    url = reverse("tracking:report", kwargs={"slug": merged["thai_nguyen"].slug})
    response = staff_client.get(url, {"year": "2023"})
    html = response.content.decode()
    assert "Báo cáo kết nạp đảng viên" in html and "năm 2023" in html
    assert "82/100 · 82%" in html  # totals
    assert "85,6%" in html  # Bắc Kạn's progress (Pác Nặm 77/90) among the units beneath
    assert "3–4%" in html and "dưới mức" in html  # the Resolution 21 comparison
    assert [row["name"] for row in response.context["missing"]] == ["Phú Bình"]
    assert "2/3" in html
    assert "In hoặc lưu PDF" in html


def test_report_lists_the_sources(staff_client, db):
    from tests.factories import AdmissionResultFactory, SourceFactory

    province = ProvinceFactory(name="Ninh Bình")
    district = LocalityFactory(name="Kim Sơn", parent=province)
    source = SourceFactory(title="Kim Sơn phát triển đảng viên")
    AdmissionResultFactory(
        locality=district,
        start=date(2022, 1, 1),
        end=date(2022, 9, 20),
        admitted=207,
        source=source,
    )
    url = reverse("tracking:report", kwargs={"slug": province.slug})
    response = staff_client.get(url, {"year": "2022"})
    assert "Kim Sơn phát triển đảng viên" in response.content.decode()
