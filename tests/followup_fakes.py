"""Thin stand-ins for fu-core's follow-up services (services/followups/lists.py, visits.py, issues.py and
services/repairs/unreachable.py), with fu-core's names and signatures, working on the real follow_up and
wage_issue tables (the unreachable items in memory: their table comes with fu-core's migration). Page tests
call `install(monkeypatch)`: only where fu-core's module is missing does a stand-in take its place; where it
exists (after the merge) the tests run against it. Also `hire_with_visits`: a hire and its scheduled visits."""

from __future__ import annotations

import importlib
import sys
import types
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import select

from models import Application, Employer, FollowUp, Hire, Outcome, Role, Seeker, StageChange, VisitStatus, WageIssue
from models.base import utcnow
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, NotFound, StateChanged
from services.followups.due import DueState, Schedule, planned_visits, state
from services.registration.tickets import mask_name


@dataclass(frozen=True)
class VisitScope:
    township: str | None = None
    city: str | None = None
    employer_id: int | None = None


def scope_for(user) -> VisitScope:
    if user.role == Role.TOWNSHIP:
        return VisitScope(township=user.township)
    if user.role == Role.WORKSTATION:
        return VisitScope(city=user.city)
    if user.role == Role.RECRUITER:
        return VisitScope(employer_id=user.employer_id)
    return VisitScope()


@dataclass(frozen=True)
class VisitCount:
    key: str | int
    label: str
    due: int
    overdue: int
    upcoming: int


@dataclass(frozen=True)
class VisitRow:
    follow_up_id: int
    hire_id: int
    seeker_id: int
    name: str
    township: str
    village: str
    employer_id: int
    employer: str
    city: str
    month: int | None
    start_date: date
    due_date: date
    window_opens: date
    window_closes: date
    state: DueState
    phone_masked: str
    outcome: str | None = None
    visited_on: date | None = None


@dataclass(frozen=True)
class VisitPage:
    rows: list[VisitRow]
    total: int


def _rows(engine, scope: VisitScope, today: date) -> list[VisitRow]:
    with unit_of_work(engine, write=False) as s:
        found = s.exec(select(FollowUp, Hire, Seeker, Employer).join(Hire, Hire.id == FollowUp.hire_id)
                       .join(Seeker, Seeker.id == FollowUp.seeker_id)
                       .join(Employer, Employer.id == FollowUp.employer_id)).all()
    out = []
    for v, h, p, e in found:
        if scope.township and p.township != scope.township or scope.city and h.city != scope.city \
                or scope.employer_id and v.employer_id != scope.employer_id:
            continue
        out.append(VisitRow(v.id, v.hire_id, v.seeker_id, mask_name(p.name), p.township or "", p.village or "",
                            v.employer_id, e.name, h.city, v.month, h.start_date, v.due_date, v.window_opens,
                            v.window_closes, state(v.status, v.window_opens, v.window_closes, today), p.phone_masked,
                            v.outcome, v.visited_on))
    order = {DueState.OVERDUE: 0, DueState.DUE: 1, DueState.UPCOMING: 2, DueState.DONE: 3, DueState.CANCELLED: 4}
    return sorted(out, key=lambda r: (order[r.state], r.due_date, r.follow_up_id))


def visit_counts(engine, scope, today, by="township") -> list[VisitCount]:
    groups: dict[str, list[VisitRow]] = {}
    for r in _rows(engine, scope, today):
        key = {"township": r.township, "employer": r.employer, "city": r.city}[by]
        groups.setdefault(key, []).append(r)
    return [VisitCount(k, k, *(sum(r.state == s for r in rows) for s in (DueState.DUE, DueState.OVERDUE,
                                                                          DueState.UPCOMING)))
            for k, rows in sorted(groups.items())]


def visit_list(engine, scope, today, *, state: DueState | None = None, page: int = 0, per_page: int = 50
               ) -> VisitPage:
    still = (DueState.OVERDUE, DueState.DUE, DueState.UPCOMING)
    rows = [r for r in _rows(engine, scope, today) if r.state == state or state is None and r.state in still]
    return VisitPage(rows[page * per_page:(page + 1) * per_page], len(rows))


@dataclass
class VisitReport:
    outcome: str
    visited_on: date
    monthly_wage: int | None = None
    new_employer: str = ""
    wage_paid: bool | None = None
    safe: bool | None = None
    unpaid_amount: int | None = None
    unpaid_since: date | None = None
    note: str = ""


