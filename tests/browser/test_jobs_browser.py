"""The public job board on a phone (Chromium, 390x844, Chinese): the board, one job with the "go out or
stay near" comparison, and marking interest with a ticket code. Screenshots: tests/artifacts/2x-jobs-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from models import Application
from services.core.crypto import Vault
from services.registration.tickets import format_ticket_code
from tests.browser.conftest import PortalServer, settled
from tests.conftest import TEST_SECRET
from tests.factories import make_employer, make_vacancy, register

pytestmark = pytest.mark.browser


def _seed(server: PortalServer) -> tuple[int, str]:
    engine = server.engine
    out_firm = make_employer(engine, name="东莞市华丰电子有限公司", serial=501)
    near_firm = make_employer(engine, name="云岭县幸福扶贫车间", serial=502, province="云南省", city="昭通市",
                              industry="workshop")
    local = dict(scope="local", province="云南省", city="昭通市", trip_home_payer="worker")
    make_vacancy(engine, near_firm, title="扶贫车间缝纫工", trade="garment_sewing", wage_min=2400, wage_max=3200,
                 housing=False, meals=True, meals_cost=0, distance_km=12, travel_hours=0.5, trip_fare=10,
                 hours_per_day=8, days_per_week=6, contract_months=12, age_min=18, age_max=60,
                 min_education="none", **local)
    make_vacancy(engine, near_firm, title="县城电子装配工", trade="electronics_assembly", wage_min=2800, wage_max=3600,
                 housing=True, housing_cost=100, meals=True, meals_cost=200, distance_km=35, travel_hours=1,
                 trip_fare=20, hours_per_day=8, days_per_week=5.5, **local)
    out = make_vacancy(engine, out_firm, title="电子厂普工（包吃住）", wage_min=5000, wage_max=6500,
                       housing=True, housing_cost=0, meals=True, meals_cost=300, trip_fare=450,
                       trip_home_payer="shared", travel_hours=20, description="长白班，每月10日发工资。")
    ticket = register(engine, Vault.from_secret(TEST_SECRET), 901).ticket_code
    return out, ticket


def test_board_detail_compare_and_interest_on_a_phone(portal_server: PortalServer, page, artifacts_dir) -> None:
    out, ticket = _seed(portal_server)
    portal_server.open(page, "/jobs")
    expect(page.get_by_role("heading", name="招聘岗位")).to_be_visible()
    card = page.locator(f".st-key-card_{out}")
    expect(card.get_by_text("5,000–6,500元/月")).to_be_visible()
    page.screenshot(path=artifacts_dir / "2x-jobs-1-board.png", full_page=True)

    card.get_by_role("button", name="看详情：外出还是就近？").click()
    settled(page)
    expect(page.get_by_role("heading", name="外出还是就近？")).to_be_visible()
    table = page.locator("table").first
    expect(table).to_contain_text("这个岗位")
    expect(table).to_contain_text("县城电子装配工")  # same trade first
    # shared trip home: 450 × 2 / 2 a year = 38 a month; 4,700–6,200 left after meals
    expect(table).to_contain_text("4,662–6,162元")
    page.screenshot(path=artifacts_dir / "2x-jobs-2-detail.png", full_page=True)
    table.scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "2x-jobs-3-compare.png")

    code_box = page.get_by_role("textbox", name="二维码下面的号码")
    code_box.fill("ZZZZ ZZZZ")
    page.get_by_role("button", name="告诉企业我想去").click()
    settled(page)
    expect(page.get_by_text("没有找到这个号码")).to_be_visible()
    expect(code_box).to_have_value("ZZZZ ZZZZ")
    code_box.fill(format_ticket_code(ticket))
    page.get_by_role("button", name="告诉企业我想去").click()
    settled(page)
    # the person wants nearby work (care duties): why this job does not fit, before anything is recorded
    expect(page.get_by_text("这个岗位有您不符合的要求：")).to_be_visible()
    expect(page.get_by_text("要离家去外地；您说过不能离家")).to_be_visible()
    page.get_by_text("这个岗位有您不符合的要求：").scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "2x-jobs-4-still-interested.png")
    with Session(portal_server.engine) as session:
        assert not session.exec(select(Application).where(Application.vacancy_id == out)).all()
    page.get_by_role("button", name="还是要报名，告诉用人单位").click()
    settled(page)
    expect(page.get_by_text("成功了！东莞市华丰电子有限公司现在能看到您的手机号")).to_be_visible()
    page.get_by_text("成功了！").scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "2x-jobs-5-interest.png")
    with Session(portal_server.engine) as session:
        apps = session.exec(select(Application).where(Application.vacancy_id == out)).all()
    assert [(a.stage, a.source) for a in apps] == [("interested", "board")]
