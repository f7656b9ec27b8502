"""Reference data every installation needs: congress terms and Resolution 21-NQ/TW's 3–4% band."""

from datetime import date
from decimal import Decimal

from django.db import migrations

TERMS = [
    ("2015–2020", date(2015, 1, 1), date(2020, 12, 31)),
    ("2020–2025", date(2020, 1, 1), date(2025, 12, 31)),
    ("2025–2030", date(2025, 1, 1), date(2030, 12, 31)),
]


def create(apps, schema_editor):
    Term = apps.get_model("tracking", "Term")
    Benchmark = apps.get_model("tracking", "Benchmark")
    for name, start, end in TERMS:
        Term.objects.get_or_create(name=name, defaults={"start": start, "end": end})
    Benchmark.objects.get_or_create(
        code="21-NQ/TW",
        defaults={
            "name": "Nghị quyết 21-NQ/TW: kết nạp đảng viên mới hằng năm",
            "rate_min": Decimal("3"),
            "rate_max": Decimal("4"),
            "start": date(2020, 1, 1),
            "end": date(2030, 12, 31),
            "description": (
                "Nghị quyết 21-NQ/TW (16/6/2022) của Bộ Chính trị: hằng năm kết nạp đảng viên "
                "mới đạt từ 3 - 4% tổng số đảng viên, giai đoạn 2020–2030."
            ),
        },
    )


def remove(apps, schema_editor):
    apps.get_model("tracking", "Benchmark").objects.filter(code="21-NQ/TW").delete()
    apps.get_model("tracking", "Term").objects.filter(name__in=[t[0] for t in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("tracking", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
