"""Every tap target on every seeker page, measured in Chromium at phone sizes (issue 10).

For each screen of the table `SCREENS` and each of its viewports: open it as a fresh visitor (new
browser context), do what the screen needs (press the main button to show the errors, look up a
ticket ...), then collect every visible interactive element with its box (tests/browser/taps.py)
and fail on any under 44 px high (48 for the main actions: primary buttons, form submits, the
中文/English switch and the home page's buttons), any icon-only target under 44 px wide, any text
field with text under 16 px, and any sideways scrolling. The failure lists every offender with its
text, role and size.

Screenshots of every screen at every size (the whole page, and the first screen as the phone shows
it) go to tests/artifacts/taps/ (git-ignored), with summary.txt: per screen the smallest target,
and the largest target still under 44 px if any. Look at them as a 60-year-old would.

The screens are a table so that a new step is one row. The actions find things by role and
Streamlit's markers (the primary button, the n-th text box), not by the current form's labels; the
registration's screens are reached by bench/human_pace.py's step table of the flow in use
(`REGISTRATION_FLOW`), so the timing script and this test follow the same steps.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bench.human_pace import FLOWS, Person, walk
from services.core.crypto import Vault
from tests.browser.conftest import DEEP_LINK, FAIR_CODE, ROOT, UI_TIMEOUT_MS, PortalServer, settled
from tests.browser.taps import MIN_HEIGHT, Target, horizontal_overflow, offenders, tap_targets
from tests.conftest import TEST_SECRET
from tests.factories import make_employer, make_vacancy, person_id, register

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    mobile: bool = True


PHONE = Viewport("phone390", 390, 844)
SMALL_PHONE = Viewport("phone360", 360, 640)
TABLET = Viewport("tablet768", 768, 1024)
LAPTOP = Viewport("laptop1366", 1366, 768, mobile=False)
PHONES = (PHONE, SMALL_PHONE)

# The registration's steps, as a person does them: a step table of bench/human_pace.py (one table for
# the timing and for reaching each screen here). Ticket first wherever its "tell us more" groups exist
# (the single form is kept only until that page is merged; then this can become "ticket_first").
REGISTRATION_FLOW = "ticket_first" if (ROOT / "components" / "profile_groups.py").exists() else "single_form"

# The seeded data the screens use (see `seeded`).
SEEKER_N = 7301  # tests.factories.register's person number: mobile 139 0000 7301
SEEKER_PHONE = f"139{SEEKER_N:08d}"


# --- what a screen does before it is measured -------------------------------------------------


def press_main_action(page: Page) -> None:
    """Press the page's main button (its last primary button: a form's submit), e.g. with the form empty."""
    button = page.locator("button[data-testid^=stBaseButton-primary]").last
    button.scroll_into_view_if_needed()
    button.click()
    settled(page)
    expect(page.locator("[data-testid=stAlert]").first).to_be_visible()  # the form said what is missing


def fill_textboxes(*values: str) -> Callable[[Page], None]:
    """Type into the page's text boxes in order (by role, not label), then press the main button."""

    def act(page: Page) -> None:
        boxes = page.locator("[data-testid=stMain]").get_by_role("textbox")
        for n, value in enumerate(values):
            boxes.nth(n).fill(value)
        button = page.locator("button[data-testid^=stBaseButton-primary]").last
        button.click()
        settled(page)

    return act


def through(milestone: str) -> Callable[[Page], None]:
    """Register a new person along REGISTRATION_FLOW (no pauses) up to its `milestone`."""

    def act(page: Page) -> None:
        steps = FLOWS[REGISTRATION_FLOW](Person.new(random.Random()), FAIR_CODE)
        walk(page, steps, "", until=milestone)
        settled(page)

    return act


def open_expanders(page: Page) -> None:
    """Open every closed expander (the job board's filters)."""
    for summary in page.locator("[data-testid=stMain] details:not([open]) > summary").all():
        summary.click()
    settled(page)


@dataclass(frozen=True)
class Screen:
    name: str
    path: str  # "{vacancy}" is the seeded vacancy's id
    act: Callable[[Page], None] | None = None  # done after opening, before measuring
    viewports: tuple[Viewport, ...] = PHONES


SCREENS: tuple[Screen, ...] = (
    Screen("home", "/", viewports=(PHONE, SMALL_PHONE, TABLET, LAPTOP)),
    Screen("register", DEEP_LINK),
    Screen("register-errors", DEEP_LINK, press_main_action),
    Screen("register-confirmation", DEEP_LINK, through("confirmation")),
    Screen("register-ticket", DEEP_LINK, through("ticket")),  # with "tell us more" in the ticket-first flow
    Screen("register-full-profile", DEEP_LINK, through("full profile")),
    Screen("ticket", "/ticket"),
    Screen("ticket-not-found", "/ticket", fill_textboxes("13900009999", "1234")),
    Screen("ticket-found", "/ticket", fill_textboxes(SEEKER_PHONE, person_id(SEEKER_N)[-4:])),
    Screen("jobs", "/jobs", open_expanders),
    Screen("vacancy", "/jobs?vacancy={vacancy}"),
    Screen("join", "/join"),
    Screen("join-errors", "/join", press_main_action),
)

