"""The demo's seed figures (Pác Nặm, Kim Sơn, Ba Tri) built with factories, for page tests."""

from datetime import date
from decimal import Decimal

from tests.factories import (
    AdmissionResultFactory,
    LocalityFactory,
    MemberCountFactory,
    ProvinceFactory,
    SourceFactory,
    TargetFactory,
)
from tracking.models import Level


def make_seed():
    source = SourceFactory(title="Pác Nặm tăng cường các giải pháp phát triển đảng viên mới")
    pac_nam = LocalityFactory(name="Pác Nặm", parent=ProvinceFactory(name="Bắc Kạn"))
    TargetFactory(
        locality=pac_nam,
        value=Decimal(90),
        source=source,
        quote="kết nạp được 23/90 đảng viên theo kế hoạch đề ra",
    )
    TargetFactory(
        locality=pac_nam,
        start=date(2020, 1, 1),
        end=date(2025, 12, 31),
        value=Decimal(400),
        source=source,
        quote="215/400 đảng viên mới",
    )
    AdmissionResultFactory(
        locality=pac_nam, admitted=23, source=source, quote="Trong 6 tháng đầu năm 2023 ... 23/90"
    )
    AdmissionResultFactory(
        locality=pac_nam,
        end=date(2023, 11, 30),
        admitted=77,
        source=source,
        quote="nâng tổng số đảng viên kết nạp theo kế hoạch lên 77/90",
    )
    AdmissionResultFactory(
        locality=pac_nam,
        start=date(2020, 1, 1),
        admitted=215,
        reported_percent=Decimal("53.7"),
        source=source,
        quote="đã kết nạp được 215/400 đảng viên mới, bằng 53,7%",
    )
    MemberCountFactory(locality=pac_nam, as_of=date(2023, 6, 30), members=2817, source=source)

    kim_son = LocalityFactory(name="Kim Sơn", parent=ProvinceFactory(name="Ninh Bình"))
    AdmissionResultFactory(
        locality=kim_son,
        start=date(2022, 1, 1),
        end=date(2022, 9, 20),
        admitted=207,
        reported_percent=Decimal(103),
    )

    ba_tri = LocalityFactory(name="Ba Tri", parent=ProvinceFactory(name="Bến Tre"))
    TargetFactory(
        locality=ba_tri, start=date(2016, 1, 1), end=date(2016, 12, 31), value=Decimal(220)
    )
    AdmissionResultFactory(
        locality=ba_tri, start=date(2016, 1, 1), end=date(2016, 12, 31), admitted=222
    )
    MemberCountFactory(locality=ba_tri, as_of=date(2016, 12, 31), members=5544)
    return {"pac_nam": pac_nam, "kim_son": kim_son, "ba_tri": ba_tri, "level": Level.DISTRICT}
