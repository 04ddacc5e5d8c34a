"""The follow-ups page in a real browser: an organizer records one overdue visit at 1366×768 and another on a
390×844 phone (a workstation's staff at a factory gate); screenshots of both in the artifacts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from models import FollowUp, VisitStatus
from services.accounts.staff import create_user
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import make_engine, migrate, unit_of_work
from services.followups.due import add_months
from tests.browser.conftest import serve_app, settled
from tests.conftest import TEST_SECRET
from tests.factories import make_employer, make_vacancy
from tests.followup_hires import hire_with_visits

pytestmark = pytest.mark.browser
PASSWORD = "county fair passphrase 2026"


def test_a_visit_is_recorded_on_a_laptop_and_on_a_phone(browser, artifacts_dir, tmp_path) -> None:
    database_url = f"sqlite:///{tmp_path / 'followups.db'}"
    engine = make_engine(database_url)
    migrate(engine)
    vault = Vault.from_secret(TEST_SECRET)
    employer = make_employer(engine)
    vacancy = make_vacancy(engine, employer)
    start = add_months(local_today(), -1) - timedelta(days=20)  # the 1-month visit is overdue
    hires = [hire_with_visits(engine, vault, n, employer_id=employer, vacancy_id=vacancy, name=name, start=start)
             for n, name in ((1, "王秀兰"), (2, "张建国"))]
    create_user(engine, username="chief", display_name="王科长", role="organizer", password=PASSWORD)
    create_user(engine, username="dgws", display_name="东莞工作站 陈站长", role="workstation", password=PASSWORD,
                city="东莞市")
    with serve_app(database_url, tmp_path, artifacts_dir, "followups") as server:
        # the workstation's staff sign in at the dashboard's address: they get their follow-ups there
        for (width, height), user, address, hire, name, shot in (
                ((1366, 768), "chief", "/followups", hires[0], "王*兰", "followups-1366x768"),
                ((390, 844), "dgws", "/dashboard", hires[1], "张*国", "followups-390x844")):
            context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                          timezone_id="Asia/Shanghai", is_mobile=width < 500, has_touch=width < 500)
            page = context.new_page()
            _record(server, page, user, address, name, artifacts_dir / shot, tmp_path / shot)
            context.close()
            with unit_of_work(engine, write=False) as s:
                visit = s.get(FollowUp, hire.visits[0])
                assert (visit.status, visit.outcome, visit.monthly_wage, visit.wage_paid, visit.safe) == (
                    VisitStatus.DONE, "working", 5600, True, True)


def _record(server, page, username: str, address: str, name: str, *shots) -> None:
    server.open(page, f"{address}?lang=en")  # the sign-in form answers at the address asked for
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Follow-up visits")).to_be_visible()
    settled(page)
    expect(page.get_by_text("You do not have access to this page.")).to_have_count(0)
    expect(page.get_by_role("cell", name=name)).to_be_visible()
    for shot in shots:
        page.screenshot(path=f"{shot}-list.png", full_page=True)
    page.get_by_role("combobox", name="Record a visit").click()
    page.get_by_role("option").filter(has_text=name).click()
    settled(page)
    form = page.locator("[data-testid=stForm]").first  # the visit's form (the extra visit's is folded below)
    form.get_by_text("Still working", exact=True).click()
    form.get_by_role("spinbutton", name="Monthly wage now (yuan)").fill("5600")
    form.locator("[data-testid=stRadio]").filter(has_text="Last wage paid").get_by_text("Yes").click()
    form.locator("[data-testid=stRadio]").filter(has_text="Is the worker safe?").get_by_text("Yes").click()
    expect(form.locator("[data-testid=stRadio]").filter(has_text="Is the worker safe?")
           .get_by_role("radio", name="Yes")).to_be_checked()
    for shot in shots:
        page.screenshot(path=f"{shot}-form.png", full_page=True)
    form.get_by_role("button", name="Save the visit").click()
    settled(page)
    expect(page.get_by_text(f"Visit saved: {name}.")).to_be_visible()
    for shot in shots:
        page.screenshot(path=f"{shot}-saved.png", full_page=True)
