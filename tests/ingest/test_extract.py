import unicodedata
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract import ArticleMeta, Figure, extract, read_meta

ARTICLE = """URL: https://baoquangninh.vn/dang-bo-huyen-tien-yen-ket-nap-dang-vien

Tiên Yên kết nạp 134 đảng viên

Thứ hai, 06/03/2023 | 09:15

Năm 2022, Đảng bộ huyện Tiên Yên kết nạp được 134 đảng viên, đạt 111,7% kế hoạch, \
nâng tổng số đảng viên toàn huyện lên 4.120 đảng viên.

Điển hình là Đảng bộ xã Đông Ngũ. Từ đầu năm đến nay, xã đã kết nạp được 9/12 đảng viên mới.

Năm 2023, huyện phấn đấu kết nạp ít nhất 140 đảng viên; bảo đảm tỷ lệ kết nạp đảng viên \
mới hằng năm đạt từ 3 - 4% tổng số đảng viên.
"""


def found(text, **kwargs):
    return {
        (f.kind, f.value, f.value_max, f.qualifier, f.locality) for f in extract(text, **kwargs)
    }


def test_read_meta():
    meta = read_meta(ARTICLE)
    assert meta == ArticleMeta(
        title="Tiên Yên kết nạp 134 đảng viên",
        url="https://baoquangninh.vn/dang-bo-huyen-tien-yen-ket-nap-dang-vien",
        published=date(2023, 3, 6),
    )


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("Chủ nhật, 12/05/2024 | 16:54:29", date(2024, 5, 12)),
        ("03/02/2019 - 13:52", date(2019, 2, 3)),
        ("Cập nhật lúc 21:26, Thứ Tư, 18/01/2017 (GMT+7)", date(2017, 1, 18)),
        ("Không có ngày", None),
    ],
)
def test_read_meta_dates(line, published):
    assert read_meta(f"Tiêu đề\n\n{line}\n\nNội dung.").published == published


def test_article_figures():
    figures = found(ARTICLE)
    assert ("admitted", 134, None, "exact", "Tiên Yên") in figures
    assert ("percent_of_target", Decimal("111.7"), None, "exact", "Tiên Yên") in figures
    assert ("members_total", 4120, None, "exact", "Tiên Yên") in figures
    assert ("admitted", 9, None, "exact", "Đông Ngũ") in figures
    assert ("target_count", 12, None, "exact", "Đông Ngũ") in figures
    assert ("target_count", 140, None, "at_least", "Tiên Yên") in figures
    assert ("target_rate", 3, 4, "exact", "Tiên Yên") in figures


def test_headline_repeating_the_body_is_one_figure():
    admitted = [f for f in extract(ARTICLE) if f.kind == "admitted" and f.value == 134]
    assert len(admitted) == 1


def test_periods_follow_the_text():
    by_value = {f.value: f for f in extract(ARTICLE)}
    assert (by_value[134].period_start, by_value[134].period_end) == (
        date(2022, 1, 1),
        date(2022, 12, 31),
    )
    assert (by_value[9].period_start, by_value[9].period_end) == (
        date(2023, 1, 1),
        date(2023, 3, 6),
    )
    assert by_value[12].period_end == date(2023, 12, 31)


def test_as_dict_is_json_ready():
    f = next(f for f in extract(ARTICLE) if f.kind == "percent_of_target")
    d = f.as_dict()
    assert d["value"] == 111.7 and d["value_max"] is None
    assert d["period_start"] == "2022-01-01"
    assert set(d) == {
        "kind",
        "value",
        "value_max",
        "qualifier",
        "locality",
        "level",
        "province",
        "period_start",
        "period_end",
        "quote",
    }


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Năm 2021, huyện Lục Ngạn kết nạp được hơn 15 ngàn đảng viên.",
            ("admitted", 15000, "at_least"),
        ),
        (
            "Năm 2021, huyện Lục Ngạn kết nạp 310 đảng viên, vượt 12,5% chỉ tiêu.",
            ("percent_of_target", Decimal("112.5"), "exact"),
        ),
        (
            "Năm 2021, huyện Lục Ngạn kết nạp 310 đảng viên, vượt 8% so kế hoạch.",
            ("percent_of_target", 108, "exact"),
        ),
        ("Huyện Lục Ngạn hiện có gần 4 nghìn đảng viên.", ("members_total", 4000, "approx")),
        (
            "Huyện Lục Ngạn phấn đấu mỗi năm kết nạp từ 200 đảng viên trở lên.",
            ("target_count", 200, "at_least"),
        ),
    ],
)
def test_sentences(sentence, expected):
    kinds = {(f.kind, f.value, f.qualifier) for f in extract(sentence)}
    assert expected in kinds


