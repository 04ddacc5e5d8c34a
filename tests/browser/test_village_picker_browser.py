"""The village picker in a real browser at phone size: type initials, Enter, tap a village; a place
not in the list; the language switch keeps everything; tap targets measured (48 px pills)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from services.core.reference import OTHER
from tests.browser.conftest import PortalServer, _require_chromium, serve_app, settled

pytestmark = pytest.mark.browser

DEMO = Path(__file__).with_name("village_picker_demo.py")


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[PortalServer]:
    _require_chromium()
    data_dir = tmp_path_factory.mktemp("village")
    with serve_app(f"sqlite:///{data_dir / 'unused.db'}", data_dir, artifacts_dir, "village",
                   script=str(DEMO)) as server:
        yield server


def chosen_text(page: Page):
    return page.get_by_text("chosen=", exact=False)


def expect_chosen(page: Page, text: str) -> None:
    """The demo's "chosen=…" line says `text` (during a rerun the line of the run before may still show
    beside the new one: wait for the new one, whichever place it has)."""
    expect(page.get_by_text(text, exact=False).first).to_be_visible()
    expect(chosen_text(page)).to_have_count(1)


def pills(page: Page):
    return page.locator(".st-key-reg_village_pick button")


def search(page: Page, text: str, *, enter: bool = True) -> None:
    box = page.locator(".st-key-reg_village_query input")
    box.fill(text)
    if enter:
        box.press("Enter")
    else:
        page.locator(".st-key-reg_name input").click()  # leaving the box commits it too
    settled(page)


def test_initials_tap_and_language_switch(page: Page, demo_server: PortalServer) -> None:
    page.goto(demo_server.url("/"), wait_until="domcontentloaded")
    expect(pills(page).first).to_be_visible()
    settled(page)
    expect(pills(page)).to_have_count(7)  # 城关镇's six villages and "not in the list"
    page.locator(".st-key-reg_name input").fill("王秀兰")
    search(page, "yj")
    expect(pills(page)).to_have_count(2)
    pills(page).filter(has_text="岩脚村（大河乡）").click()
    settled(page)
    expect_chosen(page, "chosen=大河乡/岩脚村")
    heights = pills(page).evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert min(heights) >= 48, heights
    box = page.locator(".st-key-reg_village_query input").bounding_box()
    assert box and box["height"] >= 44, box

    page.get_by_role("radio", name="English").click()
    settled(page)
    expect(pills(page).filter(has_text="Yanjiao 岩脚村 (Dahe Township)")).to_be_visible()
    expect_chosen(page, "chosen=大河乡/岩脚村")
    expect(page.locator(".st-key-reg_village_query input")).to_have_value("yj")
    expect(page.locator(".st-key-reg_name input")).to_have_value("王秀兰")


def test_a_place_not_listed(page: Page, demo_server: PortalServer) -> None:
    page.goto(demo_server.url("/"), wait_until="domcontentloaded")
    expect(pills(page).first).to_be_visible()
    settled(page)
    search(page, "老鹰岩", enter=False)
    expect(pills(page)).to_have_count(1)
    pills(page).filter(has_text="老鹰岩").click()
    settled(page)
    expect_chosen(page, f"chosen={OTHER} other=老鹰岩")
    search(page, "yanjiao")  # the name in full: chosen at once, no tap
    expect_chosen(page, "chosen=大河乡/岩脚村 other=")
    expect(page.get_by_text("✓")).to_contain_text("岩脚村（大河乡）")
