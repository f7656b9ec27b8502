"""Every invariant is refused twice: by the database, and by clean() naming the field."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import (
    AdmissionResultFactory,
    LocalityFactory,
    MemberCountFactory,
    ProvinceFactory,
    TargetFactory,
)
from tracking.models import (
    AdmissionResult,
    Benchmark,
    Level,
    Locality,
    MemberCount,
    Metric,
    Target,
    Term,
)

pytestmark = pytest.mark.django_db


def _bad_rows(locality):
    """(model, field the error must name, kwargs) for each invariant."""
    base_target = dict(
        locality=locality, start=date(2023, 1, 1), end=date(2023, 12, 31), metric=Metric.COUNT
    )
    base_result = dict(locality=locality, start=date(2023, 1, 1), end=date(2023, 6, 30))
    return [
        (Target, "end", {**base_target, "value": 90, "end": date(2022, 12, 31)}),
        (Target, "value", {**base_target, "value": -1}),
        (Target, "value_max", {**base_target, "value": 100, "value_max": 90}),
        (Target, "value", {**base_target, "metric": Metric.RATE, "value": 120}),
        (Target, "value_max", {**base_target, "metric": Metric.RATE, "value": 3, "value_max": 101}),
        (
            Target,
            "denominator_basis",
            {**base_target, "value": 90, "denominator_basis": "term_start"},
        ),
        (AdmissionResult, "end", {**base_result, "admitted": 5, "end": date(2022, 1, 1)}),
        (AdmissionResult, "admitted", {**base_result}),
        (AdmissionResult, "reported_percent", {**base_result, "reported_percent": 1001}),
        (AdmissionResult, "women", {**base_result, "admitted": 10, "women": 11}),
        (AdmissionResult, "under_30", {**base_result, "admitted": 10, "under_30": 12}),
        (
            AdmissionResult,
            "private_enterprise",
            {**base_result, "admitted": 1, "private_enterprise": 2},
        ),
        (Term, "end", {"name": "sai", "start": date(2025, 1, 1), "end": date(2020, 1, 1)}),
        (
            Benchmark,
            "rate_max",
            {
                "code": "x",
                "name": "x",
                "rate_min": 4,
                "rate_max": 3,
                "start": date(2020, 1, 1),
                "end": date(2030, 1, 1),
            },
        ),
        (
            Locality,
            "valid_until",
            {
                "name": "Xã Cũ",
                "level": Level.COMMUNE,
                "valid_from": date(2020, 1, 1),
                "valid_until": date(2019, 1, 1),
            },
        ),
    ]


BAD_ROW_IDS = [
    "target-end-before-start",
    "target-negative",
    "target-max-below-value",
    "rate-over-100",
    "rate-max-over-100",
    "basis-on-count",
    "result-end-before-start",
    "result-without-count-or-percent",
    "percent-over-1000",
    "women-over-admitted",
    "under30-over-admitted",
    "private-over-admitted",
    "term-end-before-start",
    "benchmark-max-below-min",
    "locality-validity-reversed",
]


@pytest.mark.parametrize("index", range(len(BAD_ROW_IDS)), ids=BAD_ROW_IDS)
def test_database_refuses_bad_row(index):
    model, _field, kwargs = _bad_rows(LocalityFactory())[index]
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**kwargs)


@pytest.mark.parametrize("index", range(len(BAD_ROW_IDS)), ids=BAD_ROW_IDS)
def test_full_clean_names_the_field(index):
    model, field, kwargs = _bad_rows(LocalityFactory())[index]
    with pytest.raises(ValidationError) as excinfo:
        model(**kwargs).full_clean()
    assert field in excinfo.value.message_dict, excinfo.value.message_dict
    assert all(excinfo.value.message_dict[field])


def test_negative_counts_refused_by_database():
    locality = LocalityFactory()
    for model, kwargs in [
        (AdmissionResult, dict(start=date(2023, 1, 1), end=date(2023, 2, 1), admitted=-3)),
        (MemberCount, dict(as_of=date(2023, 1, 1), members=-1)),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.create(locality=locality, **kwargs)


def test_one_result_per_locality_period():
    result = AdmissionResultFactory()
    duplicate = AdmissionResult(
        locality=result.locality, start=result.start, end=result.end, admitted=1
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "Đơn vị này đã có kết quả" in str(excinfo.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_one_member_count_per_locality_date():
    count = MemberCountFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberCount.objects.create(locality=count.locality, as_of=count.as_of, members=5)


def test_same_name_twice_under_one_parent_is_refused():
    district = LocalityFactory(name="Pác Nặm")
    with pytest.raises(IntegrityError), transaction.atomic():
        Locality.objects.create(name="Pác Nặm", level=Level.DISTRICT, parent=district.parent)
    top = ProvinceFactory(name="Bắc Kạn")
    with pytest.raises(IntegrityError), transaction.atomic():
        Locality.objects.create(name=top.name, level=Level.PROVINCE)


def test_admitted_above_member_total_is_refused():
    count = MemberCountFactory(members=100, as_of=date(2023, 1, 1))
    result = AdmissionResult(
        locality=count.locality, start=date(2023, 1, 1), end=date(2023, 6, 30), admitted=120
    )
    with pytest.raises(ValidationError) as excinfo:
        result.full_clean()
    assert "admitted" in excinfo.value.message_dict


def test_locality_cannot_be_its_own_ancestor():
    district = LocalityFactory()
    commune = LocalityFactory(level=Level.COMMUNE, parent=district)
    district.parent = commune
    with pytest.raises(ValidationError) as excinfo:
        district.full_clean()
    assert "parent" in excinfo.value.message_dict


def test_province_is_derived_from_the_hierarchy():
    province = ProvinceFactory(name="Bắc Kạn")
    district = LocalityFactory(name="Pác Nặm", parent=province)
    commune = LocalityFactory(name="Bộc Bố", level=Level.COMMUNE, parent=district)
    assert district.province == province
    assert commune.province == province
    assert province.province is None
    assert commune.slug == "boc-bo-bac-kan"
    assert set(Locality.objects.for_province(province)) == {province, district, commune}


def test_resolution_21_benchmark_is_created_by_migration():
    bench = Benchmark.resolution_21()
    assert bench is not None
    assert (bench.rate_min, bench.rate_max) == (Decimal("3"), Decimal("4"))
    assert (bench.start, bench.end) == (date(2020, 1, 1), date(2030, 12, 31))
    assert Term.containing(date(2023, 1, 1), date(2023, 12, 31)).name == "2020–2025"


def test_target_display_value():
    assert (
        TargetFactory.build(value=Decimal("170"), qualifier="at_least").display_value() == "≥ 170"
    )
    assert (
        TargetFactory.build(value=Decimal("90"), value_max=Decimal("100")).display_value()
        == "90–100"
    )
    rate = TargetFactory.build(metric=Metric.RATE, value=Decimal("3"), value_max=Decimal("4"))
    assert rate.display_value() == "3–4%"
