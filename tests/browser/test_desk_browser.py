"""The staff desk in a real browser on a laptop (1366x768) and a tablet (1024x768): the person's details
and the village side by side, nothing wider than the screen, a registration through to the ticket, and
"Next person" leaving empty fields. Screenshots in tests/artifacts (desk-*.png)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from services.accounts.staff import create_user
from services.core.validation import make_resident_id
from tests.browser.conftest import settled

pytestmark = pytest.mark.browser
PASSWORD = "county desk passphrase 2026"


def _field(page, key: str):
    return page.locator(f".st-key-{key} input")


@pytest.mark.parametrize("width, height, n", [(1366, 768, 1), (1024, 768, 2)])
def test_desk_layout_and_a_registration(portal_server, browser, artifacts_dir, width, height, n) -> None:
    from datetime import date

    username = f"desk{n}"
    create_user(portal_server.engine, username=username, display_name="安置点 李老师", role="desk",
                password=PASSWORD)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    portal_server.open(page, "/desk")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(_field(page, "desk_reg_name")).to_be_visible()
    expect(_field(page, "desk_reg_village_query")).to_be_visible()
    settled(page)

    page.screenshot(path=artifacts_dir / f"desk-form-{width}.png")
    for _attempt in range(40):  # the sign-in's rerun may redraw the form once more
        name = _field(page, "desk_reg_name").bounding_box()
        village = _field(page, "desk_reg_village_query").bounding_box()
        if name and village:
            break
        page.wait_for_timeout(250)
    assert name and village
    assert village["x"] >= name["x"] + name["width"], (name, village)  # two columns
    assert abs(village["y"] - name["y"]) < 80, (name, village)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    _field(page, "desk_reg_name").fill("杨阿婆")
    _field(page, "desk_reg_id_number").fill(make_resident_id("530627", date(1958, 3, 2), 40 + n, "F"))
    _field(page, "desk_reg_phone").fill(f"1390000{n:04d}")
    _field(page, "desk_reg_village_query").fill("东门村")
    _field(page, "desk_reg_village_query").press("Enter")
    settled(page)
    page.locator(".st-key-desk_reg_consent label").click()
    page.locator(".st-key-desk_reg_next button").click()
    settled(page)
    page.locator(".st-key-desk_reg_confirm button").click()
    expect(page.locator(".st-key-desk_reg_next_person button")).to_be_visible()
    settled(page)
    page.screenshot(path=artifacts_dir / f"desk-ticket-{width}.png", full_page=True)

    page.locator(".st-key-desk_reg_next_person button").click()
    expect(_field(page, "desk_reg_name")).to_have_value("")
    settled(page)
    assert "杨阿婆" not in page.locator("body").inner_text()
    context.close()
