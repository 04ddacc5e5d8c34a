"""The import page in a real browser: an organizer fills the county's template (made by
services.imports.template, as the download button gives it), uploads it, confirms the columns, sees the
check's counts and imports; the people are in the database once, and a second press imports nothing. Then
township staff download the template from the page, fill every column of it and import a household."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect
from sqlalchemy import func
from sqlmodel import select

from models import Seeker, SeekerTrade
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


# Every column of the template, for a household of three of 城关镇东门村 and one person of another township.
HOUSEHOLD = "DM-0042"
FULL = [
    {"姓名": "赵德华", "身份证号": person_id(71, gender="M"), "手机号": "13900000071", "与户主关系": "户主",
     "文化程度": "初中", "技能": "电焊、农机维修", "就业意向": "外出务工（去外省）", "期望月薪": "5000",
     "能否外出": "能，可以外出工作", "是否脱贫户": "是", "家庭年工资性收入": "36,000元",
     "培训意愿": "愿意"},
    {"姓名": "钱玉兰", "身份证号": person_id(72), "手机号": "13900000072", "与户主关系": "配偶",
     "文化程度": "小学", "技能": "家政服务", "就业意向": "就近就业（本县或本市）", "期望月薪": "3000",
     "能否外出": "不能：要在家照顾老人或小孩", "是否脱贫户": "是"},
    {"姓名": "赵志强", "身份证号": person_id(73, gender="M"), "手机号": "13900000073", "与户主关系": "子",
     "文化程度": "高中", "技能": "养老护理", "就业意向": "都可以", "期望月薪": "4500",
     "能否外出": "能，可以外出工作", "是否脱贫户": "是"},
]
ELSEWHERE = {"姓名": "孙春梅", "身份证号": person_id(74), "手机号": "13900000074", "乡镇": "大河乡", "村": "岩脚村"}


def _fill_every_column(template: bytes) -> bytes:
    """The downloaded template with every column filled in (age and gender as the ID numbers say)."""
    from services.core.clock import local_today
    from services.core.validation import parse_resident_id

    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = book["名单"]
    columns = {c.value: c.column for c in sheet[1] if c.value}
    for offset, person in enumerate([*FULL, ELSEWHERE], start=1):
        rid = parse_resident_id(person["身份证号"])
        values = {"乡镇": "城关镇", "村": "东门村", "户编号": HOUSEHOLD, "家庭人口数": "3",
                  "年龄": str(rid.age_on(local_today())), "性别": "男" if rid.gender == "M" else "女", **person}
        if person is ELSEWHERE:
            values.update(户编号="", 与户主关系="", 家庭人口数="")
        if person is FULL[0]:  # the head's line carries the household's annual wage income
            assert set(columns) == set(values), set(columns) ^ set(values)  # every column of the template
        for header, value in values.items():
            sheet.cell(row=1 + offset, column=columns[header], value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_downloaded_template_filled_in_every_column_imports_people_and_their_household(
        portal_server, browser, artifacts_dir, tmp_path) -> None:
    """Issue 12: township staff of 城关镇 download the template from the page, fill every column (household
    code, relation, members, education, trades, intention, expected wage, can leave home, poor household,
    age, gender too), upload it: the dry run refuses the row of another township, the rest is imported with
    its household."""

    from models import Household
    from services.core.crypto import Vault
    from tests.conftest import TEST_SECRET

    create_user(portal_server.engine, username="cgtown", display_name="城关镇 刘干事", role="township",
                password=PASSWORD, township="城关镇")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", accept_downloads=True)
    page = context.new_page()
    _sign_in(portal_server, page, "cgtown")
    portal_server.open(page, "/imports")
    expect(page.get_by_role("heading", name="导入村劳动力名单")).to_be_visible()
    settled(page)
    with page.expect_download(timeout=60_000) as download:  # drawn with the page (cached)
        page.locator(".st-key-imp_template button").click()
    template = Path(download.value.path()).read_bytes()
    check = openpyxl.load_workbook(io.BytesIO(template))
    assert check["选项"].sheet_state == "hidden" and "大河乡" not in [c.value for c in check["选项"]["A"]]
    path = tmp_path / "东门村-全部列.xlsx"
    path.write_bytes(_fill_every_column(template))

    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(path)
    settled(page)
    expect(page.get_by_text("已读取 4 行", exact=False)).to_be_visible()
    page.get_by_role("button", name="列名没错，开始检查名单").click()
    settled(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="可以导入")).to_contain_text("3")
    page.screenshot(path=artifacts_dir / "imports-every-column-checked.png", full_page=True)
    page.locator(".st-key-imp_leave_all button").click()
    settled(page)
    page.get_by_role("button", name="导入 3 行").click()
    settled(page)
    expect(page.get_by_text("已导入：批次", exact=False)).to_be_visible()
    page.screenshot(path=artifacts_dir / "imports-every-column-summary.png", full_page=True)
    context.close()

    vault = Vault.from_secret(TEST_SECRET)
    with unit_of_work(portal_server.engine, write=False) as s:
        people = {p.name: p for p in s.exec(select(Seeker).where(
            Seeker.id_hmac.in_([vault.digest("id", p["身份证号"]) for p in [*FULL, ELSEWHERE]])))}
        assert set(people) == {"赵德华", "钱玉兰", "赵志强"}  # not the person of 大河乡
        [household] = s.exec(select(Household).where(Household.code == HOUSEHOLD)).all()
        head = people["赵德华"]
        assert (household.township, household.village, household.size, household.poor) == ("城关镇", "东门村", 3, True)
        assert household.annual_wage_income == 36_000
        assert household.head_seeker_id == head.id
        assert {p.name: (p.household_id, p.household_relation) for p in people.values()} == {
            "赵德华": (household.id, "户主"), "钱玉兰": (household.id, "配偶"), "赵志强": (household.id, "子")}
        assert (head.education, head.intention, head.expected_wage, head.leave_constraint, head.poor_household) \
            == ("junior", "go_out", 5000, "none", "yes")
        assert people["钱玉兰"].leave_constraint == "care" and people["赵志强"].intention == "either"
        assert head.willing_to_train is True  # 培训意愿: 愿意 (issue 16)
        trades = set(s.exec(select(SeekerTrade.trade).where(SeekerTrade.seeker_id == head.id)))
        assert trades == {"welding", "ag_machinery_repair"}, trades
