from datetime import date

import pytest

from ingest import periods


def one(text, published=None):
    found = [p for p in periods.find_periods(text, published=published) if p.kind != "annual"]
    assert found, text
    return found[0]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("trong năm 2019 toàn huyện", date(2019, 1, 1), date(2019, 12, 31)),
        ("6 tháng đầu năm 2021, đảng bộ", date(2021, 1, 1), date(2021, 6, 30)),
        ("9 tháng năm 2020", date(2020, 1, 1), date(2020, 9, 30)),
        ("quý iii năm 2022", date(2022, 7, 1), date(2022, 9, 30)),
        ("quý i/2020", date(2020, 1, 1), date(2020, 3, 31)),
        ("nhiệm kỳ 2015 - 2020", date(2015, 1, 1), date(2020, 12, 31)),
        ("giai đoạn 2021-2025", date(2021, 1, 1), date(2025, 12, 31)),
        ("từ đầu nhiệm kỳ đến tháng 9/2022", date(2020, 1, 1), date(2022, 9, 30)),
        ("từ năm 2021 đến nay", date(2021, 1, 1), date(2023, 5, 4)),
    ],
)
def test_period_phrases(text, start, end):
    p = one(text, published=date(2023, 5, 4))
    assert (p.start, p.end) == (start, end)


def test_from_start_of_year_uses_publication_date():
    p = one("từ đầu năm đến nay, huyện", published=date(2022, 10, 3))
    assert (p.start, p.end) == (date(2022, 1, 1), date(2022, 10, 3))
    assert p.whole_end == date(2022, 12, 31)


def test_partial_year_knows_its_whole_year():
    p = one("8 tháng đầu năm 2024")
    assert (p.whole_start, p.whole_end) == (date(2024, 1, 1), date(2024, 12, 31))


def test_without_publication_date_now_stays_unknown():
    p = one("từ tháng 3/2021 đến nay")
    assert p.start == date(2021, 3, 1)
    assert p.end is None


def test_annual_marker():
    kinds = [p.kind for p in periods.find_periods("hằng năm kết nạp")]
    assert kinds == ["annual"]


def test_birth_years_are_not_periods():
    assert periods.find_periods("sinh năm 1998") == []


def test_term_of():
    assert periods.term_of(2023) == (2020, 2025)
    assert periods.term_of(2025) == (2025, 2030)


def test_years_listed_together():
    p = one("năm 2019 và 2020")
    assert periods.years_of(p) == [2019, 2020]
