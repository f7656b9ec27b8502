"""Loading a register written by the test: matching existing rows, history, links on save,
figures beneath a unit, bad files. (The shipped register is tested in test_register.py.)"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.factories import (
    AdmissionResultFactory,
    LocalityFactory,
    MemberCountFactory,
    ProvinceFactory,
    TargetFactory,
)
from tracking.models import AdmissionResult, Level, Locality, LocalityLink, MemberCount, Target
from tracking.register import register_load

BEFORE, AFTER = date(2023, 6, 1), date(2026, 1, 1)


UNITS = (
    "key,code,level,kind,name,province_key,parent_key,former_parent_key,valid_from,valid_until\n"
    "p:06,06,province,Tỉnh,Bắc Kạn,,,,,2025-06-30\n"
    "p:19,19,province,Tỉnh,Thái Nguyên,,,,,\n"
    "d:060,060,district,Huyện,Pác Nặm,p:06,p:06,,,2025-06-30\n"
    "d:067,067,district,Huyện,Chợ Mới,p:06,p:06,,,2025-06-30\n"
    "c:01955,01955,commune,Xã,Bộc Bố,p:06,d:060,,,2025-06-30\n"
    "c:01960,01960,commune,Xã,Nhạn Môn,p:06,d:060,,,2025-06-30\n"
    "c:01990,01990,commune,Xã,Yên Hân,p:19,p:19,d:067,,\n"
    "c:01955:new,01955,commune,Xã,Bằng Thành,p:19,p:19,,2025-07-01,\n"
)
SUCCESSORS = (
    "old_key,new_key,main\n"
    "p:06,p:19,1\n"
    "d:060,p:19,1\n"
    "d:067,p:19,1\n"
    "c:01955,c:01955:new,1\n"
    "c:01960,c:01955:new,0\n"
    "c:01960,c:01990,1\n"
)


@pytest.fixture
def small(tmp_path):
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    (tmp_path / "successors.csv").write_text(SUCCESSORS, encoding="utf-8")
    return tmp_path


@pytest.mark.django_db
def test_existing_localities_are_matched_not_duplicated(small):
    bac_kan = ProvinceFactory(name="Bắc Kạn")
    pac_nam = LocalityFactory(name="Pác Nặm", parent=bac_kan)
    school = Locality.objects.create(name="Chi bộ Trường Bộc Bố", level=Level.CELL, parent=pac_nam)
    report = register_load(directory=small)
    assert (report.created, report.matched) == (6, 2)
    pac_nam.refresh_from_db()
    assert (pac_nam.register_key, pac_nam.code, pac_nam.kind) == ("d:060", "060", "Huyện")
    assert pac_nam.valid_until == date(2025, 6, 30)
    assert Locality.objects.filter(name="Pác Nặm").count() == 1
    # The school's cell, made before the register, lies beneath the new Thái Nguyên in 2023.
    thai_nguyen = Locality.objects.get(register_key="p:19")
    assert Locality.objects.beneath(thai_nguyen, on=BEFORE).filter(pk=school.pk).exists()


@pytest.mark.django_db
def test_small_register_twice_changes_nothing_history_included(small):
    LocalityFactory(name="Pác Nặm", parent=ProvinceFactory(name="Bắc Kạn"))
    register_load(directory=small)
    counts = (
        Locality.objects.count(),
        Locality.history.count(),
        LocalityLink.objects.count(),
        Locality.successors.through.objects.count(),
    )
    report = register_load(directory=small)
    assert (report.created, report.updated, report.successors, report.links) == (0, 0, 0, 0)
    assert counts == (
        Locality.objects.count(),
        Locality.history.count(),
        LocalityLink.objects.count(),
        Locality.successors.through.objects.count(),
    )


@pytest.mark.django_db
def test_unit_valid_across_the_date_changes_parent(small):
    register_load(directory=small)
    yen_han = Locality.objects.get(register_key="c:01990")
    cho_moi, thai_nguyen = (Locality.objects.get(register_key=k) for k in ("d:067", "p:19"))
    assert Locality.objects.children_of(cho_moi, on=BEFORE).filter(pk=yen_han.pk).exists()
    assert not Locality.objects.children_of(cho_moi, on=AFTER).filter(pk=yen_han.pk).exists()
    assert Locality.objects.children_of(thai_nguyen, on=AFTER).filter(pk=yen_han.pk).exists()
    assert yen_han.province == thai_nguyen
    # Nhạn Môn was split: Yên Hân took the main part, Bằng Thành the rest.
    nhan_mon = Locality.objects.get(register_key="c:01960")
    assert [u.name for u in nhan_mon.current_units()] == ["Yên Hân", "Bằng Thành"]


@pytest.mark.django_db
def test_rows_created_later_get_their_links(small):
    register_load(directory=small)
    bo_bo = Locality.objects.get(register_key="c:01955")
    cell = Locality.objects.create(name="Chi bộ thôn Nà Lầy", level=Level.CELL, parent=bo_bo)
    bac_kan = Locality.objects.get(register_key="p:06")
    assert Locality.objects.beneath(bac_kan, on=BEFORE).filter(pk=cell.pk).exists()
    assert cell.ancestors(on=BEFORE).filter(pk=bac_kan.pk).exists()
    # Moved under another unit: links follow.
    cell.parent = Locality.objects.get(register_key="c:01955:new")
    cell.save()
    assert not Locality.objects.beneath(bac_kan).filter(pk=cell.pk).exists()
    thai_nguyen = Locality.objects.get(register_key="p:19")
    assert Locality.objects.beneath(thai_nguyen, on=AFTER).filter(pk=cell.pk).exists()


@pytest.mark.django_db
def test_figures_beneath_a_unit_in_one_query(small, django_assert_num_queries):
    register_load(directory=small)
    thai_nguyen = Locality.objects.get(register_key="p:19")
    bo_bo = Locality.objects.get(register_key="c:01955")
    other = LocalityFactory(name="Huyện Khác")
    for factory in (TargetFactory, AdmissionResultFactory, MemberCountFactory):
        factory(locality=bo_bo)
        factory(locality=other)
    with django_assert_num_queries(3):
        counts = [
            model.objects.beneath(thai_nguyen, on=BEFORE).count()
            for model in (Target, AdmissionResult, MemberCount)
        ]
    assert counts == [1, 1, 1]
    assert Target.objects.beneath(thai_nguyen, on=AFTER).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("units", "message"),
    [
        ("key,name\n", "thiếu cột"),
        (UNITS + "x:1,1,hamlet,Thôn,Nà Lầy,p:06,p:06,,,\n", "units.csv:10"),
        (UNITS + "c:9,9,commune,Xã,Nà Lầy,p:06,d:999,,,\n", "d:999"),
        (UNITS + "c:9,9,commune,Xã,Nà Lầy,p:06,d:060,,2025-13-01,\n", "2025-13-01"),
    ],
)
def test_bad_register_is_refused_whole(small, units, message):
    (small / "units.csv").write_text(units, encoding="utf-8")
    with pytest.raises(ValidationError) as excinfo:
        register_load(directory=small)
    assert message in " ".join(excinfo.value.messages)
    assert Locality.objects.count() == 0


@pytest.mark.django_db
def test_load_gazetteer_command_reports_counts(small, capsys):
    call_command("load_gazetteer", str(small))
    assert "8 created" in capsys.readouterr().out
    call_command("load_gazetteer", str(small))
    assert "0 created, 0 matched, 0 updated, 8 unchanged" in capsys.readouterr().out