def test_enumeration_gives_each_unit_its_figures():
    text = "Năm 2022, kết quả kết nạp đảng viên: xã Tân Lập 12/14, Phú Xuân 9/8."
    figures = found(text)
    assert ("admitted", 12, None, "exact", "Tân Lập") in figures
    assert ("target_count", 14, None, "exact", "Tân Lập") in figures
    assert ("admitted", 9, None, "exact", "Phú Xuân") in figures
    assert ("target_count", 8, None, "exact", "Phú Xuân") in figures


def test_breakdowns_and_unrelated_numbers_are_ignored():
    text = (
        "Huyện Lục Ngạn kết nạp 150 đảng viên, trong đó có 62 nữ, 40 đảng viên là đoàn viên. "
        "Bài viết có 1.520 lượt xem. Huyện mở 4 lớp bồi dưỡng cho 230 quần chúng."
    )
    values = {f.value for f in extract(text)}
    assert values == {150}


def test_central_resolution_target():
    text = (
        "Nghị quyết 21 của Trung ương đề ra tỷ lệ kết nạp đảng viên mới hằng năm "
        "đạt từ 3 - 4% tổng số đảng viên."
    )
    (f,) = extract(text)
    assert (f.kind, f.value, f.value_max, f.locality, f.level) == (
        "target_rate",
        3,
        4,
        "Trung ương",
        "organisation",
    )


def variants(text):
    nfd = unicodedata.normalize("NFD", text)
    return [
        nfd,
        text.replace("\n", "\r\n"),
        "\ufeff" + text,
        text.replace(" ", "\u00a0"),
        "\ufeff" + nfd.replace("\n", "\r\n").replace(" ", "\u00a0"),
    ]


def comparable(figures):
    return [
        (
            f.kind,
            f.value,
            f.value_max,
            f.qualifier,
            f.locality,
            f.level,
            f.period_start,
            f.period_end,
        )
        for f in figures
    ]


@pytest.mark.parametrize("variant", variants(ARTICLE))
def test_variants_give_the_same_figures(variant):
    expected = comparable(extract(ARTICLE))
    figures = extract(variant)
    assert comparable(figures) == expected
    for f in figures:
        assert variant[f.start : f.end] == f.quote


def test_old_tone_placement_is_understood():
    text = (
        "Đảng bộ thị xã Kỳ Anh kết nạp được 120 đảng viên, đạt 100% kế hoạch năm 2021 "
        "của tỉnh Hà Tĩnh. Xã Kỳ Hoà đạt 100% chỉ tiêu kết nạp."
    )
    assert ("percent_of_target", 100, None, "exact", "Kỳ Hòa") in found(text)
    assert ("admitted", 120, None, "exact", "Kỳ Anh") in found(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_quotes_are_exact(text):
    for f in extract(text):
        assert isinstance(f, Figure)
        assert text[f.start : f.end] == f.quote


VOCAB = st.sampled_from(
    [
        "kết nạp",
        "được",
        "đảng viên",
        "huyện Tân Sơn",
        "xã An Lạc",
        "chỉ tiêu",
        "đạt",
        "%",
        "12,5",
        "5.650",
        "77/90",
        "3 - 4",
        "trên",
        "hơn",
        "năm 2023",
        "từ đầu năm đến nay",
        ",",
        ".",
        "\n",
        "tổng số",
        "có",
        "phấn đấu",
        "vượt",
        "\r\n",
        "\u00a0",
        "Đảng bộ",
        "Chi bộ",
        "(",
        ")",
        "Trường",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(VOCAB, max_size=40).map(" ".join))
def test_never_raises_on_vocabulary_soup(text):
    for f in extract(text):
        assert text[f.start : f.end] == f.quote