def validate_report(report: VisitReport, *, today: date) -> VisitReport:
    errors: dict[str, str] = {}
    if report.outcome not in set(Outcome):
        errors["outcome"] = "Choose what the visit found."
    if report.visited_on > today:
        errors["visited_on"] = "The day of the visit cannot be in the future."
    if report.monthly_wage is not None and not 500 <= report.monthly_wage <= 50_000:
        errors["monthly_wage"] = "The monthly wage must be between 500 and 50,000 yuan."
    if report.outcome == Outcome.CHANGED_JOB and not report.new_employer:
        errors["new_employer"] = "Enter the name of the new employer."
    if report.outcome == Outcome.DISPUTE and not report.note:
        errors["note"] = "Describe the dispute in a few words."
    if errors:
        raise FieldErrors(errors)
    return report


@dataclass
class Unreachable:
    item_id: int
    seeker_id: int
    name: str
    township: str
    village: str
    phone_masked: str
    employer: str
    visited_on: date | None
    created_at: datetime
    closed: str = ""


UNREACHABLE: list[Unreachable] = []


def _fill(s, v: FollowUp, report: VisitReport, user_id, now) -> FollowUp:
    report = validate_report(report, today=date.today())
    for name in ("outcome", "visited_on", "monthly_wage", "new_employer", "wage_paid", "safe", "note"):
        setattr(v, name, getattr(report, name))
    v.status, v.recorded_by, v.recorded_at = VisitStatus.DONE, user_id, now or utcnow()
    s.add(v)
    s.flush()
    issue = dict(follow_up_id=v.id, hire_id=v.hire_id, seeker_id=v.seeker_id, employer_id=v.employer_id,
                 reported_by=user_id)
    if report.wage_paid is False:
        s.add(WageIssue(kind="unpaid", amount=report.unpaid_amount, since=report.unpaid_since,
                        description=report.note, **issue))
    if report.outcome == Outcome.DISPUTE:
        s.add(WageIssue(kind="dispute", description=report.note, **issue))
    if report.safe is False:
        s.add(WageIssue(kind="unsafe", description=report.note, **issue))
    if report.outcome == Outcome.UNREACHABLE:
        p, e = s.get(Seeker, v.seeker_id), s.get(Employer, v.employer_id)
        UNREACHABLE.append(Unreachable(len(UNREACHABLE) + 1, v.seeker_id, mask_name(p.name), p.township or "",
                                       p.village or "", p.phone_masked, e.name, report.visited_on, utcnow()))
    return v


def record_visit(engine, *, follow_up_id, report, user_id, now=None) -> FollowUp:
    with unit_of_work(engine) as s:
        v = s.get(FollowUp, follow_up_id)
        if v is None:
            raise NotFound("This visit does not exist.")
        if v.status != VisitStatus.SCHEDULED:
            raise StateChanged("Someone has already recorded this visit.")
        return _fill(s, v, report, user_id, now)


def record_extra_visit(engine, *, hire_id, report, user_id, now=None) -> FollowUp:
    with unit_of_work(engine) as s:
        h = s.get(Hire, hire_id)
        open_ = [v for v in s.exec(select(FollowUp).where(FollowUp.hire_id == hire_id)).all()
                 if v.status == VisitStatus.SCHEDULED and v.window_opens <= report.visited_on <= v.window_closes]
        v = open_[0] if open_ else FollowUp(hire_id=hire_id, seeker_id=h.seeker_id, employer_id=h.employer_id,
                                            month=None, due_date=report.visited_on,
                                            window_opens=report.visited_on, window_closes=report.visited_on)
        return _fill(s, v, report, user_id, now)


def confirm_still_employed(engine, *, hire_id, employer_id, user_id, monthly_wage, now=None) -> FollowUp:
    with unit_of_work(engine) as s:
        if s.get(Hire, hire_id).employer_id != employer_id:
            raise NotFound("This hire is not your company's.")
        today = date.today()
        v = next(v for v in s.exec(select(FollowUp).where(FollowUp.hire_id == hire_id)).all()
                 if state(v.status, v.window_opens, v.window_closes, today) in (DueState.DUE, DueState.OVERDUE))
        return _fill(s, v, VisitReport(Outcome.WORKING, today, monthly_wage), user_id, now)


@dataclass(frozen=True)
class EmployerIssues:
    employer_id: int
    name: str
    count: int
    amount: int
    since: date | None


def open_issues_by_employer(engine) -> list[EmployerIssues]:
    with unit_of_work(engine, write=False) as s:
        rows = s.exec(select(WageIssue, Employer.name).join(Employer, Employer.id == WageIssue.employer_id)
                      .where(WageIssue.resolved_at.is_(None))).all()
    out: dict[int, EmployerIssues] = {}
    for i, name in rows:
        old = out.get(i.employer_id, EmployerIssues(i.employer_id, name, 0, 0, None))
        sinces = [d for d in (old.since, i.since) if d]
        out[i.employer_id] = EmployerIssues(i.employer_id, name, old.count + 1, old.amount + (i.amount or 0),
                                            min(sinces) if sinces else None)
    return list(out.values())


