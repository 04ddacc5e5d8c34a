"""A recruiter signed in in a real browser, whose company the bureau suspends, is told why on the next page
load (found by the sign-in cookie)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from components.auth import COOKIE_NAME
from services.accounts.staff import create_user
from services.recruiting.employers import suspend_employer
from tests.browser.conftest import UI_TIMEOUT_MS, settled
from tests.factories import make_employer

pytestmark = pytest.mark.browser
PASSWORD = "county fair passphrase 2026"
NOTE = "拖欠工资，暂停参会"


def test_a_suspended_company_s_recruiter_is_told_why(portal_server, browser, artifacts_dir) -> None:
    engine = portal_server.engine
    company = make_employer(engine, name="东莞市停用电子有限公司", serial=9090)
    create_user(engine, username="suspendme", display_name="招聘专员 小周", role="recruiter", password=PASSWORD,
                employer_id=company)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    portal_server.open(page, "/account")
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    page.get_by_label("用户名").fill("suspendme")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("当前用户：", exact=False)).to_be_visible(timeout=UI_TIMEOUT_MS)
    settled(page)

    page.wait_for_function(f"() => document.cookie.includes('{COOKIE_NAME}=')")

    suspend_employer(engine, employer_id=company, note=NOTE, actor="boss")
    # the next page load, restored from the sign-in cookie (a tap on the open page: tests/pages/staff)
    page.goto(portal_server.url("/employer"), wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible(timeout=UI_TIMEOUT_MS)
    said = page.get_by_test_id("stAlertContentError").filter(has_text=NOTE)
    expect(said).to_be_visible(timeout=UI_TIMEOUT_MS)
    expect(said).to_contain_text("贵单位的账号已被县人社局暂停")
    page.screenshot(path=artifacts_dir / "staff-suspended-told-why.png")
    context.close()


def test_sign_in_sign_out_and_in_again_keeps_the_cookie(portal_server, browser) -> None:
    """The second sign-in in one tab writes the cookie too, so a page load keeps it. (Its writing component
    was removed by the rerun the cookie list starts after a sign-out, before it had written anything:
    signed in, but the next page load asked for the password again.)"""
    create_user(portal_server.engine, username="twice", display_name="县人社局 小何", role="organizer",
                password=PASSWORD)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    context.set_default_timeout(UI_TIMEOUT_MS)
    page = context.new_page()
    # this sign-in's cookie, not one the sign-out before left behind (the browser may still hold the ended
    # session's cookie for a moment: a page load then rightly asks for the password)
    find = f"(document.cookie.split('; ').find(c => c.startsWith('{COOKIE_NAME}=')) || '')"
    cookie_value = f"() => {find}"
    new_cookie = f"(old) => {find} !== '' && {find} !== old"
    previous = ""
    try:
        portal_server.open(page, "/account")
        for attempt in range(3):
            expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
            settled(page)
            page.get_by_label("用户名").fill("twice")
            page.get_by_label("密码").fill(PASSWORD)
            settled(page)
            press_sign_in(page)
            settled(page)
            page.wait_for_function(new_cookie, arg=previous, timeout=30_000)
            previous = page.evaluate(cookie_value)
            if attempt == 2:
                break
            page.get_by_role("button", name="退出登录").click()
            expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
            settled(page)
        page.reload(wait_until="domcontentloaded")  # the cookie names the live session: no password asked
        # (a page load restores the sign-in only when the cookie list's component has loaded and reported the
        # cookie, a second run: on a loaded CI machine that took over the usual timeout once)
        expect(page.get_by_text("当前用户：", exact=False)).to_be_visible(timeout=2 * UI_TIMEOUT_MS)
        expect(page.get_by_role("heading", name="工作人员登录")).to_have_count(0)
    finally:
        context.close()


def press_sign_in(page) -> None:
    """Press 登录 until the sidebar names the staff member: at most twice, the second only when the form is
    still there with what was typed.

    Streamlit drops the presses of a run that a rerun cuts short. Right after a sign-out, the cookie list (the
    library's cookie component) reruns the page when it sees the cookie gone; on a loaded machine that rerun
    can come after the press and cut its run short. The staff member then presses again. (The sign-out
    button does not depend on this: components/auth.py keeps its press in a callback's flag.)"""
    signed_in = page.get_by_text("当前用户：", exact=False)
    page.get_by_role("button", name="登录").click()
    try:
        expect(signed_in).to_be_visible()
        return
    except AssertionError:
        settled(page)
    if signed_in.is_visible():  # only slow
        return
    expect(page.get_by_label("用户名")).to_have_value("twice")
    expect(page.get_by_label("密码")).to_have_value(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(signed_in).to_be_visible()
