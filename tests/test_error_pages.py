"""Django's 404, 403, CSRF-failure and 500 pages in Vietnamese, in the site's look."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import include, path


def _denied(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("denied/", _denied),
    path("broken/", _broken),
    path("", include("config.urls")),
]

pytestmark = pytest.mark.urls("tests.test_error_pages")


def _looks_like_the_site(html):
    assert '<html lang="vi">' in html
    assert "/static/css/app.css" in html and 'class="topbar"' in html
    assert "Về trang tổng quan" in html


def test_404_is_vietnamese(staff_client):
    response = staff_client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    _looks_like_the_site(html)
    assert "Không tìm thấy trang" in html and "Not Found" not in html


def test_404_of_an_unknown_locality(staff_client):
    response = staff_client.get("/localities/khong-co/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_403_is_vietnamese(staff_client):
    response = staff_client.get("/denied/")
    assert response.status_code == 403
    html = response.content.decode()
    _looks_like_the_site(html)
    assert "Không có quyền truy cập" in html and "Forbidden" not in html


def test_csrf_failure_is_vietnamese(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    _looks_like_the_site(html)
    assert "Phiên làm việc đã hết hạn" in html and "CSRF verification failed" not in html


def test_500_is_vietnamese(staff_client):
    staff_client.raise_request_exception = False
    response = staff_client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    _looks_like_the_site(html)
    assert "Đã có lỗi xảy ra" in html and "Server Error" not in html


def test_error_pages_follow_the_language_switch(staff_client):
    staff_client.cookies["django_language"] = "en"
    html = staff_client.get("/khong-co-trang-nay/").content.decode()
    assert '<html lang="en">' in html


def test_error_page_in_english_is_translated(staff_client):
    staff_client.cookies["django_language"] = "en"
    assert "Page not found" in staff_client.get("/khong-co-trang-nay/").content.decode()
