"""The accent-insensitive search key (tracking/search.py)."""

import pytest

from tracking.search import fold


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Pác Nặm", "pac nam"),
        ("Đồng Hỷ", "dong hy"),
        ("Hoà  Bình", "hoa binh"),
        ("Hòa Bình", "hoa binh"),
        ("QUỲNH PHỤ", "quynh phu"),
    ],
)
def test_fold(name, key):
    assert fold(name) == key


def test_fold_nfd_and_nfc_alike():
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Yên Ninh")) == fold("Yên Ninh") == "yen ninh"
