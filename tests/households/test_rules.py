"""Working age at its edges (no database), and the household rules in SQL agreeing with Python (both backends)."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import Session

from models import FollowUp, Hire, Household, Seeker
from services.followups.employment import in_work
from services.households import rules
from services.households.lists import ListKind, household_list, site_figures, township_figures
from tests.households import support as mk

TODAY = date(2026, 3, 10)


def test_working_age_from_the_16th_birthday_until_the_day_before_the_60th() -> None:
    assert not rules.is_working_age(date(2010, 3, 11), TODAY)  # 16 tomorrow
    assert rules.is_working_age(date(2010, 3, 10), TODAY)  # 16 today
    assert rules.is_working_age(date(1966, 3, 11), TODAY)  # 60 tomorrow: still 59
    assert not rules.is_working_age(date(1966, 3, 10), TODAY)  # 60 today


def test_a_29_february_birthday_counts_from_28_february() -> None:
    assert not rules.is_working_age(date(2008, 2, 29), date(2024, 2, 28))
    assert rules.is_working_age(date(2008, 2, 29), date(2024, 2, 29))


@given(st.dates(date(1940, 1, 1), date(2020, 12, 31)), st.dates(date(2000, 1, 1), date(2040, 12, 31)))
def test_working_age_is_the_age_in_whole_years(birth: date, today: date) -> None:
    age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    if (birth.month, birth.day) == (2, 29):
        return  # the 29 February rule above
    assert rules.is_working_age(birth, today) == (16 <= age <= 59)


def test_working_age_in_sql_at_the_birthdays(engine) -> None:
    hid = mk.household(engine)
    born = {date(2010, 3, 11): False, date(2010, 3, 10): True, date(1966, 3, 11): True, date(1966, 3, 10): False}
    ids = {mk.member(engine, hid, birth=b): b for b in born}
    with Session(engine) as session:
        found = set(session.execute(select(Seeker.id).where(rules.working_age_sql(TODAY))).scalars())
    assert {ids[i] for i in found} == {b for b, ok in born.items() if ok}


def _python_answers(engine, today: date) -> dict[int, tuple[bool, bool]]:
    """(zero-employment, needs a plan) of every household, from rows loaded into Python."""
    from models import HouseholdPlan, Site

    with Session(engine) as session:
        seekers = session.execute(select(Seeker)).scalars().all()
        hires = session.execute(select(Hire)).scalars().all()
        visits = session.execute(select(FollowUp)).scalars().all()
        households = session.execute(select(Household)).scalars().all()
        relocation = {s.id for s in session.execute(select(Site)).scalars() if s.kind == "relocation"}
        open_plans = {p.household_id for p in session.execute(select(HouseholdPlan)).scalars() if p.status == "open"}
    out = {}
    for hh in households:
        members = []
        for s in (s for s in seekers if s.household_id == hh.id):
            own = [h for h in hires if h.seeker_id == s.id]
            work = [in_work(h, [v for v in visits if v.hire_id == h.id], today) for h in own]
            sure = [in_work(h, [v for v in visits if v.hire_id == h.id], today, confirmed=True) for h in own]
            members.append(rules.MemberFacts(s.birth_date, any(work), any(sure)))
        relocated = any(s.first_site_id in relocation for s in seekers if s.household_id == hh.id)
        out[hh.id] = (rules.zero_employment(members, today),
                      rules.needs_plan(members, today, relocated=relocated, open_plan=hh.id in open_plans))
    return out


def test_sql_and_python_agree_on_zero_employment_and_plans(engine) -> None:
    from services.households.plans import PlanForm, save_plan

    employer = mk.Employer(engine)
    relocation, village_point = mk.site(engine), mk.site(engine, kind="village_point", name="东门村服务点")
    cases = {}
    # nobody hired, a working-age member: zero-employment
    cases["zero"] = hh = mk.household(engine)
    mk.member(engine, hh, head=True)
    # only children and elders: not counted
    cases["no_adults"] = hh = mk.household(engine)
    mk.member(engine, hh, birth=date(1950, 1, 1), head=True)
    mk.member(engine, hh, birth=date(2015, 1, 1))
    # hired, not visited yet: in work, not confirmed: off the zero list; relocated so still needs a plan
    cases["hired_relocated"] = hh = mk.household(engine)
    mk.hire(engine, employer, mk.member(engine, hh, head=True, site_id=relocation), start=date(2026, 2, 1))
    # hired and confirmed at a visit: cleared
    cases["confirmed"] = hh = mk.household(engine)
    h = mk.hire(engine, employer, mk.member(engine, hh, head=True, site_id=relocation), start=date(2025, 12, 1))
    mk.visit(engine, h, on=date(2026, 1, 5), month=1)
    # returned at the last visit: zero-employment again
    cases["returned"] = hh = mk.household(engine)
    h = mk.hire(engine, employer, mk.member(engine, hh, head=True, site_id=village_point), start=date(2025, 6, 1))
    mk.visit(engine, h, on=date(2025, 7, 1), month=1)
    mk.visit(engine, h, on=date(2025, 9, 1), month=3, outcome="returned")
    # a cancelled hire does not count
    cases["cancelled"] = hh = mk.household(engine)
    mk.hire(engine, employer, mk.member(engine, hh, head=True), start=date(2026, 1, 1), cancelled=True)
    # a hire starting later does not count yet
    cases["future"] = hh = mk.household(engine)
    mk.hire(engine, employer, mk.member(engine, hh, head=True), start=date(2026, 4, 1))
    # a plan opened while zero-employment, then a hire not confirmed yet: stays on the list
    cases["plan_then_hired"] = hh = mk.household(engine)
    sid = mk.member(engine, hh, head=True)
    plan = PlanForm(cadre_name="李干部", next_step="推荐到东莞电子厂", by_whom="李干部", due_on=TODAY)
    save_plan(engine, household_id=hh, form=plan, replaces=None, user_id=None, today=TODAY)
    mk.hire(engine, employer, sid, start=date(2026, 3, 1))
    expected = {"zero": (True, True), "no_adults": (False, False), "hired_relocated": (False, True),
                "confirmed": (False, False), "returned": (True, True), "cancelled": (True, True),
                "future": (True, True), "plan_then_hired": (False, True)}
    python = _python_answers(engine, TODAY)
    assert {k: python[v] for k, v in cases.items()} == expected
    with Session(engine) as session:
        zero = set(session.execute(select(Household.id).where(rules.zero_employment_sql(TODAY))).scalars())
        plan = set(session.execute(select(Household.id).where(rules.needs_plan_sql(TODAY))).scalars())
    assert {k: (v in zero, v in plan) for k, v in cases.items()} == expected
    # the lists and figures count the same households
    rows, total = household_list(engine, today=TODAY, kind=ListKind.ZERO)
    assert total == 4 and {r.household_id for r in rows} == zero
    rows, total = household_list(engine, today=TODAY, kind=ListKind.NEEDS_PLAN)
    assert {r.household_id for r in rows} == plan
    rows, total = household_list(engine, today=TODAY, kind=ListKind.WITHOUT_PLAN)
    assert {r.household_id for r in rows} == plan - {cases["plan_then_hired"]}
    [town] = township_figures(engine, today=TODAY)
    assert (town.households, town.zero, town.needs_plan, town.without_plan, town.overdue) == (8, 4, 6, 5, 0)
    sites = {f.label: f for f in site_figures(engine, today=TODAY)}
    assert sites["城南安置点"].households == 2 and sites["城南安置点"].needs_plan == 1
    assert sites["东门村服务点"].zero == 1