def employer_issue_flag(engine, employer_id):
    return next((f for f in open_issues_by_employer(engine) if f.employer_id == employer_id), None)


def resolve_issue(engine, *, issue_id, user_id, resolution, now=None) -> None:
    if not (resolution or "").strip():
        raise FieldErrors({"resolution": "Say how the issue was resolved."})
    with unit_of_work(engine) as s:
        issue = s.get(WageIssue, issue_id)
        issue.resolved_at, issue.resolved_by, issue.resolution = now or utcnow(), user_id, resolution.strip()
        s.add(issue)


FIXED, DISMISSED = "fixed", "dismissed"


def unreachable_items(engine, *, township=None, page=0, per_page=20):
    items = [i for i in UNREACHABLE if not i.closed and (township is None or i.township == township)]
    return items[page * per_page:(page + 1) * per_page], len(items)


def close_unreachable(engine, *, item_id, user_id, outcome, reason="", now=None):
    if outcome == DISMISSED and not (reason or "").strip():
        raise FieldErrors.one("reason", "Give the reason this item is dismissed.")
    next(i for i in UNREACHABLE if i.item_id == item_id).closed = outcome


MODULES = {
    "services.followups.lists": ("VisitScope", "scope_for", "VisitCount", "visit_counts", "VisitRow", "VisitPage",
                                 "visit_list"),
    "services.followups.visits": ("VisitReport", "validate_report", "record_visit", "record_extra_visit",
                                  "confirm_still_employed"),
    "services.followups.issues": ("EmployerIssues", "open_issues_by_employer", "employer_issue_flag",
                                  "resolve_issue"),
    "services.repairs.unreachable": ("FIXED", "DISMISSED", "Unreachable", "unreachable_items", "close_unreachable"),
}


def install(monkeypatch) -> None:
    """For one test: a stand-in for each of fu-core's modules that is missing (none after the merge)."""
    UNREACHABLE.clear()
    here = sys.modules[__name__]
    for name, names in MODULES.items():
        try:
            importlib.import_module(name)
            continue
        except ImportError:
            module = types.ModuleType(name)
        for attr in names:
            setattr(module, attr, getattr(here, attr))
        monkeypatch.setitem(sys.modules, name, module)
        parent, _, child = name.rpartition(".")
        monkeypatch.setattr(sys.modules[parent], child, module, raising=False)


@dataclass
class Hired:
    hire_id: int
    seeker_id: int
    employer_id: int
    application_id: int
    visits: list[int] = field(default_factory=list)


def hire_with_visits(engine, vault, n: int, *, employer_id: int, vacancy_id: int, start: date,
                     city: str = "东莞市", **person: object) -> Hired:
    """A registered person hired (application at "hired", a hire row) with the visits the schedule plans."""
    from tests.factories import register

    seeker_id = register(engine, vault, n, **person).seeker_id
    with unit_of_work(engine) as s:
        at = utcnow() - timedelta(days=200)
        app = Application(vacancy_id=vacancy_id, seeker_id=seeker_id, employer_id=employer_id, stage="hired",
                          source="booth", hired_at=at, created_at=at, updated_at=at)
        s.add(app)
        s.flush()
        s.add(StageChange(application_id=app.id, from_stage=None, to_stage="hired", at=at))
        hire = Hire(application_id=app.id, seeker_id=seeker_id, employer_id=employer_id, vacancy_id=vacancy_id,
                    start_date=start, monthly_wage=5200, contract_months=12, province="广东省", city=city, scope="out",
                    trade="electronics_assembly", hired_at=at)
        s.add(hire)
        s.flush()
        visits = [FollowUp(hire_id=hire.id, seeker_id=seeker_id, employer_id=employer_id, month=d.month,
                           due_date=d.due_date, window_opens=d.window_opens, window_closes=d.window_closes)
                  for d in planned_visits(start, Schedule())]
        s.add_all(visits)
        s.flush()
        return Hired(hire.id, seeker_id, employer_id, app.id, [v.id for v in visits])


def install_where_missing() -> None:
    """In a served app (tests/browser/followup_site/sitecustomize.py): stand in for fu-core's modules that
    are missing, for the whole process; where they exist, nothing changes."""
    here = sys.modules[__name__]
    for name, names in MODULES.items():
        try:
            importlib.import_module(name)
        except ImportError:
            module = types.ModuleType(name)
            for attr in names:
                setattr(module, attr, getattr(here, attr))
            sys.modules[name] = module
            parent, _, child = name.rpartition(".")
            setattr(importlib.import_module(parent), child, module)
