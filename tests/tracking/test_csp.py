"""Content-Security-Policy: only the app's own scripts and styles; the charts still draw."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.tracking.seed import make_seed
from tools import build_plotly_css

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]

# Any <script> that is neither an external file nor a JSON data block.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.I)


@pytest.fixture
def seed(db):
    return make_seed()


def _pages(seed):
    return [
        reverse("tracking:overview"),
        seed["pac_nam"].get_absolute_url(),
        reverse("tracking:benchmark"),
    ]


def test_policy_header_allows_only_own_scripts_and_styles(staff_client, seed):
    policy = staff_client.get(reverse("tracking:overview"))["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_login_page_has_the_policy_too(client, db):
    assert "script-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]


def test_dashboards_hold_no_inline_script_or_style(staff_client, seed):
    for url in _pages(seed):
        html = staff_client.get(url).content.decode()
        assert not INLINE_SCRIPT.search(html), url
        assert not INLINE_STYLE.search(html), (url, INLINE_STYLE.search(html))


def test_charts_are_json_blocks_drawn_by_a_static_file(staff_client, seed):
    html = staff_client.get(seed["pac_nam"].get_absolute_url()).content.decode()
    assert 'data-plotly="chart-cumulative-data"' in html
    assert '<script id="chart-cumulative-data" type="application/json">' in html
    assert "/static/js/charts.js" in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_charts_draw_with_no_policy_violation(client, live_server):
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing on CI: apt-get install -y chromium")
        pytest.skip(f"{CHROMIUM} is absent")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    seed = make_seed()
    admin = get_user_model().objects.create_superuser("quantri", password="x-khong-dung-9")
    client.force_login(admin)
    session = client.cookies["sessionid"].value
    violations = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context()
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        context.add_init_script(
            "window.__csp = [];"
            "document.addEventListener('securitypolicyviolation', e =>"
            " window.__csp.push(location.href + ' ' + e.violatedDirective + ' ' + e.blockedURI));"
        )
        page = context.new_page()
        page.on(
            "console",
            lambda m: (
                violations.append((page.url, m.text)) if "Security Policy" in m.text else None
            ),
        )
        response = page.goto(live_server.url + seed["pac_nam"].get_absolute_url())
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_selector("#chart-cumulative svg.main-svg")
        page.wait_for_selector("#chart-rates svg.main-svg")
        assert page.locator("#chart-cumulative .scatterlayer .trace").count() == 4
        violations += page.evaluate("window.__csp")

        page.goto(live_server.url + reverse("tracking:benchmark"))
        page.wait_for_selector("#chart-benchmark svg.main-svg")
        assert page.locator("#chart-benchmark .scatterlayer .point").count() == 2
        violations += page.evaluate("window.__csp")

        for url in ("/", "/admin/", "/admin/tracking/admissionresult/add/"):
            page.goto(live_server.url + url)
            page.wait_for_load_state("load")
            violations += page.evaluate("window.__csp")
        bar = page.goto(live_server.url + "/")
        assert bar.ok
        width = page.locator(".bar-fill").first.evaluate("e => e.getBoundingClientRect().width")
        assert width > 0  # widths come from the .w-N classes, not style attributes
        browser.close()
    assert violations == []


def test_plotly_styles_are_current_for_the_installed_plotly():
    """plotly.js injects its styles inline unless it finds them linked under its ids; after a
    plotly upgrade, rerun tools/build_plotly_css.py."""
    for path, content in build_plotly_css.outputs().items():
        assert path.read_text(encoding="utf-8") == content, path
