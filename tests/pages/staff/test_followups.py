"""The follow-ups page (AppTest, in English): the figures and the list within the viewer's scope, overdue first;
the outcome form with its messages beside the fields and nothing typed lost; a visit someone else recorded
first; unpaid wages flag the employer; an extra visit; who may open the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from models import FollowUp, VisitStatus, WageIssue
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.core.settings import get_settings
from services.followups.due import add_months
from tests import followup_hires as fakes
from tests.apptest_support import visible_text
from tests.auth_support import make_staff, open_staff_page
from tests.conftest import TEST_SECRET
from tests.factories import make_employer, make_vacancy


@pytest.fixture
def world(app_env):
    engine, vault = make_engine(app_env), Vault.from_secret(TEST_SECRET)
    today = local_today()
    dg = make_employer(engine, name="东莞市华丰电子有限公司", serial=1)
    nb = make_employer(engine, name="宁波市甬江服饰有限公司", serial=2, city="宁波市")
    v_dg, v_nb = make_vacancy(engine, dg), make_vacancy(engine, nb, city="宁波市")
    late = fakes.hire_with_visits(engine, vault, 1, employer_id=dg, vacancy_id=v_dg, name="王秀兰",
                                  start=add_months(today, -1) - timedelta(days=20))  # 1-month visit overdue
    due = fakes.hire_with_visits(engine, vault, 2, employer_id=nb, vacancy_id=v_nb, name="张建国", city="宁波市",
                                 township="大河乡", village="大河村", start=add_months(today, -1))  # due today
    soon = fakes.hire_with_visits(engine, vault, 3, employer_id=dg, vacancy_id=v_dg, name="李四妹",
                                  start=today - timedelta(days=5))  # upcoming
    return dict(engine=engine, late=late, due=due, soon=soon, dg=dg, nb=nb)


def _open(app_env, **staff):
    principal = make_staff(app_env, **staff) if staff else make_staff(app_env)
    at = open_staff_page(app_env, "followups", principal=principal, lang="en")
    assert not at.exception, [e.value for e in at.exception]
    return at, principal


def _pick(at, follow_up_id: int):
    box = next(s for s in at.selectbox if s.key and s.key.startswith("fu_pick_"))
    box.set_value(follow_up_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _submit(at, key: str):
    next(b for b in at.button if b.proto.form_id == key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_figures_and_overdue_first(app_env, world) -> None:
    at, _ = _open(app_env)
    assert [t.value for t in at.title] == ["Follow-up visits"]
    counts = at.table[0].value
    assert counts.to_dict("records") == [  # 1-, 3- and 6-month visits
        {"Township": "Chengguan Town", "Overdue": 1, "Due now": 0, "Not yet due": 5},
        {"Township": "Dahe Township", "Overdue": 0, "Due now": 1, "Not yet due": 2}]
    listed = at.table[1].value
    assert list(listed["Worker"]) == [r"王\*兰"]  # overdue first (a Markdown cell: escaped)
    assert list(listed["State"]) == ["Overdue"]
    at.segmented_control(key="fu_state").set_value("all").run()
    assert list(at.table[1].value["Worker"])[:3] == [r"王\*兰", r"张\*国", r"李\*妹"]  # Markdown cells: escaped
    assert len(at.table[1].value) == 9
    at.segmented_control(key="fu_by").set_value("employer").run()
    assert set(at.table[0].value["Employer"]) == {"东莞市华丰电子有限公司", "宁波市甬江服饰有限公司"}


def test_record_an_outcome_with_messages_beside_the_fields(app_env, world) -> None:
    at, principal = _open(app_env)
    visit = world["late"].visits[0]
    _pick(at, visit)
    key = f"fu_visit_{visit}"
    at.text_input(key=f"{key}_new_employer").input("义乌小商品城")
    _submit(at, key)  # no outcome chosen
    assert "Choose what the visit found." in [e.value for e in at.error]
    assert at.text_input(key=f"{key}_new_employer").value == "义乌小商品城"  # what was typed is kept
    at.radio(key=f"{key}_outcome").set_value("changed_job")
    at.number_input(key=f"{key}_monthly_wage").set_value(6100)
    _submit(at, key)
    assert any("Visit saved: 王*兰." in s.value for s in at.success)
    with unit_of_work(world["engine"], write=False) as s:
        row = s.get(FollowUp, visit)
        assert (row.status, row.outcome, row.monthly_wage, row.new_employer, row.recorded_by) == (
            VisitStatus.DONE, "changed_job", 6100, "义乌小商品城", principal.user_id)
    assert "王*兰" not in visible_text(at)  # no longer overdue: "No visits here."


def test_a_visit_recorded_by_someone_else_first(app_env, world) -> None:
    at, _ = _open(app_env)
    visit = world["late"].visits[0]
    _pick(at, visit)
    other = make_staff(app_env, username="twn2", role="organizer", display_name="李干事")
    from services.followups import visits

    visits.record_visit(world["engine"], follow_up_id=visit, user_id=other.user_id,
                        report=visits.VisitReport("returned", local_today(), note="回家照顾老人"))
    key = f"fu_visit_{visit}"
    at.radio(key=f"{key}_outcome").set_value("working")
    at.number_input(key=f"{key}_monthly_wage").set_value(5200)
    _submit(at, key)
    assert "Someone else recorded this visit first; nothing was changed." in [w.value for w in at.warning]
    said = " ".join(m.value for m in at.markdown)
    assert "Recorded by 李干事" in said and "Returned home" in said and "回家照顾老人" in said
    with unit_of_work(world["engine"], write=False) as s:
        assert s.get(FollowUp, visit).outcome == "returned"  # not overwritten


def test_unpaid_wages_flag_the_employer_until_resolved(app_env, world) -> None:
    at, _ = _open(app_env)
    at.segmented_control(key="fu_state").set_value("due").run()
    visit = world["due"].visits[0]
    _pick(at, visit)
    key = f"fu_visit_{visit}"
    at.radio(key=f"{key}_outcome").set_value("dispute")
    at.text_area(key=f"{key}_note").input("两个月工资没发")
    at.radio(key=f"{key}_wage_paid").set_value("no")
    at.number_input(key=f"{key}_unpaid_amount").set_value(9000)
    _submit(at, key)
    assert any("Visit saved" in s.value for s in at.success)
    assert "Open wage issues" in [h.value for h in at.subheader]
    issues = at.table[-1].value
    assert set(issues["Kind"]) == {"Wages not paid", "Dispute"}
    emp = open_staff_page(app_env, "employers", username="org1x", lang="en")
    assert not emp.exception, [e.value for e in emp.exception]
    assert any(w.value.startswith("One employer has open wage issues") for w in emp.warning)  # singular
    flags = emp.table[0].value.to_dict("records")
    assert [{k: f[k] for k in ("Employer", "Open issues", "Owed (yuan)")} for f in flags] == [
        {"Employer": "宁波市甬江服饰有限公司", "Open issues": 2, "Owed (yuan)": "9,000"}]
    listed = next(d.value for d in emp.dataframe if "Open wage issues" in d.value.columns)
    assert any(f.startswith("2 open wage issues · 9,000 yuan owed") for f in listed["Open wage issues"])
    with unit_of_work(world["engine"], write=False) as s:
        first = s.exec(select(WageIssue.id).order_by(WageIssue.id)).first()
    emp.selectbox(key="emp_resolve_issue").set_value(first)
    _submit(emp, "emp_resolve")
    assert "Say how the issue was resolved." in [e.value for e in emp.error]
    emp.text_area(key="emp_resolve_note").input("劳动监察大队协调，已补发")
    _submit(emp, "emp_resolve")
    assert "Issue resolved." in [s.value for s in emp.success]
    assert emp.table[0].value.to_dict("records")[0]["Open issues"] == 1


def test_an_extra_visit_for_the_worker(app_env, world) -> None:
    at, _ = _open(app_env)
    at.segmented_control(key="fu_state").set_value("upcoming").run()
    hire = world["soon"]
    _pick(at, hire.visits[0])
    key = f"fu_extra_{hire.hire_id}"
    at.radio(key=f"{key}_outcome").set_value("unreachable")
    _submit(at, key)
    assert any("Extra visit saved: 李*妹." in s.value for s in at.success)
    with unit_of_work(world["engine"], write=False) as s:
        extra = s.exec(select(FollowUp).where(FollowUp.hire_id == hire.hire_id, FollowUp.month.is_(None))).one()
        assert extra.outcome == "unreachable"
    from services.repairs.unreachable import unreachable_items

    assert [i.name for i in unreachable_items(world["engine"], township=None)[0]] == ["李*妹"]


def test_township_staff_see_their_township_only(app_env, world) -> None:
    from services.accounts.staff import create_user
    from tests.auth_support import PASSWORD

    create_user(world["engine"], username="dahe1", display_name="大河乡 刘干事", role="township",
                password=PASSWORD, township="大河乡")
    from services.accounts.sessions import start_session

    principal = start_session(world["engine"], username="dahe1", cookie_exp=10**10)
    at = open_staff_page(app_env, "followups", principal=principal, lang="en")
    assert not at.exception, [e.value for e in at.exception]
    assert "Workers from Dahe Township" in [c.value for c in at.caption]
    assert list(at.table[0].value["Township"]) == ["Dahe Township"]
    at.segmented_control(key="fu_state").set_value("all").run()
    assert set(at.table[1].value["Worker"]) == {r"张\*国"}
    assert not [s for s in at.selectbox if s.key == "fu_township"]  # no township chooser


def test_workstation_staff_see_their_city_only(app_env, world) -> None:
    from services.accounts.sessions import start_session
    from services.accounts.staff import create_user
    from tests.auth_support import PASSWORD

    create_user(world["engine"], username="dg1", display_name="东莞工作站 陈站长", role="workstation",
                password=PASSWORD, city="东莞市")
    principal = start_session(world["engine"], username="dg1", cookie_exp=10**10)
    at = open_staff_page(app_env, "followups", principal=principal, lang="en")
    assert not at.exception, [e.value for e in at.exception]
    at.segmented_control(key="fu_state").set_value("all").run()
    assert set(at.table[1].value["Worker"]) == {r"王\*兰", r"李\*妹"}


@pytest.mark.parametrize("role", ["township", "workstation"])
def test_role_page_matrix(app_env, role) -> None:
    """Township and workstation staff get the follow-ups (first in their menu) and their account; never the
    dashboard or another organizer page; recruiters and desk staff never get the follow-ups."""
    from components import routes
    from services.accounts.sessions import start_session
    from services.accounts.staff import create_user
    from tests.auth_support import PASSWORD

    engine = make_engine(app_env)
    create_user(engine, username=f"{role}1", display_name="干事", role=role, password=PASSWORD,
                township="城关镇" if role == "township" else None, city="东莞市" if role == "workstation" else None)
    principal = start_session(engine, username=f"{role}1", cookie_exp=10**10)
    assert "followups" in [r.path for r in routes.staff_menu(role)] and routes.LANDING[role] == "followups"
    at = open_staff_page(app_env, "followups", principal=principal)
    assert not at.exception, [e.value for e in at.exception]
    assert "您没有权限打开这个页面。" not in [e.value for e in at.error]
    for path in ("dashboard", "fairs", "accounts", "employers", "desk", "pipeline"):
        with pytest.raises(ValueError):
            open_staff_page(app_env, path, principal=principal)
    for other in ("recruiter", "desk"):
        assert "followups" not in [r.path for r in routes.staff_menu(other)]
    assert "followups" in [r.path for r in routes.staff_menu("organizer")]


def test_the_caption_names_the_configured_months(app_env, monkeypatch) -> None:
    at, principal = _open(app_env)
    assert "Every hired worker is visited 1, 3, 6 months after starting work: record what each visit found." in [
        c.value for c in at.caption]
    monkeypatch.setenv("PORTAL_FOLLOWUP_MONTHS", "[1, 3, 6, 12]")
    get_settings.cache_clear()
    try:
        at = open_staff_page(app_env, "followups", principal=principal, lang="en")  # the same account, again
        assert any("visited 1, 3, 6, 12 months" in c.value for c in at.caption), [c.value for c in at.caption]
    finally:
        monkeypatch.delenv("PORTAL_FOLLOWUP_MONTHS")
        get_settings.cache_clear()


def test_open_visits_table_is_empty_for_an_empty_county(app_env) -> None:
    at, _ = _open(app_env)
    assert "No visits to make here yet: they are scheduled when a hire is recorded." in [c.value for c in at.caption]
    assert "No visits here." in [i.value for i in at.info]
    assert "No open wage issues." in visible_text(at)


def test_a_done_visit_shows_what_was_recorded(app_env, world) -> None:
    from services.followups import visits

    visit = world["late"].visits[0]
    visits.record_visit(world["engine"], follow_up_id=visit, user_id=None,
                        report=visits.VisitReport("working", local_today(), monthly_wage=5300, wage_paid=True))
    at, _ = _open(app_env)
    at.segmented_control(key="fu_state").set_value("done").run()
    assert list(at.table[1].value["State"]) == ["Visited"]
    _pick(at, visit)
    said = " ".join(i.value for i in at.info)
    assert "Still working" in said and "5,300 yuan a month" in said and "paid in full and on time" in said
    assert not [b for b in at.button if b.proto.form_id == f"fu_visit_{visit}"]  # nothing to record again


def test_a_township_account_without_its_township(app_env, monkeypatch) -> None:
    from services.accounts.sessions import start_session
    from services.core.errors import NotFound
    from services.followups import lists

    def refused(user):
        raise NotFound("Your account does not follow up on hires.")

    monkeypatch.setattr(lists, "scope_for", refused)
    make_staff(app_env, username="tw9", role="organizer")
    principal = start_session(make_engine(app_env), username="tw9", cookie_exp=10**10)
    at = open_staff_page(app_env, "followups", principal=principal, lang="en")
    assert not at.exception
    assert "Your account does not follow up on hires." in [e.value for e in at.error]
