"""The database stopped in the middle of a registration, in a real browser on a real PostgreSQL.

Its own throwaway PostgreSQL server (tests/pg.py) and its own `streamlit run`, because the server is
stopped (`pg_ctl stop -m fast`) and started again during the test. At phone size, in Chinese: the form
is filled, the server stops, "next" and "confirm" are pressed → the translated "briefly unavailable"
message, everything typed still there, no error box; the server starts → the page carries on by
itself (no reload); confirm → the ticket, and exactly one seeker row. Screenshots in tests/artifacts/.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import func
from sqlmodel import Session, select

from models import CheckIn, Seeker
from services.core.db import make_engine, migrate
from services.places.sources import create_fair
from tests.browser.conftest import (
    DEEP_LINK,
    FAIR_CODE,
    FAIR_NAME,
    FAIR_TOWNSHIP,
    PortalServer,
    _require_chromium,
    serve_app,
    settled,
)
from tests.browser.test_register_browser import (
    CONFIRM,
    MOBILE,
    NAME,
    NEXT,
    WANG,
    chosen_village,
    fill_form,
    shot,
    textbox,
)
from tests.conftest import _create_database as create_database
from tests.pg import TempPostgres, find_bindir

pytestmark = pytest.mark.browser

MESSAGE = "服务暂时不可用。您填写的内容都还在，页面稍后会自动继续。"
BACK = "服务已恢复，请再按一次刚才的按钮。"
ENGLISH_MESSAGE = "The service is briefly unavailable."
RECOVERY_TIMEOUT_MS = 30_000  # the page tries every 4 s; PostgreSQL needs a moment to start


class StoppablePostgres(TempPostgres):
    """TempPostgres that can be stopped and started again with its data kept."""

    def start(self) -> str:
        url = super().start()
        self.opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        return url

    def pause(self) -> None:
        self._run(self.bindir / "pg_ctl", "-D", self.dir / "data", "-m", "fast", "-w", "stop")

    def resume_if_stopped(self) -> None:
        if not (self.dir / "data" / "postmaster.pid").exists():
            self.resume()

    def resume(self) -> None:
        self._run(self.bindir / "pg_ctl", "-D", self.dir / "data", "-o", self.opts, "-l", self.dir / "log",
                  "-w", "start")


@pytest.fixture(scope="module")
def postgres() -> Iterator[StoppablePostgres]:
    _require_chromium()
    bindir = find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the outage test, but no PostgreSQL server binary (initdb, pg_ctl) was found")
        pytest.skip("no PostgreSQL server binary (initdb, pg_ctl); apt-get install postgresql")
    server = StoppablePostgres(bindir)
    server.base_url = server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def database(postgres: StoppablePostgres) -> str:
    """A migrated database on the stoppable server, with the fair of the QR link."""
    database_url = create_database(postgres.base_url, f"portal_outage_{uuid.uuid4().hex[:8]}")
    engine = make_engine(database_url)
    migrate(engine)
    create_fair(engine, code=FAIR_CODE, name=FAIR_NAME, township=FAIR_TOWNSHIP)
    engine.dispose()
    return database_url


@pytest.fixture(scope="module")
def outage_server(database: str, tmp_path_factory: pytest.TempPathFactory,
                  artifacts_dir: Path) -> Iterator[PortalServer]:
    with serve_app(database, tmp_path_factory.mktemp("outage"), artifacts_dir, "streamlit-outage") as server:
        yield server


def _counts(server: PortalServer) -> tuple[int, int]:
    with Session(server.engine) as session:
        return (session.exec(select(func.count()).select_from(Seeker)).one(),
                session.exec(select(func.count()).select_from(CheckIn)).one())


def notice(page: Page) -> Locator:
    """The message on the page (under the language switch), not the pop-up."""
    return page.locator("[data-testid=stAlert]").filter(has_text=MESSAGE)


def _no_error_box(page: Page) -> None:
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    body = page.locator("body").inner_text()
    for leak in ("Traceback", "OperationalError", "psycopg", "sqlalchemy", "Error"):
        assert leak not in body, leak


def test_postgres_stopped_mid_form(page: Page, outage_server: PortalServer, postgres: StoppablePostgres,
                                   artifacts_dir: Path) -> None:
    server, v = outage_server, WANG
    server.open(page, DEEP_LINK)
    fill_form(page, v)
    postgres.pause()
    try:
        page.get_by_role("button", name=NEXT, exact=True).click()
        expect(page.get_by_text("请核对您的信息")).to_be_visible()  # "next" needs no database (ticket first)
        settled(page)
        page.get_by_role("button", name=CONFIRM, exact=True).click()
        settled(page)
        expect(notice(page)).to_be_visible()
        expect(page.get_by_text("请核对您的信息")).to_be_visible()  # the confirmation step, as it was
        expect(page.get_by_text(f"姓名：{v.name}")).to_be_visible()
        expect(page.get_by_text("手机号：13912345678")).to_be_visible()
        _no_error_box(page)
        # where the person is looking after the tap: the message pops up over the page
        expect(page.locator("[data-testid=stToast]").filter(has_text=MESSAGE)).to_be_visible()
        shot(page, artifacts_dir, "outage-01-confirm-while-down-as-seen")
        notice(page).scroll_into_view_if_needed()
        shot(page, artifacts_dir, "outage-01-confirm-while-down")
        shot(page, artifacts_dir, "outage-01-confirm-while-down-full", full=True)
        # back to the form: every value is still there
        page.get_by_role("button", name="返回修改", exact=True).click()
        settled(page)
        expect(textbox(page, NAME)).to_have_value(v.name)
        expect(textbox(page, MOBILE)).to_have_value(v.mobile)
        expect(chosen_village(page)).to_have_text(re.compile(re.escape(v.village_option) + "$"))
        expect(notice(page)).to_be_visible()
        shot(page, artifacts_dir, "outage-02-form-while-down")
        page.get_by_role("button", name=NEXT, exact=True).click()
        expect(page.get_by_text("请核对您的信息")).to_be_visible()
        settled(page)
        page.get_by_role("button", name=CONFIRM, exact=True).click()  # once more while down
        settled(page)
        expect(notice(page)).to_be_visible()
    finally:
        postgres.resume_if_stopped()
    # No reload, no tap: the page finds the database again by itself.
    expect(notice(page)).to_have_count(0, timeout=RECOVERY_TIMEOUT_MS)
    expect(page.locator("[data-testid=stAlert]").filter(has_text=BACK)).to_have_count(1)
    expect(page.locator("[data-testid=stToast]").filter(has_text=BACK)).to_be_visible()
    settled(page)
    _no_error_box(page)
    expect(page.get_by_text(f"姓名：{v.name}")).to_be_visible()
    shot(page, artifacts_dir, "outage-03-recovered")
    assert _counts(server) == (0, 0)
    page.get_by_role("button", name=CONFIRM, exact=True).click()
    expect(page.get_by_text("登记成功！")).to_be_visible()
    settled(page)
    _no_error_box(page)
    expect(page.locator("[data-testid=stToast]")).to_have_count(0)  # the pop-ups went by themselves
    shot(page, artifacts_dir, "outage-04-ticket")
    assert _counts(server) == (1, 1)


def test_start_up_with_postgres_stopped(page: Page, database: str, postgres: StoppablePostgres,
                                        tmp_path: Path, artifacts_dir: Path) -> None:
    """A fresh server whose first request finds PostgreSQL stopped (its migrations cannot run): the
    message, in English when asked for; PostgreSQL starts → the page carries on by itself to the form."""
    postgres.pause()
    try:
        with serve_app(database, tmp_path, artifacts_dir, "streamlit-outage-start") as server:
            server.open(page, DEEP_LINK + "&lang=en")  # the cold server's first request
            english = page.locator("[data-testid=stAlert]").filter(has_text=ENGLISH_MESSAGE)
            expect(english).to_be_visible()
            _no_error_box(page)
            shot(page, artifacts_dir, "outage-05-start-up-while-down")
            postgres.resume()
            expect(english).to_have_count(0, timeout=RECOVERY_TIMEOUT_MS)
            expect(page.get_by_role("heading", name="Job seeker registration")).to_be_visible()
            expect(page.get_by_text(FAIR_NAME, exact=True)).to_be_visible()
            expect(textbox(page, "Name (as on your ID card)")).to_be_visible()
            settled(page)
            _no_error_box(page)
            shot(page, artifacts_dir, "outage-06-start-up-recovered")
    finally:
        postgres.resume_if_stopped()
