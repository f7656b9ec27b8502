"""A real browser: Playwright driving Debian's chromium against the live server."""

import csv
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import UserFactory
from tests.tracking.seed import make_seed

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path("/tmp/shots")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing on CI: apt-get install -y chromium")
        pytest.skip(f"{CHROMIUM} is absent (apt-get install -y chromium)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def test_staff_reads_the_dashboards(browser, live_server, transactional_db):
    call_command("compile_translations")
    seed = make_seed()
    # Reads every province, so the superuser (scoped accounts: tests/tracking/test_access*.py).
    UserFactory(username="canbo", is_superuser=True)  # password: mat-khau-thu-nghiem
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_page(
        viewport={"width": 1366, "height": 900}, accept_downloads=True, locale="en-US"
    )

    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("heading", name="Đăng nhập").is_visible()
    page.fill("#id_username", "canbo")
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server.url + "/")

    # The flat list of every unit (below the provinces' totals).
    flat = page.locator("section.table-card").filter(
        has=page.get_by_role("heading", name="Theo đơn vị", exact=True)
    )
    bars = flat.get_by_role("progressbar")
    assert bars.count() == 3
    assert page.get_by_text("77/90 · 85,6%").first.is_visible()
    assert page.get_by_text("222/220 · 100,9%").first.is_visible()
    page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)

    with page.expect_download() as download_info:
        flat.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("tien-do-ket-nap-")
    body = Path(download.path()).read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert {r[0] for r in rows[1:]} == {"Pác Nặm", "Kim Sơn", "Ba Tri"}

    page.goto(live_server.url + seed["pac_nam"].get_absolute_url())
    page.wait_for_selector("#chart-cumulative svg.main-svg")
    page.wait_for_selector("#chart-rates svg.main-svg")
    assert page.get_by_text("215/400 · 53,7%").first.is_visible()
    page.screenshot(path=str(SHOTS / "locality.png"), full_page=True)

    page.goto(live_server.url + "/benchmark/")
    page.wait_for_selector("#chart-benchmark svg.main-svg")
    page.screenshot(path=str(SHOTS / "benchmark.png"), full_page=True)

    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("text=Progress of new party member admissions")
    assert page.get_by_text("77/90 · 85.6%").first.is_visible()
    page.screenshot(path=str(SHOTS / "overview-en.png"), full_page=True)
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_selector("text=Tiến độ kết nạp đảng viên mới")

    phone = browser.new_page(viewport={"width": 375, "height": 812}, locale="vi-VN")
    phone.context.add_cookies(page.context.cookies())
    phone.goto(live_server.url + "/")
    assert (
        phone.locator("section.table-card")
        .filter(has=phone.get_by_role("heading", name="Theo đơn vị", exact=True))
        .get_by_role("progressbar")
        .count()
        == 3
    )
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page scrolls sideways on a phone ({width}px)"
    phone.screenshot(path=str(SHOTS / "phone.png"), full_page=True)
    phone.goto(live_server.url + seed["pac_nam"].get_absolute_url())
    phone.wait_for_selector("#chart-cumulative svg.main-svg")
    phone.screenshot(path=str(SHOTS / "phone-locality.png"), full_page=True)
