"""Panels on hires and vacancies.

Hires (the `hire` table: one row per hire a recruiter records; destination, trade and
employer copied from the vacancy at that moment; read from its facts, `hire_fact`, which also
hold the person's home township and registered-poor answer: docs/ROLLUPS.md "Hire facts")
are counted as hires (录用人次): someone
hired twice counts twice, except in "people hired" and the targets, which count people.
The filters mean, for hires:

* a fair: hires recorded at that fair (`hire.fair_id`);
* a township: hires of people whose **home township** it is (`seeker.township`), not the
  hires made at the township's fairs: "how many of this township's people found work",
  which is what a township's targets ask;
* a registration point (site): hires of people who registered there (a check-in at it),
  e.g. the people of a relocation site who found work;
* dates: hires whose `hired_at` falls in the local dates.

The hire figures:

* hires today: hires recorded on today's local date within the place filters (the date
  filter does not apply, as for registrations today).
* hires in total / in the chosen dates, people hired, the share from registered-poor
  households (`seeker.poor_household` = yes), by employer (the 15 with most hires, then
  the rest together), by destination province and by trade: the hires in the scope.
* positions posted against filled: vacancies posted (every status, closed ones too: they
  were posted) offered at the chosen fair (`vacancy_fair`) and created in the chosen
  dates; a township or registration point does not narrow them (vacancies belong to the
  whole county). Counted as vacancies and as positions (the sum of their headcounts);
  filled are the hires into those vacancies (whenever and wherever recorded), and a
  vacancy counts as filled once its hires reach its headcount. Overall and per employer
  (the 15 employers with most positions, then the rest together).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Select

from models.application import ACTIVE_HIRE, Hire
from models.employer import Employer
from models.hire_fact import ACTIVE_FACT, HireFact
from models.summary import SummaryHireSite
from models.vacancy import Vacancy, VacancyFair
from services.reporting.dashboard.buckets import in_span
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.counting import checkin_table, ranked
from services.reporting.dashboard.filters import DashboardFilter

TOP_EMPLOYERS = 15  # employers shown by name; the rest are one bar

_hire = HireFact.__table__  # the hires' facts: hire columns, the person's township and poor answer
_hire_base = Hire.__table__
_vacancy = Vacancy.__table__
_checkin = checkin_table
_hire_site = SummaryHireSite.__table__
SelectT = TypeVar("SelectT", bound=Select[*tuple[Any, ...]])


@dataclass(frozen=True)
class EmployerRef:
    id: int | None  # None: the other employers together
    name: str
    others: int = 0  # how many employers "the others" are


@dataclass
class Hires:
    """Hires in the scope (see the module docstring): counted as hires, `people` as people."""

    today: int = 0
    total: int = 0
    people: int = 0
    poor: int = 0  # hires of people from registered-poor households
    by_employer: list[tuple[EmployerRef, int]] = field(default_factory=list)  # most first, the others last
    by_province: list[tuple[str, int]] = field(default_factory=list)  # most first
    by_trade: list[tuple[str, int]] = field(default_factory=list)

    @property
    def poor_share(self) -> float | None:
        return 100.0 * self.poor / self.total if self.total else None


@dataclass(frozen=True)
class Fill:
    """Vacancies posted and how far their hires fill them."""

    vacancies: int = 0
    positions: int = 0  # the sum of their headcounts
    hired: int = 0  # hires into them
    vacancies_filled: int = 0  # vacancies whose hires reached the headcount

    @property
    def percent(self) -> float | None:
        return 100.0 * self.hired / self.positions if self.positions else None

    def __add__(self, other: Fill) -> Fill:
        return Fill(self.vacancies + other.vacancies, self.positions + other.positions, self.hired + other.hired,
                    self.vacancies_filled + other.vacancies_filled)


@dataclass
class Openings:
    total: Fill = field(default_factory=Fill)
    by_employer: list[tuple[EmployerRef, Fill]] = field(default_factory=list)  # most positions first


def hires(conn: Connection, ctx: Context) -> dict[str, object]:
    return {"hires": _hire_figures(conn, ctx.flt, ctx.today_span, ctx.span, summaries=ctx.summaries)}


def openings(conn: Connection, ctx: Context) -> dict[str, object]:
    return {"openings": _openings(conn, ctx.flt, ctx.span)}


def hires_from(stmt: SelectT) -> SelectT:
    """FROM the hires' facts, the hires not cancelled."""
    return stmt.select_from(_hire).where(ACTIVE_FACT)


