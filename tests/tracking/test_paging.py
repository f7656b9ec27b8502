"""`per_page` from the query string is clamped to 1–500 on every page (it answered 500 before)."""

import pytest
from django.urls import get_resolver, reverse

from tests.tracking.seed import make_seed
from tracking.paging import MAX_PER_PAGE, clamp_per_page

BAD = ["-1", "0", "9" * 400, "1" * 5000, "abc", "", "1e9", "-" + "9" * 400]


@pytest.mark.parametrize(
    ("raw", "size"),
    [
        ("-1", 1),
        ("0", 1),
        ("1", 1),
        ("37", 37),
        ("500", 500),
        ("501", 500),
        ("9" * 400, MAX_PER_PAGE),
        ("abc", 50),
        (None, 50),
        ("", 50),
        ("1" * 5000, 50),
    ],
)
def test_clamp_per_page(raw, size):
    assert clamp_per_page(raw, 50) == size


@pytest.fixture
def seed(db):
    return make_seed()


def _every_page(seed):
    """Every dashboard URL: the ones without arguments, and the slug ones for Pác Nặm."""
    urls = []
    for pattern in get_resolver().url_patterns:
        if getattr(pattern, "namespace", None) != "tracking":
            continue
        for inner in pattern.url_patterns:
            name = f"tracking:{inner.name}"
            kwargs = {"slug": seed["pac_nam"].slug} if "<slug:slug>" in str(inner.pattern) else {}
            urls.append(reverse(name, kwargs=kwargs))
    assert len(urls) >= 3
    return urls


def test_bad_per_page_never_answers_500(staff_client, seed):
    for url in _every_page(seed):
        for raw in BAD:
            for field in ("per_page", "c-per_page", "page", "c-page"):
                response = staff_client.get(url, {field: raw})
                assert response.status_code == 200, (url, field, raw[:20])


def test_per_page_is_applied_within_bounds(staff_client, seed):
    response = staff_client.get(reverse("tracking:overview"), {"per_page": "-1"})
    assert response.context["table"].paginator.per_page == 1
    assert len(response.context["table"].page.object_list) == 1
    response = staff_client.get(reverse("tracking:benchmark"), {"per_page": "9" * 400})
    assert response.context["table"].paginator.per_page == MAX_PER_PAGE


def test_exports_with_bad_per_page(staff_client, seed):
    for url in (reverse("tracking:overview"), reverse("tracking:benchmark")):
        response = staff_client.get(url, {"per_page": "-1", "_export": "csv"})
        assert response.status_code == 200
