"""CSV/XLSX exports read back equal to the on-screen table's rows."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import AdmissionResultFactory, LocalityFactory, ProvinceFactory, TargetFactory
from tests.tracking.seed import make_seed
from tracking.exports import neutralise

pytestmark = pytest.mark.django_db

HEADER_VI = [
    "Đơn vị",
    "Tỉnh/thành phố",
    "Kỳ",
    "Từ ngày",
    "Đến ngày",
    "Chỉ tiêu",
    "Mức (chỉ tiêu)",
    "Đã kết nạp",
    "Mức (kết nạp)",
    "Tính đến ngày",
    "Tiến độ (%)",
    "Mức (tiến độ theo báo cáo)",
    "Tỷ lệ kết nạp/năm (%)",
    "Số đảng viên (mẫu số)",
    "Mẫu số ước tính",
    "Tiến độ so với thời gian",
    "Dự kiến cuối kỳ",
]


def _csv_rows(response):
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _table_rows(response_context):
    table = response_context["table"]
    return [[str(v) if v is not None else "" for v in row] for row in list(table.as_values())]


def _same(value):
    """Compare a spreadsheet cell with the table's value: numbers by value, blanks as ''."""
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):  # an XLSX date cell reads back datetime
        return value.date().isoformat()
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def test_overview_csv_matches_the_table(staff_client):
    make_seed()
    url = reverse("tracking:overview")
    screen = staff_client.get(url, {"sort": "-progress"})
    response = staff_client.get(url, {"sort": "-progress", "_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert (
        f"tien-do-ket-nap-{date.today():%Y-%m-%d}.csv" in disposition
        or "tien-do-ket-nap-" in disposition
    )
    rows = _csv_rows(response)
    assert rows[0] == HEADER_VI
    assert rows == _table_rows(screen.context)
    assert [r[0] for r in rows[1:]] == ["Kim Sơn", "Ba Tri", "Pác Nặm"]  # the current sort
    pac = dict(zip(rows[0], rows[3], strict=True))
    assert pac["Tiến độ (%)"] == "85.6"  # a number, not "85,6%"
    assert pac["Đã kết nạp"] == "77" and pac["Chỉ tiêu"] == "90.0"


def test_overview_xlsx_matches_the_table_with_numbers(staff_client):
    make_seed()
    url = reverse("tracking:overview")
    screen = staff_client.get(url)
    response = staff_client.get(url, {"_export": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "Tiến độ kết nạp đảng viên mới" in sheet["A1"].value  # the title row
    cells = [[c for c in row] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert [[_same(v) for v in row] for row in cells] == [
        [_same(v) for v in row] for row in _table_rows(screen.context)
    ]
    ba_tri = dict(zip(cells[0], cells[1], strict=True))
    assert ba_tri["Tiến độ (%)"] == pytest.approx(100.9)
    assert isinstance(ba_tri["Đã kết nạp"], int)
    assert ba_tri["Số đảng viên (mẫu số)"] == 5544


def test_export_holds_every_filtered_row_not_one_page(staff_client):
    province = ProvinceFactory()
    for i in range(60):
        locality = LocalityFactory(parent=province, name=f"Xã {i:02d}")
        TargetFactory(locality=locality, value=Decimal(10))
    rows = _csv_rows(staff_client.get(reverse("tracking:overview"), {"_export": "csv"}))
    assert len(rows) == 61


def test_export_header_follows_the_ui_language(staff_client):
    from django.core.management import call_command

    call_command("compile_translations")
    make_seed()
    staff_client.cookies["django_language"] = "en"
    rows = _csv_rows(staff_client.get(reverse("tracking:overview"), {"_export": "csv"}))
    assert rows[0][:3] == ["Locality", "Province", "Period"] and "Target" in rows[0]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)"])
def test_formula_injection_is_neutralised(staff_client, text):
    locality = LocalityFactory(name=text, parent=ProvinceFactory(name="Tỉnh An Toàn"))
    TargetFactory(locality=locality)
    AdmissionResultFactory(locality=locality)
    csv_rows = _csv_rows(staff_client.get(reverse("tracking:overview"), {"_export": "csv"}))
    assert csv_rows[1][0] == "'" + text
    response = staff_client.get(reverse("tracking:overview"), {"_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A3"].value == "'" + text  # beneath the title and header rows
    assert sheet["A3"].data_type == "s"


@pytest.mark.parametrize(
    ("value", "safe"), [("=1", "'=1"), ("Pác Nặm", "Pác Nặm"), (-5, -5), (85.6, 85.6), (None, None)]
)
def test_neutralise(value, safe):
    assert neutralise(value) == safe


@pytest.mark.parametrize("table", ["targets", "results", "members", "children"])
def test_locality_tables_export(staff_client, table):
    seed = make_seed()
    response = staff_client.get(
        seed["pac_nam"].get_absolute_url(), {"_export": "csv", "_table": table}
    )
    assert response.status_code == 200
    words = {"targets": "chi-tieu", "results": "ket-qua", "members": "so-dang-vien"}
    words["children"] = "don-vi-truc-thuoc"
    assert f"{words[table]}-pac-nam-bac-kan-" in response["Content-Disposition"]
    _csv_rows(response)


def test_benchmark_exports(staff_client):
    make_seed()
    rows = _csv_rows(staff_client.get(reverse("tracking:benchmark"), {"_export": "csv"}))
    assert [r[0] for r in rows[1:]] == ["Ba Tri", "Pác Nặm"]


def test_cached_table_signatures_match_the_library():
    from django_tables2 import utils

    class Thing:
        def value_x(self, record, value):
            return value

        def render_y(self, **kwargs):
            return kwargs

    thing = Thing()
    for fn in (thing.value_x, thing.render_y, lambda record: record, Thing.value_x, len):
        assert utils.signature(fn) == utils.signature.original(fn)
