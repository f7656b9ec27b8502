"""Dashboards and exports are private to the logged-in user: no shared cache may keep them."""

import pytest
from django.urls import reverse

from tests.tracking.seed import make_seed


@pytest.fixture
def seed(db):
    return make_seed()


def _pages(seed):
    locality = seed["pac_nam"].get_absolute_url()
    return [
        reverse("tracking:overview"),
        reverse("tracking:overview") + "?_export=csv",
        reverse("tracking:overview") + "?_export=xlsx",
        locality,
        locality + "?_export=csv&_table=results",
        reverse("tracking:benchmark"),
        reverse("tracking:benchmark") + "?_export=xlsx",
    ]


def test_dashboards_and_exports_say_private(staff_client, seed):
    for url in _pages(seed):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert "private" in directives, (url, response["Cache-Control"])
        assert "public" not in directives


def test_admin_keeps_its_never_cache(client, admin_user):
    client.force_login(admin_user)
    cache = client.get("/admin/")["Cache-Control"]
    assert "private" in cache and "no-cache" in cache
