"""The households page in a real browser at 1366×768 on the demo's households: the figures, the list with
overdue plans first, a plan recorded for a household without one (a missing field refused beside it first).
Screenshots: households-1366.png (the first screen), households-plan.png (after saving)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from models import HouseholdPlan
from services.accounts.staff import create_user
from services.cli.demo import generate_demo
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import make_engine, migrate, unit_of_work
from services.core.settings import ROOT
from services.places.county import load_county
from tests.browser.conftest import serve_app, settled
from tests.browser.test_downloads_browser import PASSWORD, _sign_in
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.browser


def test_the_households_page_at_1366(browser, artifacts_dir, tmp_path) -> None:
    database_url = f"sqlite:///{tmp_path / 'households.db'}"
    engine = make_engine(database_url)
    migrate(engine)
    generate_demo(engine, Vault.from_secret(TEST_SECRET), load_county(ROOT / "config" / "county.toml"),
                  seekers=400, seed=7, fairs=2, today=local_today(), now=datetime.now(UTC), out=None)
    with serve_app(database_url, tmp_path, artifacts_dir, "households") as server:
        create_user(server.engine, username="hh_org", display_name="王主任", role="organizer", password=PASSWORD)
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",
                                      timezone_id="Asia/Shanghai")
        page = context.new_page()
        _sign_in(server, page, "hh_org")
        server.open(page, "/households?lang=en")
        expect(page.get_by_role("heading", name="Households")).to_be_visible()
        settled(page)
        for label in ("Zero-employment households", "Need a plan", "Without a plan", "Plans overdue"):
            expect(page.get_by_test_id("stMetricLabel").filter(has_text=label)).to_be_visible()
        page.screenshot(path=artifacts_dir / "households-1366.png")
        page.locator(".st-key-hh_kind button").filter(has_text="Without a plan").click()
        page.wait_for_timeout(1000)  # the rerun has started
        settled(page)
        page.get_by_label("Next step").fill("推荐到东莞华丰电子厂面试")
        page.get_by_role("button", name="Save the plan").click()
        page.wait_for_timeout(1000)
        settled(page)
        page.screenshot(path=artifacts_dir / "households-refused.png", full_page=True)
        expect(page.get_by_text("Please name the responsible cadre.")).to_be_visible()
        expect(page.get_by_label("Next step")).to_have_value("推荐到东莞华丰电子厂面试")  # kept
        page.get_by_label("Responsible cadre (a name)").fill("驻村第一书记 杨明")
        page.get_by_label("By whom").fill("村委会")
        page.get_by_role("button", name="Save the plan").click()
        page.wait_for_timeout(1000)
        settled(page)
        expect(page.get_by_text("is saved.", exact=False)).to_be_visible()
        page.screenshot(path=artifacts_dir / "households-plan.png", full_page=True)
        with unit_of_work(server.engine, write=False) as s:
            saved = s.exec(select(HouseholdPlan).where(HouseholdPlan.next_step == "推荐到东莞华丰电子厂面试")).one()
            assert (saved.cadre_name, saved.by_whom, saved.status) == ("驻村第一书记 杨明", "村委会", "open")
        context.close()