CASES = [pytest.param(screen, vp, id=f"{screen.name}-{vp.name}") for screen in SCREENS for vp in screen.viewports]


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeded(portal_server: PortalServer) -> dict[str, int]:
    """A vacancy for the job board and a registered seeker whose ticket the look-up finds."""
    engine = portal_server.engine
    employer = make_employer(engine, name="东莞市华丰电子有限公司", serial=731)
    vacancy = make_vacancy(engine, employer, title="电子厂普工（包吃住）", description="长白班，每月10日发工资。")
    register(engine, Vault.from_secret(TEST_SECRET), SEEKER_N)
    return {"vacancy": vacancy}


@pytest.fixture(scope="module")
def shots(artifacts_dir: Path) -> Path:
    folder = artifacts_dir / "taps"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


@pytest.fixture(scope="module")
def summary(shots: Path):
    """Per screen: the smallest target, and the largest one still under 44 px (printed and saved)."""
    lines: list[str] = []
    yield lines
    text = "\n".join(lines) + "\n"
    (shots / "summary.txt").write_text(text, encoding="utf-8")
    print(f"\ntap targets ({shots / 'summary.txt'}):\n{text}")


def full_screenshot(page: Page, path: Path) -> None:
    """The whole page: Streamlit scrolls inside its <main>, so grow the viewport to the content."""
    size = page.viewport_size
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]');"
        " return Math.ceil(m ? m.scrollHeight : document.documentElement.scrollHeight); }")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    try:
        page.wait_for_timeout(250)
        page.screenshot(path=path)
    finally:
        page.set_viewport_size(size)


def describe(found: list[Target]) -> str:
    small = [t for t in found if t.height < MIN_HEIGHT]
    smallest = min(found, key=lambda t: t.height)
    largest_under = max(small, key=lambda t: t.height).describe() if small else "none"
    return f"{len(found)} targets, smallest {smallest.describe()}; largest under {MIN_HEIGHT} px: {largest_under}"


# --- the test ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("screen", "viewport"), CASES)
def test_tap_targets(screen: Screen, viewport: Viewport, portal_server: PortalServer, browser, seeded, shots,
                     summary) -> None:
    context = browser.new_context(
        viewport={"width": viewport.width, "height": viewport.height}, device_scale_factor=2,
        is_mobile=viewport.mobile, has_touch=viewport.mobile, locale="zh-CN", timezone_id="Asia/Shanghai",
        reduced_motion="reduce")
    context.set_default_timeout(UI_TIMEOUT_MS)
    try:
        page = context.new_page()
        portal_server.open(page, screen.path.format(**seeded))
        if screen.act is not None:
            screen.act(page)
        page.wait_for_timeout(300)  # let the layout settle (fonts, images)
        name = f"{viewport.name}-{screen.name}"
        page.screenshot(path=shots / f"{name}-first-screen.png")
        full_screenshot(page, shots / f"{name}.png")

        found = tap_targets(page)
        assert found, f"{name}: no tap target found at all"
        summary.append(f"{name}: {describe(found)}")
        overflow = horizontal_overflow(page)
        bad = offenders(found)
        report = "\n".join(f"  {t.describe()}: {', '.join(problems)}" for t, problems in bad)
        assert not bad, f"{name}: {len(bad)} tap targets too small:\n{report}"
        assert overflow == 0, f"{name}: the page scrolls sideways by {overflow} px"
    finally:
        context.close()


def test_home_has_big_buttons(portal_server: PortalServer, browser, seeded) -> None:
    """The home page's three actions: at least 56 px high and the full width of a phone's column."""
    context = browser.new_context(viewport={"width": PHONE.width, "height": PHONE.height}, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    try:
        page = context.new_page()
        portal_server.open(page, "/")
        links = page.locator(".st-key-home_buttons a")
        expect(links).to_have_count(3)
        column = page.locator(".st-key-home_buttons").bounding_box()
        for n in range(3):
            box = links.nth(n).bounding_box()
            assert box["height"] >= 56, f"home button {n}: {box}"
            assert box["width"] >= column["width"] - 1, f"home button {n} is not full width: {box}"
        hrefs = [links.nth(n).get_attribute("href") for n in range(3)]
        assert [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs] == ["register", "ticket", "jobs"]
        switch = page.locator(".st-key-lang_switch button")
        for n in range(switch.count()):
            assert switch.nth(n).bounding_box()["height"] >= 48
    finally:
        context.close()
