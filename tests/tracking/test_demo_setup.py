"""`make demo`'s setup: the register is loaded before the seed articles, so the seeds land on
coded units (one command run, as `make demo` runs it)."""

import pytest
from django.core.management import call_command

from tracking.models import AdmissionResult, Level, Locality

pytestmark = pytest.mark.django_db


def test_demo_setup_loads_the_register_before_the_seeds(capsys):
    call_command("demo_setup", password="demo-pass-123")
    out = capsys.readouterr().out
    assert "Register of units: 12957 created" in out
    assert "Seed articles: 5 articles" in out and "0 failed" in out
    seeded = Locality.objects.filter(
        pk__in=AdmissionResult.objects.values("locality"), level__in=[Level.DISTRICT, Level.COMMUNE]
    )
    codes = {loc.name: (loc.code, loc.province.name) for loc in seeded}
    assert codes == {
        "Pác Nặm": ("060", "Bắc Kạn"),
        "Kim Sơn": ("376", "Ninh Bình"),
        "Ba Tri": ("836", "Bến Tre"),
        "Quỳnh Phụ": ("338", "Thái Bình"),
        "Phú Lương": ("168", "Thái Nguyên"),
        "Yên Ninh": ("05614", "Thái Nguyên"),
    }
    assert not Locality.objects.filter(
        level__in=[Level.PROVINCE, Level.DISTRICT, Level.COMMUNE], register_key__isnull=True
    ).exists(), "no register unit duplicated"
