"""The official register of units: loading, counts, crosswalk, and the hierarchy over time."""

import csv
from datetime import date

from django.db.models import Count

from tracking.models import Level, Locality
from tracking.register import REGISTER_DIR

BEFORE, AFTER = date(2023, 6, 1), date(2026, 1, 1)


def unit(key):
    return Locality.objects.get(register_key=key)


def test_loading_twice_changes_nothing(shipped_register, db):
    register = shipped_register
    first, second = register["first"], register["second"]
    assert first.created == Locality.objects.count() > 12_000
    assert (second.created, second.updated, second.successors, second.links) == (0, 0, 0, 0)
    assert register["before"] == register["after"]


def _count(level, *, old):
    qs = Locality.objects.filter(level=level)
    return (qs.valid_on(BEFORE) if old else qs.valid_on(AFTER)).count()


def test_counts_by_level_and_validity(shipped_register, db):
    assert _count(Level.PROVINCE, old=True) == 63
    assert _count(Level.DISTRICT, old=True) == 696
    # The source's 10,040 rows before the reorganisation include five island districts
    # without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo).
    assert _count(Level.COMMUNE, old=True) == 10_035
    assert _count(Level.PROVINCE, old=False) == 34
    assert _count(Level.DISTRICT, old=False) == 0
    assert _count(Level.COMMUNE, old=False) == 3_321
    both = Locality.objects.filter(valid_from__isnull=True, valid_until__isnull=True)
    assert both.filter(level=Level.PROVINCE).count() == 63 + 34 - 70


def test_the_shipped_files_agree_with_the_database(shipped_register, db):
    with (REGISTER_DIR / "units.csv").open(encoding="utf-8") as fh:
        rows = {r["key"]: r for r in csv.DictReader(fh)}
    assert Locality.objects.register().count() == len(rows)
    pac_nam = rows["d:060"]
    assert (pac_nam["name"], pac_nam["kind"], pac_nam["province_key"]) == (
        "Pác Nặm",
        "Huyện",
        "p:06",
    )


def test_crosswalk_bac_kan_into_thai_nguyen(shipped_register, db):
    bac_kan, thai_nguyen = unit("p:06"), unit("p:19")
    assert (bac_kan.name, bac_kan.code, bac_kan.valid_until) == ("Bắc Kạn", "06", date(2025, 6, 30))
    assert thai_nguyen.valid_from is None and thai_nguyen.valid_until is None
    assert list(bac_kan.current_units()) == [thai_nguyen]
    assert bac_kan.main_successor == thai_nguyen
    assert {p.name for p in thai_nguyen.predecessor_units()} == {"Bắc Kạn"}
    pac_nam = Locality.objects.get(name="Pác Nặm", level=Level.DISTRICT)
    assert pac_nam.province == bac_kan and pac_nam.code == "060"
    assert list(pac_nam.current_units()) == [thai_nguyen]


def test_a_split_commune_has_successors_with_one_main(shipped_register, db):
    split = (
        Locality.objects.filter(level=Level.COMMUNE, valid_until__isnull=False)
        .annotate(successor_count=Count("successors"))
        .filter(successor_count__gt=1)
    )
    assert split.count() > 100
    for commune in split[:20]:
        successors = list(commune.current_units())
        assert commune.main_successor in successors
        assert successors[0] == commune.main_successor
        assert all(s.valid_from == date(2025, 7, 1) or s.valid_from is None for s in successors)


def test_every_old_unit_has_a_main_successor(shipped_register, db):
    old = Locality.objects.register().filter(valid_until__isnull=False)
    assert not old.filter(main_successor__isnull=True).exists()


def test_beneath_respects_validity_across_the_merge(shipped_register, db):
    bac_kan, thai_nguyen = unit("p:06"), unit("p:19")
    pac_nam = unit("d:060")
    beneath = Locality.objects.beneath
    # An old district lies beneath its old province until 30/06/2025.
    assert beneath(bac_kan, on=date(2025, 6, 30)).filter(pk=pac_nam.pk).exists()
    assert not beneath(bac_kan, on=date(2025, 7, 1)).filter(pk=pac_nam.pk).exists()
    # The new Thái Nguyên's subtree in 2023 holds old Bắc Kạn's units and their communes.
    in_2023 = beneath(thai_nguyen, on=BEFORE)
    assert in_2023.filter(pk=pac_nam.pk).exists()
    pac_nam_communes = Locality.objects.children_of(pac_nam, on=BEFORE)
    assert pac_nam_communes.count() == 10
    assert in_2023.filter(pk__in=pac_nam_communes).count() == 10
    assert not beneath(thai_nguyen, on=AFTER).filter(level=Level.DISTRICT).exists()
    communes_now = beneath(thai_nguyen, on=AFTER).filter(level=Level.COMMUNE)
    assert communes_now.count() == Locality.objects.children_of(thai_nguyen, on=AFTER).count()
    assert communes_now.count() == 92
    # Without a date: whatever ever lay beneath it.
    assert beneath(thai_nguyen).filter(pk=pac_nam.pk).exists()
    assert beneath(thai_nguyen, include_self=False).filter(pk=thai_nguyen.pk).exists() is False


def test_children_of_before_and_after(shipped_register, db):
    thai_nguyen, bac_kan = unit("p:19"), unit("p:06")
    before = Locality.objects.children_of(bac_kan, on=BEFORE)
    assert set(before.values_list("level", flat=True)) == {Level.DISTRICT}
    assert before.count() == 8
    assert Locality.objects.children_of(bac_kan, on=AFTER).count() == 0
    old_tn = Locality.objects.children_of(thai_nguyen, on=BEFORE)
    assert bac_kan in old_tn and old_tn.filter(level=Level.DISTRICT).count() == 9


def test_a_new_commune_holds_its_predecessors_before_the_merge(shipped_register, db):
    old = Locality.objects.filter(
        level=Level.COMMUNE, valid_until__isnull=False, main_successor__valid_from__isnull=False
    ).first()
    new = old.main_successor
    assert Locality.objects.beneath(new, on=BEFORE).filter(pk=old.pk).exists()
    assert not Locality.objects.beneath(new, on=AFTER).filter(pk=old.pk).exists()
    assert old in new.predecessor_units()
