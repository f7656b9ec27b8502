"""Phrasing families of issue 9, in sentences written for these tests (not from any article)."""

from decimal import Decimal

import pytest

from ingest.extract import extract


def found(text):
    return {(f.kind, f.value, f.value_max, f.locality) for f in extract(text)}


D = Decimal


def test_admission_percent_after_dat_is_share_of_target():
    text = (
        "Năm 2023, Đảng bộ huyện Yên Thành kết nạp 183 ĐV, đạt 101,7%; "
        "Đảng bộ quận Hải An kết nạp 109 ĐV đạt 96,4%."
    )
    figures = found(text)
    assert ("admitted", 183, None, "Yên Thành") in figures
    assert ("percent_of_target", D("101.7"), None, "Yên Thành") in figures
    assert ("admitted", 109, None, "Hải An") in figures
    assert ("percent_of_target", D("96.4"), None, "Hải An") in figures


def test_percent_in_brackets_after_each_unit():
    text = (
        "Năm 2022, công tác kết nạp đảng viên đạt kết quả cao như: huyện Mỏ Cày (118,25%), "
        "huyện Chợ Lách (104,5%)."
    )
    figures = found(text)
    assert ("percent_of_target", D("118.25"), None, "Mỏ Cày") in figures
    assert ("percent_of_target", D("104.5"), None, "Chợ Lách") in figures
    assert not any(kind == "target_count" for kind, *_ in figures)


def test_glued_number_and_leading_zero():
    figures = found("Năm 2024, Chi bộ thôn Đồng Tâm kết nạp 14quần chúng ưu tú vào Đảng.")
    assert ("admitted", 14, None, "Đồng Tâm") in figures
    figures = found("Năm 2024, Đảng ủy xã Kim Phượng đã tổ chức kết nạp cho 09 quần chúng ưu tú.")
    assert ("admitted", 9, None, "Kim Phượng") in figures
    figures = found("Năm 2024, Đảng ủy xã Kim Phượng ra quyết định kết nạp Đảng cho 3 đồng chí.")
    assert ("admitted", 3, None, "Kim Phượng") in figures


def test_percent_of_resolution_glued():
    figures = found("Năm 2021, Đảng bộ huyện Văn Lãng kết nạp 150 đảng viên, bằng 115%NQ.")
    assert ("percent_of_target", D("115"), None, "Văn Lãng") in figures
    assert ("admitted", 115, None, "Văn Lãng") not in figures


def test_exceeding_the_resolution_by_a_percentage():
    figures = found("Năm 2021, huyện Văn Lãng kết nạp đảng viên vượt 45% so với nghị quyết.")
    assert ("percent_of_target", D("145"), None, "Văn Lãng") in figures


def test_composite_admitted_against_a_target_range():
    figures = found("Nhiệm kỳ 2015 - 2020, toàn tỉnh Lào Cai kết nạp 4.912/5.000 - 5500 đảng viên.")
    assert ("admitted", 4912, None, "Lào Cai") in figures
    assert ("target_count", 5000, 5500, "Lào Cai") in figures
    assert not any(value == 5500 and kind == "admitted" for kind, value, *_ in figures)


def test_distributive_each_party_unit():
    text = (
        "Năm 2023, Đảng bộ huyện Đông Hưng có nhiều cơ sở làm tốt: xã Đông Các, xã Đông La, "
        "thị trấn Đông Hưng, mỗi đảng bộ kết nạp được 6 đảng viên."
    )
    figures = found(text)
    for name in ("Đông Các", "Đông La", "Đông Hưng"):
        assert ("admitted", 6, None, name) in figures


def test_congress_attendance_gives_the_member_total():
    figures = found(
        "Đại hội Đảng bộ xã Tân Hòa lần thứ XX có 152 đại biểu đại diện cho 583 đảng viên."
    )
    assert ("members_total", 583, None, "Tân Hòa") in figures
    figures = found("Đảng bộ phường Đông Sơn có 41 tổ chức cơ sở đảng và hơn 1.100 đảng viên.")
    assert ("members_total", 1100, None, "Đông Sơn") in figures


def test_forecasts_comparisons_and_breakdowns_are_not_figures():
    assert found("Huyện Lục Yên dự kiến đến cuối năm 2024 kết nạp được 12 đảng viên.") == set()
    text = "Năm 2024, huyện Lục Yên kết nạp 80 đảng viên; tỷ lệ ĐV mới là đoàn viên chiếm 71,4%."
    assert not any(k in ("admission_rate", "percent_of_target") for k, *_ in found(text))
    text = "Năm 2024, tỷ lệ kết nạp đảng viên của huyện Lục Yên chậm (0,37%) so với cùng kỳ."
    assert found(text) == set()


def test_target_rates_that_read_like_results():
    text = (
        "Đại hội đề ra mục tiêu nhiệm kỳ 2020 - 2025: Đảng bộ huyện Hàm Yên hằng năm kết nạp "
        "đảng viên mới đạt từ 3% trở lên so với tổng số đảng viên."
    )
    figures = found(text)
    assert ("target_rate", 3, None, "Hàm Yên") in figures
    assert not any(kind == "admission_rate" for kind, *_ in figures)


def test_abbreviated_levels():
    figures = found("Năm 2023, Đảng bộ T.X Sông Công kết nạp được 95 đảng viên mới.")
    assert ("admitted", 95, None, "Sông Công") in figures
    figures = found("Năm 2023, Đảng bộ TX. Phổ Yên kết nạp được 105 đảng viên mới.")
    assert ("admitted", 105, None, "Phổ Yên") in figures


@pytest.mark.parametrize("lead", ["TP.", "thành phố"])
def test_list_of_units_with_bare_numbers(lead):
    text = (
        "Năm 2023, công tác kết nạp đảng viên có nhiều đơn vị kết nạp cao như: "
        f"Đông Triều 131 đảng viên, Quảng Yên 127, {lead} Uông Bí 64, Công an tỉnh 52."
    )
    figures = found(text)
    assert ("admitted", 131, None, "Đông Triều") in figures
    assert ("admitted", 127, None, "Quảng Yên") in figures
    assert ("admitted", 64, None, "Uông Bí") in figures
    assert ("admitted", 52, None, "Công an tỉnh") in figures


def test_numbered_ward_keeps_its_level_word():
    figures = found("Năm 2020, Đảng bộ phường 11 đã kết nạp được 70 đảng viên.")
    assert ("admitted", 70, None, "Phường 11") in figures


def test_yearly_range_is_a_target():
    figures = found("Nhiệm kỳ 2020 - 2025, phường Tân Định mỗi năm kết nạp từ 10-15 đảng viên.")
    assert ("target_count", 10, 15, "Tân Định") in figures


def test_plan_of_a_named_unit():
    text = "Năm 2018, chỉ tiêu phát triển đảng viên mới của Đảng bộ huyện Bảo Lâm là 180 đảng viên."
    assert ("target_count", 180, None, "Bảo Lâm") in found(text)


def test_count_measured_against_the_plan_is_a_result():
    text = (
        "Năm 2024, vượt chỉ tiêu đề ra, Đảng bộ phường Phú An kết nạp 32 đảng viên, "
        "đạt 106% kế hoạch."
    )
    figures = found(text)
    assert ("admitted", 32, None, "Phú An") in figures
    assert ("target_count", 32, None, "Phú An") not in figures


def test_delegates_are_not_members():
    text = "Đại hội Đảng bộ huyện Lập Thạch có 239 đảng viên đại diện cho hơn 2.260 đảng viên."
    assert {v for k, v, *_ in found(text)} == {2260}
