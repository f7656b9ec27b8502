"""An extractor failure is recorded on the article and reported, never stored as 0 figures."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from ingest import extract as extract_module
from ingest.models import Source
from ingest.services import sources_ingest
from tests.ingest.test_services import ARTICLE, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken_extractor(monkeypatch):
    def broken(text, published):
        raise ZeroDivisionError("division by zero in a rule")

    monkeypatch.setattr(extract_module, "_extract", broken)


def test_failure_is_kept_on_the_source_and_in_the_report(tmp_path, broken_extractor):
    report = sources_ingest(paths=[write(tmp_path, "a.txt", ARTICLE)])
    source = Source.objects.get()
    assert source.extraction_error == "ZeroDivisionError: division by zero in a rule"
    assert source.figures.count() == 0
    assert [(f.path, f.reason) for f in report.extraction_errors] == [
        (str(tmp_path / "a.txt"), "ZeroDivisionError: division by zero in a rule")
    ]


def test_a_working_extractor_leaves_no_error(tmp_path):
    report = sources_ingest(paths=[write(tmp_path, "a.txt", ARTICLE)])
    assert Source.objects.get().extraction_error == ""
    assert report.extraction_errors == []
    assert report.figures > 0


def test_ingest_command_reports_the_failure_and_exits_non_zero(tmp_path, broken_extractor, capsys):
    write(tmp_path, "a.txt", ARTICLE)
    with pytest.raises(CommandError, match="extractor failed"):
        call_command("ingest", str(tmp_path))
    captured = capsys.readouterr()
    assert "a.txt: stored, but extraction failed: ZeroDivisionError" in captured.err
    assert "1 extraction errors" in captured.out


def test_extract_figures_command_reports_the_failure(tmp_path, broken_extractor, capsys):
    write(tmp_path, "a.txt", ARTICLE)
    with pytest.raises(CommandError):
        call_command("extract_figures", str(tmp_path / "a.txt"))
    assert "extraction failed: ZeroDivisionError" in capsys.readouterr().err


def test_admin_shows_the_error(admin_client, tmp_path, broken_extractor):
    sources_ingest(paths=[write(tmp_path, "a.txt", ARTICLE)])
    source = Source.objects.get()
    changelist = admin_client.get(reverse("admin:ingest_source_changelist"))
    assert changelist.status_code == 200
    assert "icon-yes.svg" in changelist.content.decode()
    change = admin_client.get(reverse("admin:ingest_source_change", args=[source.pk]))
    assert "ZeroDivisionError: division by zero in a rule" in change.content.decode()


def test_pathological_digits_ingest_with_no_error(tmp_path):
    report = sources_ingest(
        paths=[write(tmp_path, "digits.txt", "Tiêu đề bài\n" + "7" * 1_000_000)]
    )
    assert report.articles == 1 and report.extraction_errors == []
    assert Source.objects.get().extraction_error == ""
