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


def _sign_in(portal_server, page, username: str) -> None:
    portal_server.open(page, "/desk")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("当前用户：", exact=False)).to_be_visible()
    expect(_field(page, "desk_reg_village_query")).to_be_visible()
    settled(page)
    page.wait_for_timeout(500)  # the sign-in cookie's rerun may draw the form once more
    settled(page)


@pytest.mark.parametrize("width, height, n", [(1366, 768, 1), (1024, 768, 2)])
def test_desk_layout_and_a_registration(portal_server, browser, artifacts_dir, width, height, n) -> None:
    from datetime import date

    username = f"desk{n}"
    create_user(portal_server.engine, username=username, display_name="安置点 李老师", role="desk",
                password=PASSWORD)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    _sign_in(portal_server, page, username)

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


def test_desk_mobile_change_and_profile_on_a_tablet(portal_server, browser, artifacts_dir) -> None:
    """An ID number registered with another mobile: the claim screen, the ID-card tick and the reason, the
    ticket; then the same person's missing answers. Prints how long confirm -> ticket and the change took."""
    import time
    from datetime import date

    from services.core.crypto import Vault
    from services.places.county import load_county
    from services.places.sources import Source
    from services.registration.register import register_seeker, validate_identity
    from tests.browser.conftest import ROOT
    from tests.conftest import TEST_SECRET
    from tests.factories import form

    number = make_resident_id("530627", date(1961, 8, 9), 77, "M")
    draft = validate_identity(form(name="罗老伯", id_number=number, phone="13911112222"),
                              county=load_county(ROOT / "config" / "county.toml"))
    owner = register_seeker(portal_server.engine, Vault.from_secret(TEST_SECRET), draft, source=Source.direct(),
                            submission_id="desk-browser-owner")
    create_user(portal_server.engine, username="desk3", display_name="招聘会 王老师", role="desk", password=PASSWORD)
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    _sign_in(portal_server, page, "desk3")
    _field(page, "desk_reg_name").fill("罗老伯")
    _field(page, "desk_reg_id_number").fill(number)
    _field(page, "desk_reg_phone").fill("18622223333")
    _field(page, "desk_reg_village_query").fill("东门村")
    _field(page, "desk_reg_village_query").press("Enter")
    settled(page)
    page.locator(".st-key-desk_reg_consent label").click()
    page.locator(".st-key-desk_reg_next button").click()
    settled(page)
    page.screenshot(path=artifacts_dir / "desk-confirm-1024.png", full_page=True)
    started = time.perf_counter()
    page.locator(".st-key-desk_reg_confirm button").click()
    expect(page.locator(".st-key-desk_reg_cl_change_go button")).to_be_visible()
    settled(page)
    claim_seconds = time.perf_counter() - started
    assert "139****2222" in page.locator("body").inner_text()
    page.screenshot(path=artifacts_dir / "desk-claim-1024.png", full_page=True)
    page.locator(".st-key-desk_reg_cl_id_card label").click()
    _field(page, "desk_reg_cl_reason").fill("旧手机坏了")
    started = time.perf_counter()
    page.locator(".st-key-desk_reg_cl_change_go button").click()
    expect(page.locator(".st-key-desk_reg_next_person button")).to_be_visible()
    settled(page)
    change_seconds = time.perf_counter() - started
    # the slip (a front-end component) draws the code once its script has run
    expect(page.locator("body")).to_contain_text(owner.ticket_code[:4])
    assert "186****3333" in page.locator("body").inner_text()
    page.screenshot(path=artifacts_dir / "desk-changed-1024.png", full_page=True)

    page.locator(".st-key-desk_reg_next_person button").click()
    expect(_field(page, "desk_reg_name")).to_have_value("")
    page.locator(".st-key-desk_task button").filter(has_text="补全").click()
    expect(_field(page, "desk_pf_query")).to_be_visible()
    _field(page, "desk_pf_query").fill(owner.ticket_code)
    page.locator(".st-key-desk_pf_find button").click()
    expect(page.locator(".st-key-desk_pf_next_person button")).to_be_visible()
    settled(page)
    page.screenshot(path=artifacts_dir / "desk-profile-1024.png", full_page=True)
    print(f"\ndesk: confirm -> claim screen {claim_seconds:.2f} s, mobile change -> ticket {change_seconds:.2f} s")
    context.close()
