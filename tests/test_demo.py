"""`make demo` as a new user meets it: the banner names the real address, the README's ingest
example works on the demo's settings, plotly.min.js goes out gzip-compressed."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[1]


def test_make_demo_passes_host_to_banner_and_server():
    plan = subprocess.run(
        ["make", "-n", "demo", "HOST=0.0.0.0:9001"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "demo_setup --url http://0.0.0.0:9001/" in plan
    assert re.search(r"DJANGO_COMPRESSED_STATIC=1 \S+ manage.py collectstatic", plan)
    assert re.search(r"DJANGO_COMPRESSED_STATIC=1 \S+ manage.py runserver 0.0.0.0:9001", plan)


@pytest.mark.django_db
def test_demo_banner_prints_the_address_it_is_given(monkeypatch, capsys):
    from types import SimpleNamespace

    from tracking.management.commands import demo_setup

    counts = SimpleNamespace(created=0, matched=0, unchanged=0)
    report = SimpleNamespace(articles=0, figures=0, created=0, unchanged=0, failed=0, failures=[])
    monkeypatch.setattr(demo_setup, "register_load", lambda: counts)
    monkeypatch.setattr(demo_setup, "sources_ingest", lambda **kwargs: report)
    call_command("demo_setup", "--password", "x", "--url", "http://10.0.0.5:8080/")
    out = capsys.readouterr().out
    assert "http://10.0.0.5:8080/" in out and "127.0.0.1:8000" not in out


def _readme_command(name: str) -> str:
    text = (ROOT / "README.md").read_text()
    lines = [line for line in text.splitlines() if f"manage.py {name} " in line and "#" in line]
    assert lines, f"README has no `manage.py {name}` example"
    return lines[0].split("#")[0].strip()


def test_readme_ingest_example_works_after_make_demo(tmp_path):
    """The README's line, run as printed, in a shell without DJANGO_DEBUG or a secret key."""
    command = _readme_command("ingest")
    assert command.startswith("DJANGO_DEBUG=1 ")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DATABASE_URL"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    python = sys.executable
    setup = (
        f"DJANGO_DEBUG=1 {python} manage.py migrate -v0 && DJANGO_DEBUG=1 {python} manage.py "
        'shell -v0 -c "from django.contrib.auth import get_user_model as m; '
        "m().objects.create_superuser('admin', None, 'x')\""
    )
    subprocess.run(setup, shell=True, cwd=ROOT, env=env, check=True, capture_output=True)
    run = subprocess.run(
        command.replace(".venv/bin/python", python),
        shell=True,
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert re.search(r"\b5 articles\b", run.stdout), run.stdout


@pytest.mark.django_db
def test_demo_server_sends_plotly_gzip_compressed(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES=storages,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", "--noinput", verbosity=0)
        plain = (tmp_path / "plotly" / "plotly.min.js").stat().st_size
        response = Client().get("/static/plotly/plotly.min.js", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    sent = int(response.headers["Content-Length"])
    assert sent < plain / 3, (sent, plain)
