"""Figures that disagree (same unit, kind and period, another value) are kept both, flagged in
the review queue and on the unit's page, and a reviewer chooses which one counts."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ingest.models import ExtractedFigure, FigureStatus
from ingest.services import figure_accept, figure_choose, sources_ingest
from tests.ingest.test_services import write
from tracking.models import Locality, MemberCount

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

# Two places in one article give the district's members at the end of one year.
TWO_COUNTS = (
    "Huyện Định Hóa vững mạnh\n\n"
    "Thứ hai, 15/01/2024\n\n"
    "Cuối năm 2023, Đảng bộ huyện Định Hóa (tỉnh Thái Nguyên) có 4.210 đảng viên. "
    "Đến hết năm 2023, toàn huyện Định Hóa có 4.310 đảng viên.\n"
)
ANOTHER_SOURCE = (
    "Định Hóa tổng kết năm\n\n"
    "Thứ ba, 16/01/2024\n\n"
    "Đến hết năm 2023, toàn huyện Định Hóa (tỉnh Thái Nguyên) có 4.210 đảng viên.\n"
)


def members(value):
    return ExtractedFigure.objects.get(kind="members_total", value=value, status="pending")


@pytest.fixture
def two_counts(tmp_path):
    report = sources_ingest(paths=[write(tmp_path, "a.txt", TWO_COUNTS)], accept=True)
    return report


def test_both_values_are_kept_with_their_quotes_and_neither_counts(two_counts):
    a, b = members(4210), members(4310)
    assert a.locality == b.locality and a.period_end == b.period_end
    assert "4.210" in a.quote and "4.310" in b.quote
    assert set(ExtractedFigure.objects.in_conflict()) == {a, b}
    assert not MemberCount.objects.exists(), "neither overwrote the other"
    assert len(two_counts.figure_problems) == 2
    assert "Mâu thuẫn" in two_counts.figure_problems[0]


def test_accepting_one_side_is_refused_until_a_reviewer_chooses(two_counts, admin_user):
    with pytest.raises(ValidationError, match="4310"):
        figure_accept(figure=members(4210), user=admin_user)
    chosen = members(4310)
    row = figure_choose(figure=chosen, user=admin_user)
    assert isinstance(row, MemberCount) and row.members == 4310
    chosen.refresh_from_db()
    rejected = ExtractedFigure.objects.get(kind="members_total", value=4210)
    assert (chosen.status, rejected.status) == (FigureStatus.ACCEPTED, FigureStatus.REJECTED)
    assert not ExtractedFigure.objects.in_conflict().exists()
    # The choice is in the figures' history, with who made it.
    assert rejected.history.first().history_user == admin_user
    assert rejected.history.first().status == FigureStatus.REJECTED
    assert chosen.history.first().status == FigureStatus.ACCEPTED


def test_equal_values_from_two_sources_do_not_conflict(tmp_path):
    sources_ingest(paths=[write(tmp_path, "b.txt", ANOTHER_SOURCE)], accept=True)
    before = MemberCount.objects.get()
    assert before.members == 4210
    report = sources_ingest(paths=[write(tmp_path, "a.txt", TWO_COUNTS)], accept=True)
    # 4.210 agrees with what was accepted; 4.310 disagrees with both and waits.
    assert members(4310) in ExtractedFigure.objects.in_conflict()
    assert MemberCount.objects.get().members == 4210
    assert any("4210" in p for p in report.figure_problems)


def test_review_queue_flags_and_filters_conflicts(admin_client, two_counts):
    url = reverse("admin:ingest_extractedfigure_changelist")
    html = admin_client.get(url, {"conflict": "yes"}).content.decode()
    assert "4.210" in html and "4.310" in html
    response = admin_client.post(
        url,
        {"action": "choose", "_selected_action": [members(4310).pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert MemberCount.objects.get().members == 4310


def test_unit_page_shows_the_conflict(admin_client, two_counts):
    unit = Locality.objects.get(name="Định Hóa", level="district")
    html = admin_client.get(unit.get_absolute_url()).content.decode()
    assert "Số liệu mâu thuẫn" in html
    assert "4.210" in html and "4.310" in html
    assert "?conflict=yes" in html


def test_seed_phu_luong_members_conflict_shows(admin_client):
    sources_ingest(paths=[SEEDS], accept=True)
    conflicting = ExtractedFigure.objects.in_conflict().filter(
        kind="members_total", locality__name="Phú Lương"
    )
    assert sorted(f.value for f in conflicting) == [5650, 6050]
    assert {f.period_end for f in conflicting} == {date(2020, 12, 31)}
    unit = conflicting.first().locality
    html = admin_client.get(unit.get_absolute_url()).content.decode()
    assert "5.650" in html and "6.050" in html
