"""The import page in a real browser: an organizer downloads nothing but fills the county's template (made by
services.imports.template, as the download button gives it), uploads it, confirms the columns, sees the
check's counts and imports; the people are in the database once, and a second press imports nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest
from playwright.sync_api import expect
from sqlalchemy import func
from sqlmodel import select

from models import Seeker
from services.accounts.staff import create_user
from services.core.db import unit_of_work
from services.core.settings import ROOT
from services.places.county import load_county
from tests.browser.conftest import settled
from tests.browser.test_downloads_browser import PASSWORD, _sign_in
from tests.factories import person_id

pytestmark = pytest.mark.browser

PEOPLE = [("王秀兰", person_id(61), "13900000061", "城关镇", "东门村"),
          ("李建国", person_id(62, gender="M"), "13900000062", "城关镇", "东门村")]


def _filled_template() -> bytes:
    """The template as the page hands it out, with two people typed in under its headers."""
    from services.imports import template

    book = openpyxl.load_workbook(io.BytesIO(template.template_xlsx(load_county(ROOT / "config" / "county.toml"),
                                                                    "zh_CN")))
    sheet = next(ws for ws in book.worksheets if ws.sheet_state == "visible" and ws.title != "说明")
    header_row = next(r for r in range(1, 6) if "姓名" in [c.value for c in sheet[r]])
    columns = {c.value: c.column for c in sheet[header_row] if c.value}
    for offset, (name, id_number, phone, township, village) in enumerate(PEOPLE, start=1):
        for header, value in (("姓名", name), ("身份证号", id_number), ("手机号", phone), ("乡镇", township),
                              ("村", village)):
            sheet.cell(row=header_row + offset, column=columns[header], value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _seekers(engine) -> int:
    """The people of this list in the database (other browser tests share the server)."""
    from services.core.crypto import Vault
    from tests.conftest import TEST_SECRET

    vault = Vault.from_secret(TEST_SECRET)
    digests = [vault.digest("id", p[1]) for p in PEOPLE]
    with unit_of_work(engine, write=False) as s:
        return s.exec(select(func.count()).select_from(Seeker).where(Seeker.id_hmac.in_(digests))).one()


def test_a_filled_template_is_checked_and_imported(portal_server, browser, artifacts_dir, tmp_path) -> None:
    create_user(portal_server.engine, username="importer", display_name="王主任", role="organizer",
                password=PASSWORD)
    path = tmp_path / "东门村.xlsx"
    path.write_bytes(_filled_template())
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    _sign_in(portal_server, page, "importer")
    portal_server.open(page, "/imports")
    expect(page.get_by_role("heading", name="导入村劳动力名单")).to_be_visible()

    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(path)
    settled(page)
    expect(page.get_by_text("东门村.xlsx：已读取 2 行。")).to_be_visible()
    page.get_by_role("button", name="列名没错，开始检查名单").click()
    settled(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="可以导入")).to_contain_text("2")
    expect(page.get_by_text("没有需要修改的行。")).to_be_visible()
    page.screenshot(path=artifacts_dir / "imports-checked.png", full_page=True)

    page.get_by_role("button", name="导入 2 行").click()
    settled(page)
    expect(page.get_by_text("已导入：批次", exact=False)).to_be_visible()
    expect(page.get_by_role("button", name="导入 2 行")).to_be_disabled()
    page.screenshot(path=artifacts_dir / "imports-summary.png", full_page=True)
    assert _seekers(portal_server.engine) == 2
    context.close()
