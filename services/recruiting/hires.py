"""Hires: their terms, recording one, cancelling one, and an application's hires with their history.

A hire is never deleted. `record_hire` writes a new hire row (or new terms on the active one)
and publishes `HireRecorded` (new terms: `HireTermsChanged`); `cancel_hire` marks the active hire
cancelled with who, when and why, and publishes `HireCancelled`. Both take the caller's session:
they run inside the stage change that causes them (services.recruiting.stages.record_stage), and
the events' handlers (follow-ups after the hire) run in that same transaction before it commits.

At most one hire per application is active (not cancelled): the partial unique index
`ux_hire_application_active` guarantees it even when two recruiters act at once, and the
stage change locks the application row first, so the second one finds the first's hire.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlmodel import Session, col

from models import ACTIVE_HIRE, Application, Hire, StaffUser, Vacancy
from services.core.clock import local_today
from services.core.errors import Checker, FieldErrors
from services.core.events import Event, publish
from services.core.i18n import N_

WAGE_MIN, WAGE_MAX = 500, 50_000
CONTRACT_MIN, CONTRACT_MAX = 1, 120
START_WINDOW = timedelta(days=366)
REASON_MAX = 500
REASON_NEEDED = N_("Give the reason the hire is cancelled.")


# --- events ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HireRecorded(Event):
    """A hire was recorded (a new hire row; also after an earlier hire was cancelled)."""

    hire_id: int
    application_id: int
    seeker_id: int
    vacancy_id: int
    employer_id: int
    by_user_id: int | None
    at: datetime


@dataclass(frozen=True)
class HireCancelled(Event):
    """A hire was reversed: it stays on record, cancelled."""

    hire_id: int
    application_id: int
    seeker_id: int
    vacancy_id: int
    employer_id: int
    by_user_id: int | None
    at: datetime
    reason: str


@dataclass(frozen=True)
class HireTermsChanged(Event):
    """The active hire got new terms (hired again); `old_start` is its start date before."""

    hire_id: int
    old_start: date
    new_start: date
    by_user_id: int | None
    at: datetime


# --- terms ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HireTerms:
    start_date: date | None
    monthly_wage: int | None
    contract_months: int | None


def validate_hire_terms(terms: HireTerms | None, *, today: date | None = None) -> HireTerms:
    """Start date within about a year of today, wage 500–50,000 yuan a month, contract 1–120 months.

    FieldErrors (start_date, monthly_wage, contract_months → message id) otherwise."""
    today = today or local_today()
    if terms is None:
        raise FieldErrors.one("start_date", N_("A hire needs a start date, a monthly wage and a contract length."))
    check = Checker()
    if terms.start_date is None:
        check.add("start_date", N_("Enter the start date."))
    elif not today - START_WINDOW <= terms.start_date <= today + START_WINDOW:
        check.add("start_date", N_("The start date must be within a year of today."))
    if terms.monthly_wage is None:
        check.add("monthly_wage", N_("Enter the monthly wage."))
    elif not WAGE_MIN <= terms.monthly_wage <= WAGE_MAX:
        check.add("monthly_wage", N_("The monthly wage must be between 500 and 50,000 yuan."))
    if terms.contract_months is None:
        check.add("contract_months", N_("Enter the contract length."))
    elif not CONTRACT_MIN <= terms.contract_months <= CONTRACT_MAX:
        check.add("contract_months", N_("The contract must be between 1 and 120 months."))
    check.raise_if_any()
    assert terms.monthly_wage is not None and terms.contract_months is not None  # refused above
    return HireTerms(terms.start_date, int(terms.monthly_wage), int(terms.contract_months))


def clean_reason(reason: str | None) -> str:
    """The reason for a cancellation, spaces collapsed; FieldErrors (reason) when there is none."""
    cleaned = " ".join((reason or "").split())[:REASON_MAX]
    if not cleaned:
        raise FieldErrors.one("reason", REASON_NEEDED)
    return cleaned


# --- writing --------------------------------------------------------------------------------------


def active_hire(session: Session, application_id: int) -> Hire | None:
    """The application's hire that is not cancelled, if any."""
    return session.scalars(select(Hire).where(col(Hire.application_id) == application_id, ACTIVE_HIRE)).first()


