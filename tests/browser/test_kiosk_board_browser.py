"""The kiosk's job board in a real browser, on a 1280×800 landscape kiosk and an 800×1280 portrait tablet:
big cards (title ≥ 28 px, wage ≥ 32 px, lines ≥ 20 px), two a row on the landscape screen and one on the
portrait one, every tap target at least 48 px (the filters open too), no Latin words in Chinese, no link
out of the kiosk, paging with big buttons, and "Back"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from services.core.db import make_engine, migrate
from tests.browser.conftest import PortalServer, _require_chromium, serve_app, settled
from tests.browser.latin import assert_no_latin
from tests.browser.taps import tap_targets
from tests.factories import make_employer, make_vacancy

pytestmark = pytest.mark.browser

DEMO = Path(__file__).with_name("kiosk_pieces_demo.py")
SHOTS = Path("/tmp/shots-k-slip")
SCREENS = {"landscape": (1280, 800), "portrait": (800, 1280)}
JOBS = 11  # two pages of six


@pytest.fixture(scope="module")
def board_server(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[PortalServer]:
    _require_chromium()
    data_dir = tmp_path_factory.mktemp("kiosk_board")
    url = f"sqlite:///{data_dir / 'portal.db'}"
    engine = make_engine(url)
    migrate(engine)
    factory = make_employer(engine)
    workshop = make_employer(engine, name="城关镇扶贫车间", serial=2, province="云南省", city="昭通市")
    for n in range(8):
        make_vacancy(engine, factory, title=f"电子厂普工（{n + 1}号线，长白班）", wage_min=5000 + 100 * n,
                     wage_max=6500)
    for n in range(JOBS - 8):
        make_vacancy(engine, workshop, title=f"缝纫工{n + 1}", trade="garment_sewing", scope="local", province="云南省",
                     city="昭通市", distance_km=0, travel_hours=0, trip_fare=0, wage_min=3800, wage_max=3800,
                     housing=False)
    engine.dispose()
    with serve_app(url, data_dir, artifacts_dir, "kiosk_board", script=str(DEMO)) as server:
        yield server


@pytest.fixture
def tablet(browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    width, height = SCREENS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=True, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    yield context.new_page()
    context.close()


def cards(page: Page):
    return page.locator('[class*="st-key-kb_card_"]')


def font_px(page: Page, selector: str) -> list[float]:
    return page.locator(selector).evaluate_all("els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")


def small_targets(page: Page) -> list[str]:
    """The board's targets under 48 px (the demo's language switch is the kiosk shell's, measured there)."""
    return [t.describe() for t in tap_targets(page) if t.text not in ("中文", "English")
            and (t.height < 48 or (t.icon_only and t.width < 48))]


@pytest.mark.parametrize("tablet", list(SCREENS), indirect=True)
def test_kiosk_board_is_big_paged_chinese_and_closed(tablet: Page, board_server: PortalServer,
                                                     request: pytest.FixtureRequest) -> None:
    page, screen = tablet, request.node.callspec.params["tablet"]
    SHOTS.mkdir(exist_ok=True)
    page.goto(board_server.url("/?show=board"), wait_until="domcontentloaded")
    expect(cards(page)).to_have_count(6)
    settled(page)
    page.screenshot(path=SHOTS / f"board-{screen}.png")

    assert min(font_px(page, '[class*="st-key-kb_title_"] p')) >= 28
    assert min(font_px(page, '[class*="st-key-kb_wage_"] p')) >= 32
    assert min(font_px(page, '[class*="st-key-kb_card_"] p')) >= 20
    lefts = {round(b["x"]) for b in cards(page).evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().toJSON())")}
    assert len(lefts) == (2 if screen == "landscape" else 1), lefts  # two a row on the landscape screen

    assert page.locator("[data-testid=stMain] a[href]").count() == 0  # nothing leads out of the kiosk
    assert not small_targets(page), small_targets(page)
    assert_no_latin(page, f"the kiosk board ({screen})", tooltips=False)

    page.get_by_text("筛选：工种、地点、工资、住宿").tap()  # the filters open: big pills, Chinese
    expect(page.locator(".st-key-kb_trade button").first).to_be_visible()
    settled(page)
    page.screenshot(path=SHOTS / f"board-{screen}-filters.png", full_page=True)
    assert not small_targets(page), small_targets(page)
    assert_no_latin(page, f"the kiosk board's filters ({screen})", tooltips=False)
    page.locator(".st-key-kb_trade button").filter(has_text="服装缝纫").tap()
    expect(cards(page)).to_have_count(JOBS - 8)
    expect(page.get_by_text(f"共{JOBS - 8}个岗位", exact=False)).to_be_visible()
    page.locator(".st-key-kb_trade button").filter(has_text="全部工种").tap()
    expect(cards(page)).to_have_count(6)
    settled(page)

    page.get_by_role("button", name="下一页 →").tap()
    expect(cards(page)).to_have_count(JOBS - 6)
    expect(page.get_by_text("第2页，共2页", exact=False)).to_be_visible()
    settled(page)  # the new page is read from its top, not from the button at the bottom
    page.wait_for_function("() => Math.abs(document.querySelector('.st-key-kb').getBoundingClientRect().top) < 5")
    page.screenshot(path=SHOTS / f"board-{screen}-page2.png")
    expect(page.get_by_role("button", name="下一页 →")).to_be_disabled()
    page.get_by_role("button", name="← 上一页").tap()
    expect(cards(page)).to_have_count(6)
    settled(page)

    page.get_by_role("button", name="← 返回").first.tap()
    expect(page.get_by_text("欢迎。按大按钮登记", exact=False)).to_be_visible()
    expect(cards(page)).to_have_count(0)
