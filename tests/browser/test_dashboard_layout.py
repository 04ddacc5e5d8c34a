"""The live dashboard on a 1366×768 laptop and a 1024×768 projector, with demo data.

Measured in Debian's Chromium: no headline figure is cut (a metric value's scrollWidth does not
exceed its clientWidth, nor its label's), every chart's text is at least 14 px (the SVG text of
the Vega charts), and the count axes show whole numbers only. Screenshots of the whole page are
kept in tests/artifacts (dashboard-1366x768.png, dashboard-1024x768.png) to be looked at.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from services.accounts.staff import create_user
from services.cli.demo import generate_demo
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import make_engine, migrate
from services.places.county import load_county
from services.reporting.targets import save_targets
from tests.browser.conftest import ROOT, UI_TIMEOUT_MS, serve_app, settled
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.browser
PASSWORD = "county fair passphrase 2026"
SIZES = [(1366, 768), (1024, 768)]
MIN_CHART_PX = 14.0


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory, artifacts_dir, browser):
    """A server of its own on a database filled by the demo generator (and a year's targets)."""
    data_dir = tmp_path_factory.mktemp("dash")
    url = f"sqlite:///{data_dir / 'dash.db'}"
    engine = make_engine(url)
    migrate(engine)
    county = load_county(ROOT / "config" / "county.toml")
    generate_demo(engine, Vault.from_secret(TEST_SECRET), county, seekers=3000, seed=7, fairs=2, batch=3000, out=None,
                  employers=40, vacancies=200)
    save_targets(engine, local_today().year, {("", "registrations"): 150_000, ("", "employed"): 40_000,
                                              ("", "transferred_out"): 30_000}, county=county)
    create_user(engine, username="chief", display_name="王科长", role="organizer", password=PASSWORD)
    engine.dispose()
    with serve_app(url, data_dir, artifacts_dir, "dashboard-layout") as server:
        yield server


def _sign_in_to_dashboard(server, page) -> None:
    server.open(page, "/dashboard")
    page.get_by_label("用户名").fill("chief")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="实时数据看板")).to_be_visible(timeout=UI_TIMEOUT_MS)
    settled(page)
    page.wait_for_timeout(500)  # the sign-in cookie's rerun may draw the page once more
    settled(page)
    page.get_by_text("暂停自动刷新", exact=True).first.click()  # the figures stay still while measured
    settled(page)


def _whole_page(page, path) -> None:
    """A screenshot of the whole dashboard at the same width: Streamlit scrolls inside its main section, so
    the window is made as tall as the page (the layout depends on the width only)."""
    width = page.viewport_size["width"]
    tall = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(tall + 50, 12000)})
    page.wait_for_timeout(1500)  # the charts redraw
    page.screenshot(path=path)


CUT_METRICS = """() => [...document.querySelectorAll('[data-testid=stMetric]')].flatMap(m => {
    const out = [];
    for (const sel of ['[data-testid=stMetricValue]', '[data-testid=stMetricLabel]']) {
        for (const el of m.querySelectorAll(sel + ', ' + sel + ' *')) {
            if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
                out.push({what: sel, text: el.innerText, scroll: el.scrollWidth, client: el.clientWidth});
        }
    }
    return out;
})"""

# Metric cards that overlap one another or run past the page's right edge.
CROWDED = """() => {
    const main = document.querySelector('[data-testid=stMainBlockContainer]').getBoundingClientRect();
    const boxes = [...document.querySelectorAll('[data-testid=stMetric]')].map(m => m.getBoundingClientRect());
    const out = [];
    boxes.forEach((a, i) => {
        if (a.right > main.right + 1) out.push(`card ${i} ends at ${a.right}, the page at ${main.right}`);
        boxes.slice(i + 1).forEach((b, j) => {
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
                out.push(`cards ${i} and ${i + j + 1} overlap`);
        });
    });
    return out;
}"""

CHART_TEXT = """() => [...document.querySelectorAll('[data-testid=stVegaLiteChart] svg text')]
    .filter(t => t.textContent.trim() !== '')
    .map(t => ({text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize)}))"""

CANVASES = "() => document.querySelectorAll('[data-testid=stVegaLiteChart] canvas').length"


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_dashboard_is_readable(demo_server, browser, artifacts_dir, width, height) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    try:
        _sign_in_to_dashboard(demo_server, page)
        expect(page.locator("[data-testid=stVegaLiteChart] svg").first).to_be_visible(timeout=UI_TIMEOUT_MS)
        page.wait_for_timeout(1500)  # the charts finish drawing
        page.screenshot(path=artifacts_dir / f"dashboard-{width}x{height}-first-screen.png")

        chosen = page.evaluate("() => [...document.querySelectorAll('[data-testid=stSelectbox] input')]"
                               ".map(e => e.value)")
        # the filters (and the in-work drill-down's township) say what they are set to, never an empty box
        assert chosen[:2] == ["全部招聘会", "全县"] and all(chosen), chosen
        cut = page.evaluate(CUT_METRICS)
        crowded = page.evaluate(CROWDED)
        metrics = page.locator("[data-testid=stMetric]").count()
        texts = page.evaluate(CHART_TEXT)
        small = [t for t in texts if t["size"] < MIN_CHART_PX]
        charts = page.locator("[data-testid=stVegaLiteChart]").count()
        print(f"\n{width}x{height}: {metrics} metrics, {len(cut)} cut, {len(crowded)} overlapping or off the page; "
              f"{charts} charts, {len(texts)} chart texts, "
              f"smallest {min(t['size'] for t in texts):.1f} px, {len(small)} below {MIN_CHART_PX} px")
        assert metrics >= 9 and not cut, cut
        assert not crowded, crowded
        rows = page.evaluate("() => new Set([...document.querySelectorAll("
                             "'.st-key-dash_figures [data-testid=stMetric]')]"
                             ".map(m => Math.round(m.getBoundingClientRect().top))).size")
        assert rows == (1 if width >= 1366 else 2), rows  # the five registration figures in one row on a laptop
        assert charts >= 10 and page.evaluate(CANVASES) == 0  # SVG, so the text can be measured
        assert texts and not small, small[:10]
        _whole_page(page, artifacts_dir / f"dashboard-{width}x{height}.png")
        fractions = [t["text"] for t in texts if re.fullmatch(r"-?\d[\d,]*\.\d+", t["text"].strip())]
        assert not fractions, fractions  # counts: whole numbers on every axis and label
    finally:
        context.close()


def test_township_filter_says_what_it_counts(demo_server, browser, artifacts_dir) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    try:
        _sign_in_to_dashboard(demo_server, page)
        township = page.get_by_label("乡镇或登记点")
        expect(township).to_have_count(1)
        township.click()
        page.get_by_role("option", name=re.compile("^城关镇")).first.click()
        settled(page)
        expect(page.get_by_text("按登记地点统计", exact=False).first).to_be_visible()
        expect(page.get_by_text("按户籍统计", exact=False).first).to_be_visible()
        _whole_page(page, artifacts_dir / "dashboard-township-1366x768.png")
    finally:
        context.close()

