"""Issue 10, "Exports that Excel reads right" and "Breakdowns": files read back.

XLSX for clerks (typed cells, title row, frozen header, widths), CSV for machines (BOM, dot
decimals, ISO dates), neither with HTML, qualifiers beside the values, names that say what.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AdmissionResultFactory, LocalityFactory, ProvinceFactory
from tests.tracking.seed import make_seed
from tracking.breakdowns import breakdown_sum
from tracking.models import Qualifier

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _csv(response):
    body = _body(response)
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx(response):
    return openpyxl.load_workbook(io.BytesIO(_body(response))).active


@pytest.fixture
def seed(db):
    seed = make_seed()
    pac_nam = seed["pac_nam"]
    result = pac_nam.results.get(admitted=77)
    result.women, result.ethnic_minority = 30, 70
    result.save()
    return seed


def test_xlsx_cells_are_typed_with_title_frozen_header_and_widths(staff_client, seed):
    url = reverse("tracking:overview")
    response = staff_client.get(url, {"year": "2023", "_export": "xlsx"})
    sheet = _xlsx(response)
    title = sheet["A1"].value
    assert "Tiến độ kết nạp đảng viên mới" in title
    assert "Năm 2023" in title and timezone.localdate().strftime("%d/%m/%Y") in title
    assert sheet.freeze_panes == "A3"
    header = [c.value for c in sheet[2]]
    row = dict(zip(header, sheet[3], strict=True))
    assert row["Đơn vị"].value == "Pác Nặm"
    assert row["Kỳ"].value == 2023 and row["Kỳ"].data_type == "n"  # a year as a number
    assert row["Từ ngày"].is_date and row["Từ ngày"].number_format == "dd/mm/yyyy"
    assert row["Từ ngày"].value == datetime(2023, 1, 1)
    assert row["Tính đến ngày"].is_date
    assert row["Đã kết nạp"].value == 77 and row["Đã kết nạp"].number_format == "#,##0"
    assert row["Tiến độ (%)"].data_type == "n" and row["Tiến độ (%)"].value == 85.6
    assert row["Tiến độ (%)"].number_format == "0.0"
    assert row["Số đảng viên (mẫu số)"].value == 2817
    assert row["Mức (kết nạp)"].value == "chính xác"
    assert all(sheet.column_dimensions[c].width >= 8 for c in "ABCDEFGH")
    assert sheet.column_dimensions["A"].width > 8


def test_xlsx_rows_equal_the_screen_rows(staff_client, seed):
    url = reverse("tracking:overview")
    screen = staff_client.get(url, {"sort": "-progress"}).context["table"]
    sheet = _xlsx(staff_client.get(url, {"sort": "-progress", "_export": "xlsx"}))
    cells = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]

    def same(value):
        if isinstance(value, datetime):
            return value.date()
        return "" if value is None else value

    assert [[same(v) for v in row] for row in cells] == [
        [same(v) for v in row] for row in screen.as_values()
    ]


def test_csv_is_machine_readable(staff_client, seed):
    rows = _csv(
        staff_client.get(
            seed["pac_nam"].get_absolute_url(), {"_export": "csv", "_table": "results"}
        )
    )
    header, body = rows[0], rows[1:]
    term = next(r for r in body if r[header.index("Số kết nạp")] == "215")
    term = dict(zip(header, term, strict=True))
    assert term["Từ ngày"] == "2020-01-01" and term["Đến ngày"] == "2023-06-30"  # ISO dates
    assert term["% chỉ tiêu (theo báo cáo)"] == "53.7"  # dot decimals
    assert not any("<" in cell for row in rows for cell in row)  # no HTML anywhere
    assert term["Trích dẫn"] == "đã kết nạp được 215/400 đảng viên mới, bằng 53,7%"
    assert "Mức" in header and header.index("Mức") == header.index("Số kết nạp") + 1


def test_qualifiers_are_exported_beside_their_values(staff_client, db):
    place = LocalityFactory(name="Quỳnh Phụ", parent=ProvinceFactory(name="Thái Bình"))
    AdmissionResultFactory(
        locality=place,
        start=date(2020, 1, 1),
        end=date(2024, 9, 22),
        admitted=500,
        qualifier=Qualifier.AT_LEAST,
    )
    rows = _csv(staff_client.get(place.get_absolute_url(), {"_export": "csv", "_table": "results"}))
    result = dict(zip(rows[0], rows[1], strict=True))
    assert (result["Số kết nạp"], result["Mức"]) == ("500", "ít nhất / trên")
    overview = _csv(staff_client.get(reverse("tracking:overview"), {"_export": "csv"}))
    row = dict(zip(overview[0], overview[1], strict=True))
    assert (row["Đã kết nạp"], row["Mức (kết nạp)"]) == ("500", "ít nhất / trên")


def test_file_names_say_what_was_exported(staff_client, seed):
    today = timezone.localdate().isoformat()
    response = staff_client.get(
        seed["pac_nam"].get_absolute_url(), {"_export": "csv", "_table": "results"}
    )
    assert f'filename="ket-qua-pac-nam-bac-kan-{today}.csv"' in response["Content-Disposition"]
    response = staff_client.get(reverse("tracking:overview"), {"year": "2023", "_export": "xlsx"})
    assert f'filename="tien-do-ket-nap-nam-2023-{today}.xlsx"' in response["Content-Disposition"]


def test_breakdowns_on_the_unit_page_and_in_its_results_export(staff_client, seed):
    url = seed["pac_nam"].get_absolute_url()
    html = staff_client.get(url).content.decode()
    assert "Nữ 30 (39%)" in html and "Dân tộc thiểu số 70 (90,9%)" in html
    sheet = _xlsx(staff_client.get(url, {"_export": "xlsx", "_table": "results"}))
    header = [c.value for c in sheet[2]]
    row = next(r for r in sheet.iter_rows(min_row=3, values_only=True) if r[3] == 77)
    row = dict(zip(header, row, strict=True))
    assert row["Nữ"] == 30 and row["Nữ (% số kết nạp)"] == 39.0
    assert row["Dân tộc thiểu số (% số kết nạp)"] == 90.9
    assert row["Tôn giáo"] is None  # not reported is blank, not 0


def test_breakdowns_sum_over_the_rows_that_report_them():
    parts = {
        p.name: p
        for p in breakdown_sum(
            [
                {"admitted": 30, "women": 12},
                {"admitted": 10, "women": 3, "students": 1},
                {"admitted": 60},
            ]
        )
    }
    assert (parts["women"].count, parts["women"].admitted) == (15, 40)
    assert parts["women"].share == pytest.approx(15 / 40)
    assert parts["students"].share == pytest.approx(1 / 10)
    assert parts["religious"].count is None and parts["religious"].share is None


def test_amounts_stay_exact_in_both_formats(staff_client, db):
    place = LocalityFactory(name="Ba Tri", parent=ProvinceFactory(name="Bến Tre"))
    AdmissionResultFactory(
        locality=place, admitted=None, reported_percent=Decimal("112.5"), quote="<b>x</b>"
    )
    url = place.get_absolute_url()
    rows = _csv(staff_client.get(url, {"_export": "csv", "_table": "results"}))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["% chỉ tiêu (theo báo cáo)"] == "112.5" and row["Trích dẫn"] == "x"
