"""What each employer is owed for a period, rule by rule, with the hires behind each amount (trace).

A hire counts when it is not cancelled (`ACTIVE_HIRE`). Per-hire kinds take the hires whose start date is
in the period, each judged by the rule's version valid on its start date; a RETAINED amount falls in the
period holding the hire's first visit that qualifies (see kinds.py), judged by the version valid on the
start date; the POOR_BAND amount is one per employer, by the version valid on the period's last day.
Counting is SQL (one query per rule version, GROUP BY employer); the trace is the same selection's rows.

The hires are read from their facts (`hire_fact`, summaries/hire_facts.py, kept in the transaction of every
write that changes them): the hire's start date, contract and employer with the person's gender, birth date
and registered-poor answer, so counting needs no join to the seeker table (at 10M seekers that join was most
of the report's second). Only the trace joins the seeker rows, for the masked names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, false, func, literal, not_, or_, select
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from models import (
    ACTIVE_HIRE,
    Employer,
    FollowUp,
    Hire,
    HireFact,
    Outcome,
    PoorHousehold,
    RuleKind,
    Seeker,
    VisitStatus,
)
from models.hire_fact import ACTIVE_FACT
from services.core.db import read_only, select_wide
from services.core.errors import Checker
from services.core.i18n import N_
from services.registration.tickets import mask_name
from services.subsidies.dates import add_months_sql, age_on
from services.subsidies.kinds import Band, band_for, bands_of
from services.subsidies.rules import RuleVersion, rule_versions

KIND_ORDER = (RuleKind.PER_HIRE, RuleKind.OLDER_WORKER, RuleKind.POOR_BAND, RuleKind.RETAINED)
MAX_DAYS = 366 * 10

_h, _s, _f = HireFact.__table__.c, Seeker.__table__.c, FollowUp.__table__.c  # (the seeker rows: names only)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # both days included


def check_period(start: date | None, end: date | None) -> Period:
    """The period as chosen; FieldErrors (period_start / period_end) when a day is missing or the order is wrong."""
    check = Checker()
    if start is None:
        check.add("period_start", N_("Choose the first day of the period."))
    if end is None:
        check.add("period_end", N_("Choose the last day of the period."))
    elif start is not None and end < start:
        check.add("period_end", N_("The period ends before it starts."))
    elif start is not None and (end - start).days > MAX_DAYS:
        check.add("period_end", N_("Choose a period of at most ten years."))
    check.raise_if_any()
    assert start is not None and end is not None
    return Period(start, end)


@dataclass(frozen=True)
class TraceRow:
    hire_id: int
    employer_id: int
    name: str  # masked (王*兰): no ID number or phone anywhere in a report
    start_date: date
    contract_months: int
    age_at_start: int
    gender: str
    poor: bool
    qualified_on: date | None = None  # RETAINED: the visit that found the worker still working


@dataclass
class Line:
    employer_id: int
    rule: RuleVersion
    count: int  # hires; POOR_BAND: different registered-poor people
    amount: int  # yuan
    band: Band | None = None  # POOR_BAND: the band reached
    trace: list[TraceRow] = field(default_factory=list)


@dataclass
class EmployerSubsidy:
    employer_id: int
    name: str
    lines: list[Line]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


@dataclass
class SubsidyReport:
    period: Period
    employers: list[EmployerSubsidy]

    @property
    def total(self) -> int:
        return sum(e.total for e in self.employers)

    def rule_totals(self) -> list[tuple[RuleVersion, int, int]]:
        """(version, count, amount) per rule version over every employer, in the report's order."""
        out: dict[int, tuple[RuleVersion, int, int]] = {}
        for e in self.employers:
            for line in e.lines:
                rule, count, amount = out.get(line.rule.id, (line.rule, 0, 0))
                out[line.rule.id] = (rule, count + line.count, amount + line.amount)
        return sorted(out.values(), key=lambda t: _line_order(t[0]))


def _line_order(rule: RuleVersion) -> tuple[int, str, int]:
    kind = KIND_ORDER.index(RuleKind(rule.kind)) if rule.kind in KIND_ORDER else len(KIND_ORDER)
    return kind, rule.code, rule.version


def _between(column: ColumnElement[date], start: date, end: date | None) -> ColumnElement[bool]:
    return column >= start if end is None else and_(column >= start, column <= end)


def _started_in(v: RuleVersion, period: Period) -> ColumnElement[bool] | None:
    """Hires starting in the period while `v` is valid; None when the two do not overlap."""
    start = max(period.start, v.valid_from)
    end = min(period.end, v.valid_to) if v.valid_to is not None else period.end
    return None if start > end else _between(_h.start_date, start, end)


def _older(v: RuleVersion, dialect: str) -> ColumnElement[bool]:
    """An OLDER_WORKER version holds for the hire (its start date in the version's dates)."""
    p = v.params
    man = and_(_h.gender == "M", add_months_sql(_h.birth_date, 12 * int(p["man_min_age"]), dialect) <= _h.start_date)
    woman = and_(_h.gender == "F",
                 add_months_sql(_h.birth_date, 12 * int(p["woman_min_age"]), dialect) <= _h.start_date)
    return and_(_between(_h.start_date, v.valid_from, v.valid_to), _h.contract_months >= int(p["min_contract_months"]),
                or_(man, woman))


@dataclass(frozen=True)
class _Selection:
    rule: RuleVersion
    source: FromClause
    where: ColumnElement[bool]
    qualified_on: ColumnElement[date] | None = None


