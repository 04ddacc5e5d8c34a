"""The employer subsidies page in a real browser at 1366×768 (in English: its Chinese is in
locales/pending until the catalog folds it in): the total, a rule's trace, the Excel
download (masked names only), and a refused rule change with its message beside the field (screenshots)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import expect

from services.accounts.staff import create_user
from services.core.db import make_engine, migrate
from services.subsidies.defaults import ensure_default_rules
from tests.browser.conftest import serve_app, settled
from tests.browser.test_downloads_browser import PASSWORD, _sign_in
from tests.subsidies.support import Employers, hire, seeker

pytestmark = pytest.mark.browser


def test_the_subsidies_page_in_the_browser(browser, artifacts_dir, tmp_path) -> None:
    database_url = f"sqlite:///{tmp_path / 'subsidies.db'}"
    engine = make_engine(database_url)
    migrate(engine)
    ensure_default_rules(engine)
    world = Employers(engine)
    emp = world.add(1, name="东莞市华丰电子有限公司")
    start = date(date.today().year, 1, 10)
    for n in range(1, 4):
        hire(engine, world, seeker(engine, n, poor=True, name="王秀兰"), emp, start=start, contract=13)
    hire(engine, world, seeker(engine, 9, birth=date(1970, 1, 1), gender="M", name="李建国"), emp, start=start,
         contract=12)
    create_user(engine, username="subsidy", display_name="王主任", role="organizer", password=PASSWORD)
    with serve_app(database_url, tmp_path, artifacts_dir, "subsidies") as server:
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",
                                      timezone_id="Asia/Shanghai", accept_downloads=True)
        page = context.new_page()
        _sign_in(server, page, "subsidy")
        server.open(page, "/subsidies?lang=en")
        expect(page.get_by_role("heading", name="Employer subsidies")).to_be_visible()
        expect(page.get_by_text("22,200 yuan").first).to_be_visible()  # 3 × 400 + 1,000 + 20,000
        page.get_by_text("hire_older", exact=False).first.click()
        settled(page)
        page.screenshot(path=artifacts_dir / "subsidies-report.png", full_page=True)
        page.get_by_role("button", name="Prepare the Excel file").click()
        settled(page)
        with page.expect_download() as caught:
            page.get_by_role("button", name="Download the Excel file").click()
        download = caught.value
        assert download.suggested_filename.endswith(".xlsx")
        with open(download.path(), "rb") as fh:
            book = openpyxl.load_workbook(io.BytesIO(fh.read()))
        names = {row[4] for row in book.worksheets[2].iter_rows(min_row=2, values_only=True)}
        assert names == {"王*兰", "李*国"}
        page.get_by_role("tab", name="Rules and their versions").click()
        settled(page)
        page.get_by_role("textbox", name="Amount (yuan)").first.fill("-400")
        page.get_by_role("button", name="Save as a new version").click()
        settled(page)
        expect(page.get_by_text("Enter a whole number of yuan, 0 or more.")).to_be_visible()
        page.screenshot(path=artifacts_dir / "subsidies-rule-refused.png", full_page=True)
        context.close()
