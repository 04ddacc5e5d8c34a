"""The kiosk (/kiosk?site=CODE) in Chromium on a shared tablet: 1280x800 landscape and 800x1280 portrait,
touch. Through the whole registration in Chinese to the final screen: on every screen no Latin word
(tests/browser/latin.py; the ticket code allowed) and every tap target at least 48 px high
(tests/browser/taps.py); the check-in recorded with channel kiosk and the site.

Screenshots of every screen go to tests/artifacts/kiosk/ (git-ignored): look at them as a 60-year-old
reading from a step away would. The slip's print view, the job board and the idle reset are tested by their
owners (tests/browser/test_kiosk_print.py, test_kiosk_shell.py).
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from models import CheckIn, Seeker, Site
from services.core.validation import make_resident_id
from services.places.sites import create_site
from services.registration.tickets import format_ticket_code
from tests.browser.conftest import UI_TIMEOUT_MS, PortalServer, settled
from tests.browser.latin import latin_words
from tests.browser.taps import tap_targets

pytestmark = pytest.mark.browser

SITE_CODE, SITE_NAME = "YJKIOSK", "岩脚易地搬迁安置点"
MIN_KIOSK = 48  # every target on the kiosk, not only the main actions
VIEWPORTS = {"landscape": {"width": 1280, "height": 800}, "portrait": {"width": 800, "height": 1280}}


@pytest.fixture(scope="module")
def site(portal_server: PortalServer) -> int:
    with Session(portal_server.engine) as s:
        found = s.exec(select(Site).where(Site.code == SITE_CODE)).first()
        if found is not None:
            return int(found.id or 0)
    return int(create_site(portal_server.engine, name=SITE_NAME, code=SITE_CODE, township="城关镇").id or 0)


@pytest.fixture(scope="module")
def shots(artifacts_dir: Path) -> Path:
    folder = artifacts_dir / "kiosk"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Screens:
    """Each screen: settle, screenshot, collect Latin words and small targets."""

    def __init__(self, page: Page, folder: Path, name: str):
        self.page, self.folder, self.name = page, folder, name
        self.problems: list[str] = []
        self.count = 0
        self.smallest: tuple[float, str] = (1e9, "")

    def look(self, screen: str, *, allowed: frozenset[str] = frozenset()) -> None:
        settled(self.page)
        self.count += 1
        self.page.screenshot(path=self.folder / f"{self.name}-{self.count:02d}-{screen}.png")
        for where, word in latin_words(self.page, tooltips=False):
            if word not in allowed:
                self.problems.append(f"{screen}: Latin {word!r} in {where}")
        for target in tap_targets(self.page):
            if target.height < self.smallest[0]:
                self.smallest = (target.height, f"{screen}: {target.text!r} ({target.testid})")
            if target.height < MIN_KIOSK or target.problems():
                self.problems.append(f"{screen}: {target.text!r} {target.tag}/{target.testid} "
                                     f"{target.width}x{target.height} {target.problems()}")


def tap(page: Page, key: str, text: str | None = None) -> None:
    """Tap the keyed kiosk element of the current person (generation 0: a fresh session)."""
    where = page.locator(f".st-key-kw_0_{key} button")
    if text is not None:
        where = where.filter(has_text=text)
    where.first.scroll_into_view_if_needed()
    where.first.tap()
    settled(page)


def type_into(page: Page, key: str, text: str) -> None:
    box = page.locator(f".st-key-kw_0_{key} input")
    box.tap()
    box.fill(text)


@pytest.mark.parametrize("layout", list(VIEWPORTS))
def test_kiosk_registration_in_chinese(portal_server: PortalServer, browser, site: int, shots: Path,
                                       layout: str) -> None:
    serial = {"landscape": 401, "portrait": 402}[layout]
    id_number = make_resident_id("530627", date(1966, 4, 12), serial, "F")
    mobile = f"139 0000 {serial:04d}"
    context = browser.new_context(viewport=VIEWPORTS[layout], has_touch=True, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", reduced_motion="reduce")
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    screens = Screens(page, shots, layout)
    started = time.monotonic()
    try:
        portal_server.open(page, f"/kiosk?site={SITE_CODE}")
        expect(page.get_by_text(SITE_NAME)).to_be_visible()
        screens.look("start")
        tap(page, "start_register")

        for key, value in (("name", "张桂芬"), ("id_number", id_number), ("phone", mobile)):
            expect(page.locator(f".st-key-kw_0_{key} input")).to_have_attribute("autocomplete", "off")
            type_into(page, key, value)
            screens.look(key)
            tap(page, f"{key}_next")

        query = page.locator(".st-key-kw_0_village_query input")
        query.tap()
        query.fill("东门")
        query.press("Enter")
        expect(page.get_by_text("输入后按回车键")).to_have_count(0)  # the search ran with what was typed
        settled(page)
        pill = page.locator(".st-key-kw_0_village_pick button").filter(has_text="东门村（城关镇）")
        if pill.get_attribute("data-selected") != "true":  # a name that fits one village is chosen already
            pill.tap()
            settled(page)
        expect(pill).to_have_attribute("data-selected", "true")
        screens.look("village")
        tap(page, "village_next")

        screens.look("consent")
        tap(page, "consent_next")  # without agreeing: the message beside the choice
        expect(page.get_by_text("请阅读说明并勾选同意，才能登记。")).to_be_visible()
        screens.look("consent-refused")
        tap(page, "consent", "我已阅读并同意")
        tap(page, "consent_next")

        expect(page.get_by_text("姓名：张桂芬")).to_be_visible()
        screens.look("confirm")
        tap(page, "confirm_next")

        expect(page.get_by_text("登记成功！")).to_be_visible()
        screens.look("profile-trades")
        tap(page, "pf_trades", "服装缝纫")
        tap(page, "pf_trades_next")
        screens.look("profile-intention")
        tap(page, "pf_intention", "就近就业")
        tap(page, "pf_intention_next")
        for field in ("leave_constraint", "education"):
            tap(page, f"pf_{field}_skip")
        type_into(page, "pf_expected_wage", "4")
        tap(page, "pf_expected_wage_next")
        expect(page.get_by_text("您是想写每月 4,000 元吗？")).to_be_visible()
        screens.look("profile-wage-did-you-mean")
        tap(page, "pf_wage_yes")
        for field in ("willing_to_train", "poor_household"):
            tap(page, f"pf_{field}_skip")

        expect(page.get_by_text("请从打印机取走求职卡")).to_be_visible()
        elapsed = time.monotonic() - started
        with Session(portal_server.engine) as s:
            seeker = s.exec(select(Seeker).where(Seeker.name == "张桂芬").order_by(Seeker.id.desc())).first()
            assert seeker is not None
            checkins = s.exec(select(CheckIn).where(CheckIn.seeker_id == seeker.id)).all()
            code = seeker.ticket_code
        assert [(c.channel, c.site_id) for c in checkins][-1] == ("kiosk", site)
        expect(page.get_by_text(format_ticket_code(code)).first).to_be_visible()  # on screen and on the slip
        expect(page.locator("img[alt=QR]")).to_be_visible()
        screens.look("done", allowed=frozenset(format_ticket_code(code).split()))
        print(f"\nkiosk {layout}: {screens.count} screens, scripted (no reading pauses) in {elapsed:.1f} s; "
              f"smallest tap target {screens.smallest[0]} px ({screens.smallest[1]})")
        assert not screens.problems, "\n".join(screens.problems)
    finally:
        context.close()
