"""The real kiosk page (/kiosk?site=CODE, served by app.py) end to end in Chromium, in Chinese, on a 1280×800
touch kiosk and an 800×1280 portrait tablet, with the timings shortened (warning at 5 s, idle reset at 15 s,
the final screen's countdown 4 s):

1. tap by tap through registration to the final screen; the slip's print view saved as PDF with the slip's
   own page size, rendered to PNG: one page, the QR decodes, the ticket code in its text, nothing of the app;
2. the done countdown: from its end to the next person's clean start screen (printed, ms);
3. the idle reset on the village step: the warning in Chinese at 5 s, the reset at 15 s (printed, ms), the
   back button shows nothing of the person, every input autocomplete="off";
4. a tap during the countdown makes no second check-in (counted in the database);
5. the job board from the start screen: filters, large cards, Back;
6. the PIN exit: a wrong PIN says the tries left, the right one leaves to the home page.

Every screen: no Latin word (tests/browser/latin.py; the ticket code allowed), every tap target ≥ 48 px
(tests/browser/taps.py). Screenshots and PDFs in tests/artifacts/kiosk_e2e/: look at them from a step away.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from playwright.sync_api import Page, expect
from sqlalchemy import func
from sqlmodel import Session, select

from models import CheckIn, KioskPinFailure, Seeker
from services.core.db import make_engine, migrate
from services.core.i18n import translator
from services.core.validation import make_resident_id
from services.kiosk.pins import set_site_pin
from services.places.sites import create_site
from services.places.sources import create_fair
from services.registration.tickets import format_ticket_code
from tests.browser.conftest import (
    FAIR_CODE,
    FAIR_NAME,
    FAIR_TOWNSHIP,
    UI_TIMEOUT_MS,
    PortalServer,
    _require_chromium,
    serve_app,
    settled,
)
from tests.browser.latin import latin_words
from tests.browser.taps import tap_targets
from tests.factories import make_employer, make_vacancy

pytestmark = pytest.mark.browser

SITE_CODE, SITE_NAME, PIN = "YJE2E", "岩脚易地搬迁安置点", "2580"
IDLE, WARN, DONE = 15, 5, 4
VIEWPORTS = {"landscape": {"width": 1280, "height": 800}, "portrait": {"width": 800, "height": 1280}}
MIN_KIOSK = 48
DPI = 203
zh = translator("zh_CN")


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[PortalServer]:
    _require_chromium()
    data_dir = tmp_path_factory.mktemp("kiosk_e2e")
    url = f"sqlite:///{data_dir / 'portal.db'}"
    engine = make_engine(url)
    migrate(engine)
    create_fair(engine, code=FAIR_CODE, name=FAIR_NAME, township=FAIR_TOWNSHIP)  # the cold server's first link
    create_site(engine, name=SITE_NAME, code=SITE_CODE, township="城关镇")
    set_site_pin(engine, site_code=SITE_CODE, pin=PIN, actor="org1")
    factory = make_employer(engine)
    workshop = make_employer(engine, name="城关镇扶贫车间", serial=2, province="云南省", city="昭通市")
    for n in range(3):
        make_vacancy(engine, factory, title=f"电子厂普工（{n + 1}号线）", wage_min=5000 + 100 * n, wage_max=6500)
    for n in range(2):
        make_vacancy(engine, workshop, title=f"缝纫工{n + 1}", trade="garment_sewing", scope="local",
                     province="云南省", city="昭通市", distance_km=0, travel_hours=0, trip_fare=0, wage_min=3800,
                     wage_max=3800, housing=False)
    engine.dispose()
    env = {"PORTAL_KIOSK_IDLE_SECONDS": str(IDLE), "PORTAL_KIOSK_WARN_SECONDS": str(WARN),
           "PORTAL_KIOSK_DONE_SECONDS": str(DONE)}
    with serve_app(url, data_dir, artifacts_dir, "kiosk_e2e", env=env) as server:
        yield server


@pytest.fixture(scope="module")
def shots(artifacts_dir: Path) -> Path:
    folder = artifacts_dir / "kiosk_e2e"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(params=list(VIEWPORTS))
def tablet(browser, kiosk: PortalServer, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORTS[request.param], has_touch=True, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    page.layout = request.param  # type: ignore[attr-defined]
    kiosk.open(page, f"/kiosk?site={SITE_CODE}")
    expect(page.get_by_text(SITE_NAME)).to_be_visible()
    page.wait_for_function("() => window.__kioskShell && window.__kioskShell.gen === '0'")
    yield page
    context.close()


class Screens:
    """Each screen: settle, screenshot, collect Latin words and targets under 48 px."""

    def __init__(self, page: Page, folder: Path, name: str):
        self.page, self.folder, self.name = page, folder, f"{page.layout}-{name}"  # type: ignore[attr-defined]
        self.problems: list[str] = []
        self.count = 0

    def look(self, screen: str, *, allowed: frozenset[str] = frozenset(), full: bool = False,
             min_height: int = MIN_KIOSK) -> Path:
        settled(self.page)
        self.count += 1
        path = self.folder / f"{self.name}-{self.count:02d}-{screen}.png"
        self.page.screenshot(path=path, full_page=full)
        for where, word in latin_words(self.page, tooltips=False):
            if word not in allowed:
                self.problems.append(f"{screen}: Latin {word!r} in {where}")
        for t in tap_targets(self.page):
            if t.height < min_height or t.problems():
                self.problems.append(f"{screen}: {t.describe()}")
        return path

    def check(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def gen(page: Page) -> int:
    return int(page.evaluate("() => window.__kioskShell.gen"))


def tap(page: Page, key: str, text: str | None = None) -> None:
    where = page.locator(f".st-key-kw_{gen(page)}_{key} button")
    if text is not None:
        where = where.filter(has_text=text)
    where.first.scroll_into_view_if_needed()
    where.first.tap()
    settled(page)


def type_into(page: Page, key: str, text: str) -> None:
    box = page.locator(f".st-key-kw_{gen(page)}_{key} input")
    expect(box).to_have_attribute("autocomplete", "off")
    box.tap()
    box.fill(text)


def person(serial: int) -> tuple[str, str, str]:
    names = {1: "张桂芬", 2: "李秀英", 3: "王德华", 4: "赵兰芝", 5: "陈玉珍", 6: "刘凤英"}
    return names[serial], make_resident_id("530627", date(1962, 4, 12), 600 + serial, "F"), f"1390000{600 + serial:04d}"


def to_village(page: Page, screens: Screens | None, who: tuple[str, str, str]) -> None:
    name, id_number, mobile = who
    tap(page, "start_register")
    for key, value in (("name", name), ("id_number", id_number), ("phone", mobile)):
        type_into(page, key, value)
        if screens:
            screens.look(key)
        tap(page, f"{key}_next")
    query = page.locator(f".st-key-kw_{gen(page)}_village_query input")
    query.tap()
    query.fill("东门")
    query.press("Enter")
    settled(page)
    pill = page.locator(f".st-key-kw_{gen(page)}_village_pick button").filter(has_text="东门村（城关镇）")
    expect(pill).to_be_visible()
    settled(page)
    page.wait_for_timeout(500)  # the search's rerun may still choose the one village that fits: never untap it
    settled(page)
    chosen = page.get_by_text("✓ 已选：东门村（城关镇）")
    if pill.get_attribute("aria-checked") != "true":
        pill.tap()
        settled(page)
    expect(chosen).to_be_visible()


def register(page: Page, screens: Screens | None, who: tuple[str, str, str]) -> None:
    """From the start screen to the final screen, tap by tap."""
    to_village(page, screens, who)
    if screens:
        screens.look("village")
    tap(page, "village_next")
    tap(page, "consent", "我已阅读并同意")
    if screens:
        screens.look("consent")
    tap(page, "consent_next")
    expect(page.get_by_text(f"姓名：{who[0]}")).to_be_visible()
    if screens:
        screens.look("confirm")
    tap(page, "confirm_next")
    expect(page.get_by_text("登记成功！")).to_be_visible()
    tap(page, "pf_trades", "服装缝纫")
    if screens:
        screens.look("profile-trades")
    tap(page, "pf_trades_next")
    progress = page.locator(".st-key-kiosk_progress")
    total = int(progress.inner_text().split("共")[1].split("题")[0])
    for n in range(2, total + 1):  # every other question skipped, one screen after the other
        expect(progress).to_contain_text(f"第 {n} 题")
        settled(page)
        page.locator(f'[class*="st-key-kw_{gen(page)}_pf_"][class*="_skip"] button').first.tap()
    expect(page.locator(".kiosk-done")).to_be_visible()
    expect(page.get_by_text("请从打印机取走求职卡")).to_be_visible()


def checkins(kiosk: PortalServer, id_name: str) -> tuple[int, str]:
    with Session(kiosk.engine) as s:
        seeker = s.exec(select(Seeker).where(Seeker.name == id_name)).one()
        count = s.exec(select(func.count()).select_from(CheckIn).where(CheckIn.seeker_id == seeker.id)).one()
        return int(count), str(seeker.ticket_code)


CLEAN_START = """([gen, name]) => {
  if (!window.__kioskShell || window.__kioskShell.gen !== String(gen)) return false;
  if (!document.querySelector('.st-key-kw_' + gen + '_start_register button')) return false;
  if (document.querySelector('[data-testid=stElementContainer][data-stale=true],'
                             + ' [data-testid=stStatusWidgetRunningIcon]')) return false;
  if (document.body.innerText.includes(name)) return false;
  if ([...document.querySelectorAll('input')].some(i => i.value && i.type !== 'radio')) return false;
  window.__cleanAt = window.__cleanAt || Date.now();
  return true;
}"""


def wait_clean_start(page: Page, next_gen: int, name: str, timeout_s: float) -> int:
    page.evaluate("() => { window.__cleanAt = 0; }")
    page.wait_for_function(CLEAN_START, arg=[next_gen, name], timeout=timeout_s * 1000, polling=20)
    return int(page.evaluate("() => window.__cleanAt"))


def deadline_of(page: Page, what: str) -> tuple[int, int]:
    """(reset sent, deadline) of the last `what` deadline the shell reached (browser clock, ms)."""
    fired, deadline = page.evaluate(
        "what => { const e = window.__kioskShell.log.filter(e => e[0] === what).pop(); return [e[1], e[2]]; }",
        what)
    return int(fired), int(deadline)


def nothing_of(page: Page, who: tuple[str, str, str]) -> None:
    text = page.evaluate("() => document.body.innerText")
    values = " ".join(page.evaluate("() => [...document.querySelectorAll('input')].map(i => i.value)"))
    for item in who:
        assert item not in text and item not in values, item
        assert item[-4:] not in text, item  # not even the end of the ID number or the mobile


def test_register_print_and_done_countdown(tablet: Page, kiosk: PortalServer, shots: Path) -> None:
    page, layout = tablet, tablet.layout  # type: ignore[attr-defined]
    screens = Screens(page, shots, "register")
    screens.look("start")
    who = person(1 if layout == "landscape" else 2)
    register(page, screens, who)
    count, code = checkins(kiosk, who[0])
    assert count == 1
    shown = format_ticket_code(code)
    expect(page.get_by_text(shown).first).to_be_visible()
    done_path = screens.look("done", allowed=frozenset(shown.split()))

    # 1. the print view: Stop the countdown first (the person reads the slip), then print as the dialog would
    page.locator(".kiosk-done button").tap()
    settled(page)
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    page.get_by_role("button", name="打印我的求职卡").tap()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    pdf_path = shots / f"{layout}-slip.pdf"
    pdf_path.write_bytes(page.pdf(prefer_css_page_size=True))
    page.emulate_media(media="screen")
    pdf = pdfium.PdfDocument(str(pdf_path))
    assert len(pdf) == 1, f"{len(pdf)} pages"
    text = pdf[0].get_textpage().get_text_range()
    assert shown in text and SITE_NAME in text, text
    for chrome in ("English", "中文", "打印", "登记成功", "下一位", "岗位信息", who[0]):
        assert chrome not in text, (chrome, text)  # the app around the slip, and the full name, are not printed
    picture = pdf[0].render(scale=DPI / 72).to_pil().convert("RGB")
    png = shots / f"{layout}-slip-printed.png"
    picture.save(png)
    assert [b.text for b in zxingcpp.read_barcodes(picture)] == [code]
    print(f"\n{layout}: final screen {done_path}, printed slip {png}")
    tap(page, "finish")  # "Finish: next person"
    wait_clean_start(page, 1, who[0], 5)
    nothing_of(page, who)

    # 2. + 4. the next person: the countdown, with a tap on it; one check-in; the clean start after it
    second = person(3 if layout == "landscape" else 4)
    register(page, None, second)
    page.wait_for_timeout(1500)
    box = page.locator(".kiosk-done .kiosk-done-text").bounding_box()
    assert box
    page.touchscreen.tap(box["x"] + 5, box["y"] + box["height"] / 2)  # a tap during the countdown
    page.touchscreen.tap(box["x"] + 5, box["y"] + box["height"] / 2)
    clean_at = wait_clean_start(page, gen(page) + 1, second[0], DONE + 10)
    fired, deadline = deadline_of(page, "done")
    screens.look("after-countdown")
    print(f"{layout} done countdown: deadline -> reset sent {fired - deadline} ms; "
          f"deadline -> clean start screen {clean_at - deadline} ms")
    assert clean_at - deadline < 3000
    assert checkins(kiosk, second[0])[0] == 1
    nothing_of(page, second)
    tap(page, "start_register")
    expect(page.locator(f".st-key-kw_{gen(page)}_name input")).to_have_value("")
    screens.check()


def test_idle_reset_on_the_village_step(tablet: Page, shots: Path) -> None:
    page, layout = tablet, tablet.layout  # type: ignore[attr-defined]
    screens = Screens(page, shots, "idle")
    who = person(5 if layout == "landscape" else 6)
    to_village(page, None, who)
    start_gen = gen(page)
    page.wait_for_function("() => window.__kioskShell.warned === true", timeout=(WARN + 3) * 1000, polling=50)
    warn = page.locator("#kiosk-warn")
    expect(warn).to_be_visible()
    expect(warn.locator("p")).to_contain_text(zh("Still there? Starting over in {n} s").split("{n}")[0].strip())
    expect(warn.locator("button")).to_have_text(zh("I am still here"))
    screens.look("warning")
    clean_at = wait_clean_start(page, start_gen + 1, who[0], IDLE + 10)
    fired, deadline = deadline_of(page, "idle")
    print(f"\n{layout} idle: deadline -> reset sent {fired - deadline} ms; "
          f"deadline -> clean start screen {clean_at - deadline} ms")
    assert clean_at - deadline < 3000
    nothing_of(page, who)
    screens.look("after-idle-reset")
    page.go_back()
    page.wait_for_timeout(600)
    page.go_back()
    page.wait_for_timeout(600)
    nothing_of(page, who)
    assert "/kiosk" in page.url
    screens.look("after-back")
    tap(page, "start_register")
    name_box = page.locator(f".st-key-kw_{gen(page)}_name input")
    expect(name_box).to_have_value("")
    expect(name_box).to_have_attribute("autocomplete", "off")
    autocomplete = page.evaluate("() => [...document.querySelectorAll('input')]"
                                 ".filter(i => i.type !== 'radio').map(i => i.getAttribute('autocomplete'))")
    assert autocomplete and set(autocomplete) <= {"off", "new-password"}, autocomplete
    screens.check()


def test_job_board_from_the_start_screen(tablet: Page, shots: Path) -> None:
    page = tablet
    screens = Screens(page, shots, "board")
    tap(page, "start_jobs")
    cards = page.locator('[class*="st-key-kw_"][class*="_card_"]')
    expect(page.get_by_text("共5个岗位", exact=False)).to_be_visible()
    screens.look("board")
    sizes = page.locator('[class*="_title_"] p').evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 28, sizes
    assert page.locator("[data-testid=stMain] a[href]").count() == 0
    page.get_by_text("筛选：工种、地点、工资、住宿").tap()
    settled(page)
    screens.look("filters", full=True)
    page.locator('[class*="_trade"] button').filter(has_text="服装缝纫").first.tap()
    expect(page.get_by_text("共2个岗位", exact=False)).to_be_visible()
    screens.look("filtered")
    assert cards.count() >= 1
    page.get_by_role("button", name="← 返回").first.tap()
    settled(page)
    expect(page.locator(f".st-key-kw_{gen(page)}_start_register button")).to_be_visible()
    expect(page.get_by_text("缝纫工1")).to_have_count(0)
    screens.look("back")
    screens.check()


def test_pin_exit(tablet: Page, kiosk: PortalServer, shots: Path) -> None:
    page = tablet
    screens = Screens(page, shots, "exit")
    with Session(kiosk.engine) as s:  # each viewport starts with five tries
        for failure in s.exec(select(KioskPinFailure)).all():
            s.delete(failure)
        s.commit()
    page.locator(".st-key-kiosk_exit_open_button button").tap()
    settled(page)
    pin = page.locator(".st-key-kiosk_exit_pin input")
    expect(pin).to_be_visible()
    screens.look("panel")
    pin.fill("1397")
    page.locator(".st-key-kiosk_exit_go button").tap()
    expect(page.get_by_text(zh("Wrong PIN. {tries} tries left.").format(tries=4))).to_be_visible()
    screens.look("wrong-pin")
    page.locator(".st-key-kiosk_exit_pin input").fill(PIN)
    page.locator(".st-key-kiosk_exit_go button").tap()
    page.wait_for_url(lambda url: "/kiosk" not in url)
    settled(page)
    assert page.evaluate("() => !document.getElementById('kiosk-lock')")
    expect(page.get_by_text(SITE_NAME)).to_have_count(0)
    screens.look("home", min_height=44)  # out of the kiosk: the phone pages' rule (tests/browser/taps.py)
    screens.check()
