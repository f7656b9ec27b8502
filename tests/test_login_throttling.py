"""Login throttling (django-axes): 5 wrong passwords per account or per address, then a pause.

These tests log in for real through the login form; every other test uses
`client.force_login(user)`, which bypasses the throttle (and needs no password).
"""

from datetime import timedelta

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from config.security import client_ip
from tests.factories import UserFactory

RIGHT = "mat-khau-thu-nghiem"


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


@pytest.fixture
def user(db):
    return UserFactory(username="canbo-khoa")


def test_the_sixth_wrong_password_and_then_the_right_one_are_refused(client, user):
    for _ in range(4):
        response = _login(client, "canbo-khoa", "sai-mat-khau")
        assert response.status_code == 200  # the form again, with its error
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    fifth = _login(client, "canbo-khoa", "sai-mat-khau")
    assert fifth.status_code == 429
    sixth = _login(client, "canbo-khoa", "sai-mat-khau")
    assert sixth.status_code == 429
    page = sixth.content.decode()
    assert "Tạm khóa đăng nhập" in page and "kể cả với mật khẩu đúng" in page
    assert "thử lại sau 15 phút" in page
    right = _login(client, "canbo-khoa", RIGHT)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_expires(client, user):
    for _ in range(6):
        _login(client, "canbo-khoa", "sai-mat-khau")
    assert _login(client, "canbo-khoa", RIGHT).status_code == 429
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = _login(client, "canbo-khoa", RIGHT)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_account_is_locked_whatever_the_address(client, user):
    for n in range(5):
        _login(client, "canbo-khoa", "sai-mat-khau", address=f"10.0.0.{n + 1}")
    assert _login(client, "canbo-khoa", RIGHT, address="10.9.9.9").status_code == 429


def test_an_address_is_locked_whatever_the_account(client, user):
    other = UserFactory(username="canbo-khac")
    for n in range(5):
        _login(client, f"khong-co-{n}", "sai-mat-khau", address="10.0.0.7")
    assert _login(client, other.username, RIGHT, address="10.0.0.7").status_code == 429
    assert _login(client, other.username, RIGHT, address="10.0.0.8").status_code == 302


def test_admin_login_is_throttled_too(client, user):
    for _ in range(5):
        client.post(
            "/admin/login/", {"username": "canbo-khoa", "password": "sai"}, REMOTE_ADDR="10.1.1.1"
        )
    response = client.post(
        "/admin/login/", {"username": "canbo-khoa", "password": RIGHT}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 429


def test_a_right_password_resets_the_count(client, user):
    for _ in range(4):
        _login(client, "canbo-khoa", "sai-mat-khau")
    assert _login(client, "canbo-khoa", RIGHT).status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "canbo-khoa", "sai-mat-khau").status_code == 200


def test_client_address_ignores_forwarded_header_without_a_trusted_proxy():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8"
    )
    assert client_ip(request) == "10.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_client_address_behind_one_proxy_is_the_address_it_saw():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )
    assert client_ip(request) == "203.0.113.9"  # 6.6.6.6 was sent by the client: forgeable


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_each_forwarded_address_is_throttled_on_its_own(client, db):
    UserFactory(username="canbo-proxy")
    for n in range(5):
        client.post(
            reverse("login"),
            {"username": f"khong-co-{n}", "password": "sai"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    ok = client.post(
        reverse("login"),
        {"username": "canbo-proxy", "password": RIGHT},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert ok.status_code == 302
