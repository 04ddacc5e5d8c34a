"""A household's plan: recorded, replaced without losing a step, refused when someone saved in between,
overdue from the day after its by-when in the county's time, and the household leaving the list after a
member is confirmed in work at a visit (both backends)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlmodel import Session

from models import AuditEvent, HouseholdPlan
from services.core.errors import FieldErrors, NotFound, StateChanged
from services.households.lists import ListKind, household_list, township_figures
from services.households.plans import PlanForm, close_plan, plan_history, save_plan
from tests.households import support as mk

TODAY = date(2026, 3, 10)


def _form(**changes) -> PlanForm:
    values = dict(cadre_name="李干部", next_step="推荐到东莞华丰电子厂面试", by_whom="村委会 王主任", due_on=TODAY)
    values.update(changes)
    return PlanForm(**values)


def test_every_wrong_field_at_once(engine) -> None:
    hh = mk.household(engine)
    with pytest.raises(FieldErrors) as err:
        save_plan(engine, household_id=hh, form=PlanForm(next_step=" ", due_on=TODAY - timedelta(days=1)),
                  replaces=None, user_id=None, today=TODAY)
    assert set(err.value.errors) == {"cadre", "next_step", "by_whom", "due_on"}
    with pytest.raises(FieldErrors) as err:
        save_plan(engine, household_id=hh, form=_form(due_on=TODAY + timedelta(days=400), by_whom="x" * 61),
                  replaces=None, user_id=None, today=TODAY)
    assert set(err.value.errors) == {"due_on", "by_whom"}
    with Session(engine) as session:
        assert session.execute(select(HouseholdPlan)).first() is None


def test_a_replaced_step_is_kept_and_two_people_never_overwrite_each_other(engine) -> None:
    from tests.repairs.support import register_staff

    staff = register_staff(engine)
    hh = mk.household(engine)
    mk.member(engine, hh, head=True)
    first = save_plan(engine, household_id=hh, form=_form(cadre_user_id=staff, cadre_name=""), replaces=None,
                      user_id=staff, today=TODAY)
    assert first.cadre_name == "县人社局 张科长"
    with pytest.raises(StateChanged):  # a second person whose form showed no plan
        save_plan(engine, household_id=hh, form=_form(), replaces=None, user_id=staff, today=TODAY)
    second = save_plan(engine, household_id=hh, form=_form(next_step="参加电焊培训"), replaces=first.id,
                       user_id=staff, previous_done=True, today=TODAY)
    with pytest.raises(StateChanged):  # someone still looking at the first step
        save_plan(engine, household_id=hh, form=_form(), replaces=first.id, user_id=staff, today=TODAY)
    history = plan_history(engine, hh)
    assert [(p.id, p.status, p.replaces_id) for p in history] == [(second.id, "open", first.id),
                                                                  (first.id, "done", None)]
    with pytest.raises(FieldErrors):
        close_plan(engine, plan_id=second.id, done=False, note=" ", user_id=staff)
    close_plan(engine, plan_id=second.id, done=False, note="全家外出，已不在本村", user_id=staff)
    with pytest.raises(StateChanged):
        close_plan(engine, plan_id=second.id, done=True, note="", user_id=staff)
    assert [p.status for p in plan_history(engine, hh)] == ["cancelled", "done"]
    with Session(engine) as session:
        actions = session.execute(select(AuditEvent.action).order_by(AuditEvent.id)).scalars().all()
    assert actions[-3:] == ["household_plan_saved", "household_plan_saved", "household_plan_closed"]


def test_township_staff_act_on_their_township_only(engine) -> None:
    hh = mk.household(engine, township="大河乡", village="大河村")
    with pytest.raises(NotFound):
        save_plan(engine, household_id=hh, form=_form(), replaces=None, user_id=None, township="城关镇", today=TODAY)
    save_plan(engine, household_id=hh, form=_form(), replaces=None, user_id=None, township="大河乡", today=TODAY)


def test_overdue_from_the_county_s_midnight_after_the_by_when(engine, monkeypatch) -> None:
    from services.core import clock

    hh = mk.household(engine)
    mk.member(engine, hh, head=True)
    save_plan(engine, household_id=hh, form=_form(due_on=TODAY), replaces=None, user_id=None, today=TODAY)
    # 23:59 in China on the by-when day is 15:59 UTC: not overdue; one minute later it is
    for instant, overdue in ((datetime(2026, 3, 10, 15, 59, tzinfo=UTC), 0),
                             (datetime(2026, 3, 10, 16, 0, tzinfo=UTC), 1)):
        monkeypatch.setattr(clock, "local_now", lambda i=instant: i.astimezone(clock.local_zone()))
        today = clock.local_today()
        [town] = township_figures(engine, today=today)
        assert town.overdue == overdue
        rows, _total = household_list(engine, today=today, kind=ListKind.OVERDUE)
        assert len(rows) == overdue
        if overdue:
            assert rows[0].plan is not None and rows[0].plan.overdue


def test_a_household_leaves_the_list_after_a_confirmed_visit(engine) -> None:
    employer = mk.Employer(engine)
    hh = mk.household(engine)
    sid = mk.member(engine, hh, head=True)
    plan = save_plan(engine, household_id=hh, form=_form(due_on=TODAY), replaces=None, user_id=None, today=TODAY)
    later = TODAY + timedelta(days=40)

    def on_list(today: date) -> bool:
        return hh in {r.household_id for r in household_list(engine, today=today, kind=ListKind.NEEDS_PLAN)[0]}

    assert on_list(TODAY)
    hire = mk.hire(engine, employer, sid, start=TODAY + timedelta(days=5))
    assert on_list(later)  # hired, and its plan overdue: still followed until a visit confirms the work
    assert household_list(engine, today=later, kind=ListKind.OVERDUE)[0][0].plan.plan_id == plan.id
    mk.visit(engine, hire, on=later, month=1)  # still working at the next visit
    assert not on_list(later)
    assert household_list(engine, today=later, kind=ListKind.OVERDUE)[1] == 0
