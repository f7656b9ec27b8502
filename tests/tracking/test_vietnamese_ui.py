"""The Vietnamese interface has no English left: Django's, simple-history's and tables2's own
strings are overridden in locale/vi; province names read as names; Vietnamese order."""

import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import (
    AdmissionResultFactory,
    LocalityFactory,
    ProvinceFactory,
    UserFactory,
)
from tests.tracking.seed import make_seed
from tracking.filters import ProgressFilter
from tracking.models import AdmissionResult

pytestmark = pytest.mark.django_db

ENGLISH = re.compile(
    r"\b(previous|next|Changed|Created|History|Historical|Revert|None|Show counts|"
    r"Please correct|Skip to main content|Toggle theme|Comment|Change reason)\b"
)


@pytest.fixture(autouse=True)
def catalogues():
    call_command("compile_translations")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="quantri", is_staff=True, is_superuser=True))
    return client


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_pagination_reads_vietnamese(staff_client):
    make_seed()
    text = visible_text(staff_client.get("/?per_page=1&page=2"))
    assert "trước" in text and "sau" in text
    assert not re.search(r"\b(previous|next)\b", text)


def test_history_pages_read_vietnamese(admin_client):
    seed = make_seed()
    result = AdmissionResultFactory(
        locality=seed["pac_nam"], start=date(2019, 1, 1), end=date(2019, 12, 31), admitted=12
    )
    result.admitted = 13
    result.save()
    base = f"/admin/tracking/admissionresult/{result.pk}/history/"
    listing = visible_text(admin_client.get(base))
    assert "Lịch sử" in listing and "Bản ghi nhớ" not in listing
    assert "Tạo mới" in listing and "Sửa" in listing
    assert not ENGLISH.search(listing), ENGLISH.search(listing)

    version = result.history.order_by("history_date").first()
    revert = admin_client.get(f"{base}{version.history_id}/")
    text = visible_text(revert)
    assert "Khôi phục" in text
    crumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', revert.content.decode(), re.S)
    crumb_text = re.sub(r"<[^>]+>|\s+", " ", crumbs.group(1))
    assert "Theo dõi kết nạp đảng viên" in crumb_text and "Kết quả kết nạp" in crumb_text
    assert not ENGLISH.search(text), ENGLISH.search(text)


def test_admin_banners_read_vietnamese(admin_client):
    seed = make_seed()
    listing = visible_text(admin_client.get("/admin/tracking/admissionresult/"))
    assert "Hiện số lượng" in listing and "Show counts" not in listing
    result = AdmissionResult.objects.filter(locality=seed["pac_nam"]).first()
    url = reverse("admin:tracking_admissionresult_change", args=[result.pk])
    response = admin_client.post(url, {"locality": "", "start": "", "end": ""})
    text = visible_text(response)
    assert "Vui lòng sửa" in text
    assert "Please correct" not in text


def test_validation_messages_have_no_stray_space():
    from django.core.validators import MaxValueValidator, MinValueValidator
    from django.utils import translation

    with translation.override("vi"):
        for validator in (MinValueValidator(0), MaxValueValidator(10**9)):
            message = str(validator.message) % {"limit_value": validator.limit_value}
            assert not re.search(r"\s[.,)]", message), message
            assert "  " not in message


def test_province_filter_shows_names_in_vietnamese_order(rf, admin_user):
    for name in ("Đắk Lắk", "Bắc Kạn", "Điện Biên", "Đà Nẵng", "Yên Bái", "Bà Rịa - Vũng Tàu"):
        ProvinceFactory(name=name)
    request = rf.get("/")
    request.user = admin_user  # the choices are the account's provinces (tracking/access.py)
    choices = ProgressFilter(request=request).form.fields["province"].choices
    labels = [label for value, label in choices if value]
    assert "Tỉnh/thành phố Bắc Kạn" not in labels
    assert labels == [
        "Bà Rịa - Vũng Tàu",
        "Bắc Kạn",
        "Đà Nẵng",
        "Đắk Lắk",
        "Điện Biên",
        "Yên Bái",
    ]


def test_overview_prints_a_header_with_unit_period_filters_and_date(staff_client):
    seed = make_seed()
    province = seed["pac_nam"].parent
    response = staff_client.get(f"/?year=2023&province={province.pk}&level=district")
    html = response.content.decode()
    header = re.search(r'<div class="print-header">(.*?)</div>', html, re.S).group(1)
    text = re.sub(r"<[^>]+>|\s+", " ", header)
    assert "Đơn vị: Bắc Kạn" in text
    assert "Kỳ tổng hợp: 2023" in text  # the provinces' totals
    assert "Bảng theo đơn vị: 2023" in text  # the filtered table
    assert "Lọc: Cấp Huyện/quận/thị xã" in text
    assert re.search(r"Ngày in: \d\d/\d\d/\d{4}", text)


def test_status_pills_lead_to_the_legend_with_thresholds(staff_client):
    make_seed()
    html = staff_client.get("/").content.decode()
    assert 'href="#chu-giai-tinh-trang"' in html
    legend = re.search(r'id="chu-giai-tinh-trang">(.*?)</details>', html, re.S).group(1)
    text = re.sub(r"<[^>]+>|\s+", " ", legend)
    for fragment in ("Vượt tiến độ", "Chậm tiến độ", "95%", "75%", "100%"):
        assert fragment in text


def test_locality_page_prints_its_unit(staff_client):
    seed = make_seed()
    html = staff_client.get(seed["pac_nam"].get_absolute_url()).content.decode()
    header = re.search(r'<div class="print-header">(.*?)</div>', html, re.S).group(1)
    assert "Pác Nặm" in header


def test_unit_name_column_is_unchanged_for_other_levels(staff_client):
    LocalityFactory(name="Xã Thử")
    assert staff_client.get("/").status_code == 200
