"""Staff in a real browser: sign in, a copied sign-in cookie, and sign-out that ends it on the server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from components.auth import COOKIE_NAME
from services.accounts.staff import create_user
from tests.browser.conftest import settled

pytestmark = pytest.mark.browser
PASSWORD = "county fair passphrase 2026"


def _desktop(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    return context, context.new_page()


def _sign_in(portal_server, page, username: str) -> None:
    portal_server.open(page, "/account")
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("当前用户：", exact=False)).to_be_visible()
    settled(page)


def test_copied_cookie_is_refused_after_sign_out(portal_server, browser, artifacts_dir) -> None:
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


def _total(page) -> int:
    value = page.locator("[data-testid=stMetric]").filter(has_text="累计登记").locator("[data-testid=stMetricValue]")
    expect(value).to_have_count(1)  # drawn once: a refresh replaces it in place
    text = value.inner_text()
    return int("".join(ch for ch in text if ch.isdigit()) or 0)


def test_dashboard_shows_a_new_registration_without_reload(portal_server, browser, phones,
                                                           artifacts_dir) -> None:
    from datetime import date

    from services.core.validation import make_resident_id
    from tests.browser.test_register_browser import Villager, register

    create_user(portal_server.engine, username="watcher", display_name="李科员", role="organizer",
                password=PASSWORD)
    context, page = _desktop(browser)
    portal_server.open(page, "/dashboard")
    page.get_by_label("用户名").fill("watcher")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="实时数据看板")).to_be_visible()
    settled(page)
    before = _total(page)
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    villager = Villager(
        name="张建国", id_number=make_resident_id("530627", date(1975, 8, 2), 321, "M"), mobile="186 0000 4321",
        village_search="大河", village_option="大河村 (大河乡)", education="小学", trades=(("电焊", "电焊"),),
        answers=(("想在哪里工作？", "外出务工（去外省）"), ("能离开家外出工作吗？", "能，可以外出工作"),
                 ("愿意参加技能培训吗？", "是"), ("是否为建档立卡贫困户？", "否")),
    )
    register(phones(), portal_server, villager, expect_text="登记成功")

    expect(page.locator("[data-testid=stMetric]").filter(has_text="累计登记")
           .locator("[data-testid=stMetricValue]")).to_have_text(f"{before + 1:,}", timeout=25_000)
    assert page.evaluate("window.__sameDocument === true"), "the dashboard reloaded the page"
    page.screenshot(path=artifacts_dir / "dashboard-live.png", full_page=True)
    context.close()
