"""The attendance tap list on a tablet (1024×768, touch), in Chinese: one large button per person (≥ 44 px high,
measured), a tap records the person and marks the button ✓. Screenshots: training-tap-list.png (before),
training-tap-list-marked.png (after two taps)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from models.training import Attendance
from services.accounts.staff import create_user
from services.core.crypto import Vault
from services.core.db import make_engine, migrate, unit_of_work
from services.training.enrolment import enrol
from tests.browser.conftest import serve_app, settled
from tests.browser.test_downloads_browser import PASSWORD, _sign_in
from tests.conftest import TEST_SECRET
from tests.training.support import course, people

pytestmark = pytest.mark.browser


def test_the_tap_list_on_a_tablet(browser, artifacts_dir, tmp_path) -> None:
    database_url = f"sqlite:///{tmp_path / 'training.db'}"
    engine = make_engine(database_url)
    migrate(engine)
    with serve_app(database_url, tmp_path, artifacts_dir, "training") as server:
        org = create_user(server.engine, username="tr_org", display_name="王主任", role="organizer",
                          password=PASSWORD)
        course_id = course(engine, org.id, sessions=2, title="缝纫工技能培训", capacity="20")
        for seeker in people(engine, Vault.from_secret(TEST_SECRET), 9):
            enrol(engine, course_id=course_id, seeker_id=seeker, channel="desk", by=org.id)
        context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN",
                                      timezone_id="Asia/Shanghai", has_touch=True, is_mobile=False)
        page = context.new_page()
        _sign_in(server, page, "tr_org")
        server.open(page, "/training")
        expect(page.get_by_role("heading", name="职业培训")).to_be_visible()
        settled(page)
        page.locator(f".st-key-training_open_{course_id} button").click()
        expect(page.get_by_role("heading", name="缝纫工技能培训")).to_be_visible(timeout=60_000)
        settled(page)
        buttons = page.locator(".st-key-training_tap button")
        expect(buttons).to_have_count(9)
        heights = [buttons.nth(i).bounding_box()["height"] for i in range(9)]
        widths = [buttons.nth(i).bounding_box()["width"] for i in range(9)]
        assert min(heights) >= 44 and min(widths) >= 120, (heights, widths)
        page.screenshot(path=artifacts_dir / "training-tap-list.png", full_page=True)
        for n in (0, 4):
            buttons.nth(n).tap()
            page.wait_for_timeout(800)  # the rerun has started
            settled(page)
        expect(page.locator(".st-key-training_tap button").filter(has_text="✓")).to_have_count(2, timeout=60_000)
        expect(page.get_by_text("已到 2/9 人")).to_be_visible()
        page.screenshot(path=artifacts_dir / "training-tap-list-marked.png", full_page=True)
        with unit_of_work(engine, write=False) as s:
            rows = s.exec(select(Attendance)).all()
        assert len(rows) == 2 and {r.method for r in rows} == {"tap"}
        context.close()
    engine.dispose()
