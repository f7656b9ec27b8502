"""Ingest resolves places against the register: name and level, the article's places and date.

The articles here are our own sentences; the units are the shipped register's.
"""

import unicodedata
from datetime import date

import pytest
from django.urls import reverse

from ingest.models import ExtractedFigure, FigureStatus
from ingest.resolve import ArticleContext, localities_named, register_unit_resolve
from ingest.services import figure_accept, sources_ingest
from tests.ingest.test_register_ingest import SEEDS
from tests.ingest.test_services import write
from tracking.models import AdmissionResult, Level, Locality

pytestmark = pytest.mark.usefixtures("shipped_register", "db")

REGISTER_LEVELS = (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)


def article(day: str, sentence: str, title: str = "Kết nạp đảng viên mới") -> str:
    return f"{title}\n\nThứ hai, {day}\n\n{sentence}\n"


def ingest_one(tmp_path, text, name="a.txt", accept=False):
    report = sources_ingest(paths=[write(tmp_path, name, text)], accept=accept)
    assert report.failed == 0
    return ExtractedFigure.objects.filter(source__file_name=name).order_by("position")


def test_seed_articles_land_on_coded_register_units_with_their_provinces():
    before = Locality.objects.count()
    report = sources_ingest(paths=[SEEDS], accept=True)
    assert (report.articles, report.failed) == (5, 0)
    expected = {
        "Pác Nặm": ("060", "Bắc Kạn"),
        "Kim Sơn": ("376", "Ninh Bình"),
        "Ba Tri": ("836", "Bến Tre"),
        "Quỳnh Phụ": ("338", "Thái Bình"),
        "Phú Lương": ("168", "Thái Nguyên"),
    }
    for name, (code, province) in expected.items():
        figures = ExtractedFigure.objects.filter(locality_name=name, level=Level.DISTRICT)
        units = {f.locality for f in figures}
        assert len(units) == 1, name
        unit = units.pop()
        assert unit.register_key == f"d:{code}" and unit.code == code, name
        assert unit.province.name == province and unit.province.register_key, name
        assert unit.valid_until == date(2025, 6, 30), "articles before 2025 → old units"
        assert {f.province_name for f in figures} == {province}, name
        assert AdmissionResult.objects.filter(locality=unit).exists(), name
    yen_ninh = ExtractedFigure.objects.filter(locality_name="Yên Ninh").first().locality
    assert (yen_ninh.code, yen_ninh.parent.name) == ("05614", "Phú Lương")
    # Nothing at a register level was created; only organisations and cells were.
    made = Locality.objects.filter(register_key__isnull=True)
    assert Locality.objects.count() - before == made.count()
    assert set(made.values_list("level", flat=True)) <= {Level.ORGANISATION, Level.CELL}
    cell = Locality.objects.get(name="Đồng Danh", level=Level.CELL)
    assert cell.parent == yen_ninh, "the hamlet's cell hangs under its commune"
    school = Locality.objects.get(name="Trường THPT Phú Lương")
    assert school.parent.register_key == "d:168"
    assert Locality.objects.get(name="Trung ương").parent is None


def test_province_is_known_from_the_register_when_the_article_never_names_it(tmp_path):
    text = article("15/08/2023", "Năm 2022, huyện Pác Nặm kết nạp được 70 đảng viên mới.")
    figure = ingest_one(tmp_path, text).get()
    assert figure.locality.register_key == "d:060"
    assert figure.province_name == "Bắc Kạn"


def test_ambiguous_commune_waits_with_its_candidates(tmp_path):
    text = article("15/05/2023", "Năm 2022, Đảng bộ xã Tân Lập kết nạp được 12 đảng viên mới.")
    figure = ingest_one(tmp_path, text, accept=True).get()
    assert figure.locality is None and figure.status == FigureStatus.PENDING
    candidates = list(figure.candidates.all())
    assert len(candidates) > 10
    assert {c.name for c in candidates} == {"Tân Lập"}
    assert all(c.register_key and c.level == Level.COMMUNE for c in candidates)
    # An article of 2023 is about the units of then: no unit made on 01/07/2025 is offered.
    assert all(c.valid_from is None for c in candidates)
    assert not Locality.objects.filter(name="Tân Lập", register_key__isnull=True).exists()


def test_ambiguous_commune_resolved_by_the_places_the_article_names(tmp_path):
    text = article(
        "15/05/2023",
        "Năm 2022, Đảng bộ xã Tân Lập, huyện Chợ Đồn, tỉnh Bắc Kạn kết nạp được 12 đảng viên mới.",
    )
    figure = ingest_one(tmp_path, text).get()
    assert figure.locality.register_key == "c:02032"
    assert not figure.candidates.exists()


def test_commune_resolved_by_the_district_that_only_locates_it(tmp_path):
    # Thanh Hóa had two communes Phú Xuân in 2023; the article names the district beside it.
    text = article(
        "15/05/2023",
        "Năm 2022, Đảng bộ xã Phú Xuân, huyện Thọ Xuân, tỉnh Thanh Hóa kết nạp được 9 "
        "đảng viên mới.",
    )
    figure = ingest_one(tmp_path, text).get()
    assert figure.locality.register_key == "c:15577"


def test_ambiguous_commune_resolved_by_the_articles_main_district(tmp_path):
    text = article(
        "15/05/2023",
        "Năm 2022, huyện Chợ Đồn kết nạp được 150 đảng viên mới. "
        "Riêng xã Tân Lập kết nạp được 12 đảng viên mới.",
        title="Chợ Đồn kết nạp đảng viên",
    )
    figures = ingest_one(tmp_path, text)
    assert [f.locality.register_key for f in figures] == ["d:064", "c:02032"]