def _selections(versions: list[RuleVersion], period: Period, dialect: str, employer_id: int | None = None
                ) -> list[_Selection]:
    base = HireFact.__table__
    older = [v for v in versions if v.kind == RuleKind.OLDER_WORKER]
    out: list[_Selection] = []
    for v in versions:
        if v.kind == RuleKind.PER_HIRE:
            started = _started_in(v, period)
            if started is not None:
                instead = or_(false(), *(_older(o, dialect) for o in older))
                out.append(_Selection(v, base, and_(started, _h.contract_months >= int(v.params["min_contract_months"]),
                                                    not_(instead))))
        elif v.kind == RuleKind.OLDER_WORKER:
            started = _started_in(v, period)
            if started is not None:
                out.append(_Selection(v, base, and_(started, _older(v, dialect))))
        elif v.kind == RuleKind.POOR_BAND and v.valid_on(period.end):
            out.append(_Selection(v, base, and_(_between(_h.start_date, period.start, period.end),
                                                _h.poor_household == PoorHousehold.YES)))
        elif v.kind == RuleKind.RETAINED and v.valid_from <= period.end:
            out.append(_retained(v, period, base, dialect, employer_id))
    return out


def _retained(v: RuleVersion, period: Period, base: FromClause, dialect: str, employer_id: int | None) -> _Selection:
    """Hires started while `v` is valid whose first visit finding them still working for the employer,
    on or after `months` months from the start, is in the period."""
    months = int(v.params["months"])
    # N months are at least 28 N days: a hire that started later cannot qualify by the period's end (a cheap
    # bound checked before the month arithmetic)
    latest_start = period.end - timedelta(days=28 * months)
    first = (select(_f.hire_id.label("hire_id"), func.min(_f.visited_on).label("qualified_on"))
             .select_from(FollowUp.__table__.join(HireFact.__table__, _h.hire_id == _f.hire_id))
             # `status || ''`: most visits are done, so walking ix_follow_up_open costs more than reading the
             # table (SQLite: 2.5 times as long on 240,000 visits)
             .where(_f.status.concat("") == VisitStatus.DONE, _f.outcome == Outcome.WORKING,
                    _f.visited_on <= period.end,
                    _h.start_date <= latest_start, _between(_h.start_date, v.valid_from, v.valid_to),
                    _f.visited_on >= add_months_sql(_h.start_date, months, dialect),
                    *([_f.employer_id == employer_id] if employer_id is not None else []))
             .group_by(_f.hire_id).subquery("first_working"))
    source = base.join(first, first.c.hire_id == _h.hire_id)
    return _Selection(v, source, _between(first.c.qualified_on, period.start, period.end), first.c.qualified_on)


@read_only
def subsidy_report(session: Session, period: Period, *, employer_id: int | None = None,
                   with_trace: bool = True) -> SubsidyReport:
    """The amounts of `period` per employer (one, or every employer with an amount), rule by rule."""
    dialect = session.get_bind().dialect.name
    lines: dict[int, list[Line]] = {}
    for sel in _selections(rule_versions(session), period, dialect, employer_id):
        where = and_(ACTIVE_FACT, sel.where, *([_h.employer_id == employer_id] if employer_id is not None else []))
        counted = func.count(func.distinct(_h.seeker_id)) if sel.rule.kind == RuleKind.POOR_BAND else func.count()
        stmt = select(_h.employer_id, counted).select_from(sel.source).where(where).group_by(_h.employer_id)
        found: dict[int, Line] = {}
        for emp, count in session.execute(stmt):
            line = _line(sel.rule, int(emp), int(count))
            if line is not None:
                found[line.employer_id] = line
                lines.setdefault(line.employer_id, []).append(line)
        if with_trace and found:
            for row in _trace(session, sel, where):
                if row.employer_id in found:
                    found[row.employer_id].trace.append(row)
    names = _names(session, list(lines))
    employers = [EmployerSubsidy(e, names.get(e, ""), sorted(ls, key=lambda ln: _line_order(ln.rule)))
                 for e, ls in lines.items()]
    employers.sort(key=lambda e: (-e.total, e.name, e.employer_id))
    return SubsidyReport(period, employers)


def _line(rule: RuleVersion, employer_id: int, count: int) -> Line | None:
    if rule.kind == RuleKind.POOR_BAND:
        band = band_for(count, bands_of(rule.params))
        return None if band is None else Line(employer_id, rule, count, band.amount, band)
    return Line(employer_id, rule, count, count * int(rule.params["amount"]))


def _trace(session: Session, sel: _Selection, where: ColumnElement[bool]) -> list[TraceRow]:
    qualified = sel.qualified_on if sel.qualified_on is not None else literal(None)
    stmt = (select_wide(_h.hire_id, _h.employer_id, _s.name, _h.start_date, _h.contract_months, _h.birth_date,
                        _h.gender, _h.poor_household, qualified)
            .select_from(sel.source.join(Seeker.__table__, _s.id == _h.seeker_id)).where(where)
            .order_by(_h.employer_id, _h.start_date, _h.hire_id))
    return [TraceRow(hid, emp, mask_name(name), start, months, age_on(birth, start), gender,
                     poor == PoorHousehold.YES, q)
            for hid, emp, name, start, months, birth, gender, poor, q in session.execute(stmt)]


def _names(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    e = Employer.__table__.c
    return {i: n for i, n in session.execute(select(e.id, e.name).where(e.id.in_(ids)))}


@read_only
def employers_with_hires(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every employer with a hire that counts, by name: the report's employer choice."""
    e, h = Employer.__table__.c, Hire.__table__.c
    stmt = (select(e.id, e.name).where(e.id.in_(select(h.employer_id).where(ACTIVE_HIRE).distinct()))
            .order_by(e.name, e.id))
    return [(int(i), n) for i, n in session.execute(stmt)]
