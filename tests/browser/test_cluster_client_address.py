"""Staff and kiosks through HAProxy with PORTAL_TRUSTED_PROXIES=127.0.0.1/32 (the documented setting, which
the test cluster runs with): the address the portal records for a client — the sign-in limits, the staff
session, the kiosk's wrong PINs and its audited exit — is the one the proxy forwarded, whatever X-Forwarded-For
the browser sends itself; and staff sign in, sign out and sign in again, also after their process was killed.

The browser reaches the proxy through a relay (tests/deploy/relay.py) whose connections come from 127.0.0.23,
so the forwarded address differs from the proxy's own 127.0.0.1. Lives with the browser fixtures, like
test_cluster_browser.py (one sync Playwright per test session)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlmodel import Session, col, select

from models import AuditEvent, AuthSession, KioskPinFailure, LoginFailure, StaffUser
from scripts.cluster import Cluster
from services.accounts.staff import create_user
from services.kiosk.pins import set_site_pin
from services.places.sites import create_site
from tests.browser.conftest import UI_TIMEOUT_MS, phone_context, settled
from tests.browser.test_booth_browser import PASSWORD
from tests.browser.test_cluster_browser import RECONNECT_S, staff_sign_in
from tests.deploy.conftest import cluster as cluster  # the fixture (this file lives with the browser fixtures)
from tests.deploy.relay import Relay

pytestmark = [pytest.mark.deploy, pytest.mark.browser]
CLIENT = "127.0.0.23"  # where the browser's connections reach the proxy from
SPOOFED = "203.0.113.9"  # what the browser claims in its own X-Forwarded-For
USER = "gate7"
SITE, PIN = "XFFKIOSK", "2580"


@pytest.fixture(scope="module")
def relay(cluster: Cluster) -> Iterator[Relay]:
    create_user(cluster.engine, username=USER, display_name="门岗 老周", role="organizer", password=PASSWORD)
    create_site(cluster.engine, name="河坝易地搬迁安置点", code=SITE, township="城关镇")
    set_site_pin(cluster.engine, site_code=SITE, pin=PIN, actor="test")
    with Relay(("127.0.0.1", cluster.port), CLIENT) as r:
        yield r


def spoofing(context: BrowserContext, cluster: Cluster, relay: Relay, index: int) -> BrowserContext:
    """The context sends its own X-Forwarded-For on every request (the websocket's handshake too) and
    starts on process `index` (the proxy's SRV cookie)."""
    context.set_extra_http_headers({"X-Forwarded-For": SPOOFED})
    context.add_cookies([{"name": "SRV", "value": cluster.processes[index].name, "url": relay.url}])
    return context


def open_page(page: Page, relay: Relay, path: str) -> str:
    """Open `path` through the relay; the process that answered."""
    response = page.goto(relay.url + path, wait_until="domcontentloaded")
    assert response is not None and response.ok
    return response.headers["x-served-by"]


def sessions(cluster: Cluster) -> list[AuthSession]:
    with Session(cluster.engine) as s:
        return list(s.exec(select(AuthSession).join(StaffUser, col(StaffUser.id) == AuthSession.user_id)
                           .where(StaffUser.username == USER).order_by(col(AuthSession.created_at))))


def sign_out(page: Page) -> None:
    """Press "退出登录" (a second time if the first press was lost, like staff_sign_in's presses)."""
    form = page.get_by_role("heading", name="工作人员登录")
    for attempt in range(2):
        page.get_by_role("button", name="退出登录").click()
        try:
            expect(form).to_be_visible(timeout=30_000)
            break
        except AssertionError:
            if attempt == 1 or not page.get_by_role("button", name="退出登录").count():
                raise
    settled(page)


def test_staff_sign_in_out_and_in_again_counted_at_the_forwarded_address(cluster: Cluster, relay: Relay,
                                                                          browser) -> None:
    context = spoofing(browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                           timezone_id="Asia/Shanghai"), cluster, relay, 0)
    context.set_default_timeout(UI_TIMEOUT_MS)
    try:
        page = context.new_page()
        assert open_page(page, relay, "/account") == "app1"
        # a cold process (the first page it draws, here or after a restart) may take a while
        expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible(timeout=RECONNECT_S * 1000)
        settled(page)

        # a wrong password counts against the forwarded address: not the proxy's, not the invented one
        page.get_by_label("用户名").fill(USER)
        page.get_by_label("密码").fill("not the password")
        settled(page)
        page.get_by_role("button", name="登录").click()
        with Session(cluster.engine) as s:
            expect(page.get_by_text("用户名或密码不正确。")).to_be_visible(timeout=30_000)
            failures = s.exec(select(LoginFailure.ip_address).where(LoginFailure.username == USER)).all()
        assert failures == [CLIENT]

        staff_sign_in(page, USER)
        first = sessions(cluster)
        assert first and {row.ip_address for row in first} == {CLIENT}

        sign_out(page)
        assert sessions(cluster)[-1].revoked_at is not None  # ended on the server
        staff_sign_in(page, USER)  # the second sign-in, on the same page
        after = sessions(cluster)[len(first):]
        assert after and {row.ip_address for row in after} == {CLIENT} and after[-1].revoked_at is None

        # the process dies under them: the next page load goes to the other, still signed in (the cookie
        # names a live session in the shared database), and signing out and in again works there
        cluster.kill(0)
        page.reload(wait_until="domcontentloaded")
        expect(page.get_by_text("当前用户：", exact=False)).to_be_visible(timeout=RECONNECT_S * 1000)
        settled(page)
        assert open_page(page, relay, "/account") == "app2"
        expect(page.get_by_text("当前用户：", exact=False)).to_be_visible(timeout=RECONNECT_S * 1000)
        settled(page)
        sign_out(page)
        before_last = len(sessions(cluster))
        staff_sign_in(page, USER)
        last = sessions(cluster)[before_last:]
        # (a press staff_sign_in repeats may sign in twice: every session counts, all at the same address)
        assert last and {row.ip_address for row in last} == {CLIENT} and last[-1].revoked_at is None
        page.reload(wait_until="domcontentloaded")  # the cookie of this last sign-in keeps it
        expect(page.get_by_text("当前用户：", exact=False)).to_be_visible(timeout=RECONNECT_S * 1000)
    finally:
        context.close()
        cluster.restart(0)


def test_kiosk_pins_and_the_audited_exit_name_the_forwarded_address(cluster: Cluster, relay: Relay,
                                                                    browser) -> None:
    context = spoofing(phone_context(browser), cluster, relay, 1)
    try:
        page = context.new_page()
        open_page(page, relay, f"/kiosk?site={SITE}")
        settled(page)
        page.locator(".st-key-kiosk_exit_open_button button").click()
        pin = page.locator(".st-key-kiosk_exit_pin input")
        expect(pin).to_be_visible()
        pin.fill("1397")
        page.locator(".st-key-kiosk_exit_go button").click()
        expect(page.get_by_text("密码不对。还可以再试 4 次。")).to_be_visible()
        settled(page)
        with Session(cluster.engine) as s:
            assert s.exec(select(KioskPinFailure.ip_address)).all() == [CLIENT]
        page.locator(".st-key-kiosk_exit_pin input").fill(PIN)
        page.locator(".st-key-kiosk_exit_go button").click()
        page.wait_for_url(lambda url: "/kiosk" not in url, timeout=30_000)
        with Session(cluster.engine) as s:
            [exit_event] = s.exec(select(AuditEvent).where(AuditEvent.action == "kiosk_exit")).all()
        assert exit_event.detail["ip"] == CLIENT and exit_event.detail["site"] == SITE
    finally:
        context.close()