def _complete(terms: HireTerms) -> tuple[date, int, int]:
    """The terms of a validated hire (validate_hire_terms leaves none of them empty)."""
    assert terms.start_date is not None and terms.monthly_wage is not None and terms.contract_months is not None
    return terms.start_date, terms.monthly_wage, terms.contract_months


def record_hire(session: Session, *, app: Application, vacancy: Vacancy, terms: HireTerms, user_id: int | None,
                fair_id: int | None, now: datetime) -> Hire:
    """Hire the application's seeker: a new hire row, or new terms on the active one (which keeps its moment)."""
    assert app.id is not None and vacancy.id is not None  # both are rows read from the database
    start_date, monthly_wage, contract_months = _complete(terms)
    hire = active_hire(session, app.id)
    if hire is not None:  # hired again: new terms
        old_start = hire.start_date
        hire.start_date, hire.monthly_wage = start_date, monthly_wage
        hire.contract_months, hire.recorded_by = contract_months, user_id
        hire.fair_id = fair_id if fair_id is not None else hire.fair_id
        session.add(hire)
        session.flush()
        assert hire.id is not None
        publish(session, HireTermsChanged(hire_id=hire.id, old_start=old_start, new_start=start_date,
                                          by_user_id=user_id, at=now))
        return hire
    hire = Hire(application_id=app.id, seeker_id=app.seeker_id, employer_id=vacancy.employer_id,
                vacancy_id=vacancy.id, hired_at=now, start_date=start_date, monthly_wage=monthly_wage,
                contract_months=contract_months, province=vacancy.province, city=vacancy.city,
                scope=vacancy.scope, trade=vacancy.trade, fair_id=fair_id, recorded_by=user_id)
    session.add(hire)
    session.flush()
    assert hire.id is not None
    publish(session, HireRecorded(hire_id=hire.id, application_id=app.id, seeker_id=app.seeker_id,
                                  vacancy_id=vacancy.id, employer_id=vacancy.employer_id, by_user_id=user_id, at=now))
    return hire


def cancel_hire(session: Session, hire: Hire, *, user_id: int | None, reason: str, now: datetime) -> Hire:
    """Mark an active hire cancelled (who, when, why); it stays in the table."""
    reason = clean_reason(reason)
    hire.cancelled_at, hire.cancelled_by, hire.cancel_reason = now, user_id, reason
    session.add(hire)
    session.flush()
    assert hire.id is not None
    publish(session, HireCancelled(hire_id=hire.id, application_id=hire.application_id, seeker_id=hire.seeker_id,
                                   vacancy_id=hire.vacancy_id, employer_id=hire.employer_id, by_user_id=user_id,
                                   at=now, reason=reason))
    return hire


# --- reading --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HireRecord:
    """One hire of an application, active or cancelled, with who recorded and who cancelled it."""

    id: int
    application_id: int
    hired_at: datetime
    recorded_by: str  # the staff member's display name ("" when unknown)
    terms: HireTerms
    cancelled_at: datetime | None = None
    cancelled_by: str = ""
    cancel_reason: str = ""

    @property
    def active(self) -> bool:
        return self.cancelled_at is None


def hire_records(conn: Connection, application_ids: Iterable[int]) -> dict[int, list[HireRecord]]:
    """Every hire of these applications (cancelled ones too), oldest first, per application."""
    ids = list(application_ids)
    found: dict[int, list[HireRecord]] = {}
    if not ids:
        return found
    h = Hire.__table__.c
    recorder, canceller = StaffUser.__table__.alias("recorder"), StaffUser.__table__.alias("canceller")
    rows = conn.execute(
        select(h.id, h.application_id, h.hired_at, recorder.c.display_name, h.start_date, h.monthly_wage,
               h.contract_months, h.cancelled_at, canceller.c.display_name, h.cancel_reason)
        .outerjoin(recorder, recorder.c.id == h.recorded_by)
        .outerjoin(canceller, canceller.c.id == h.cancelled_by)
        .where(h.application_id.in_(ids)).order_by(h.hired_at, h.id)
    )
    for hire_id, app_id, at, by, start, wage, months, cancelled_at, cancelled_by, reason in rows:
        found.setdefault(app_id, []).append(HireRecord(
            hire_id, app_id, at, by or "", HireTerms(start, wage, months), cancelled_at, cancelled_by or "",
            reason or ""))
    return found
