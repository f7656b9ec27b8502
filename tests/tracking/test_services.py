"""Derived progress rows follow every write; the locality register loads all or nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from tests.factories import AdmissionResultFactory, LocalityFactory, TargetFactory
from tracking.models import AdmissionResult, Level, Locality, Progress
from tracking.services import localities_load, progress_refresh_all

pytestmark = pytest.mark.django_db


def current(locality):
    return Progress.objects.current().get(locality=locality)


def test_progress_follows_saves_and_deletes():
    target = TargetFactory(value=90)
    locality = target.locality
    assert current(locality).admitted is None
    result = AdmissionResultFactory(locality=locality, admitted=23)
    assert current(locality).admitted == 23
    result.admitted = 40
    result.save()
    row = current(locality)
    assert row.admitted == 40 and round(row.progress_pct, 1) == 44.4
    assert row.pace_status == "behind"
    result.delete()
    assert current(locality).admitted is None
    target.delete()
    assert not Progress.objects.filter(locality=locality).exists()


def test_moving_a_figure_refreshes_both_localities():
    result = AdmissionResultFactory(admitted=12)
    before, after = result.locality, LocalityFactory()
    result = AdmissionResult.objects.get(pk=result.pk)
    result.locality = after
    result.save()
    assert not Progress.objects.filter(locality=before).exists()
    assert current(after).admitted == 12


def test_refresh_all_rebuilds_after_a_bulk_load(capsys):
    locality = LocalityFactory()
    AdmissionResult.objects.bulk_create(
        [
            AdmissionResult(
                locality=locality, start=date(2024, 1, 1), end=date(2024, 3, 31), admitted=7
            )
        ]
    )
    assert not Progress.objects.filter(locality=locality).exists()
    call_command("refresh_progress")
    assert "progress rows written" in capsys.readouterr().out
    assert current(locality).admitted == 7
    assert progress_refresh_all() == Progress.objects.count()


REGISTER = (
    "level,name,parent_level,parent_name,code\n"
    "province,Bắc Kạn,,,06\n"
    "district,Pác Nặm,province,Bắc Kạn,063\n"
    "commune,Bộc Bố,district,Pác Nặm,\n"
)


def test_register_loads_and_is_idempotent():
    report = localities_load(text=REGISTER)
    assert (report.created, report.unchanged) == (3, 0)
    commune = Locality.objects.get(name="Bộc Bố")
    assert commune.level == Level.COMMUNE and commune.province.name == "Bắc Kạn"
    assert Locality.objects.get(name="Pác Nặm").code == "063"
    assert localities_load(text=REGISTER).unchanged == 3


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,level\n", "thiếu cột"),
        (REGISTER + "hamlet,Nà Lầy,commune,Bộc Bố,\n", "localities.csv:5"),
        (REGISTER + "commune,Cao Tân,district,Không Có,\n", "chưa có đơn vị cấp trên"),
    ],
)
def test_bad_register_is_refused_whole(text, message):
    with pytest.raises(ValidationError) as excinfo:
        localities_load(text=text)
    assert message in " ".join(excinfo.value.messages)
    assert Locality.objects.count() == 0
