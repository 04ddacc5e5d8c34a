"""The kiosk shell in a real browser (tests/components/kiosk_shell_demo.py), 1280x800 with touch, the idle
timings shortened (warn at 5 s, reset at 15 s, the final screen's countdown 6 s): the warning at the warn
time, a tap restarts the count, the reset at the idle time leaves nothing of the person; the back button
keeps the page; no input can autofill; every tap target at least 48 px; the done countdown restarts on a
tap, Stop hands over to the idle guard, and its end never submits again. Prints the reset times."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from services.core.db import make_engine, migrate
from services.core.i18n import translator
from services.kiosk.pins import set_site_pin
from services.places.sources import create_site
from tests.browser.conftest import UI_TIMEOUT_MS, PortalServer, _require_chromium, serve_app, settled
from tests.browser.taps import tap_targets

pytestmark = pytest.mark.browser

DEMO = Path(__file__).resolve().parents[1] / "components" / "kiosk_shell_demo.py"
IDLE, WARN, DONE = 15, 5, 6
SHOTS = Path("/tmp/shots-k-shell")
NAME, PHONE = "王秀兰", "13912345678"
zh = translator("zh_CN")


@pytest.fixture(scope="module")
def kiosk_server(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[PortalServer]:
    _require_chromium()
    data_dir = tmp_path_factory.mktemp("kiosk")
    url = f"sqlite:///{data_dir / 'portal.db'}"
    engine = make_engine(url)
    migrate(engine)
    create_site(engine, code="XINGFU", name="幸福社区安置点", township="城关镇")
    set_site_pin(engine, site_code="XINGFU", pin="2580", actor="org1")
    engine.dispose()
    env = {"PORTAL_KIOSK_IDLE_SECONDS": str(IDLE), "PORTAL_KIOSK_WARN_SECONDS": str(WARN),
           "PORTAL_KIOSK_DONE_SECONDS": str(DONE)}
    with serve_app(url, data_dir, artifacts_dir, "kiosk_shell", script=str(DEMO), env=env) as server:
        yield server


@pytest.fixture
def tablet(browser, kiosk_server: PortalServer) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, has_touch=True, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    page.goto(kiosk_server.url("/?site=XINGFU&lang=zh"), wait_until="domcontentloaded")
    expect(page.get_by_text("START SCREEN gen=0")).to_be_visible()
    expect(page.locator(".st-key-demo_name_0 input")).to_be_visible()
    settled(page)
    page.wait_for_function("() => window.__kioskShell && window.__kioskShell.gen === '0'")
    yield page
    context.close()


def shot(page: Page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=path)
    return path


def idle_for(page: Page) -> float:
    """Seconds since the shell last saw a touch, key or typing."""
    return page.evaluate("() => (Date.now() - window.__kioskShell.last) / 1000")


def tap(page: Page, selector: str) -> None:
    target = page.locator(selector).first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box, selector
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def type_person(page: Page, gen: int) -> None:
    for key, value in ((f"demo_name_{gen}", NAME), (f"demo_phone_{gen}", PHONE)):
        tap(page, f".st-key-{key} input")
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    settled(page)


CLEAN_START = """gen => {
  const text = document.body.innerText;
  if (!text.includes('START SCREEN gen=' + gen)) return false;
  if (document.querySelector('[data-testid=stElementContainer][data-stale=true],'
                             + ' [data-testid=stStatusWidgetRunningIcon]')) return false;
  const inputs = [...document.querySelectorAll('.stApp input[type=text], .stApp input:not([type])')];
  if (inputs.some(i => i.value)) return false;
  window.__cleanAt = window.__cleanAt || Date.now();
  return true;
}"""


def wait_clean_start(page: Page, gen: int, timeout_ms: int) -> int:
    """Wait for the next person's clean start screen; the moment it was first seen (browser clock, ms)."""
    page.evaluate("() => { window.__cleanAt = 0; }")
    page.wait_for_function(CLEAN_START, arg=gen, timeout=timeout_ms, polling=20)
    return page.evaluate("() => window.__cleanAt")


