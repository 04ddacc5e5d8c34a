"""The households page with AppTest: figures and the list to clear, a plan refused beside its fields (what was
typed kept) then saved and replaced (history kept), the zero-employment and income tabs; township staff see
their own township only; recruiters have no access."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from models import HouseholdPlan, StaffUser
from services.core.clock import local_today
from services.core.db import make_engine
from tests.apptest_support import visible_text
from tests.auth_support import make_staff, open_staff_page
from tests.households import support as mk


def _county(db_url: str) -> dict[str, int]:
    engine = make_engine(db_url)
    employer = mk.Employer(engine)
    site = mk.site(engine)
    made = {}
    made["zero"] = hh = mk.household(engine, code="CG-001", size=3)
    mk.member(engine, hh, name="张大山", head=True, site_id=site)
    made["lifted"] = hh = mk.household(engine, code="CG-002", size=1, declared=9000, declared_on=local_today())
    mk.member(engine, hh, name="李小花", head=True)
    hire = mk.hire(engine, employer, mk.member(engine, hh, name="李小军"), start=local_today() - timedelta(days=60))
    mk.visit(engine, hire, on=local_today() - timedelta(days=20), month=1)
    made["dahe"] = hh = mk.household(engine, code="DH-001", township="大河乡", village="大河村")
    mk.member(engine, hh, name="赵石头", head=True, township="大河乡", village="大河村")
    return made


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_list_a_plan_refused_then_saved_and_replaced(app_env: str) -> None:
    made = _county(app_env)
    at = _ok(open_staff_page(app_env, "households", lang="en"))
    text = " ".join(visible_text(at))
    assert "Households" in text
    assert [m.label for m in at.metric] == ["Zero-employment households", "Need a plan", "Without a plan",
                                            "Plans overdue"]
    assert [m.value for m in at.metric][:2] == ["2", "2"]  # zero-employment, need a plan (county)
    assert "张大山" in at.dataframe[1].value.to_string()  # the list to clear
    assert "李小花" not in at.dataframe[1].value.to_string()  # in work, confirmed at a visit
    pick = next(w for w in at.selectbox if w.key == "hh_pick")
    pick.set_value(made["zero"]).run()
    hid = made["zero"]
    next(w for w in at.text_area if w.key == f"hh_step_{hid}").input("推荐到东莞华丰电子厂")
    next(w for w in at.date_input if w.key == f"hh_due_{hid}").set_value(local_today() - timedelta(days=1))
    _ok(next(b for b in at.button if b.label == "Save the plan").click().run())
    errors = [e.value for e in at.error]
    assert "Please name the responsible cadre." in errors and "By when cannot be before today." in errors
    assert "Please write who takes the next step." in errors
    assert next(w for w in at.text_area if w.key == f"hh_step_{hid}").value == "推荐到东莞华丰电子厂"  # kept
    with Session(make_engine(app_env)) as s:
        organizer = s.exec(select(StaffUser.id).where(StaffUser.username == "org1")).one()
    next(w for w in at.selectbox if w.key == f"hh_cadre_{hid}").set_value(organizer)
    next(w for w in at.text_input if w.key == f"hh_who_{hid}").input("村委会 王主任")
    next(w for w in at.date_input if w.key == f"hh_due_{hid}").set_value(local_today() + timedelta(days=7))
    _ok(next(b for b in at.button if b.label == "Save the plan").click().run())
    assert "The plan of household Dongmen CG\\-001 is saved." in [s.value for s in at.success]  # Markdown: escaped
    engine = make_engine(app_env)
    with Session(engine) as s:
        [plan] = s.exec(select(HouseholdPlan)).all()
        assert (plan.cadre_name, plan.by_whom, plan.status) == ("县人社局 张科长", "村委会 王主任", "open")
    # a newer step replaces it; the first is kept as cancelled
    next(w for w in at.text_area if w.key == f"hh_step_{hid}").input("参加电焊培训")
    _ok(next(b for b in at.button if b.label == "Save the plan").click().run())
    with Session(engine) as s:
        assert [(p.next_step, p.status) for p in s.exec(select(HouseholdPlan).order_by(HouseholdPlan.id))] == [
            ("推荐到东莞华丰电子厂", "cancelled"), ("参加电焊培训", "open")]
    # the other tabs draw their figures
    assert any("城南安置点" in d.value.to_string() for d in at.dataframe)
    assert any("Lifted" in d.value.columns for d in at.dataframe)
    assert "Not lifted yet, the lowest income per member first: 1–2 of 2." in [c.value for c in at.caption]
    assert not [w for w in at.number_input if w.key == "hh_income_page"]  # one page: no pager


def test_township_staff_see_their_township_only(app_env: str) -> None:
    _county(app_env)
    principal = make_staff(app_env, username="dahe1", role="township", display_name="大河乡 刘干事", township="大河乡")
    at = _ok(open_staff_page(app_env, "households", principal=principal, lang="en"))
    assert not [w for w in at.selectbox if w.key == "hh_township"]
    tables = " ".join(d.value.to_string() for d in at.dataframe)
    assert "赵石头" in tables and "张大山" not in tables
    assert [m.value for m in at.metric][:2] == ["1", "1"]


def test_recruiters_have_no_access(app_env: str) -> None:
    try:
        at = open_staff_page(app_env, "households", role="recruiter", lang="en")
    except ValueError:  # not in a recruiter's navigation at all
        return
    assert "households" not in " ".join(visible_text(at)).lower() or at.error


def test_the_page_without_households(app_env: str) -> None:
    at = _ok(open_staff_page(app_env, "households", lang="en"))
    assert "No household here needs a plan." in [s.value for s in at.success]
    assert date.today()  # nothing else to draw
