"""Page and export speed, as ratios measured side by side in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ketnap_bench \\
        .venv/bin/python benchmarks/pages.py --localities 40000 --results-per-locality 10

Builds a synthetic national dataset in the database named by DATABASE_URL (which it empties
first: never point it at real data), then for each page:
  * our page: the full Django request (view, queries, table, chart, template), median of runs;
  * raw SQL:  the very SQL statements that request executed, replayed on a bare cursor;
and for the CSV export, our export against PostgreSQL's `COPY (<the export's row query>) TO
STDOUT WITH CSV`. Machines here are noisy, so only the ratios are meant to be compared.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")


def build(n_localities: int, results_per_locality: int, seed: int = 21) -> None:
    from django.core.management import call_command
    from django.db import connection

    from tracking.models import AdmissionResult, Level, Locality, MemberCount, Metric, Target
    from tracking.services import progress_refresh_all

    call_command("flush", "--noinput", verbosity=0)
    call_command("migrate", "--noinput", verbosity=0)
    rng = random.Random(seed)
    n_provinces = max(1, min(63, n_localities // 500))
    provinces = Locality.objects.bulk_create(
        Locality(name=f"Tỉnh {i}", level=Level.PROVINCE, slug=f"tinh-{i}")
        for i in range(n_provinces)
    )
    districts = Locality.objects.bulk_create(
        Locality(
            name=f"Huyện {i}",
            level=Level.DISTRICT,
            parent=provinces[i % n_provinces],
            province=provinces[i % n_provinces],
            slug=f"huyen-{i}",
        )
        for i in range(n_localities - n_provinces)
    )
    years = list(range(2025 - results_per_locality + 1, 2026))
    targets, results, members = [], [], []
    for locality in districts:
        base = rng.randint(300, 6000)
        for year in years:
            target = max(1, round(base * rng.uniform(0.025, 0.04)))
            targets.append(
                Target(
                    locality=locality,
                    start=date(year, 1, 1),
                    end=date(year, 12, 31),
                    metric=Metric.COUNT,
                    value=target,
                )
            )
            end = date(year, 6, 30) if year == years[-1] else date(year, 12, 31)
            results.append(
                AdmissionResult(
                    locality=locality,
                    start=date(year, 1, 1),
                    end=end,
                    admitted=round(target * rng.uniform(0.4, 1.2)),
                )
            )
            members.append(MemberCount(locality=locality, as_of=date(year, 1, 1), members=base))
            base += rng.randint(-20, 120)
    for model, rows in ((Target, targets), (AdmissionResult, results), (MemberCount, members)):
        model.objects.bulk_create(rows, batch_size=5000)
    progress_refresh_all()  # bulk_create sends no signals
    from tracking.hierarchy import links_rebuild

    links_rebuild()  # nor does it build the closure table that the totals pages read
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def median_seconds(fn, runs: int) -> float:
    fn()  # warm caches and connections
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(url: str, runs: int) -> tuple[float, float, int]:
    """(page seconds, raw SQL seconds, number of queries) for one GET of `url`."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    user, _ = get_user_model().objects.get_or_create(username="bench", is_staff=True)
    client = Client()
    client.force_login(user)

    def page():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)

    with CaptureQueriesContext(connection) as captured:
        page()
    statements = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
    ]
    statements = [s for s in statements if "django_session" not in s and "auth_user" not in s]

    def raw():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return median_seconds(page, runs), median_seconds(raw, runs), len(statements)


def export_vs_copy(url: str, runs: int) -> tuple[float, float] | None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        return None
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench"))
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    selects = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT")
    ]
    row_query = max(selects, key=len)

    def ours():
        response = client.get(url)
        assert response.status_code == 200

    def copy():
        buffer = io.StringIO()
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY ({row_query}) TO STDOUT WITH CSV HEADER") as copy_,
        ):
            for chunk in copy_:
                buffer.write(bytes(chunk).decode())

    return median_seconds(ours, runs), median_seconds(copy, runs)


def totals_pages(year: int = 2024) -> dict[str, str]:
    """The totals pages (issue 7): the largest province's page for a year (totals of every
    unit beneath it) and its completeness table, the overview by province being "overview"."""
    from django.db.models import Count
    from django.urls import reverse

    from tracking.models import Level, Locality

    province = (
        Locality.objects.filter(level=Level.PROVINCE)
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .first()
    )
    return {
        "province page, totals of a year": reverse(
            "tracking:locality-detail", kwargs={"slug": province.slug}
        )
        + f"?year={year}",
        "completeness table of a year": reverse(
            "tracking:completeness", kwargs={"slug": province.slug}
        )
        + f"?year={year}",
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--localities", type=int, default=2000)
    parser.add_argument("--results-per-locality", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-build", action="store_true", help="reuse the data already there")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection
    from django.urls import reverse

    from tracking.models import AdmissionResult, Locality, Progress

    if not args.no_build:
        if "bench" not in str(connection.settings_dict["NAME"]):
            parser.error("the benchmark empties its database: use one whose name contains 'bench'")
        started = time.perf_counter()
        build(args.localities, args.results_per_locality)
        print(f"built in {time.perf_counter() - started:.1f}s")
    print(
        f"database: {connection.vendor}; {Locality.objects.count():,} localities, "
        f"{AdmissionResult.objects.count():,} results, "
        f"{Progress.objects.count():,} progress rows "
        f"({Progress.objects.current().count():,} current)"
    )
    some = Locality.objects.filter(level="district").order_by("pk").first()
    pages = {
        "overview": reverse("tracking:overview"),
        "overview, filtered to one year": reverse("tracking:overview") + "?year=2024",
        "locality page": reverse("tracking:locality-detail", kwargs={"slug": some.slug}),
        "benchmark page": reverse("tracking:benchmark"),
        **totals_pages(),
    }
    print(f"\n{'page':34} {'ours (ms)':>10} {'raw SQL (ms)':>13} {'ratio':>7} {'queries':>8}")
    for name, url in pages.items():
        ours, raw, n = measure(url, args.runs)
        print(f"{name:34} {ours * 1000:10.1f} {raw * 1000:13.1f} {ours / raw:7.1f} {n:8d}")
    result = export_vs_copy(reverse("tracking:overview") + "?_export=csv", max(1, args.runs // 2))
    if result:
        ours, copy = result
        print(
            f"\n{'CSV export vs COPY':34} {ours * 1000:10.1f} {copy * 1000:13.1f} "
            f"{ours / copy:7.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
