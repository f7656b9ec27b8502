"""Factory data around the 2025 merge (new Thái Nguyên absorbing old Bắc Kạn), for totals tests."""

from datetime import date
from decimal import Decimal

from tests.factories import (
    AdmissionResultFactory,
    LocalityFactory,
    MemberCountFactory,
    ProvinceFactory,
    TargetFactory,
)
from tracking.models import Level

OLD_UNTIL = date(2025, 6, 30)


def year_figure(locality, admitted, target=None, year=2023, members=None):
    if target is not None:
        TargetFactory(
            locality=locality,
            start=date(year, 1, 1),
            end=date(year, 12, 31),
            value=Decimal(target),
        )
    AdmissionResultFactory(
        locality=locality, start=date(year, 1, 1), end=date(year, 11, 30), admitted=admitted
    )
    if members:
        MemberCountFactory(locality=locality, as_of=date(year, 1, 1), members=members)


def make_merged():
    """New Thái Nguyên (unchanged row) absorbing old Bắc Kạn on 01/07/2025, as the register
    loads them: Pác Nặm (district of Bắc Kạn) 77/90, Yên Ninh (commune of old Thái Nguyên's
    Phú Lương) 5/10, one new commune formed from two old ones, one of them split."""
    thai_nguyen = ProvinceFactory(name="Thái Nguyên", code="19")
    bac_kan = ProvinceFactory(
        name="Bắc Kạn", code="06", valid_until=OLD_UNTIL, main_successor=thai_nguyen
    )
    bac_kan.successors.add(thai_nguyen)
    pac_nam = LocalityFactory(name="Pác Nặm", parent=bac_kan, code="060", valid_until=OLD_UNTIL)
    pac_nam.successors.add(thai_nguyen)
    phu_luong = LocalityFactory(
        name="Phú Lương", parent=thai_nguyen, code="168", valid_until=OLD_UNTIL
    )
    new_commune = LocalityFactory(
        name="Yên Trạch",
        parent=thai_nguyen,
        level=Level.COMMUNE,
        valid_from=date(2025, 7, 1),
    )
    other_new = LocalityFactory(
        name="Phú Đình", parent=thai_nguyen, level=Level.COMMUNE, valid_from=date(2025, 7, 1)
    )
    yen_ninh = LocalityFactory(
        name="Yên Ninh",
        parent=phu_luong,
        level=Level.COMMUNE,
        valid_until=OLD_UNTIL,
        main_successor=new_commune,
    )
    yen_ninh.successors.add(new_commune)
    split = LocalityFactory(
        name="Yên Đổ",
        parent=phu_luong,
        level=Level.COMMUNE,
        valid_until=OLD_UNTIL,
        main_successor=new_commune,
    )
    split.successors.add(new_commune, other_new)
    year_figure(pac_nam, 77, 90, members=2817)
    year_figure(yen_ninh, 5, 10, members=322)
    return {
        "thai_nguyen": thai_nguyen,
        "bac_kan": bac_kan,
        "pac_nam": pac_nam,
        "phu_luong": phu_luong,
        "yen_ninh": yen_ninh,
        "split": split,
        "new_commune": new_commune,
    }