def nothing_of_the_person(page: Page) -> None:
    text = page.evaluate("() => document.body.innerText")
    assert NAME not in text and PHONE not in text
    values = page.evaluate("() => [...document.querySelectorAll('input')].map(i => i.value)")
    assert not any(NAME in v or PHONE in v for v in values), values


def test_locked_page_no_autofill_back_button_and_tap_targets(tablet: Page) -> None:
    page = tablet
    for testid in ("stSidebar", "stHeader", "stToolbar", "stMainMenu", "stSidebarCollapsedControl"):
        assert page.locator(f"[data-testid={testid}]:visible").count() == 0, testid
    inputs = page.evaluate("() => [...document.querySelectorAll('input')].map(i => "
                           "[i.type, i.getAttribute('autocomplete'), i.getAttribute('name') || ''])")
    assert inputs and all(a in ("off", "new-password") and n.startswith("k") for _t, a, n in inputs), inputs
    names = [n for *_x, n in inputs]
    assert len(set(names)) == len(names)
    sizes = page.evaluate("""() => ({
      body: parseFloat(getComputedStyle(document.querySelector('[data-testid=stMarkdownContainer] p')).fontSize),
      input: parseFloat(getComputedStyle(document.querySelector('.stApp input[type=text]')).fontSize)})""")
    assert sizes["body"] >= 20 and sizes["input"] >= 22, sizes
    small = [t.describe() for t in tap_targets(page) if t.height < 48]
    assert small == [], small
    type_person(page, 0)
    # the back button and a back swipe stay on the page, with what was typed
    url = page.url
    page.go_back()  # the browser's own back (a back swipe is the same history step)
    page.wait_for_timeout(600)
    page.go_back()
    page.wait_for_timeout(600)
    assert page.url == url
    expect(page.get_by_text("START SCREEN gen=0")).to_be_visible()
    assert page.locator(".st-key-demo_name_0 input").input_value() == NAME
    # inputs drawn later get the same treatment
    new = page.evaluate("() => { const i = document.createElement('input'); document.querySelector('.stApp')"
                        ".appendChild(i); return new Promise(r => setTimeout("
                        "() => r(i.getAttribute('autocomplete')), 50)); }")
    assert new == "off"


def test_idle_warning_tap_restarts_and_reset_leaves_nothing(tablet: Page) -> None:
    page = tablet
    type_person(page, 0)
    warn = page.locator("#kiosk-warn")
    page.wait_for_function("() => window.__kioskShell.warned === true", timeout=(WARN + 3) * 1000, polling=50)
    assert WARN <= idle_for(page) < WARN + 1
    expect(warn).to_be_visible()
    expect(warn.locator("p")).to_have_text(zh("Still there? Starting over in {n} s").format(n=IDLE - WARN)
                                           .replace("{n}", str(IDLE - WARN)), timeout=2000)
    button = warn.locator("button")
    expect(button).to_have_text(zh("I am still here"))
    box = button.bounding_box()
    assert box and box["height"] >= 48 and box["width"] >= 48
    print(f"\nwarning overlay: {shot(page, 'idle-warning')}")
    # a tap restarts the count (on the overlay: nothing below it is pressed)
    tap(page, "#kiosk-warn button")
    assert idle_for(page) < 1
    expect(warn).to_be_hidden()
    assert page.locator(".st-key-demo_name_0 input").input_value() == NAME
    # nobody touches anything: the warning again at the warn time, the reset at the idle time
    page.wait_for_function("() => window.__kioskShell.warned === true", timeout=(WARN + 3) * 1000, polling=50)
    clean_at = wait_clean_start(page, 1, (IDLE + 10) * 1000)
    fired, deadline = page.evaluate("() => { const e = window.__kioskShell.log.find(e => e[0] === 'idle');"
                                    " return [e[1], e[2]]; }")
    print(f"idle: deadline -> reset sent {fired - deadline} ms; deadline -> clean start screen "
          f"{clean_at - deadline} ms")
    assert clean_at - deadline < 3000
    nothing_of_the_person(page)
    expect(page.locator("#kiosk-warn")).to_be_hidden()
    print(f"after the idle reset: {shot(page, 'after-idle-reset')}")


