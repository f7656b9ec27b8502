"""Derived progress rows follow every write."""

from datetime import date

import pytest
from django.core.management import call_command

from tests.factories import AdmissionResultFactory, LocalityFactory, TargetFactory
from tracking.models import AdmissionResult, Progress
from tracking.services import progress_refresh_all

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
    assert row.pace_status == "missed"  # 2023 has ended: an outcome, not a pace
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
