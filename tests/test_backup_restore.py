"""Backup and restore as the README says, for real: the restored database shows the same figures.

SQLite: copy the database file. PostgreSQL (when the suite runs on it): `pg_dump -Fc`, then
`pg_restore` into a new database. Each case builds its own database with `migrate` and the
shipped seed articles in a subprocess, exactly as an operator would.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]
FIGURES = """
import json
from django.db.models import Sum
from ingest.models import Source
from tracking.models import AdmissionResult, Locality, MemberCount, Progress, Target
print(json.dumps({
    "sources": Source.objects.count(),
    "localities": Locality.objects.count(),
    "targets": sorted((t.locality.name, str(t.start), str(t.end), str(t.value))
                      for t in Target.objects.select_related("locality")),
    "results": sorted((r.locality.name, str(r.end), r.admitted)
                      for r in AdmissionResult.objects.select_related("locality")),
    "admitted_sum": AdmissionResult.objects.aggregate(s=Sum("admitted"))["s"],
    "members": sorted((m.locality.name, str(m.as_of), m.members)
                      for m in MemberCount.objects.select_related("locality")),
    "progress": sorted((p.locality.name, p.rank, p.admitted, str(p.target_value))
                       for p in Progress.objects.select_related("locality")),
    "history": AdmissionResult.history.count(),
}, ensure_ascii=False))
"""


def _manage(database_url, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    env |= {"DATABASE_URL": database_url, "DJANGO_DEBUG": "1", "DATABASE_CONN_MAX_AGE": "0"}
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _build(database_url):
    _manage(database_url, "migrate", "--noinput", "-v", "0")
    _manage(database_url, "ingest", str(ROOT / "seeds"), "--accept", "-v", "0")
    return _figures(database_url)


def _figures(database_url):
    figures = json.loads(_manage(database_url, "shell", "-v", "0", "-c", FIGURES).strip())
    assert figures["sources"] >= 5 and figures["results"] and figures["progress"]
    return figures


def test_sqlite_file_copy_restores_the_same_figures(tmp_path):
    original = tmp_path / "db.sqlite3"
    before = _build(f"sqlite:///{original}")
    backup = tmp_path / "backup" / "db.sqlite3"
    backup.parent.mkdir()
    shutil.copy2(original, backup)  # the README's backup: a copy while the app is stopped
    original.unlink()  # the disaster
    restored = tmp_path / "restored.sqlite3"
    shutil.copy2(backup, restored)
    assert _figures(f"sqlite:///{restored}") == before


def _postgres():
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the suite runs on SQLite (set DATABASE_URL=postgres://… for this one)")
    for tool in ("pg_dump", "pg_restore", "createdb", "dropdb"):
        if not shutil.which(tool):
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"{tool} is missing on CI (apt-get install postgresql-client)")
            pytest.skip(f"{tool} is not installed")
    return dj_database_url.parse(os.environ["DATABASE_URL"])


def _pg(tool, params, *args):
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    command = [tool, "-h", params["HOST"] or "localhost", "-p", str(params["PORT"] or 5432)]
    command += ["-U", params["USER"], *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_postgresql_pg_dump_and_pg_restore_restore_the_same_figures(tmp_path):
    params = _postgres()
    base = params["NAME"]
    source, target = f"{base}_backup_src", f"{base}_backup_restored"
    url = "postgres://{USER}{pw}@{HOST}:{PORT}/".format(
        pw=f":{params['PASSWORD']}" if params.get("PASSWORD") else "",
        **{k: params.get(k) or d for k, d in (("USER", ""), ("HOST", "localhost"), ("PORT", 5432))},
    )
    for name in (source, target):
        _pg("dropdb", params, "--if-exists", name)
    _pg("createdb", params, source)
    try:
        before = _build(url + source)
        dump = tmp_path / "ketnap.dump"
        _pg("pg_dump", params, "-Fc", "-f", str(dump), source)
        _pg("createdb", params, target)
        _pg("pg_restore", params, "--no-owner", "-d", target, str(dump))
        assert _figures(url + target) == before
    finally:
        for name in (source, target):
            _pg("dropdb", params, "--if-exists", name)
