"""Trained people: the figure of the `trained` targets (docs/TRAINING.md).

A person is **trained** in a year when they have a completed enrolment (`enrolment.status = 'completed'`)
of a course that was not cancelled, completed (`enrolment.completed_on`, a local date) in that year. A
person who completed two courses is one trained person; in the split by course kind they count once in
each kind they completed (so the kinds can add up to more than the total). **Registered poor** = the
person's `seeker.poor_household` is "yes". A person's township is where they live (`seeker.township`), as
every figure with a township chosen counts people (services/reporting/dashboard/meaning.py: HOME).

All in SQL (GROUP BY over the range `ix_enrolment_completed (status, completed_on)`), no pandas.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, func, literal, null, select, union_all
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Join

from models import Course, CourseStatus, Enrolment, EnrolmentStatus, PoorHousehold, Seeker
from models.training import CourseKind

KINDS: tuple[str, ...] = tuple(CourseKind)

_e, _c, _s = Enrolment.__table__.c, Course.__table__.c, Seeker.__table__.c


@dataclass(frozen=True)
class Trained:
    """Trained people of one place (the county or a township) in one year."""

    people: int = 0
    poor: int = 0  # of them from registered poor households
    by_kind: dict[str, int] = field(default_factory=dict)  # course kind -> people (a person once per kind)
    poor_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def poor_share(self) -> float | None:
        """Percent of the trained people from registered poor households (None: nobody trained)."""
        return 100.0 * self.poor / self.people if self.people else None


def completed_in(start: date, end: date) -> list[ColumnElement[bool]]:
    """Completed enrolments of courses not cancelled, completed between two local dates (both included)."""
    return [_e.status == EnrolmentStatus.COMPLETED, _e.completed_on >= start, _e.completed_on <= end,
            _c.status != CourseStatus.CANCELLED]


def completions() -> Join:
    """enrolment JOIN course JOIN seeker (each by primary key)."""
    return (Enrolment.__table__.join(Course.__table__, _c.id == _e.course_id)
            .join(Seeker.__table__, _s.id == _e.seeker_id))


def year_span(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _rows(conn: Connection, year: int, township: str | None, per_township: bool) -> list[tuple]:
    """(township or "", kind or None for all kinds, people, poor): each person read once.

    One statement: the distinct (person, township, kind, poor) of the year's completions (a CTE used twice, so
    both backends build it once: one seeker lookup per person and kind), then counted for all kinds (distinct
    people) and per kind."""
    poor = case((_s.poor_household == PoorHousehold.YES, 1), else_=0)
    where = completed_in(*year_span(year)) + ([_s.township == township] if township is not None else [])
    place = _s.township if per_township else literal("")
    done = (select(_e.seeker_id.label("seeker_id"), place.label("township"), _c.kind.label("kind"),
                   poor.label("poor"))
            .select_from(completions()).where(*where).distinct().cte("trained_done"))
    d = done.c
    everyone = (select(d.township, null().label("kind"), func.count(d.seeker_id.distinct()),
                       func.count(d.seeker_id.distinct()).filter(d.poor == 1))
                .group_by(d.township))
    kinds = select(d.township, d.kind, func.count(), func.coalesce(func.sum(d.poor), 0)).group_by(d.township, d.kind)
    return list(conn.execute(union_all(everyone, kinds)).all())


def _collect(rows: list[tuple]) -> dict[str, Trained]:
    out: dict[str, Trained] = {}
    for place, kind, n, p in sorted(rows, key=lambda r: r[1] is not None):  # the all-kinds rows first
        if kind is None:
            out[place] = Trained(int(n), int(p))
        else:
            out[place].by_kind[kind] = int(n)
            out[place].poor_by_kind[kind] = int(p)
    return out


def trained_by_township(conn: Connection, year: int, township: str | None = None) -> dict[str, Trained]:
    """{township: Trained} for each township with someone trained in `year` (one township when given)."""
    return _collect(_rows(conn, year, township, per_township=True))


def trained_people(conn: Connection, year: int, township: str | None = None) -> int:
    """Only the number of trained people (the targets panel): the county's without reading the seekers."""
    people = func.count(_e.seeker_id.distinct())
    if township is None:
        source = Enrolment.__table__.join(Course.__table__, _c.id == _e.course_id)
        return int(conn.execute(select(people).select_from(source).where(*completed_in(*year_span(year))))
                   .scalar_one())
    return int(conn.execute(select(people).select_from(completions())
                            .where(*completed_in(*year_span(year)), _s.township == township)).scalar_one())


def trained(conn: Connection, year: int, township: str | None = None) -> Trained:
    """The county's trained people in `year` (township None), or one township's people."""
    return _collect(_rows(conn, year, township, per_township=False)).get("", Trained())
