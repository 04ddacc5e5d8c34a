"""The one rule for "this hired worker is in work", used by retention, households and subsidies.

A hire's *latest visit* is its visit done last (`visited_on`, then `id`). Outcomes:
- in work: WORKING (still with the hire's employer) or CHANGED_JOB (working elsewhere);
- not in work: RETURNED, UNREACHABLE (not known to be working), DISPUTE (a wage dispute is not
  stable work; the `WageIssue` says more).

`in_work_sql(today)`: the hire counts (ACTIVE_HIRE), it has started (start_date <= today) and its
latest visit, if any, says in work — a hire nobody has visited yet counts as in work.
`confirmed_in_work_sql(today)`: the same, and a visit has confirmed it (one done, saying in work):
"hired and still working at the next visit", which a household's plan needs before it is cleared.
Both are boolean expressions over `hire` rows (a correlated sub-select on `follow_up`); `in_work`
is the Python form, for one hire and its visits, and tests check the two agree. `in_work_fact_sql(today)`
is the same rule over the hires' stored facts (`hire_fact.latest_outcome`, summaries/hire_facts.py), for
the dashboard's panels.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.sql.elements import ColumnElement

from models import ACTIVE_HIRE, FollowUp, Hire, HireFact, Outcome, VisitStatus
from models.hire_fact import ACTIVE_FACT

IN_WORK_OUTCOMES: tuple[str, ...] = (Outcome.WORKING, Outcome.CHANGED_JOB)

_h = Hire.__table__.c
_f = FollowUp.__table__.c


def latest_outcome_sql() -> ColumnElement[str | None]:
    """The outcome of the hire's latest done visit (NULL when none is done), correlated to `hire`."""
    return (select(_f.outcome)
            .where(_f.hire_id == _h.id, _f.status == VisitStatus.DONE)
            .order_by(_f.visited_on.desc(), _f.id.desc()).limit(1)
            .correlate(Hire.__table__).scalar_subquery())


def in_work_sql(today: date) -> ColumnElement[bool]:
    latest = latest_outcome_sql()
    return and_(ACTIVE_HIRE, _h.start_date <= today, or_(latest.is_(None), latest.in_(IN_WORK_OUTCOMES)))


def in_work_fact_sql(today: date) -> ColumnElement[bool]:
    """`in_work_sql` over `hire_fact` rows (their latest outcome stored)."""
    f = HireFact.__table__.c
    return and_(ACTIVE_FACT, f.start_date <= today, or_(f.latest_outcome.is_(None),
                                                        f.latest_outcome.in_(IN_WORK_OUTCOMES)))


def confirmed_in_work_sql(today: date) -> ColumnElement[bool]:
    return and_(ACTIVE_HIRE, _h.start_date <= today, latest_outcome_sql().in_(IN_WORK_OUTCOMES))


def latest_outcome(visits: Iterable[FollowUp]) -> str | None:
    done = [v for v in visits if v.status == VisitStatus.DONE and v.visited_on is not None]
    if not done:
        return None
    return max(done, key=lambda v: (v.visited_on, v.id or 0)).outcome


def in_work(hire: Hire, visits: Iterable[FollowUp], today: date, *, confirmed: bool = False) -> bool:
    if hire.cancelled_at is not None or hire.start_date > today:
        return False
    outcome = latest_outcome(visits)
    if outcome is None:
        return not confirmed
    return outcome in IN_WORK_OUTCOMES
