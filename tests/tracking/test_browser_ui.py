"""In chromium: the overview printed to an A4 PDF keeps every column; Vietnamese pages hold no
English words; chart axes name the months in Vietnamese. Screenshots go to /tmp/shots."""

import io
import os
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import (
    AdmissionResultFactory,
    LocalityFactory,
    ProvinceFactory,
    TargetFactory,
    UserFactory,
)
from tests.tracking.seed import make_seed
from tracking.models import AdmissionResult

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic"]
SHOTS = Path("/tmp/shots")

# Words that give English away on a Vietnamese page (whole words, case as plotly/Django write them).
ENGLISH = [
    "previous", "next", "Changed", "Created", "History", "Historical", "Revert", "None",
    "Show counts", "Please correct", "Download plot", "Zoom", "Autoscale", "Reset axes",
    "Pan", "Skip to main content", "Toggle theme",
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
]  # fmt: skip
ENGLISH_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b")

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


def logged_in(browser, live_server, user, **page_options):
    """A page whose session cookie is the user's (force_login: no form, no throttling)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-US", **page_options)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def one_year_unit():
    """A unit with one 2023 target: its chart's axis runs by month."""
    unit = LocalityFactory(name="Yên Thử", parent=ProvinceFactory(name="Thái Thử"))
    TargetFactory(locality=unit, start=date(2023, 1, 1), end=date(2023, 12, 31), value=10)
    AdmissionResultFactory(locality=unit, start=date(2023, 1, 1), end=date(2023, 4, 30), admitted=5)
    return unit


def pdf_text(data: bytes) -> tuple[str, list]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text)), reader.pages


def test_overview_prints_on_a4_landscape_with_every_column(browser, live_server):
    call_command("compile_translations")
    make_seed()
    SHOTS.mkdir(exist_ok=True)
    page = logged_in(
        browser,
        live_server,
        UserFactory(is_superuser=True),
        viewport={"width": 1366, "height": 900},
    )
    page.goto(live_server.url + "/")
    headers = [h.strip() for h in page.locator("table.progress-table thead th").all_inner_texts()]
    headers = [re.sub(r"\s*[▲▼]$", "", h) for h in headers]
    assert len(headers) >= 9, headers
    page.screenshot(path=str(SHOTS / "ui-overview-1366.png"), full_page=True)

    data = page.pdf(print_background=True, prefer_css_page_size=True)
    (SHOTS / "ui-overview.pdf").write_bytes(data)
    text, pages = pdf_text(data)
    box = pages[0].mediabox
    assert float(box.width) > float(box.height), "A4 landscape"
    mm = [round(float(side) / 72 * 25.4) for side in (box.width, box.height)]
    assert mm == [297, 210], mm
    for header in headers:
        assert unicodedata.normalize("NFC", header) in text, (header, text[:600])
    assert "Ngày in" in text and "Đơn vị: Toàn quốc" in text
    assert re.search(r"\b1 / \d+\b", text), "page numbers"
    assert "Bỏ lọc" not in text and "So với Nghị quyết 21" not in text, "no navigation or filters"

    page.emulate_media(media="print")
    fills = page.eval_on_selector_all(
        ".bar-fill",
        "els => els.map(e => { const s = getComputedStyle(e);"
        " return [s.backgroundColor, s.backgroundImage, s.printColorAdjust]; })",
    )
    assert fills
    for color, image, adjust in fills:
        assert color != "rgba(0, 0, 0, 0)" or image != "none", "bars print their colour"
        assert adjust == "exact"
    hidden = page.eval_on_selector_all(
        "table.progress-table th, table.progress-table td",
        "els => els.filter(e => getComputedStyle(e).display === 'none').length",
    )
    assert hidden == 0, "every column prints"
    page.set_viewport_size({"width": 1123, "height": 794})  # A4 landscape at 96 dpi
    page.screenshot(path=str(SHOTS / "ui-overview-print.png"), full_page=True)


