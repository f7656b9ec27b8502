"""Production settings: `check --deploy` has nothing to say; HTTPS switches by environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _production(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env |= {
        "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x7Qp2vLs9" * 6,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "DJANGO_ALLOWED_HOSTS": "ketnap.example.vn",
        **extra,
    }
    return env


def _run(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_prints_no_warning(tmp_path):
    done = _run(_production(tmp_path), "check", "--deploy")
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output.upper()


def test_https_settings_follow_the_environment(tmp_path):
    show = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    on = _run(_production(tmp_path), "shell", "-v", "0", "-c", show)
    assert on.stdout.split() == ["True", "31536000"], on.stderr
    off = _run(
        _production(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0", DJANGO_HSTS_SECONDS="0"),
        "shell",
        "-v",
        "0",
        "-c",
        show,
    )
    assert off.stdout.split() == ["False", "0"], off.stderr
    warned = _run(_production(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0"), "check", "--deploy").stderr
    assert "security.W008" in warned  # turning it off is visible


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = _production(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    done = _run(env, "check")
    assert done.returncode != 0
    assert "DJANGO_SECRET_KEY" in done.stderr
