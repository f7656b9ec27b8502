import pytest

from ingest import places


def named(text):
    return [(m.name, m.level) for m in places.find_mentions(text) if m.name]


@pytest.mark.parametrize(
    ("text", "name", "level"),
    [
        ("Đảng bộ huyện Tân Sơn kết nạp", "Tân Sơn", "district"),
        ("thị xã Đông Triều đã", "Đông Triều", "district"),
        ("Đảng ủy xã Hòa Bình Tây vừa", "Hòa Bình Tây", "commune"),
        ("phường Bến Nghé có", "Bến Nghé", "commune"),
        ("thị trấn Chũ đạt", "Chũ", "commune"),
        ("Chi bộ thôn Làng Mới", "Làng Mới", "cell"),
        ("tỉnh Quảng Ninh đạt", "Quảng Ninh", "province"),
        ("thành phố Đà Nẵng có", "Đà Nẵng", "province"),
        ("thành phố Mỹ Tho có", "Mỹ Tho", "district"),
        ("Đảng bộ TP.Vũng Tàu kết nạp", "Vũng Tàu", "district"),
        ("Thành ủy TPHCM ban hành", "Hồ Chí Minh", "province"),
        ("Đảng bộ Khối doanh nghiệp tỉnh có", "Khối doanh nghiệp tỉnh", "organisation"),
        ("Đảng bộ Trường Đại học Vinh kết nạp", "Trường Đại học Vinh", "organisation"),
        ("Ban Chấp hành Trung ương đề ra", "Trung ương", "organisation"),
    ],
)
def test_named_mentions(text, name, level):
    assert (name, level) in named(text)


def test_organisation_name_keeps_its_comma():
    text = "Sở Lao động, Thương binh và Xã hội kết nạp được 5 đảng viên"
    assert ("Sở Lao động, Thương binh và Xã hội", "organisation") in named(text)


def test_bare_references():
    refs = [
        (m.level, m.generic)
        for m in places.find_mentions("toàn huyện có, các xã đều")
        if not m.name
    ]
    assert ("district", False) in refs
    assert ("commune", True) in refs


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("TP.HCM", "Hồ Chí Minh"),
        ("Đắc Lắc", "Đắk Lắk"),
        ("bắc ninh", "Bắc Ninh"),
        ("Nowhere", None),
    ],
)
def test_province_named(name, canonical):
    assert places.province_named(name) == canonical


@pytest.mark.parametrize(
    ("url", "province"),
    [
        ("https://baoquangninh.vn/abc", "Quảng Ninh"),
        ("http://www.baobacgiang.com.vn/x", "Bắc Giang"),
        ("https://hanoimoi.vn/y", "Hà Nội"),
        ("https://vnexpress.net/z", None),
        (None, None),
    ],
)
def test_province_from_url(url, province):
    assert places.province_from_url(url) == province


@pytest.mark.parametrize(
    ("old", "new"),
    [("Thanh Hoá", "Thanh Hóa"), ("thuý", "thúy"), ("khoẻ", "khỏe"), ("quý", "quý")],
)
def test_unify_tones(old, new):
    assert places.unify_tones(old) == new


def test_fold_ignores_case_form_and_tone_placement():
    import unicodedata

    assert places.fold(unicodedata.normalize("NFD", "Khánh Hoà")) == places.fold("KHÁNH HÒA")
    assert places.slug("Đồng Nai") == "dongnai"
