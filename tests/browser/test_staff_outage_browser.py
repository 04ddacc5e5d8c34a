"""A staff page in a database outage, in a real browser on a real server: the registration desk on a tablet
(1024x768, Chinese) while its PostgreSQL is stopped and started again (`pg_ctl stop -m fast`, the same
stoppable server as tests/browser/test_outage_browser.py, which stops the public registration).

The desk worker has typed a person's details and pressed "next"; the database stops; "Confirm and register"
→ the translated "briefly unavailable" message (also as a pop-up), no error box, still signed in; the server
starts → the page carries on by itself (no reload, no tap) and asks for the button again; every typed value
is still in its field; confirm → the ticket, exactly one person saved. Screenshots in tests/artifacts
(staff-outage-*.png)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func
from sqlmodel import Session, select

from models import Seeker
from services.accounts.staff import create_user
from services.core.validation import make_resident_id
from tests.browser.conftest import PortalServer, expect_one_value, serve_app, settled
from tests.browser.test_outage_browser import BACK, MESSAGE, RECOVERY_TIMEOUT_MS, StoppablePostgres, _no_error_box
from tests.browser.test_outage_browser import database as database  # the fixtures, used by name
from tests.browser.test_outage_browser import postgres as postgres

pytestmark = pytest.mark.browser
PASSWORD = "county desk passphrase 2026"
NUMBER = make_resident_id("530627", date(1958, 3, 2), 61, "F")
TYPED = {"desk_reg_name": "杨阿婆", "desk_reg_id_number": NUMBER, "desk_reg_phone": "13900006161"}


@pytest.fixture(scope="module")
def desk_server(database: str, tmp_path_factory: pytest.TempPathFactory,
                artifacts_dir: Path) -> Iterator[PortalServer]:
    with serve_app(database, tmp_path_factory.mktemp("staff-outage"), artifacts_dir,
                   "streamlit-staff-outage") as server:
        yield server


def _field(page: Page, key: str):
    field = page.locator(f".st-key-{key} input")
    expect(field).to_have_count(1)  # a rerun under load may briefly keep the old copy beside the new one
    return field


def _seekers(server: PortalServer) -> int:
    with Session(server.engine) as session:
        return session.exec(select(func.count()).select_from(Seeker)).one()


def _notice(page: Page):
    return page.locator("[data-testid=stAlert]").filter(has_text=MESSAGE)


def test_desk_confirm_while_postgres_is_stopped(browser, desk_server: PortalServer, postgres: StoppablePostgres,
                                                artifacts_dir: Path) -> None:
    server = desk_server
    create_user(server.engine, username="deskout", display_name="安置点 李老师", role="desk", password=PASSWORD)
    context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    try:
        server.open(page, "/desk")
        page.get_by_label("用户名").fill("deskout")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(_field(page, "desk_reg_village_query")).to_be_visible()
        settled(page)
        page.wait_for_timeout(500)  # the sign-in cookie's rerun may draw the form once more
        settled(page)
        for key, value in TYPED.items():
            _field(page, key).fill(value)
        _field(page, "desk_reg_village_query").fill("东门村")
        _field(page, "desk_reg_village_query").press("Enter")
        settled(page)
        page.locator(".st-key-desk_reg_consent label").click()
        page.locator(".st-key-desk_reg_next button").click()
        expect(page.locator(".st-key-desk_reg_confirm button")).to_be_visible()
        settled(page)

        postgres.pause()
        try:
            page.locator(".st-key-desk_reg_confirm button").click()
            expect(_notice(page)).to_be_visible()
            expect(page.locator("[data-testid=stToast]").filter(has_text=MESSAGE)).to_be_visible()
            settled(page)
            _no_error_box(page)
            expect(page.get_by_role("button", name="登录")).to_have_count(0)  # an outage is not a sign-out
            page.screenshot(path=artifacts_dir / "staff-outage-01-confirm-while-down.png", full_page=True)
        finally:
            postgres.resume_if_stopped()

        # No reload, no tap: the page finds the database again by itself and asks for the button again.
        expect(_notice(page)).to_have_count(0, timeout=RECOVERY_TIMEOUT_MS)
        expect(page.locator("[data-testid=stAlert]").filter(has_text=BACK)).to_have_count(1)
        expect(page.locator(".st-key-desk_reg_confirm button")).to_be_visible()
        settled(page)
        _no_error_box(page)
        body = page.locator("body").inner_text()
        assert "杨阿婆" in body, body  # the confirmation step, as it was
        page.screenshot(path=artifacts_dir / "staff-outage-02-recovered.png", full_page=True)
        assert _seekers(server) == 0

        page.locator(".st-key-desk_reg_back button").click()  # the form behind it: every value kept
        for key, value in TYPED.items():
            expect_one_value(page, f".st-key-{key} input", value)
        settled(page)
        page.locator(".st-key-desk_reg_next button").click()
        expect(page.locator(".st-key-desk_reg_confirm button")).to_be_visible()
        settled(page)
        page.locator(".st-key-desk_reg_confirm button").click()
        expect(page.locator(".st-key-desk_reg_next_person button")).to_be_visible()
        settled(page)
        _no_error_box(page)
        page.screenshot(path=artifacts_dir / "staff-outage-03-ticket.png", full_page=True)
        assert _seekers(server) == 1
    finally:
        context.close()



def test_fair_form_while_postgres_is_stopped(browser, desk_server: PortalServer, postgres: StoppablePostgres,
                                             artifacts_dir: Path) -> None:
    """An organizer's form whose fields are plain keyed widgets: typed, the database stops, "Create job fair"
    → the message; back → the same fields show what was typed; pressed again → created."""
    from models import Fair

    server = desk_server
    create_user(server.engine, username="orgout", display_name="县人社局 张科长", role="organizer",
                password=PASSWORD)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    try:
        server.open(page, "/fairs")
        page.get_by_label("用户名").fill("orgout")
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(_field(page, "fair_name")).to_be_visible()
        settled(page)
        page.wait_for_timeout(500)
        settled(page)
        _field(page, "fair_name").fill("2026年春风行动招聘会")
        _field(page, "fair_code").fill("OUT26")
        _field(page, "fair_venue").fill("县体育馆")
        postgres.pause()
        try:
            page.get_by_role("button", name="创建招聘会").click()
            expect(_notice(page)).to_be_visible()
            settled(page)
            _no_error_box(page)
            page.screenshot(path=artifacts_dir / "staff-outage-04-fair-while-down.png", full_page=True)
        finally:
            postgres.resume_if_stopped()
        expect(_notice(page)).to_have_count(0, timeout=RECOVERY_TIMEOUT_MS)
        settled(page)
        expect_one_value(page, ".st-key-fair_name input", "2026年春风行动招聘会")
        expect_one_value(page, ".st-key-fair_code input", "OUT26")
        expect_one_value(page, ".st-key-fair_venue input", "县体育馆")
        settled(page)
        page.screenshot(path=artifacts_dir / "staff-outage-05-fair-recovered.png", full_page=True)
        page.get_by_role("button", name="创建招聘会").click()
        settled(page)
        expect(page.locator("[data-testid=stAlert]").filter(has_text="OUT26").first).to_be_visible()
        _no_error_box(page)
        with Session(server.engine) as session:
            assert session.exec(select(Fair.code).where(Fair.code == "OUT26")).one() == "OUT26"
    finally:
        context.close()
