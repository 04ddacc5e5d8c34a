"""Recording and following a household's plan (一户一策): one step at a time, every step kept.

`save_plan` records the next step (the responsible cadre: a staff account or a name; the next step; by
whom; by when). When the household has an open step, the form must say which one it was showing
(`replaces`): that step is closed (done or cancelled: replaced) and the new one points back to it. If
another person saved in between, `StateChanged` — nobody overwrites anybody (on both backends the
partial unique index `ux_household_plan_open` also refuses a second open step). `close_plan` closes
the open step without a new one (done, or given up with a reason). Nothing is deleted; each action is
audited. A plan is **overdue** when its open step's "by when" has passed: `due_on` < the county's today.
Township staff act only on their own township's households (`township=`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from models import AuditEvent, Household, HouseholdPlan, PlanStatus, StaffUser
from models.base import utcnow
from services.core.clock import local_today
from services.core.db import read_only, transactional
from services.core.errors import Checker, FieldErrors, NotFound, StateChanged
from services.core.i18n import N_
from services.summaries.households import refresh_households

MAX_AHEAD_DAYS = 366  # "by when" at most a year ahead
CHANGED = N_("Someone else updated this household's plan just now. Please look at it and save again.")
NO_HOUSEHOLD = N_("This household does not exist (any more).")
CADRE_MISSING = N_("Please name the responsible cadre.")
STEP_MISSING = N_("Please write the next step.")
WHO_MISSING = N_("Please write who takes the next step.")
WHEN_MISSING = N_("Please choose by when.")
WHEN_PAST = N_("By when cannot be before today.")
WHEN_FAR = N_("By when must be within a year.")
TOO_LONG = N_("At most {max} characters.")
NOTE_MISSING = N_("Please say why the plan is given up.")

_p = HouseholdPlan.__table__.c


def overdue_sql(today: date) -> ColumnElement[bool]:
    """Over `household_plan` rows: an open step whose by-when has passed."""
    return and_(_p.status == PlanStatus.OPEN, _p.due_on < today)


def is_overdue(status: str, due_on: date, today: date) -> bool:
    return status == PlanStatus.OPEN and due_on < today


@dataclass(frozen=True)
class PlanForm:
    cadre_user_id: int | None = None  # a staff account as the responsible cadre, or
    cadre_name: str = ""  # a cadre's name (used when no account is chosen)
    next_step: str = ""
    by_whom: str = ""
    due_on: date | None = None


def _text(check: Checker, field: str, value: str, missing: str, limit: int) -> str:
    value = " ".join(value.split())
    if not value:
        check.add(field, missing)
    elif len(value) > limit:
        check.add(field, (TOO_LONG, {"max": limit}))
    return value


def validate_plan(session: Session, form: PlanForm, *, today: date) -> tuple[int | None, str, str, str, date]:
    """(cadre account, cadre name, next step, by whom, by when), or FieldErrors for every wrong field."""
    check = Checker()
    cadre_name = " ".join(form.cadre_name.split())
    if form.cadre_user_id is not None:
        user = session.get(StaffUser, form.cadre_user_id)
        if user is None or not user.active:
            check.add("cadre", CADRE_MISSING)
        else:
            cadre_name = user.display_name
    elif not cadre_name:
        check.add("cadre", CADRE_MISSING)
    elif len(cadre_name) > 60:
        check.add("cadre", (TOO_LONG, {"max": 60}))
    step = _text(check, "next_step", form.next_step, STEP_MISSING, 500)
    who = _text(check, "by_whom", form.by_whom, WHO_MISSING, 60)
    if form.due_on is None:
        check.add("due_on", WHEN_MISSING)
    elif form.due_on < today:
        check.add("due_on", WHEN_PAST)
    elif form.due_on > today + timedelta(days=MAX_AHEAD_DAYS):
        check.add("due_on", WHEN_FAR)
    check.raise_if_any()
    assert form.due_on is not None
    return form.cadre_user_id, cadre_name[:60], step, who, form.due_on


def _household(session: Session, household_id: int, township: str | None) -> Household:
    household = session.get(Household, household_id)
    if household is None or (township is not None and household.township != township):
        raise NotFound(NO_HOUSEHOLD)
    return household


def _open_step(session: Session, household_id: int) -> HouseholdPlan | None:
    return session.exec(select(HouseholdPlan).where(
        col(HouseholdPlan.household_id) == household_id, col(HouseholdPlan.status) == PlanStatus.OPEN)
        .with_for_update()).first()


def _audit(session: Session, user_id: int | None, action: str, step: HouseholdPlan, **detail: object) -> None:
    actor = session.get(StaffUser, user_id) if user_id is not None else None
    session.add(AuditEvent(actor=actor.username if actor else "system", action=action,
                           detail={"household_id": step.household_id, "plan_id": step.id, **detail}))


@transactional
def save_plan(session: Session, *, household_id: int, form: PlanForm, replaces: int | None, user_id: int | None,
              previous_done: bool = False, township: str | None = None, today: date | None = None,
              now: datetime | None = None) -> HouseholdPlan:
    """Record the household's next step; the open step the form showed (`replaces`) is closed as done
    (`previous_done`) or cancelled (replaced)."""
    today, now = today or local_today(), now or utcnow()
    _household(session, household_id, township)
    cadre_id, cadre_name, step, who, due_on = validate_plan(session, form, today=today)
    current = _open_step(session, household_id)
    if (current.id if current is not None else None) != replaces:
        raise StateChanged(CHANGED)
    if current is not None:
        current.status = PlanStatus.DONE if previous_done else PlanStatus.CANCELLED
        current.note = current.note or ("" if previous_done else N_("Replaced by a newer step."))
        current.updated_by, current.updated_at = user_id, now
        session.add(current)
        session.flush()
    new = HouseholdPlan(household_id=household_id, cadre_user_id=cadre_id, cadre_name=cadre_name, next_step=step,
                        by_whom=who, due_on=due_on, status=PlanStatus.OPEN, replaces_id=replaces,
                        created_by=user_id, created_at=now, updated_by=user_id, updated_at=now)
    session.add(new)
    session.flush()
    _audit(session, user_id, "household_plan_saved", new, due_on=due_on.isoformat(), replaces=replaces,
           previous=None if current is None else current.status)
    refresh_households(session.connection(), [household_id])
    return new


@transactional
def close_plan(session: Session, *, plan_id: int, done: bool, note: str, user_id: int | None,
               township: str | None = None, now: datetime | None = None) -> HouseholdPlan:
    """Close the open step: done, or given up (cancelled, `note` says why)."""
    step = session.get(HouseholdPlan, plan_id, with_for_update=True)
    if step is None:
        raise NotFound(NO_HOUSEHOLD)
    _household(session, step.household_id, township)
    if step.status != PlanStatus.OPEN:
        raise StateChanged(CHANGED)
    note = " ".join(note.split())
    if not done and not note:
        raise FieldErrors({"note": NOTE_MISSING})
    if len(note) > 500:
        raise FieldErrors({"note": (TOO_LONG, {"max": 500})})
    step.status = PlanStatus.DONE if done else PlanStatus.CANCELLED
    step.note, step.updated_by, step.updated_at = note, user_id, now or utcnow()
    session.add(step)
    session.flush()
    _audit(session, user_id, "household_plan_closed", step, status=step.status)
    refresh_households(session.connection(), [step.household_id])
    return step


@read_only
def plan_history(session: Session, household_id: int) -> list[HouseholdPlan]:
    """Every step of the household's plan, newest first (the open one, if any, comes first)."""
    rows = session.exec(select(HouseholdPlan).where(col(HouseholdPlan.household_id) == household_id)
                        .order_by(col(HouseholdPlan.id).desc())).all()
    for row in rows:
        session.expunge(row)
    return list(rows)
