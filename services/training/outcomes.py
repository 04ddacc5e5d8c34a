"""Trained, then employed: of the people who completed a course, how many were hired within 3 and within 6
months after the completion date — by course, by kind, by provider; for order-based courses (订单式培训) how
many were hired by the ordering employer.

What counts:

* a **completion** is a completed enrolment of a course not cancelled, its completion date (local) in the
  chosen period. The unit is the completion: per course it is the people who completed it; by kind, by
  provider and in total a person who completed two courses is counted with each (each course is judged);
* **hired within N months**: the person has a hire that counts (`ACTIVE_HIRE`: a cancelled hire never
  does) whose start date is on or after the completion date and on or before the same day N months later
  (`add_months`, both days included) — any employer; for an order-based course, **by the ordering
  employer** is the same within 6 months with `hire.employer_id = course.employer_id`;
* the **window has closed** when its last day is before today (the county's date). A completion whose
  window is still open is shown apart as "not yet 3 (6) months": counted neither as hired nor as not, and
  the percentages are of the completions whose window has closed.

One query grouped by course (EXISTS over `hire.seeker_id`'s index per completion); the roll-ups by kind and
provider add the courses' rows up in Python (a county runs hundreds of courses, not millions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from models import ACTIVE_HIRE, Course, Employer, Enrolment, Hire
from services.core.db import read_only, select_wide
from services.subsidies.dates import add_months_sql
from services.training.figures import completed_in, completions

WINDOWS = (3, 6)

_e, _c, _h = Enrolment.__table__.c, Course.__table__.c, Hire.__table__.c


@dataclass(frozen=True)
class Outcome:
    completed: int = 0
    closed3: int = 0  # completions whose 3-month window has closed
    hired3: int = 0  # of those, hired within 3 months
    closed6: int = 0
    hired6: int = 0
    ordered: int = 0  # completions of order-based courses whose 6-month window has closed
    by_orderer: int = 0  # of those, hired by the ordering employer within 6 months

    @property
    def open3(self) -> int:
        """Not yet 3 months since the completion."""
        return self.completed - self.closed3

    @property
    def open6(self) -> int:
        return self.completed - self.closed6

    @property
    def percent3(self) -> float | None:
        return 100.0 * self.hired3 / self.closed3 if self.closed3 else None

    @property
    def percent6(self) -> float | None:
        return 100.0 * self.hired6 / self.closed6 if self.closed6 else None

    @property
    def orderer_percent(self) -> float | None:
        return 100.0 * self.by_orderer / self.ordered if self.ordered else None

    def __add__(self, other: Outcome) -> Outcome:
        return Outcome(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Outcome)))


@dataclass(frozen=True)
class CourseOutcome:
    course_id: int
    title: str
    kind: str
    provider: str
    employer: str  # the ordering employer's name ("" not order-based)
    outcome: Outcome


@dataclass(frozen=True)
class TrainingOutcomes:
    start: date
    end: date
    today: date
    courses: list[CourseOutcome]

    @property
    def total(self) -> Outcome:
        return _sum(c.outcome for c in self.courses)

    def by(self, attribute: str) -> list[tuple[str, Outcome]]:
        """Roll-up by "kind" or "provider" (or "employer": the order-based courses' employers), by name."""
        groups: dict[str, list[Outcome]] = {}
        for c in self.courses:
            key = getattr(c, attribute)
            if attribute == "employer" and not key:
                continue
            groups.setdefault(key, []).append(c.outcome)
        return [(k, _sum(v)) for k, v in sorted(groups.items())]


def _sum(items: Iterable[Outcome]) -> Outcome:
    out = Outcome()
    for o in items:
        out = out + o
    return out


def _hired_within(months: int, dialect: str, *, orderer: bool = False) -> ColumnElement[bool]:
    cond = [_h.seeker_id == _e.seeker_id, ACTIVE_HIRE, _h.start_date >= _e.completed_on,
            _h.start_date <= add_months_sql(_e.completed_on, months, dialect)]
    if orderer:
        cond.append(_h.employer_id == _c.employer_id)
    return exists(select(_h.id).where(*cond))


def _closed(months: int, today: date, dialect: str) -> ColumnElement[bool]:
    return add_months_sql(_e.completed_on, months, dialect) < today


def _n(cond: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


@read_only
def training_outcomes(session: Session, start: date, end: date, *, today: date) -> TrainingOutcomes:
    """Trained, then employed, for the completions between `start` and `end` (local dates, both included),
    judged on `today` (the county's date)."""
    dialect = session.get_bind().dialect.name
    closed3, closed6 = _closed(3, today, dialect), _closed(6, today, dialect)
    ordered = and_(closed6, _c.employer_id.is_not(None))
    stmt = (select_wide(_c.id, _c.title, _c.kind, _c.provider, _c.employer_id, func.count(),
                        _n(closed3), _n(and_(closed3, _hired_within(3, dialect))),
                        _n(closed6), _n(and_(closed6, _hired_within(6, dialect))),
                        _n(ordered), _n(and_(ordered, _hired_within(6, dialect, orderer=True))))
            .select_from(completions()).where(*completed_in(start, end))
            .group_by(_c.id, _c.title, _c.kind, _c.provider, _c.employer_id)
            .order_by(_c.kind, _c.provider, _c.title, _c.id))
    rows = session.execute(stmt).all()
    names = _employer_names(session, {r[4] for r in rows if r[4] is not None})
    courses = [CourseOutcome(int(cid), title, kind, provider, names.get(emp, "") if emp is not None else "",
                             Outcome(*(int(x) for x in counts)))
               for cid, title, kind, provider, emp, *counts in rows]
    return TrainingOutcomes(start, end, today, courses)


def _employer_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    e = Employer.__table__.c
    return {int(i): n for i, n in session.execute(select(e.id, e.name).where(e.id.in_(ids)))}