def test_overview_fits_1366_and_phone_shows_progress_and_status(browser, live_server):
    make_seed()
    user = UserFactory(is_superuser=True)  # every province: the superuser
    desk = logged_in(browser, live_server, user, viewport={"width": 1366, "height": 900})
    desk.goto(live_server.url + "/")
    container = desk.eval_on_selector(".table-container", "e => [e.clientWidth, e.scrollWidth]")
    assert container[1] <= container[0], f"the table is wider than its card: {container}"
    assert desk.evaluate("document.documentElement.scrollWidth") <= 1366

    phone = logged_in(browser, live_server, user, viewport={"width": 375, "height": 812})
    phone.goto(live_server.url + "/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    for selector in ("td.progress-cell .bar", "td.status .pill"):
        boxes = phone.locator(selector).evaluate_all(
            "els => els.map(e => { const r = e.getBoundingClientRect();"
            " return [r.left, r.right, r.width, getComputedStyle(e).visibility]; })"
        )
        assert boxes, selector
        for left, right, width, visibility in boxes:
            assert width > 0 and left >= 0 and right <= 375 and visibility == "visible", (
                selector,
                left,
                right,
            )
    legend = phone.locator("td.status .pill").first
    legend.click()
    assert phone.locator("#chu-giai-tinh-trang").is_visible()
    phone.screenshot(path=str(SHOTS / "ui-overview-375.png"), full_page=True)


def test_vietnamese_pages_have_no_english_and_charts_name_months_in_vietnamese(
    browser, live_server
):
    call_command("compile_translations")
    seed = make_seed()
    unit = one_year_unit()
    admin = UserFactory(username="quantri", is_staff=True, is_superuser=True)
    page = logged_in(browser, live_server, admin, viewport={"width": 1366, "height": 900})

    page.goto(live_server.url + unit.get_absolute_url())
    page.wait_for_selector("#chart-cumulative svg.main-svg")
    ticks = page.eval_on_selector_all(
        "#chart-cumulative .xtick text", "els => els.map(e => e.textContent)"
    )
    assert any(re.match(r"Th(1[0-2]|[1-9])\b", t) for t in ticks), ticks
    assert not any(ENGLISH_RE.search(t) for t in ticks), ticks
    tooltips = page.eval_on_selector_all(
        "#chart-cumulative .modebar-btn", "els => els.map(e => e.getAttribute('data-title'))"
    )
    assert tooltips and "Tải biểu đồ (ảnh PNG)" in tooltips, tooltips
    assert not any(ENGLISH_RE.search(t or "") for t in tooltips), tooltips
    page.evaluate(
        "() => Plotly.Fx.hover(document.getElementById('chart-cumulative'),"
        " [{curveNumber: 1, pointNumber: 1}])"
    )
    hover = page.eval_on_selector("#chart-cumulative .hoverlayer", "e => e.textContent")
    assert "30/04/2023" in hover, hover

    result = AdmissionResult.objects.filter(locality=seed["pac_nam"]).first()
    result.admitted += 1
    result.save()
    history = f"/admin/tracking/admissionresult/{result.pk}/history/"
    version = result.history.order_by("history_date").first().history_id
    pages = [
        "/",
        "/?per_page=1&page=2",
        seed["pac_nam"].get_absolute_url(),
        unit.get_absolute_url(),
        "/benchmark/",
        "/admin/",
        "/admin/tracking/admissionresult/",
        history,
        f"{history}{version}/",
        "/admin/ingest/extractedfigure/",
    ]
    for url in pages:
        page.goto(live_server.url + url)
        page.wait_for_load_state("networkidle")
        text = page.inner_text("body")
        titles = " ".join(
            page.eval_on_selector_all(
                "[data-title], [title]",
                "els => els.map(e => e.getAttribute('data-title') || e.getAttribute('title'))",
            )
        )
        found = ENGLISH_RE.findall(text + " " + titles)
        assert not found, (url, sorted(set(found)))
