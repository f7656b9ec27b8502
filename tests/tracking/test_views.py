"""The dashboards with factory data: contents, access, query counts (SQLite and PostgreSQL)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    AdmissionResultFactory,
    LocalityFactory,
    MemberCountFactory,
    ProvinceFactory,
    TargetFactory,
)
from tests.tracking.seed import make_seed
from tracking import progress
from tracking.models import Progress, Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(db):
    return make_seed()


@pytest.mark.parametrize("name", ["tracking:overview", "tracking:benchmark"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_locality_page_is_sent_to_login(client, seed):
    response = client.get(seed["pac_nam"].get_absolute_url())
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_login_page_is_vietnamese(client):
    html = client.get(reverse("login")).content.decode()
    assert "Đăng nhập" in html and "Mật khẩu" in html


def test_overview_first_screen_shows_the_seeds(staff_client, seed):
    html = staff_client.get(reverse("tracking:overview")).content.decode()
    assert "77/90 · 85,6%" in html
    assert "207 · 103%" in html
    assert "222/220 · 100,9%" in html
    assert 'role="progressbar"' in html and 'aria-valuenow="100.9"' in html
    assert "Nghị quyết 21-NQ/TW: 3–4%" in html
    assert "5.544" in html  # Ba Tri's denominator, Vietnamese grouping
    assert "ước tính" in html
    assert 'href="/localities/pac-nam-bac-kan/"' in html


def test_overview_rows_follow_the_period_rule(seed):
    rows = {r.name: r for r in Progress.objects.current().select_related("locality")}
    assert set(rows) == {"Pác Nặm", "Kim Sơn", "Ba Tri"}
    pac = rows["Pác Nặm"]
    assert (pac.period_start, pac.period_end, pac.admitted) == (
        date(2023, 1, 1),
        date(2023, 12, 31),
        77,
    )
    kim = rows["Kim Sơn"]
    assert (kim.has_target, kim.period_end, kim.progress_pct) == (False, date(2022, 12, 31), 103)


def test_stored_pace_agrees_with_progress_module(seed):
    rows = Progress.objects.current().select_related("locality")
    for status in progress.Pace:
        names = {r.name for r in rows.for_pace(status)}
        expected = set()
        for row in rows:
            figures = progress.assess(
                period_start=row.period_start,
                period_end=row.period_end,
                admitted=row.admitted,
                admitted_as_of=row.admitted_as_of,
                target=row.target_value,
                reported_percent=row.reported_percent,
            )
            if figures.pace == status:
                expected.add(row.name)
        assert names == expected, status


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ({"status": "achieved"}, {"Kim Sơn", "Ba Tri"}),
        ({"status": "behind"}, {"Pác Nặm"}),
        ({"year": "2016"}, {"Ba Tri"}),
        ({"level": "district"}, {"Pác Nặm", "Kim Sơn", "Ba Tri"}),
        ({"level": "commune"}, set()),
    ],
)
def test_overview_filters(staff_client, seed, query, names):
    response = staff_client.get(reverse("tracking:overview"), query)
    shown = {row.record.name for row in response.context["table"].page.object_list}
    assert shown == names


def test_overview_province_filter(staff_client, seed):
    province = seed["ba_tri"].province
    response = staff_client.get(reverse("tracking:overview"), {"province": province.pk})
    assert [r.record.name for r in response.context["table"].page.object_list] == ["Ba Tri"]


def test_overview_headline_cards(staff_client, seed):
    headline = staff_client.get(reverse("tracking:overview")).context["headline"]
    assert headline["tracked"] == 3
    assert headline["admitted_sum"] == 77 + 207 + 222
    assert (headline["at_rate"], headline["with_rate"]) == (1, 2)  # Ba Tri 4,0%; Pác Nặm 2,7%
    assert (headline["on_track"], headline["with_pace"]) == (2, 3)


def test_overview_sorts_by_progress(staff_client, seed):
    response = staff_client.get(reverse("tracking:overview"), {"sort": "-progress"})
    names = [r.record.name for r in response.context["table"].page.object_list]
    assert names == ["Kim Sơn", "Ba Tri", "Pác Nặm"]


def test_overview_in_english(staff_client, seed):
    call_command("compile_translations")
    with translation.override("en"):
        staff_client.cookies["django_language"] = "en"
        html = staff_client.get(reverse("tracking:overview"), HTTP_ACCEPT_LANGUAGE="en").content
    html = html.decode()
    assert "77/90 · 85.6%" in html
    assert "Resolution 21-NQ/TW" in html


def test_vietnamese_whatever_the_browser_asks(staff_client, seed):
    html = staff_client.get(reverse("tracking:overview"), HTTP_ACCEPT_LANGUAGE="en-US,en").content
    assert "Tiến độ kết nạp đảng viên mới" in html.decode()


def test_language_switch_is_remembered(staff_client, seed):
    call_command("compile_translations")
    response = staff_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Resolution 21-NQ/TW" in staff_client.get(reverse("tracking:overview")).content.decode()


def test_locality_page(staff_client, seed):
    response = staff_client.get(seed["pac_nam"].get_absolute_url())
    html = response.content.decode()
    assert "77/90 · 85,6%" in html  # annual
    assert "215/400 · 53,7%" in html  # term, side by side
    assert 'id="chart-cumulative"' in html and 'id="chart-rates"' in html
    assert "/static/plotly/plotly.min.js" in html and "cdn.plot.ly" not in html
    assert "Pác Nặm tăng cường các giải pháp" in html  # provenance: source title
    assert "77/90</q>" in html or "lên 77/90" in html  # and the quote
    assert "2.817" in html


def test_locality_children_roll_up_from_sums(staff_client, db):
    province = ProvinceFactory(name="Thái Nguyên")
    small = LocalityFactory(name="Huyện Nhỏ", parent=province)
    big = LocalityFactory(name="Huyện Lớn", parent=province)
    TargetFactory(locality=small, value=Decimal(10))
    AdmissionResultFactory(locality=small, admitted=10)
    TargetFactory(locality=big, value=Decimal(100))
    AdmissionResultFactory(locality=big, admitted=10)
    response = staff_client.get(province.get_absolute_url())
    rollup = response.context["totals"].tree.beneath
    assert (rollup.admitted, rollup.target) == (20, 110)
    assert rollup.progress == pytest.approx(20 / 110)  # not (100% + 10%) / 2
    assert "20/110 · 18,2%" in response.content.decode()


def test_benchmark_page(staff_client, seed):
    response = staff_client.get(reverse("tracking:benchmark"))
    html = response.content.decode()
    names = [r.record.name for r in response.context["table"].page.object_list]
    assert names == ["Ba Tri", "Pác Nặm"]  # latest annual rate, highest first
    assert 'id="chart-benchmark"' in html
    assert "ước tính (30/06/2023)" in html


def test_unknown_locality_is_404(staff_client, db):
    assert staff_client.get("/localities/khong-co/").status_code == 404


def _localities(n):
    province = ProvinceFactory()
    for i in range(n):
        locality = LocalityFactory(parent=province, name=f"Xã {i:03d}")
        TargetFactory(locality=locality, value=Decimal(50 + i))
        AdmissionResultFactory(locality=locality, admitted=20 + i % 30)
        MemberCountFactory(locality=locality, as_of=date(2022, 12, 31), members=900 + i)
    return province


# session, user, benchmark, row count, headline aggregate, page rows, term + province choices,
# latest year with figures (not when a year or term is asked for; a term is looked up instead),
# province totals (3), terms of the period selector
OVERVIEW_QUERIES = 13
# session, user, benchmark, row count, page rows, term + province choices
BENCHMARK_QUERIES = 7
# session, user, locality, benchmark, targets, results, member counts, children count,
# children page, latest year, totals (3: units beneath, figures, links), terms, predecessors,
# conflicting extracted figures (ingest_review.figure_conflicts)
LOCALITY_QUERIES = 16


@pytest.mark.parametrize("n", [10, 200])
def test_query_counts_do_not_grow_with_rows(staff_client, django_assert_num_queries, n):
    province = _localities(n)
    term = Term.objects.get(name="2020–2025")
    with django_assert_num_queries(OVERVIEW_QUERIES):
        assert staff_client.get(reverse("tracking:overview")).status_code == 200
    for query in ({"year": "2023"}, {"year": "2023", "status": "behind"}, {"term": term.pk}):
        with django_assert_num_queries(OVERVIEW_QUERIES + ("term" in query) - ("year" in query)):
            response = staff_client.get(reverse("tracking:overview"), query)
            assert (
                len(response.context["table"].page.object_list) == min(n, 50) or "status" in query
            )
    with django_assert_num_queries(BENCHMARK_QUERIES):
        assert staff_client.get(reverse("tracking:benchmark")).status_code == 200
    with django_assert_num_queries(LOCALITY_QUERIES):
        assert staff_client.get(province.get_absolute_url()).status_code == 200
