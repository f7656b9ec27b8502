"""Issue 10, "Wrong or misleading figures": each figure a clerk stumbled on, pinned.

Pure rules first (no database), then the pages on factory data shaped like `make demo`'s.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import (
    AdmissionResultFactory,
    LocalityFactory,
    MemberCountFactory,
    ProvinceFactory,
    TargetFactory,
)
from tests.tracking.seed import make_seed
from tracking import progress
from tracking.models import Progress, Qualifier
from tracking.progress import Pace
from tracking.tables import rate_position
from tracking.templatetags.tracking_format import number, percent, percent_label

LATER = date(2026, 11, 22)

# --- pure rules ---------------------------------------------------------------------------


def test_a_closed_period_has_an_outcome_not_a_pace():
    """Pác Nặm 2023, 77/90 by 30/11/2023, read in 2026: "Không đạt", not "Chậm tiến độ"."""
    kwargs = dict(
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
        admitted=77,
        admitted_as_of=date(2023, 11, 30),
        target=90,
    )
    assert progress.assess(**kwargs, today=date(2023, 12, 1)).pace == Pace.BEHIND
    closed = progress.assess(**kwargs, today=LATER)
    assert closed.pace == Pace.MISSED and closed.closed and closed.projection is None
    assert progress.shortfall(77, 90) == 13
    met = progress.assess(**{**kwargs, "admitted": 95}, today=LATER)
    assert met.pace == Pace.MET


def test_the_final_figure_closes_a_period_even_before_it_ends():
    figures = progress.assess(
        period_start=date(2016, 1, 1),
        period_end=date(2016, 12, 31),
        admitted=222,
        admitted_as_of=date(2016, 12, 31),
        target=220,
    )
    assert figures.pace == Pace.MET


def test_a_partial_year_rate_is_compared_with_the_pro_rata_band():
    """Yên Ninh: 5 admitted by 30/04/2023 of 322 members = 1,55%, a third of a year."""
    share = progress.rate_share(date(2023, 1, 1), date(2023, 12, 31), date(2023, 4, 30))
    assert share == pytest.approx(120 / 365)
    assert progress.band_position(1.55, 3, 4) == "below"  # the old, annual comparison
    assert progress.band_position(1.55, 3, 4, share=share) == "above"
    assert progress.rate_share(date(2023, 1, 1), date(2023, 12, 31), date(2023, 12, 31)) == 1
    assert progress.rate_share(date(2020, 1, 1), date(2025, 12, 31), date(2023, 6, 30)) == 1


def test_a_rate_is_never_red_when_the_pace_is_ahead():
    figures = progress.Assessment(
        progress=0.5,
        expected=0.3,
        pace=Pace.AHEAD,
        projection=None,
        rate=0.5,
        denominator_estimated=False,
        rate_share=0.33,
    )
    assert rate_position(figures, (3.0, 4.0)) is None
    behind = progress.Assessment(**{**figures.__dict__, "pace": Pace.BEHIND})
    assert rate_position(behind, (3.0, 4.0)) == "below"


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [(53.75, 1, "53.8"), (215 / 400 * 100, 1, "53.8"), (0.125, 2, "0.13"), (2.5, 0, "3")],
)
def test_one_rounding_rule_half_up(value, digits, expected):
    assert str(progress.round_half_up(value, digits)) == expected


def test_screen_and_file_round_alike():
    assert percent(215 / 400 * 100) == "53,8%"
    assert progress.rounded(215 / 400 * 100, 1) == 53.8


def test_qualifiers_are_kept_on_reported_percentages():
    assert percent_label(Decimal("111"), Qualifier.AT_LEAST) == "≥ 111%"
    assert percent_label(Decimal("2.50")) == "2,5%"
    assert percent_label(Decimal("3.25"), Qualifier.APPROX) == "~ 3,25%"


def test_a_target_period_stays_current_until_a_newer_target():
    rows = progress.period_rows(
        [_target(date(2023, 1, 1), date(2023, 12, 31), 90)],
        [_result(date(2023, 1, 1), date(2023, 11, 30), 77), _result(date(2024, 1, 1), None, 10)],
        [],
        today=LATER,
    )
    assert (rows[0].period_start.year, rows[0].has_target, rows[0].admitted) == (2023, True, 77)
    assert rows[0].assessment.pace == Pace.MISSED
    assert (rows[1].period_start.year, rows[1].has_target) == (2024, False)


def _target(start, end, value):
    from types import SimpleNamespace

    return SimpleNamespace(start=start, end=end, value=value, value_max=None, qualifier="exact")


def _result(start, end, admitted):
    from types import SimpleNamespace

    return SimpleNamespace(
        start=start,
        end=end or date(start.year, 12, 31),
        admitted=admitted,
        qualifier="exact",
        reported_percent=None,
    )


# --- pages ----------------------------------------------------------------------------------


@pytest.fixture
def demo(db):
    """The `make demo` figures behind each complaint (Pác Nặm, Kim Sơn, Ba Tri from the seed)."""
    seed = make_seed()
    thai_nguyen = ProvinceFactory(name="Thái Nguyên")
    yen_ninh = LocalityFactory(name="Yên Ninh", parent=thai_nguyen)
    TargetFactory(locality=yen_ninh, value=Decimal(10))
    AdmissionResultFactory(locality=yen_ninh, end=date(2023, 4, 30), admitted=5)
    MemberCountFactory(locality=yen_ninh, as_of=date(2023, 4, 30), members=322)
    quynh_phu = LocalityFactory(name="Quỳnh Phụ", parent=ProvinceFactory(name="Thái Bình"))
    AdmissionResultFactory(
        locality=quynh_phu,
        start=date(2020, 1, 1),
        end=date(2024, 9, 22),
        admitted=500,
        qualifier=Qualifier.AT_LEAST,
    )
    phu_luong = LocalityFactory(name="Phú Lương", parent=thai_nguyen)
    AdmissionResultFactory(
        locality=phu_luong,
        start=date(2020, 1, 1),
        end=date(2020, 12, 31),
        admitted=None,
        reported_rate=Decimal("2.5"),
        percent_qualifier=Qualifier.AT_LEAST,
        quote="tỷ lệ kết nạp đạt từ 2,5% trở lên",
    )
    long_my = LocalityFactory(name="Long Mỹ", parent=ProvinceFactory(name="Hậu Giang"))
    AdmissionResultFactory(
        locality=long_my,
        start=date(2022, 1, 1),
        end=date(2022, 12, 31),
        admitted=None,
        reported_percent=Decimal(111),
        percent_qualifier=Qualifier.AT_LEAST,
        quote="đạt trên 111% chỉ tiêu",
    )
    return {**seed, "yen_ninh": yen_ninh, "phu_luong": phu_luong, "long_my": long_my}


def _row(response, name):
    for row in response.context["table"].page.object_list:
        if row.record.name == name:
            return row
    raise AssertionError(name)


def test_a_year_prints_as_a_year_and_counts_only_its_own_figures(staff_client, demo):
    response = staff_client.get(reverse("tracking:overview"), {"year": "2023"})
    html = response.content.decode()
    assert "2.023" not in html
    assert "trong năm 2023" in html
    headline = response.context["headline"]
    assert headline["admitted_sum"] == 77 + 5  # not + Quỳnh Phụ's "≥ 500" for 2020–2024
    assert (headline["other_sum"], headline["other_count"]) == (500, 1)  # shown apart


def test_a_closed_period_shows_met_or_missed_with_the_shortfall(staff_client, demo):
    response = staff_client.get(reverse("tracking:overview"))
    pac = _row(response, "Pác Nặm")
    assert pac.get_cell_value("pace_status") == "Không đạt (thiếu 13)"
    statuses = [row.get_cell_value("pace_status") for row in response.context["table"].rows]
    assert "Chậm tiến độ" not in statuses
    assert _row(response, "Ba Tri").get_cell_value("pace_status") == "Đạt"


def test_a_period_read_after_it_ended_is_closed_even_if_stored_before(db, demo):
    row = Progress.objects.current().get(locality=demo["pac_nam"])
    Progress.objects.filter(pk=row.pk).update(pace_status=Pace.BEHIND.value)  # a stale row
    row.refresh_from_db()
    assert row.assessment_on(date(2023, 12, 1)).pace == Pace.BEHIND
    assert row.assessment_on(LATER).pace == Pace.MISSED
    assert Progress.objects.for_pace(Pace.MISSED, today=LATER).filter(pk=row.pk).exists()
    assert not Progress.objects.for_pace(Pace.BEHIND, today=LATER).filter(pk=row.pk).exists()


def test_a_partial_year_rate_is_not_red(staff_client, demo):
    response = staff_client.get(reverse("tracking:overview"))
    cell = str(_row(response, "Yên Ninh").get_cell("rate"))
    assert "1,55%" in cell
    assert "rate-below" not in cell
    assert "0,99%–1,32%" in cell  # the pro-rata band it is compared with, said on screen


def test_a_newer_figure_without_target_does_not_hide_the_target(staff_client, demo):
    AdmissionResultFactory(
        locality=demo["pac_nam"], start=date(2024, 1, 1), end=date(2024, 12, 31), admitted=10
    )
    response = staff_client.get(reverse("tracking:overview"))
    pac = _row(response, "Pác Nặm")
    assert pac.record.period_start == date(2023, 1, 1) and pac.record.admitted == 77
    assert pac.get_cell_value("pace_status") == "Không đạt (thiếu 13)"


def test_a_reported_percentage_shows_on_the_unit_page_with_quote_and_chart(staff_client, demo):
    kim_son = demo["kim_son"]
    result = kim_son.results.get()
    result.quote = "đạt 103% chỉ tiêu kế hoạch đề ra"
    result.save()
    html = staff_client.get(kim_son.get_absolute_url()).content.decode()
    assert "chưa có chỉ tiêu" not in html
    assert "207 · 103%" in html and "đạt 103% chỉ tiêu kế hoạch đề ra" in html
    assert 'id="chart-cumulative"' in html
    assert "103% ch\\u1ec9 ti\\u00eau (theo b\\u00e1o c\\u00e1o)" in html  # plotly's JSON


def test_reported_figures_keep_their_qualifier_and_rate(staff_client, demo):
    html = staff_client.get(demo["long_my"].get_absolute_url()).content.decode()
    assert "≥ 111%" in html
    overview = staff_client.get(reverse("tracking:overview"))
    assert "≥ 111%" in str(_row(overview, "Long Mỹ").get_cell("progress"))
    response = staff_client.get(demo["phu_luong"].get_absolute_url())
    assert "≥ 2,5%" in response.content.decode()
    results = response.context["tables"]["results"]
    assert "reported_rate" in [column.name for column in results.columns]


def test_screen_and_export_agree_on_rounding(staff_client, demo):
    html = staff_client.get(demo["pac_nam"].get_absolute_url()).content.decode()
    assert "215/400 · 53,8%" in html and "53,7%" not in html.split("Kết quả kết nạp")[0]
    assert number(53.75, 1) == "53,8"
