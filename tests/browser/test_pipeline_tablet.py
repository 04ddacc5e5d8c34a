"""The pipeline on a 1024x768 tablet: it opens on the first stage that has people, and its tables fit the
screen: no sideways scrolling inside a table, every column header inside the table's box."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from components.auth import COOKIE_NAME
from services.accounts.staff import create_user
from services.core.crypto import Vault
from services.recruiting.pipeline import record_stage
from tests.browser.conftest import settled
from tests.browser.test_booth_browser import PASSWORD, sign_in
from tests.conftest import TEST_SECRET
from tests.factories import make_employer, make_vacancy, register

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-scanner")

# per table: its scroller's widths and every column's box (glide-data-grid draws on a canvas; its
# accessible table lists the header cells)
_TABLES = """() => [...document.querySelectorAll('[data-testid=stTable], [data-testid=stDataFrame]')].map(df => {
  const scroller = df.querySelector('.dvn-scroller') || df.querySelector('table')?.parentElement;
  const box = df.getBoundingClientRect();
  const heads = [...df.querySelectorAll('thead th, [role=columnheader]')].map(h => h.innerText.trim());
  return {scrollWidth: scroller ? scroller.scrollWidth : null, clientWidth: scroller ? scroller.clientWidth : null,
          left: box.left, right: box.right, heads};
})"""


def test_pipeline_fits_a_tablet(portal_server, browser, artifacts_dir) -> None:
    SHOTS.mkdir(exist_ok=True)
    engine, vault = portal_server.engine, Vault.from_secret(TEST_SECRET)
    employer = make_employer(engine, name="东莞市华丰电子有限公司", serial=4421)
    vacancy = make_vacancy(engine, employer, title="电子厂普工")
    user = create_user(engine, username="pipe1", display_name="招聘专员 小吴", role="recruiter", password=PASSWORD,
                       employer_id=employer).id
    t0 = datetime.now(UTC) - timedelta(hours=3)
    kw = dict(employer_id=employer, user_id=user, vacancy_id=vacancy)
    for n, name in enumerate(("杨春梅", "罗光明", "欧阳建华")):
        seeker = register(engine, vault, 951 + n, name=name).seeker_id
        record_stage(engine, seeker_id=seeker, stage="interviewed", note="会开叉车，下周一可以来面试，住在城关镇东门村",
                     now=t0 + timedelta(minutes=n), **kw)
    context = browser.new_context(viewport={"width": 1024, "height": 768}, has_touch=True, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    try:
        portal_server.open(page, "/pipeline")
        sign_in(page, "pipe1")
        page.wait_for_function(f"() => document.cookie.includes('{COOKIE_NAME}=')")  # set by a component, later
        portal_server.open(page, "/pipeline")
        expect(page.get_by_role("heading", name="招聘进度")).to_be_visible()
        settled(page)
        # nobody is "interested": the page opens on "interviewed"
        expect(page.get_by_role("radio", name="已面试 (3)")).to_be_checked()
        expect(page.locator("[data-testid=stDataFrame] canvas").first).to_be_visible()
        page.wait_for_timeout(1000)  # the tables paint on a canvas after the run settles
        page.screenshot(path=SHOTS / "pipeline-tablet.png", full_page=True)
        tables = page.evaluate(_TABLES)
        print(tables)
        assert len(tables) >= 2
        for table in tables:
            assert table["scrollWidth"] <= table["clientWidth"] + 1, table  # no sideways scrolling
            assert table["right"] <= 1024
        # the accessible table lists the header cells drawn: all of them, none scrolled out of view
        assert [len(t["heads"]) for t in tables[:2]] == [10, 4], tables
    finally:
        context.close()
