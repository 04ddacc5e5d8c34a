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
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, not_, or_, select
from sqlalchemy.sql.elements import ColumnElement

from models import Hire, Household, HouseholdPlan, PlanStatus, Seeker, Site, SiteKind
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


# --- per household, correlated to `household` ------------------------------------------------------

def _member(*where: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists(select(_s.id).where(_s.household_id == _hh.id, *where).correlate(Household.__table__))


def _member_hire(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists(select(_h.id).select_from(Hire.__table__.join(Seeker.__table__, _s.id == _h.seeker_id))
                  .where(_s.household_id == _hh.id, condition).correlate(Household.__table__))


def has_working_age_sql(today: date) -> ColumnElement[bool]:
    return _member(working_age_sql(today))


def in_work_household_sql(today: date) -> ColumnElement[bool]:
    return _member_hire(in_work_sql(today))


def confirmed_household_sql(today: date) -> ColumnElement[bool]:
    return _member_hire(confirmed_in_work_sql(today))


def relocated_sql() -> ColumnElement[bool]:
    return exists(select(_s.id).select_from(Seeker.__table__.join(Site.__table__, _site.id == _s.first_site_id))
                  .where(_s.household_id == _hh.id, _site.kind == SiteKind.RELOCATION)
                  .correlate(Household.__table__))


def open_plan_sql() -> ColumnElement[bool]:
    return exists(select(_p.id).where(_p.household_id == _hh.id, _p.status == PlanStatus.OPEN)
                  .correlate(Household.__table__))


def site_sql() -> ColumnElement[int | None]:
    return (select(func.min(_s.first_site_id)).where(_s.household_id == _hh.id)
            .correlate(Household.__table__).scalar_subquery())


def zero_employment_sql(today: date) -> ColumnElement[bool]:
    return and_(has_working_age_sql(today), not_(in_work_household_sql(today)))


def needs_plan_sql(today: date) -> ColumnElement[bool]:
    return and_(has_working_age_sql(today), not_(confirmed_household_sql(today)),
                or_(not_(in_work_household_sql(today)), relocated_sql(), open_plan_sql()))


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
