"""Enrolling on a training course from the ticket page on a phone (390x844, Chinese, Chromium): the ticket found
with the mobile and the ID number's last 4, the course card under it, 报名 (its tap target measured), the
confirmation, 已报名, cancel. No Latin word on the page. Screenshots in tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect
from sqlmodel import Session, select

from models import Enrolment
from services.core.crypto import Vault
from tests.browser.conftest import PortalServer, settled
from tests.browser.latin import latin_words
from tests.browser.taps import MIN_MAIN, tap_targets
from tests.conftest import TEST_SECRET
from tests.factories import person_id, register
from tests.training.offer_support import make_course

N = 861  # this test's person (tests share the server)
TITLE = "大河乡外出务工常识班"


def _button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def test_enrol_from_the_ticket_page_on_a_phone(page, portal_server: PortalServer, artifacts_dir: Path) -> None:
    engine = portal_server.engine
    # 大河乡: the other browser tests' people live in 城关镇, so their ticket pages stay as they were
    register(engine, Vault.from_secret(TEST_SECRET), N, township="大河乡", village="大河村", name="罗春花")
    course_id = make_course(engine, title=TITLE, township="大河乡", address="乡政府二楼会议室", capacity=40,
                            start_in=5)
    portal_server.open(page, "/ticket")
    page.get_by_role("textbox", name="手机号", exact=True).fill(f"139{N:08d}")
    page.get_by_role("textbox", name="身份证号后4位", exact=True).fill(person_id(N)[-4:])
    _button(page, "找回我的二维码").click()
    card = page.locator(f".st-key-co_offer_{course_id}")
    expect(card).to_contain_text(TITLE)
    expect(card).to_contain_text("还剩40个名额")
    enrol = card.get_by_role("button", name="报名", exact=True)
    enrol.scroll_into_view_if_needed()
    settled(page)
    box = enrol.bounding_box()
    assert box is not None and box["height"] >= MIN_MAIN, box
    print(f"\n报名 button: {box['width']:.0f} x {box['height']:.0f} px (at least {MIN_MAIN} px high)")
    assert box["width"] >= 300, box  # the full width of the card on a 390 px phone
    page.screenshot(path=artifacts_dir / "ticket-courses-1-offered.png", full_page=False)
    assert latin_words(page) == []
    enrol.click()
    settled(page)
    yes = page.locator(f".st-key-co_offer_{course_id}").get_by_role("button", name="确认报名", exact=True)
    expect(yes).to_be_visible()
    yes.scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "ticket-courses-2-confirm.png", full_page=False)
    yes.click()
    mine = page.locator(f".st-key-co_mine_{course_id}")
    expect(mine).to_contain_text("已报名")
    expect(page.get_by_text(f"您已报名“{TITLE}”", exact=False)).to_be_visible()
    settled(page)
    mine.scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "ticket-courses-3-enrolled.png", full_page=False)
    with Session(engine) as s:
        (row,) = s.exec(select(Enrolment).where(Enrolment.course_id == course_id)).all()
        assert (row.channel, row.status) == ("ticket", "enrolled")
    small = [t.describe() for t in tap_targets(page) if t.text in ("报名", "确认报名", "取消报名") and t.height < 44]
    assert small == []
    assert latin_words(page) == []
    mine.get_by_role("button", name="取消报名", exact=True).click()
    page.locator(f".st-key-co_mine_{course_id}").get_by_role("button", name="是的，取消报名", exact=True).click()
    expect(page.get_by_text(f"已取消报名“{TITLE}”", exact=False)).to_be_visible()
    with Session(engine) as s:
        (row,) = s.exec(select(Enrolment).where(Enrolment.course_id == course_id)).all()
        assert (row.status, row.withdraw_reason) == ("withdrawn", "cancelled by the person")
