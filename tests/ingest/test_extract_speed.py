"""The extractor stays linear and safe on pathological inputs (generated here, never stored)."""

import time

import pytest

from ingest import extract as extract_module
from ingest.extract import ExtractionError, extract


def timed(text):
    began = time.process_time()
    figures = extract(text)
    return figures, time.process_time() - began


def test_repeated_year_phrase_is_linear():
    # 100 KB took 6 s and 1.1 MB over 3 minutes when every number re-read its whole sentence.
    text = "năm 2020 " * 35_000  # 315 KB
    figures, seconds = timed(text)
    assert figures == []
    assert seconds < 15, seconds


def test_a_megabyte_of_digits_is_no_figure_and_no_error():
    # It used to raise decimal.Overflow, swallowed into "0 figures" without a word.
    figures, seconds = timed("1234567890" * 100_000)
    assert figures == []
    assert seconds < 15, seconds


def test_a_huge_number_before_a_unit_is_not_a_count():
    text = (
        "Huyện Phú Lương kết nạp "
        + "9" * 50_000
        + " đảng viên. Huyện Phú Lương kết nạp 12 đảng viên."
    )
    values = [f.value for f in extract(text)]
    assert values == [12]


def test_many_mentions_and_figures_stay_fast():
    sentence = (
        "Đảng bộ xã Tân Lập {n} kết nạp {k} đảng viên, đạt {p}% kế hoạch. "
        "Toàn huyện có {t} đảng viên. "
    )
    text = "".join(
        sentence.format(n=i, k=i % 50 + 1, p=90 + i % 20, t=1000 + i) for i in range(3000)
    )  # ~300 KB, thousands of mentions, figures and bare references
    figures, seconds = timed(text)
    assert figures
    assert seconds < 20, seconds


def test_one_endless_sentence_of_listed_units_stays_fast():
    text = "Các xã kết nạp nhiều như: " + ", ".join(f"Xã Số{i} {i % 90 + 1}" for i in range(20_000))
    _, seconds = timed(text)
    assert seconds < 20, seconds


def test_scaling_is_linear():
    unit = "Năm 2021, huyện Định Hóa kết nạp được 120 đảng viên, đạt 105% kế hoạch năm 2021. "
    small = unit * 500
    large = unit * 2000
    _, t_small = timed(small)
    _, t_large = timed(large)
    # Four times the text: about four times the time (quadratic would be sixteen).
    assert t_large < 8 * t_small + 0.5, (t_small, t_large)


def test_an_extractor_failure_is_raised_not_turned_into_no_figures(monkeypatch):
    def broken(text, published):
        raise ArithmeticError("boom")

    monkeypatch.setattr(extract_module, "_extract", broken)
    with pytest.raises(ExtractionError, match="ArithmeticError: boom"):
        extract("Huyện A kết nạp 12 đảng viên.")
