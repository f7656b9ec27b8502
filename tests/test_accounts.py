"""Passwords: all-digit ones are refused; password reset exists only with a mail server."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError

from tests.factories import UserFactory

RESET_PAGES = [
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/done/",
]


@pytest.mark.parametrize("password", ["20231231", "0987654321123", "1" * 30])
def test_all_digit_passwords_are_refused(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any(e.code == "password_entirely_numeric" for e in error.value.error_list)


def test_a_long_mixed_password_is_accepted():
    validate_password("ket-nap-2023-pac-nam")


def test_admin_refuses_an_all_digit_password(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "so-moi", "password1": "58203917465", "password2": "58203917465"},
    )
    assert response.status_code == 200
    assert "password2" in response.context["adminform"].form.errors


@pytest.mark.django_db
def test_password_reset_is_hidden_without_mail(client, settings):
    assert settings.PASSWORD_RESET_ENABLED is False
    for url in RESET_PAGES:
        assert client.get(url).status_code == 404, url
    assert client.get("/accounts/reset/MQ/set-password/").status_code == 404
    assert "password_reset" not in client.get("/admin/login/").content.decode()


@pytest.mark.django_db
def test_password_reset_works_with_mail(client, settings):
    settings.PASSWORD_RESET_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    UserFactory(username="co-thu", email="co-thu@example.vn")
    assert client.get(RESET_PAGES[0]).status_code == 200
    response = client.post(RESET_PAGES[0], {"email": "co-thu@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
