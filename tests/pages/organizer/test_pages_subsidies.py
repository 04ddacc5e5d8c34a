"""The employer subsidies page with AppTest: organizers only, the report with its lines and trace, the Excel
file (masked names), the rules table and the change form (messages beside fields, a new version)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from components import routes
from components.auth import PRINCIPAL_KEY
from services.core.db import make_engine
from services.subsidies.defaults import ensure_default_rules
from services.subsidies.rules import rule_versions
from tests.auth_support import make_recruiter, open_staff_page
from tests.subsidies.support import Employers, hire, seeker

PAGE = str(Path(__file__).resolve().parents[3] / routes.file("subsidies"))


def _open(url: str, **kw) -> AppTest:
    at = open_staff_page(url, "subsidies", **kw)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _world(url: str) -> int:
    engine = make_engine(url)
    ensure_default_rules(engine)
    world = Employers(engine)
    emp = world.add(1, name="东莞市华丰电子有限公司")
    for n in range(1, 4):
        hire(engine, world, seeker(engine, n, poor=True, name="王秀兰"), emp, start=date(2024, 3, n), contract=13)
    older = seeker(engine, 9, birth=date(1970, 1, 1), gender="M", name="李建国")
    hire(engine, world, older, emp, start=date(2024, 4, 1), contract=12)
    return emp


def _period(at: AppTest, start: date, end: date) -> AppTest:
    at.date_input(key="subsidy_from").set_value(start).run()
    at.date_input(key="subsidy_to").set_value(end).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _save(at: AppTest, code: str) -> AppTest:
    (button,) = [b for b in at.button if (b.key or "").startswith(f"FormSubmitter:subsidy_rule_form_{code}-")]
    button.click().run()
    return at


def test_the_report_shows_amounts_by_rule_with_the_hires_behind_them(app_env) -> None:
    emp = _world(app_env)
    at = _open(app_env, lang="en")
    assert at.title[0].value == "Employer subsidies"
    _period(at, date(2024, 1, 1), date(2024, 12, 31))
    assert at.metric[0].value == "22,200 yuan"  # 3 × 400 + 1,000 + 20,000
    titles = [e.label for e in at.expander]
    assert any("hire_contract, version 1): 1,200 yuan for 3" in t for t in titles), titles
    assert any("poor_hires, version 1): 20,000 yuan for 3" in t for t in titles), titles
    assert any("hire_older, version 1): 1,000 yuan for 1" in t for t in titles), titles
    assert not [df for df in at.dataframe if "Name" in df.value.columns]  # every employer: amounts only
    at.button(key="subsidy_prepare").click().run()
    book = openpyxl.load_workbook(io.BytesIO(at.session_state["subsidy_file"]["data"]))
    assert book.sheetnames == ["Summary", "Rules used", "Hires behind each amount"]
    names = {row[4] for row in book["Hires behind each amount"].iter_rows(min_row=2, values_only=True)}
    assert names == {"王*兰", "李*国"}  # the file has the hires of every employer
    at.selectbox(key="subsidy_employer").set_value(emp).run()
    frames = [df.value for df in at.dataframe]
    names = {n for f in frames if "Name" in f.columns for n in f["Name"]}
    assert names == {"王*兰", "李*国"}


def test_one_employer_and_an_empty_period(app_env) -> None:
    emp = _world(app_env)
    at = _open(app_env, lang="en")
    at.selectbox(key="subsidy_employer").set_value(emp).run()
    _period(at, date(2023, 1, 1), date(2023, 12, 31))
    assert any("No subsidy is due" in i.value for i in at.info)
    _period(at, date(2024, 1, 1), date(2023, 12, 31))
    assert any("The period ends before it starts." in e.value for e in at.error)


def test_a_rule_is_changed_as_a_new_version_with_messages_beside_fields(app_env) -> None:
    at = _open(app_env)  # Chinese by default
    assert not at.exception
    at.selectbox(key="sr_code").set_value("hire_contract").run()
    at.text_input(key="sr_hire_contract_1_amount").input("-400")
    at.date_input(key="sr_hire_contract_1_valid_from").set_value(date(2018, 1, 1))
    _save(at, "hire_contract")
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.error) >= 2  # the amount and the first day, each beside its field
    assert at.text_input(key="sr_hire_contract_1_amount").value == "-400"  # what was typed is kept
    at.text_input(key="sr_hire_contract_1_amount").input("600")
    at.date_input(key="sr_hire_contract_1_valid_from").set_value(date(2025, 7, 1))
    _save(at, "hire_contract")
    assert not at.exception, [e.value for e in at.exception]
    versions = rule_versions(make_engine(app_env), "hire_contract")
    assert [(v.version, v.params["amount"], v.valid_to) for v in versions] == [
        (2, 600, None), (1, 400, date(2025, 6, 30))]
    assert versions[0].changed_by == "org1"
    assert at.success, "the saved message"


def test_recruiters_and_township_staff_cannot_open_it(app_env) -> None:
    for role in ("recruiter", "township"):
        with pytest.raises(ValueError, match="registered"):  # not in this role's navigation
            open_staff_page(app_env, "subsidies", role=role, username=f"{role}1")
    principal = make_recruiter(app_env, username="rec2")  # the page itself refuses one who reaches its script
    page = AppTest.from_file(PAGE, default_timeout=60)
    page.session_state[PRINCIPAL_KEY] = principal
    page.run()
    assert page.error[0].value == "您没有权限打开这个页面。"
    assert not page.button and not page.metric