def _hire_conditions(flt: DashboardFilter, *, summaries: bool = False) -> list[ColumnElement]:
    """Hires (their facts) at the chosen fair, of people from the chosen township (home) and registration point.
    The people of a registration point: its check-ins' (the reference), or with the summaries read the site's
    hires (`summary_hire_site`, one key range: summaries/hire_sites.py), not every person who checked in there."""
    h = _hire.c
    conds: list[ColumnElement] = []
    if flt.fair_id is not None:
        conds.append(h.fair_id == flt.fair_id)
    if flt.township is not None:
        conds.append(h.township == flt.township)
    if flt.site_id is not None and summaries:
        link = _hire_site.c
        conds.append(h.hire_id.in_(select(link.hire_id).where(link.site_id == flt.site_id)))
    elif flt.site_id is not None:
        c = _checkin.c
        conds.append(h.seeker_id.in_(select(c.seeker_id).where(c.site_id == flt.site_id)))  # one set, built once
    return conds


def _hire_figures(conn: Connection, flt: DashboardFilter, today_span: tuple[datetime, datetime],
                  span: tuple[datetime, datetime] | None, *, summaries: bool = False) -> Hires:
    h, e = _hire.c, Employer.__table__.c
    where = _hire_conditions(flt, summaries=summaries)
    today = conn.execute(hires_from(select(func.count())).where(
        *where, *in_span(h.hired_at, today_span))).scalar_one()
    scoped = [*where, *in_span(h.hired_at, span)]
    poor = func.count().filter(h.poor_household == "yes")
    total, people, poor_n = conn.execute(hires_from(select(
        func.count(), func.count(h.seeker_id.distinct()), poor)).where(*scoped)).one()
    result = Hires(today=today, total=total, people=people, poor=poor_n)
    if not total:
        return result
    per_employer = hires_from(select(h.employer_id, func.count().label("n"))).where(*scoped) \
        .group_by(h.employer_id).subquery("per_employer")
    rows = conn.execute(select(e.id, e.name, per_employer.c.n)
                        .join_from(per_employer, Employer.__table__, e.id == per_employer.c.employer_id)).all()
    top, rest = ranked([(i, name, n) for i, name, n in rows], TOP_EMPLOYERS)
    result.by_employer = [(EmployerRef(i, name), n) for i, name, n in top]
    if rest:
        result.by_employer.append((EmployerRef(None, "", others=len(rest)), sum(n for *_x, n in rest)))
    for attr, col in (("by_province", h.province), ("by_trade", h.trade)):
        grouped = conn.execute(hires_from(select(col, func.count())).where(*scoped).group_by(col)).all()
        setattr(result, attr, [(k, n) for k, n in sorted(grouped, key=lambda r: (-r[1], r[0]))])
    return result


def _openings(conn: Connection, flt: DashboardFilter, span: tuple[datetime, datetime] | None) -> Openings:
    """Vacancies posted (at the chosen fair, in the chosen dates) per employer, with the hires into them."""
    v, h, e = _vacancy.c, _hire_base.c, Employer.__table__.c
    conds = in_span(v.created_at, span)
    if flt.fair_id is not None:
        vf = VacancyFair.__table__.c
        conds.append(v.id.in_(select(vf.vacancy_id).where(vf.fair_id == flt.fair_id)))
    hired = select(h.vacancy_id, func.count().label("n")).where(ACTIVE_HIRE).group_by(h.vacancy_id).subquery("hired")
    n = func.coalesce(hired.c.n, 0)
    per_employer = (select(v.employer_id, func.count().label("vacancies"), func.sum(v.headcount).label("positions"),
                           func.sum(n).label("hired"),
                           func.count().filter(n >= v.headcount).label("filled"))
                    .select_from(_vacancy.outerjoin(hired, hired.c.vacancy_id == v.id))
                    .where(*conds).group_by(v.employer_id).subquery("per_employer"))
    p = per_employer.c
    rows = conn.execute(select(e.id, e.name, p.vacancies, p.positions, p.hired, p.filled)
                        .join_from(per_employer, Employer.__table__, e.id == p.employer_id)).all()
    fills = [(i, name, Fill(int(a), int(b or 0), int(c or 0), int(d))) for i, name, a, b, c, d in rows]
    top, rest = ranked([(i, name, f, f.positions) for i, name, f in fills], TOP_EMPLOYERS)
    out = Openings(total=sum((f for _i, _n, f in fills), Fill()),
                   by_employer=[(EmployerRef(i, name), f) for i, name, f, _p in top])
    if rest:
        out.by_employer.append((EmployerRef(None, "", others=len(rest)), sum((f for _i, _n, f, _p in rest), Fill())))
    return out
