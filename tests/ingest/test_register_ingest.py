"""Ingest against the register: the seed articles land on coded register units."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from ingest.services import sources_ingest
from tracking.models import AdmissionResult, Level, Locality, MemberCount, Target

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_seed_figures_land_as_rows(shipped_register, db):
    report = sources_ingest(paths=[SEEDS], accept=True)
    assert (report.articles, report.failed) == (5, 0)

    def result(name, start, end):
        return AdmissionResult.objects.get(locality__name=name, start=start, end=end)

    pac_nam = Locality.objects.get(name="Pác Nặm", level=Level.DISTRICT)
    assert pac_nam.province.name == "Bắc Kạn"
    year = Target.objects.get(locality=pac_nam, metric="count", start=date(2023, 1, 1))
    assert (year.end, year.value) == (date(2023, 12, 31), 90)
    assert result("Pác Nặm", date(2023, 1, 1), date(2023, 6, 30)).admitted == 23
    later = AdmissionResult.objects.filter(
        locality=pac_nam, start=date(2023, 1, 1), end__gt=date(2023, 6, 30)
    ).get()
    assert later.admitted == 77
    term = Target.objects.get(locality=pac_nam, start=date(2020, 1, 1), end=date(2025, 12, 31))
    assert term.value == 400 and term.term.name == "2020–2025"
    assert result("Pác Nặm", date(2020, 1, 1), date(2023, 6, 30)).admitted == 215

    kim_son = result("Kim Sơn", date(2022, 1, 1), date(2022, 9, 20))
    assert (kim_son.admitted, kim_son.reported_percent) == (207, Decimal("103"))
    assert kim_son.source.published == date(2022, 9, 20)
    assert not Target.objects.filter(locality__name="Kim Sơn").exists()

    ba_tri = result("Ba Tri", date(2016, 1, 1), date(2016, 12, 31))
    assert ba_tri.admitted == 222
    assert Target.objects.get(locality__name="Ba Tri").value == 220
    assert MemberCount.objects.get(locality__name="Ba Tri").members == 5544

    resolution = Target.objects.get(metric="rate", value=3, value_max=4)
    assert (resolution.start, resolution.end) == (date(2020, 1, 1), date(2030, 12, 31))
    assert "3 - 4%" in resolution.quote
