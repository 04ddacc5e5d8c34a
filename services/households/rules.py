"""The household rules, each once, in SQL and in Python (tests check the two agree on both backends).

Working age: 16 to 59 on the county's local date `today` — from the 16th birthday (that day included)
until the day before the 60th (`working_age_births`: born after `today` − 60 years, on or before
`today` − 16 years; a 29 February birthday counts from 28 February in a year without one).

For a household (its members are the seekers with `seeker.household_id`) on `today`:
- working age: at least one member of working age;
- in work: a member has a hire in work (`services.followups.employment.in_work_sql`: the hire counts,
  has started, and its latest visit, if any, says working or changed job);
- confirmed: a member has a hire confirmed in work at a visit (`confirmed_in_work_sql`) — "hired and
  still working at the next visit", stable work;
- relocated: a member first registered at a relocation site (`seeker.first_site_id`, SiteKind.RELOCATION);
- its site (the per-site figures): the smallest `first_site_id` among its members (none: no site).

A household is **zero-employment** when it has working-age members and nobody in work.
It **needs a plan** (一户一策; it is on the list the bureau must clear) when it has working-age members,
nobody confirmed in stable work, and it is zero-employment, or relocated, or already has an open plan
(a plan once opened is followed until a member is confirmed in work at a visit). So a household leaves
the list when a member is hired and still working at the next visit — a hire alone is not enough.

In SQL the facts are computed for every household at once (`household_flags`: GROUP BY over members and over
their hires, no sub-select per household) and the two rules are predicates over those rows
(`zero_employment_of`, `needs_plan_of`); `zero_employment_sql` / `needs_plan_sql` apply them to `household` rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.sql import Subquery
from sqlalchemy.sql.elements import ColumnElement

from models import ACTIVE_HIRE, Hire, Household, HouseholdPlan, PlanStatus, Seeker, Site, SiteKind
from services.followups.due import add_months
from services.followups.employment import confirmed_in_work_sql, in_work_sql

WORKING_AGE = (16, 59)  # years, both included

_s = Seeker.__table__.c
_h = Hire.__table__.c
_hh = Household.__table__.c
_p = HouseholdPlan.__table__.c
_site = Site.__table__.c


def working_age_births(today: date) -> tuple[date, date]:
    """(born after, born on or before): the birth dates of people of working age on `today`."""
    youngest, oldest = WORKING_AGE
    return add_months(today, -12 * (oldest + 1)), add_months(today, -12 * youngest)


def is_working_age(birth_date: date, today: date) -> bool:
    after, latest = working_age_births(today)
    return after < birth_date <= latest


def working_age_sql(today: date) -> ColumnElement[bool]:
    """Over `seeker` rows."""
    after, latest = working_age_births(today)
    return and_(_s.birth_date > after, _s.birth_date <= latest)


# --- per household, in SQL: one row of flags per household (GROUP BY, no per-household sub-select) -------------

def household_flags(today: date, ids: Any = None) -> Subquery:
    """One row per household: id, township, village, code, head_seeker_id, poor, and the rules' facts as 0/1 —
    working_age, in_work, confirmed, relocated — its site (site_id), and its open plan step (plan_id, plan_due).
    `ids` (household ids: a list or a SELECT of them) limits every part to those households."""
    def only(column: Any) -> list[ColumnElement[bool]]:
        return [] if ids is None else [column.in_(ids)]

    members = (select(_s.household_id.label("hid"),
                      func.max(case((working_age_sql(today), 1), else_=0)).label("working_age"),
                      func.max(case((_site.kind == SiteKind.RELOCATION, 1), else_=0)).label("relocated"),
                      func.min(_s.first_site_id).label("site_id"))
               .select_from(Seeker.__table__.outerjoin(Site.__table__, _site.id == _s.first_site_id))
               .where(_s.household_id.is_not(None), *only(_s.household_id)).group_by(_s.household_id)
               .subquery("members"))
    work = (select(_s.household_id.label("hid"),
                   func.max(case((in_work_sql(today), 1), else_=0)).label("in_work"),
                   func.max(case((confirmed_in_work_sql(today), 1), else_=0)).label("confirmed"))
            .select_from(Hire.__table__.join(Seeker.__table__, _s.id == _h.seeker_id))
            .where(_s.household_id.is_not(None), ACTIVE_HIRE, *only(_s.household_id)).group_by(_s.household_id)
            .subquery("work"))
    plans = (select(_p.household_id.label("hid"), _p.id.label("plan_id"), _p.due_on.label("plan_due"))
             .where(_p.status == PlanStatus.OPEN, *only(_p.household_id)).subquery("open_plans"))
    return (select(_hh.id, _hh.township, _hh.village, _hh.code, _hh.head_seeker_id, _hh.poor,
                   func.coalesce(members.c.working_age, 0).label("working_age"),
                   func.coalesce(work.c.in_work, 0).label("in_work"),
                   func.coalesce(work.c.confirmed, 0).label("confirmed"),
                   func.coalesce(members.c.relocated, 0).label("relocated"),
                   members.c.site_id, plans.c.plan_id, plans.c.plan_due)
            .select_from(Household.__table__.outerjoin(members, members.c.hid == _hh.id)
                         .outerjoin(work, work.c.hid == _hh.id).outerjoin(plans, plans.c.hid == _hh.id))
            .where(*only(_hh.id))
            .subquery("household_flags"))


def zero_employment_of(flags: Subquery) -> ColumnElement[bool]:
    """Over `household_flags` rows."""
    return and_(flags.c.working_age == 1, flags.c.in_work == 0)


def needs_plan_of(flags: Subquery) -> ColumnElement[bool]:
    """Over `household_flags` rows."""
    return and_(flags.c.working_age == 1, flags.c.confirmed == 0,
                or_(flags.c.in_work == 0, flags.c.relocated == 1, flags.c.plan_id.is_not(None)))


def zero_employment_sql(today: date) -> ColumnElement[bool]:
    """Over `household` rows."""
    flags = household_flags(today)
    return _hh.id.in_(select(flags.c.id).where(zero_employment_of(flags)))


def needs_plan_sql(today: date) -> ColumnElement[bool]:
    """Over `household` rows."""
    flags = household_flags(today)
    return _hh.id.in_(select(flags.c.id).where(needs_plan_of(flags)))


# --- the Python twins ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberFacts:
    birth_date: date
    in_work: bool  # a hire of theirs in work (employment.in_work)
    confirmed: bool  # a hire of theirs confirmed in work at a visit (in_work(..., confirmed=True))


def zero_employment(members: list[MemberFacts], today: date) -> bool:
    return any(is_working_age(m.birth_date, today) for m in members) and not any(m.in_work for m in members)


def needs_plan(members: list[MemberFacts], today: date, *, relocated: bool, open_plan: bool) -> bool:
    if not any(is_working_age(m.birth_date, today) for m in members) or any(m.confirmed for m in members):
        return False
    return zero_employment(members, today) or relocated or open_plan
