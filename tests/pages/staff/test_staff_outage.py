"""Issue 14, "database outage for staff pages too": a staff member at work when the database stops sees
the translated message (no error box), stays signed in (the session check does not take "no answer" for
"signed out"), keeps what was typed, and carries on by itself once the database answers. The same switch
as the public pages' tests (tests/pages/public/test_outage.py): a stopped PostgreSQL or an unreadable file."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.auth_support import open_staff_page
from tests.pages.public.test_outage import ZH, Switch, _message, _no_error_box, _recover
from tests.pages.public.test_outage import db as db  # the fixture, used by name
from tests.pages.recruiter.test_recruiter_outage import press
from tests.pages.staff.outage_support import Down, kept, recover, said_so
from tests.pages.staff.outage_support import down_db as down_db  # the fixture, used by name

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


# --- every staff page's main action (outage_support: zh on a stopped PostgreSQL, en on an unreadable file) --


def test_followups_recording_a_visit(app_env: str, down_db: Down) -> None:
    from models import FollowUp, VisitStatus
    from services.core.db import unit_of_work
    from tests.pages.staff.test_followups import _pick, _submit
    from tests.pages.staff.test_followups import world as make_world

    db = down_db
    world = make_world.__wrapped__(app_env)
    at = open_staff_page(app_env, "followups", **db.lang)
    visit = world["late"].visits[0]
    _pick(at, visit)
    key = f"fu_visit_{visit}"
    at.radio(key=f"{key}_outcome").set_value("changed_job")
    at.text_input(key=f"{key}_new_employer").input("义乌小商品城")
    at.number_input(key=f"{key}_monthly_wage").set_value(6100)
    typed = {f"{key}_outcome": "changed_job", f"{key}_new_employer": "义乌小商品城", f"{key}_monthly_wage": 6100}
    db.down = True
    press(at, f"FormSubmitter:{key}")
    said_so(at, db)
    kept(at, **typed)
    recover(at, db)
    kept(at, **typed)
    _submit(at, key)
    assert any("王*兰" in s.value for s in at.success), [e.value for e in at.error]
    with unit_of_work(world["engine"], write=False) as s:
        row = s.get(FollowUp, visit)
        assert (row.status, row.outcome, row.monthly_wage, row.new_employer) == (
            VisitStatus.DONE, "changed_job", 6100, "义乌小商品城")


def test_imports_upload_and_save(app_env: str, down_db: Down) -> None:
    from sqlmodel import select

    from models import Seeker
    from services.core.db import make_engine, unit_of_work


    db = down_db
    good = "姓名,身份证号,手机号,乡镇,村\n王秀兰,530627198005172462,13912345678,城关镇,东门村\n".encode()
    at = open_staff_page(app_env, "imports", **db.lang)
    db.down = True
    at.file_uploader[0].set_value(("东门村.csv", good, "text/csv")).run()  # the upload while down
    said_so(at, db)
    recover(at, db)
    assert any("东门村.csv" in c.value for c in at.caption), "the uploaded file is still there"
    press(at, "imp_confirm")
    _no_error_box(at)
    assert not at.button(key="imp_import").disabled, [w.value for w in [*at.warning, *at.info]]
    db.down = True
    press(at, "imp_import")
    said_so(at, db)
    with unit_of_work(make_engine(app_env), write=False) as s:
        assert s.exec(select(Seeker)).all() == []
    recover(at, db)
    assert any("东门村.csv" in c.value for c in at.caption)
    press(at, "imp_import")  # the same press: the checked list is imported
    _no_error_box(at)
    assert at.success, [w.value for w in at.warning]
    with unit_of_work(make_engine(app_env), write=False) as s:
        assert len(s.exec(select(Seeker)).all()) == 1
