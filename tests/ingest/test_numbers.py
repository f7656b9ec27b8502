from decimal import Decimal

import pytest

from ingest import numbers


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("1.234", Decimal(1234)),
        ("12.345.678", Decimal(12345678)),
        ("48,2", Decimal("48.2")),
        ("0,75", Decimal("0.75")),
        ("7", Decimal(7)),
        ("6.10", Decimal("6.10")),
        ("abc", None),
        ("", None),
    ],
)
def test_parse_number(token, expected):
    assert numbers.parse_number(token) == expected


def test_parse_number_reads_english_thousands_only_for_counts():
    assert numbers.parse_number("1,204", count=True) == Decimal(1204)
    assert numbers.parse_number("1,204") == Decimal("1.204")


@pytest.mark.parametrize(
    ("text", "value", "value_max", "denominator", "percent"),
    [
        ("kết nạp 1.204 đảng viên", 1204, None, None, False),
        ("đạt 96,5% kế hoạch", Decimal("96.5"), None, None, True),
        ("đã kết nạp 31/40 đảng viên", 31, None, 40, False),
        ("mỗi năm 60 - 70 đảng viên", 60, 70, None, False),
        ("từ 2 - 3% tổng số", 2, 3, None, True),
        ("đạt 2%-2,5%", 2, Decimal("2.5"), None, True),
        ("hơn 12 ngàn đảng viên", 12000, None, None, False),
        ("gần 3 nghìn người", 3000, None, None, False),
        ("khoảng 1,5 triệu", 1500000, None, None, False),
    ],
)
def test_find_quantities(text, value, value_max, denominator, percent):
    (q,) = numbers.find_quantities(text)
    assert q.value == Decimal(value)
    assert q.value_max == (None if value_max is None else Decimal(value_max))
    assert q.denominator == (None if denominator is None else Decimal(denominator))
    assert q.percent is percent
    assert text[q.start : q.end].strip()


def test_dates_are_not_quantities():
    assert numbers.find_quantities("ngày 15/03/2021") == []


@pytest.mark.parametrize(
    ("prefix", "suffix", "is_range", "expected"),
    [
        ("kết nạp được trên ", " đảng viên", False, numbers.AT_LEAST),
        ("kết nạp hơn ", "", False, numbers.AT_LEAST),
        ("phấn đấu kết nạp ít nhất ", "", False, numbers.AT_LEAST),
        ("mỗi năm kết nạp từ ", " đảng viên trở lên", False, numbers.AT_LEAST),
        ("đạt ", "% trở lên", False, numbers.AT_LEAST),
        ("lên gần ", " đảng viên", False, numbers.APPROX),
        ("khoảng ", " người", False, numbers.APPROX),
        ("kết nạp ", " đảng viên", False, numbers.EXACT),
        ("đạt từ ", "% tổng số", True, numbers.EXACT),
    ],
)
def test_qualifier(prefix, suffix, is_range, expected):
    assert numbers.qualifier(prefix, suffix, is_range=is_range) == expected
