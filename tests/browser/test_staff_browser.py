"""Staff in a real browser: sign in, a copied sign-in cookie, and sign-out that ends it on the server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from components.auth import COOKIE_NAME
from services.accounts import create_user
from tests.browser.conftest import settled

pytestmark = pytest.mark.browser
PASSWORD = "county fair passphrase 2026"


def _desktop(browser):  # noqa: ANN001, ANN202
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    return context, context.new_page()


def _sign_in(portal_server, page, username: str) -> None:  # noqa: ANN001
    portal_server.open(page, "/account")
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("当前用户：", exact=False)).to_be_visible()
    settled(page)


def test_copied_cookie_is_refused_after_sign_out(portal_server, browser, artifacts_dir) -> None:  # noqa: ANN001
    create_user(portal_server.engine, username="chief", display_name="王科长", role="organizer", password=PASSWORD)
    context, page = _desktop(browser)
    _sign_in(portal_server, page, "chief")
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE_NAME}=')")
    page.screenshot(path=artifacts_dir / "staff-signed-in.png")
    cookies = [c for c in context.cookies() if c["name"] == COOKIE_NAME]
    assert cookies, "the sign-in cookie was not set"

    # the same cookie in another browser signs in without the password while the session lives
    thief, thief_page = _desktop(browser)
    thief.add_cookies(cookies)
    thief_page.goto(portal_server.url("/account"))
    expect(thief_page.get_by_text("当前用户：王科长")).to_be_visible()
    thief.close()

    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    settled(page)

    replay, replay_page = _desktop(browser)
    replay.add_cookies(cookies)  # the cookie copied before signing out
    replay_page.goto(portal_server.url("/account"))
    expect(replay_page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    settled(replay_page)
    expect(replay_page.get_by_text("当前用户：")).to_have_count(0)
    replay_page.screenshot(path=artifacts_dir / "staff-cookie-replay-refused.png")
    replay.close()
    context.close()