def test_done_countdown_restarts_on_a_tap_and_never_submits_again(tablet: Page) -> None:
    page = tablet
    type_person(page, 0)
    before = int(page.get_by_text("submits=").inner_text().split("=")[1])
    tap(page, ".st-key-demo_confirm_0 button")
    expect(page.get_by_text(f"TICKET FOR {NAME}")).to_be_visible()
    settled(page)
    done = page.locator(".kiosk-done")
    expect(done).to_be_visible()
    expect(page.get_by_text(f"submits={before + 1}")).to_be_visible()
    stop = done.locator("button")
    stop_box = stop.bounding_box()
    assert stop_box and stop_box["height"] >= 48
    print(f"\ndone countdown: {shot(page, 'done-countdown')}")
    # a tap on the countdown (not on Stop) starts the count again from that tap
    page.wait_for_timeout(2500)
    box = done.locator(".kiosk-done-text").bounding_box()
    page.touchscreen.tap(box["x"] + 5, box["y"] + box["height"] / 2)
    expect(done.locator("b")).to_have_text(str(DONE), timeout=1000)
    clean_at = wait_clean_start(page, 1, (DONE + 10) * 1000)
    fired, deadline = page.evaluate("() => { const e = window.__kioskShell.log.find(e => e[0] === 'done');"
                                    " return [e[1], e[2]]; }")
    print(f"done: deadline -> reset sent {fired - deadline} ms; deadline -> clean start screen "
          f"{clean_at - deadline} ms")
    assert clean_at - deadline < 3000
    nothing_of_the_person(page)
    # the countdown's rerun did not press Confirm again
    expect(page.get_by_text(f"submits={before + 1}")).to_be_visible()


def test_stop_hands_over_to_the_idle_guard(tablet: Page) -> None:
    page = tablet
    type_person(page, 0)
    tap(page, ".st-key-demo_confirm_0 button")
    expect(page.get_by_text(f"TICKET FOR {NAME}")).to_be_visible()
    tap(page, ".kiosk-done button")
    expect(page.locator(".kiosk-done")).to_contain_text(
        zh("Stopped. The screen stays until nobody has touched it for a while."))
    page.wait_for_timeout((DONE + 1) * 1000)
    expect(page.get_by_text(f"TICKET FOR {NAME}")).to_be_visible()  # no reset at the countdown's time
    expect(page.locator("#kiosk-warn")).to_be_visible()  # the idle guard's warning (warn time < done + 1)
    print(f"\nafter Stop: {shot(page, 'after-stop')}")


def test_staff_exit_with_the_pin(tablet: Page) -> None:
    page = tablet
    type_person(page, 0)
    tap(page, ".st-key-kiosk_exit_open_button button")
    pin = page.locator(".st-key-kiosk_exit_pin input")
    expect(pin).to_be_visible()
    assert pin.get_attribute("inputmode") == "numeric" and pin.get_attribute("autocomplete") == "new-password"
    small = [t.describe() for t in tap_targets(page) if t.height < 48]
    assert small == [], small
    pin.fill("1397")
    tap(page, ".st-key-kiosk_exit_go button")
    expect(page.get_by_text(zh("Wrong PIN. {tries} tries left.").format(tries=4))).to_be_visible()
    assert page.locator(".st-key-demo_name_0 input").input_value() == NAME
    print(f"\nwrong PIN: {shot(page, 'exit-wrong-pin')}")
    page.locator(".st-key-kiosk_exit_pin input").fill("2580")
    tap(page, ".st-key-kiosk_exit_go button")
    expect(page.get_by_text("LEFT KIOSK")).to_be_visible()
    settled(page)
    expect(page.locator(".st-key-demo_name_0")).to_have_count(0)
    nothing_of_the_person(page)
    # out of kiosk mode: the shell lets go (no lock marker, the back button works again)
    assert page.evaluate("() => !document.getElementById('kiosk-lock')")
