"""The data-repair queue in a real browser: a row an import left out (a phone with a digit missing) is listed
with its phone masked, fixed in place and registered; the person is in the database once."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from models import LeftOutRow, Seeker
from services.accounts.staff import create_user
from services.core.crypto import Vault
from services.core.db import make_engine, migrate, unit_of_work
from services.core.settings import ROOT
from services.imports.saving import import_rows
from services.places.county import load_county
from services.places.sources import Source
from tests.browser.conftest import serve_app, settled
from tests.browser.test_downloads_browser import PASSWORD, _sign_in
from tests.conftest import TEST_SECRET
from tests.factories import person_id
from tests.imports.saving_support import report, row

pytestmark = pytest.mark.browser


def test_a_left_out_row_is_fixed_in_the_browser(browser, artifacts_dir, tmp_path) -> None:
    database_url = f"sqlite:///{tmp_path / 'repairs.db'}"
    migrate(make_engine(database_url))
    with serve_app(database_url, tmp_path, artifacts_dir, "repairs") as server:
        _fix_in_browser(server, browser, artifacts_dir)


def _fix_in_browser(portal_server, browser, artifacts_dir) -> None:
    """On a server of its own: the people it registers do not change other tests' counts."""
    engine = portal_server.engine
    create_user(engine, username="repairer", display_name="王主任", role="organizer", password=PASSWORD)
    bad = row(load_county(ROOT / "config" / "county.toml"), 7, invalid=True)
    bad.raw.update(name="李四", id_number=person_id(7), phone="1391234567", township="城关镇", village="东门村")
    summary = import_rows(engine, Vault.from_secret(TEST_SECRET), report([bad]), staff_id=None, source=Source.direct())
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    _sign_in(portal_server, page, "repairer")
    portal_server.open(page, "/repairs?lang=en")
    expect(page.get_by_role("heading", name="Data repair queue")).to_be_visible()
    page.get_by_text("李四 (东门村)", exact=False).click()
    expect(page.get_by_text("139****4567", exact=False).first).to_be_visible()
    assert "1391234567" not in page.content()
    page.get_by_role("textbox", name="Mobile number").fill("13912345678")
    page.get_by_role("button", name="Check and register").click()
    settled(page)
    expect(page.get_by_text("Row 9 is registered.")).to_be_visible()
    page.screenshot(path=artifacts_dir / "repairs-fixed.png", full_page=True)
    with unit_of_work(engine, write=False) as s:
        assert s.exec(select(Seeker.name)).all() == ["李四"]
        assert [r.outcome for r in s.exec(select(LeftOutRow).where(LeftOutRow.batch_id == summary.batch_id))] == [
            "fixed"]
    context.close()