@pytest.mark.parametrize(
    ("sentence", "key"),
    [
        ("Năm 2022, tỉnh Quảng Ninh kết nạp được 2.500 đảng viên mới.", "p:22"),
        ("Năm 2022, Đảng bộ Quảng Ninh kết nạp được 2.500 đảng viên mới.", "p:22"),
        ("Năm 2022, huyện Quảng Ninh, tỉnh Quảng Bình kết nạp được 300 đảng viên mới.", "d:456"),
    ],
)
def test_province_and_district_of_one_name(tmp_path, sentence, key):
    figure = ingest_one(tmp_path, article("15/05/2023", sentence)).get()
    assert figure.locality.register_key == key


@pytest.mark.parametrize(
    ("day", "key", "valid"),
    [
        ("15/05/2024", "c:09571", (None, date(2025, 6, 30))),
        ("11/05/2026", "c:09568:new", (date(2025, 7, 1), None)),
    ],
)
def test_article_date_picks_the_old_or_the_new_unit(tmp_path, day, key, valid):
    text = article(
        day, "Năm qua, phường Phú Lương, thành phố Hà Nội kết nạp được 15 đảng viên mới."
    )
    figure = ingest_one(tmp_path, text).get()
    assert figure.locality.register_key == key
    assert (figure.locality.valid_from, figure.locality.valid_until) == valid


def test_unit_valid_across_the_date_is_found_from_both_sides():
    # Xã Phú Xuân of Quan Hóa (code 14890) did not change: one row valid on both sides. In
    # 2023 Thanh Hóa had a second Phú Xuân (Thọ Xuân district), so the district is needed then.
    def resolve(day, **places):
        context = ArticleContext(day=day, **places)
        return register_unit_resolve(name="Phú Xuân", level=Level.COMMUNE, context=context)

    in_2023 = resolve(date(2023, 1, 1), province_names={"Thanh Hóa"})
    assert in_2023.locality is None
    assert {c.register_key for c in in_2023.candidates} == {"c:14890", "c:15577"}
    quan_hoa = resolve(date(2023, 1, 1), province_names={"Thanh Hóa"}, district_names={"quan hóa"})
    assert quan_hoa.locality.register_key == "c:14890"
    in_2026 = resolve(date(2026, 1, 1), province_names={"Thanh Hóa"})
    assert in_2026.locality.register_key == "c:14890"


def test_old_unit_named_after_2025_still_resolves():
    context = ArticleContext(day=date(2026, 3, 1))
    found = register_unit_resolve(name="Pác Nặm", level=Level.DISTRICT, context=context)
    assert found.locality.register_key == "d:060"


def test_name_spelling_does_not_matter():
    nfd = unicodedata.normalize("NFD", "Thanh Hoá")
    for spelling in ("Thanh Hóa", "Thanh Hoá", nfd, "thanh hoá", "  Thanh   Hóa "):
        units = localities_named(spelling, [Level.PROVINCE])
        assert [u.register_key for u in units] == ["p:38"], spelling


def test_new_commune_resolved_in_its_new_province_named_by_an_old_name():
    # After 2025 an article may still say "Thái Bình"; the new Quỳnh Phụ lies in Hưng Yên.
    context = ArticleContext(day=date(2026, 2, 1), province_names={"Thái Bình"})
    found = register_unit_resolve(name="Quỳnh Phụ", level=Level.COMMUNE, context=context)
    assert found.locality.register_key == "c:12472:new"
    assert found.locality.province.name == "Hưng Yên"


def test_reviewer_picks_a_candidate_and_accepts(tmp_path, admin_client):
    text = article("15/05/2023", "Năm 2022, Đảng bộ xã Tân Lập kết nạp được 12 đảng viên mới.")
    figure = ingest_one(tmp_path, text).get()
    url = reverse("admin:ingest_extractedfigure_change", args=[figure.pk])
    page = admin_client.get(url).content.decode()
    assert "chọn đơn vị" in page
    assert "Xã Tân Lập (02032) — Chợ Đồn, Bắc Kạn" in page
    chosen = Locality.objects.get(register_key="c:02032")
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"candidate": chosen.pk, "locality": ""}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    for key in ("period_start", "period_end"):
        data[key] = getattr(figure, key).isoformat() if getattr(figure, key) else ""
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    figure.refresh_from_db()
    assert figure.locality == chosen
    figure_accept(figure=figure)
    assert AdmissionResult.objects.get(locality=chosen).admitted == 12


def test_queue_lists_how_many_units_share_the_name(tmp_path, admin_client):
    text = article("15/05/2023", "Năm 2022, Đảng bộ xã Tân Lập kết nạp được 12 đảng viên mới.")
    figure = ingest_one(tmp_path, text).get()
    response = admin_client.get(reverse("admin:ingest_extractedfigure_changelist"))
    assert response.status_code == 200
    row = next(r for r in response.context["cl"].result_list if r.pk == figure.pk)
    assert row.n_candidates == figure.candidates.count() > 10


@pytest.mark.parametrize(
    ("day", "sentence", "province_key"),
    [
        (
            "11/05/2024",
            "Năm 2023, Đảng bộ Công an tỉnh Thái Bình kết nạp được 110 đảng viên.",
            "p:34",
        ),
        (
            "11/05/2026",
            "Năm 2025, Đảng bộ Công an tỉnh Hưng Yên kết nạp được 120 đảng viên.",
            "p:33",
        ),
    ],
)
def test_party_organisation_hangs_under_its_province(tmp_path, day, sentence, province_key):
    figure = ingest_one(tmp_path, article(day, sentence)).get()
    organisation = figure.locality
    assert organisation.level == Level.ORGANISATION and organisation.register_key is None
    assert organisation.parent.register_key == province_key
    assert organisation.province == organisation.parent
