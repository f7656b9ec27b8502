"""Ingest: articles land with provenance, twice is once, bad files are refused one by one."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ingest.models import ExtractedFigure, FigureStatus, Source
from ingest.services import (
    MAX_BYTES,
    figure_accept,
    locality_resolve,
    name_variants,
    normalise_text,
    sources_ingest,
)
from tests.factories import ProvinceFactory
from tracking.models import AdmissionResult, Level, Locality, MemberCount, Target

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

ARTICLE = (
    "URL: https://tin.example.vn/xa-an-binh-ket-nap-dang-vien\n\n"
    "Huyện Tân Phước nỗ lực kết nạp đảng viên mới\n\n"
    "Thứ hai, 15/07/2024\n\n"
    "Theo kế hoạch năm 2024, huyện Tân Phước (tỉnh Tiền Giang) phấn đấu kết nạp 120 đảng viên mới. "
    "Trong 6 tháng đầu năm 2024, toàn huyện Tân Phước đã kết nạp được 64/120 đảng viên, "
    "nâng tổng số đảng viên của huyện lên 3.250 đồng chí.\n"
)


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def table_state():
    return (
        Source.objects.count(),
        ExtractedFigure.objects.count(),
        Target.objects.count(),
        AdmissionResult.objects.count(),
        MemberCount.objects.count(),
        Locality.objects.count(),
    )


def test_article_becomes_source_and_pending_figures(tmp_path):
    path = write(tmp_path, "tan-phuoc.txt", ARTICLE)
    report = sources_ingest(paths=[path])
    assert (report.articles, report.created, report.failed) == (1, 1, 0)
    source = Source.objects.get()
    assert source.url == "https://tin.example.vn/xa-an-binh-ket-nap-dang-vien"
    assert source.title == "Huyện Tân Phước nỗ lực kết nạp đảng viên mới"
    assert source.published == date(2024, 7, 15)
    assert source.file_name == "tan-phuoc.txt"
    figures = list(source.figures.all())
    assert figures, "the article states figures"
    assert all(f.status == FigureStatus.PENDING for f in figures)
    for figure in figures:
        assert source.text[figure.quote_start : figure.quote_end] == figure.quote
    assert Target.objects.count() == 0, "without --accept nothing reaches the tracking tables"
    admitted = [f for f in figures if f.kind == "admitted"]
    assert [f.value for f in admitted] == [Decimal("64")]
    assert admitted[0].locality.name == "Tân Phước"
    assert admitted[0].locality.province.name == "Tiền Giang"


def test_accept_writes_rows_with_provenance(tmp_path, admin_user):
    path = write(tmp_path, "tan-phuoc.txt", ARTICLE)
    report = sources_ingest(paths=[path], accept=True, user=admin_user)
    assert report.accepted == report.figures
    result = AdmissionResult.objects.get(locality__name="Tân Phước")
    assert (result.start, result.end, result.admitted) == (date(2024, 1, 1), date(2024, 6, 30), 64)
    assert result.source == Source.objects.get()
    assert "64/120" in result.quote
    assert result.entered_by == admin_user
    assert result.history.get().history_user == admin_user
    target = Target.objects.get(locality__name="Tân Phước", metric="count")
    assert (target.start, target.end, target.value) == (date(2024, 1, 1), date(2024, 12, 31), 120)
    members = MemberCount.objects.get(locality__name="Tân Phước")
    assert members.members == 3250


def test_second_run_changes_nothing(tmp_path):
    path = write(tmp_path, "tan-phuoc.txt", ARTICLE)
    sources_ingest(paths=[path], accept=True)
    before = table_state()
    histories = sum(m.history.count() for m in (Target, AdmissionResult, MemberCount))
    report = sources_ingest(paths=[path], accept=True)
    assert (report.created, report.unchanged, report.accepted) == (0, 1, 0)
    assert table_state() == before
    assert histories == sum(m.history.count() for m in (Target, AdmissionResult, MemberCount))


def test_same_text_in_other_encoding_forms_is_the_same_article(tmp_path):
    import unicodedata

    nfd = unicodedata.normalize("NFD", ARTICLE).replace("\n", "\r\n")
    first = write(tmp_path, "a.txt", ARTICLE)
    second = write(tmp_path, "b.txt", b"\xef\xbb\xbf" + nfd.encode("utf-8"))
    report = sources_ingest(paths=[first, second])
    assert (report.created, report.unchanged) == (1, 1)
    assert normalise_text(nfd) == normalise_text(ARTICLE)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("rong.txt", b"", "tệp rỗng"),
        ("trang.txt", b"  \n\t \n", "tệp rỗng"),
        ("latin1.txt", "Huyện kết nạp 90 đảng viên".encode("cp1258", "replace"), "UTF-8"),
        ("anh.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "nhị phân"),
        ("lon.txt", b"a" * (MAX_BYTES + 1), "quá lớn"),
    ],
)
def test_bad_file_is_named_and_the_others_still_land(tmp_path, name, data, reason):
    good = write(tmp_path, "good.txt", ARTICLE)
    bad = write(tmp_path, name, data)
    report = sources_ingest(paths=[bad, good])
    assert report.created == 1
    assert [f.path for f in report.failures] == [str(bad)]
    assert reason in report.failures[0].reason
    assert Source.objects.get().file_name == "good.txt"


def test_unreadable_and_missing_files(tmp_path):
    report = sources_ingest(paths=[tmp_path / "khong-co.txt"])
    assert report.failed == 1
    assert "không có tệp" in report.failures[0].reason


def test_failed_article_is_not_half_written(tmp_path, monkeypatch):
    import ingest.services as services

    path = write(tmp_path, "tan-phuoc.txt", ARTICLE)
    real = services.ExtractedFigure.objects.bulk_create

    def explode(rows, *args, **kwargs):
        real(rows[:1])
        raise services.IntegrityError("simulated failure after the first row")

    monkeypatch.setattr(services.ExtractedFigure.objects, "bulk_create", explode)
    report = sources_ingest(paths=[path])
    assert report.failed == 1
    assert "simulated failure" in report.failures[0].reason
    assert table_state()[:2] == (0, 0)
    assert Locality.objects.count() == 0, "localities created for the article are rolled back too"


def test_ingest_command_reports_counts_and_fails_on_bad_file(tmp_path, capsys):
    write(tmp_path, "good.txt", ARTICLE)
    write(tmp_path, "bad.txt", b"\xff\xfe\x00b\x00a\x00d")
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path), "--accept")
    out, err = capsys.readouterr()
    assert "1 articles" in out and "1 created" in out and "1 failed" in out
    assert "bad.txt" in err
    call_command("ingest", str(tmp_path / "good.txt"))
    out, _ = capsys.readouterr()
    assert "0 created, 1 unchanged" in out


def test_ingest_dry_run_writes_nothing(tmp_path, capsys):
    write(tmp_path, "good.txt", ARTICLE)
    call_command("ingest", str(tmp_path), "--accept", "--dry-run")
    assert table_state() == (0, 0, 0, 0, 0, 0)
    assert "dry run" in capsys.readouterr().out


def test_extract_figures_command_prints_json_and_writes_nothing(tmp_path, capsys):
    import json

    path = write(tmp_path, "good.txt", ARTICLE)
    call_command("extract_figures", str(path), "--format", "json")
    rows = json.loads(capsys.readouterr().out)
    assert rows
    assert set(rows[0]) == {
        "file",
        "kind",
        "value",
        "value_max",
        "qualifier",
        "locality",
        "level",
        "province",
        "period_start",
        "period_end",
        "quote",
    }
    assert table_state() == (0, 0, 0, 0, 0, 0)


def test_locality_reused_by_name_across_tone_placement():
    province = ProvinceFactory(name="Thanh Hoá")
    first = locality_resolve(name="Hoằng Hoá", level=Level.DISTRICT, province_name="Thanh Hóa")
    assert first.province == province
    again = locality_resolve(name="Hoằng Hóa", level=Level.DISTRICT, province_name="Thanh Hoá")
    assert again == first
    assert "Thuỷ Nguyên" in name_variants("Thủy Nguyên")
    other = locality_resolve(name="Hoằng Hóa", level=Level.COMMUNE, province_name=None)
    assert other != first


def test_corrected_figure_is_accepted_with_its_correction(tmp_path, admin_user):
    sources_ingest(paths=[write(tmp_path, "a.txt", ARTICLE)])
    figure = ExtractedFigure.objects.get(kind="admitted")
    figure.value = Decimal("65")
    figure.save()
    result = figure_accept(figure=figure, user=admin_user)
    assert result.admitted == 65
    figure.refresh_from_db()
    assert figure.status == FigureStatus.ACCEPTED
    assert figure.reviewed_by == admin_user


def test_unreadable_file_is_named(tmp_path, monkeypatch):
    good = write(tmp_path, "good.txt", ARTICLE)
    locked = write(tmp_path, "locked.txt", ARTICLE.replace("64/120", "65/120"))
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = sources_ingest(paths=[locked, good])
    assert [f.path for f in report.failures] == [str(locked)]
    assert "không đọc được tệp" in report.failures[0].reason
    assert report.created == 1
