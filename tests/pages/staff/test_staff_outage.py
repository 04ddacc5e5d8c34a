"""Issue 14, "database outage for staff pages too": a staff member at work when the database stops sees
the translated message (no error box), stays signed in (the session check does not take "no answer" for
"signed out"), keeps what was typed, and carries on by itself once the database answers. The same switch
as the public pages' tests (tests/pages/public/test_outage.py): a stopped PostgreSQL or an unreadable file."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.auth_support import open_staff_page
from tests.pages.public.test_outage import ZH, Switch, _message, _no_error_box, _recover
from tests.pages.public.test_outage import db as db  # the fixture, used by name

SIGN_IN = "工作人员登录"


def _titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def test_the_dashboard_says_so_keeps_the_session_and_comes_back(app_env, db: Switch) -> None:
    at = open_staff_page(app_env, "dashboard")
    before = _titles(at)
    assert before and SIGN_IN not in before
    db.down = True
    at.run()
    _no_error_box(at)
    assert _message(at, ZH), "the outage message is shown"
    assert SIGN_IN not in _titles(at), "an outage is not a sign-out"
    _recover(at, db, ZH)  # what the page's fragment does by itself every few seconds
    _no_error_box(at)
    assert _titles(at) == before


def test_the_desk_keeps_what_was_typed_through_an_outage(app_env, db: Switch) -> None:
    at = open_staff_page(app_env, "desk", role="desk", username="desk1")
    at.text_input(key="desk_reg_name").input("李春花")
    at.text_input(key="desk_reg_phone").input("13812345678")
    db.down = True
    at.run()
    _no_error_box(at)
    assert _message(at, ZH) and SIGN_IN not in _titles(at)
    _recover(at, db, ZH)
    _no_error_box(at)
    assert at.text_input(key="desk_reg_name").value == "李春花"
    assert at.text_input(key="desk_reg_phone").value == "13812345678"
