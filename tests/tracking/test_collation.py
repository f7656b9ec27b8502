"""Vietnamese alphabetical order as a plain string key (pure, no database)."""

from hypothesis import given
from hypothesis import strategies as st

from tracking.collation import sort_key


def ordered(names):
    return sorted(names, key=sort_key)


def test_d_stroke_comes_after_d_not_after_z():
    assert ordered(["Đà Nẵng", "Yên Bái", "Dương Kinh", "Điện Biên"]) == [
        "Dương Kinh",
        "Đà Nẵng",
        "Điện Biên",
        "Yên Bái",
    ]


def test_letters_decide_before_tones():
    assert ordered(["Phú Lương", "Pác Nặm", "Phúc Thọ", "Phong Thổ"]) == [
        "Pác Nặm",
        "Phong Thổ",
        "Phú Lương",
        "Phúc Thọ",
    ]
    assert ordered(["Bắc Kạn", "Bạc Liêu", "Bến Tre", "Ba Tri"]) == [
        "Ba Tri",
        "Bạc Liêu",
        "Bắc Kạn",
        "Bến Tre",
    ]
    assert ordered(["Ơn", "Ôn", "On", "Ong"]) == ["On", "Ong", "Ôn", "Ơn"]


def test_tones_break_ties_in_vietnamese_order():
    assert ordered(["Hóa", "Hòa", "Hoa", "Họa", "Hõa", "Hỏa"]) == [
        "Hoa",
        "Hòa",
        "Hỏa",
        "Hõa",
        "Hóa",
        "Họa",
    ]


def test_tone_placement_case_and_spacing_do_not_matter():
    assert sort_key("Hoà Bình") == sort_key("Hòa Bình") == sort_key("HÒA BÌNH")
    assert sort_key("Bà Rịa - Vũng Tàu") == sort_key("Bà Rịa Vũng Tàu")
    assert sort_key("Phú Lương") == sort_key("Phu\u0301 Lu\u031bo\u031bng")  # NFD


def test_a_shorter_name_comes_first():
    assert ordered(["Phúc", "Phú Lương", "Phú"]) == ["Phú", "Phú Lương", "Phúc"]


@given(st.text(max_size=40))
def test_key_is_plain_ascii_that_databases_order_alike(name):
    key = sort_key(name)
    assert key.isascii() and key.isalnum() and key == key.lower()
    assert len(key) <= 3 * len(name) + 2
