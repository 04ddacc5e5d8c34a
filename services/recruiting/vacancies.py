"""Vacancies: saving the recruiter's form, closing and reopening, and the form of a saved vacancy.

`employer_id` is the acting recruiter's employer; None means an organizer (any employer).
A vacancy of another employer is reported exactly like a missing one (NotFound), so nothing leaks.
Every write service takes a Session (joining the caller's transaction) or an Engine (its own).
Each change is an AuditEvent with who did it and what changed; a save that changes nothing
records nothing. The form and its rules: services/recruiting/vacancy_validation.py; the list
with its funnel counts: services/recruiting/vacancy_list.py.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete
from sqlmodel import Session, col, select

from models import AuditEvent, Employer, Fair, StaffUser, Vacancy, VacancyFair, VacancyStatus
from models.base import utcnow
from services.core.clock import local_today
from services.core.db import read_only, transactional
from services.core.errors import FieldErrors, NotFound
from services.core.i18n import N_
from services.places.county import County
from services.recruiting.vacancy_validation import CLOSING_PAST, VacancyForm, validate_vacancy

FAIR_UNKNOWN = N_("One of the chosen fairs no longer exists. Please choose again.")
NOT_FOUND = N_("This vacancy does not exist or belongs to another employer.")
EMPLOYER_UNKNOWN = N_("Your account is not linked to an employer. Please ask the organizers.")
REOPEN_PAST = N_("The closing date has passed. Set a new closing date before reopening.")
FORM_FIELDS = [f for f in VacancyForm.__dataclass_fields__ if f != "fair_ids"]


def _check_fairs(session: Session, fair_ids: list[int]) -> list[int]:
    wanted = sorted({int(f) for f in fair_ids or []})
    if not wanted:
        return []
    found = set(session.exec(select(Fair.id).where(col(Fair.id).in_(wanted))))
    if found != set(wanted):
        raise FieldErrors({"fair_ids": FAIR_UNKNOWN})
    return wanted


def _fairs_of(session: Session, vacancy_id: int) -> list[int]:
    return list(session.exec(select(VacancyFair.fair_id).where(VacancyFair.vacancy_id == vacancy_id)
                             .order_by(col(VacancyFair.fair_id))))


def _set_fairs(session: Session, vacancy_id: int, fair_ids: list[int]) -> None:
    session.execute(delete(VacancyFair).where(col(VacancyFair.vacancy_id) == vacancy_id))
    for fair_id in fair_ids:
        session.add(VacancyFair(vacancy_id=vacancy_id, fair_id=fair_id))


def _own(session: Session, vacancy_id: int, employer_id: int | None) -> Vacancy:
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None or (employer_id is not None and vacancy.employer_id != employer_id):
        raise NotFound(NOT_FOUND)
    return vacancy


def plain(value: object) -> object:
    """A value as people write it, for the audit event's JSON: dates as ISO text, 8.0 as 8 (8.5 stays)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _audit(session: Session, actor_id: int | None, action: str, vacancy: Vacancy, **detail: object) -> None:
    """Who created, changed, closed or reopened a vacancy (wages and dates matter to seekers)."""
    actor = session.get(StaffUser, actor_id) if actor_id is not None else None
    session.add(AuditEvent(actor=actor.username if actor else "system", action=action,
                           detail={"vacancy_id": vacancy.id, "employer_id": vacancy.employer_id, **detail}))


@transactional
def create_vacancy(session: Session, *, employer_id: int, form: VacancyForm, county: County,
                   actor_id: int | None, today: date | None = None) -> Vacancy:
    if employer_id is None:
        raise FieldErrors({"title": EMPLOYER_UNKNOWN})
    values = validate_vacancy(form, county=county, today=today or local_today())
    if session.get(Employer, employer_id) is None:
        raise FieldErrors({"title": EMPLOYER_UNKNOWN})
    fair_ids = _check_fairs(session, form.fair_ids)
    vacancy = Vacancy(employer_id=employer_id, created_by=actor_id, status=VacancyStatus.OPEN, **values)
    session.add(vacancy)
    session.flush()
    assert vacancy.id is not None  # flushed
    _set_fairs(session, vacancy.id, fair_ids)
    _audit(session, actor_id, "vacancy_created", vacancy, title=vacancy.title)
    session.flush()
    session.refresh(vacancy)
    return vacancy


@transactional
def update_vacancy(session: Session, *, vacancy_id: int, employer_id: int | None, form: VacancyForm,
                   county: County, actor_id: int | None, today: date | None = None) -> Vacancy:
    """Save the form over a vacancy of `employer_id` (None: an organizer, any employer).

    The audit event lists each changed field as [before, after], the fairs too (`fair_ids`);
    when nothing changed, nothing is written and no event is recorded.
    """
    vacancy = _own(session, vacancy_id, employer_id)
    values = validate_vacancy(form, county=county, today=today or local_today(),
                              previous_closing=vacancy.closing_date)
    fair_ids = _check_fairs(session, form.fair_ids)
    changed = {k: [plain(getattr(vacancy, k)), plain(v)] for k, v in values.items() if getattr(vacancy, k) != v}
    assert vacancy.id is not None  # a saved row
    before_fairs = _fairs_of(session, vacancy.id)
    if before_fairs != fair_ids:
        changed["fair_ids"] = [before_fairs, fair_ids]
    if not changed:
        return vacancy
    _audit(session, actor_id, "vacancy_updated", vacancy, changed=changed)
    for key, value in values.items():
        setattr(vacancy, key, value)
    vacancy.updated_at = utcnow()
    if "fair_ids" in changed:
        _set_fairs(session, vacancy.id, fair_ids)
    session.flush()
    session.refresh(vacancy)
    return vacancy


@transactional
def close_vacancy(session: Session, *, vacancy_id: int, employer_id: int | None, actor_id: int | None) -> Vacancy:
    vacancy = _own(session, vacancy_id, employer_id)
    _audit(session, actor_id, "vacancy_closed", vacancy)
    vacancy.status = VacancyStatus.CLOSED
    vacancy.updated_at = utcnow()
    session.flush()
    session.refresh(vacancy)
    return vacancy


@transactional
def reopen_vacancy(session: Session, *, vacancy_id: int, employer_id: int | None, actor_id: int | None,
                   today: date | None = None, closing_date: date | None = None) -> Vacancy:
    """Open again; the closing date (the stored one, or `closing_date`) must not be in the past."""
    today = today or local_today()
    vacancy = _own(session, vacancy_id, employer_id)
    new_date = closing_date or vacancy.closing_date
    if new_date < today:
        raise FieldErrors({"closing_date": REOPEN_PAST if closing_date is None else CLOSING_PAST})
    _audit(session, actor_id, "vacancy_reopened", vacancy, closing_date=new_date.isoformat())
    vacancy.closing_date = new_date
    vacancy.status = VacancyStatus.OPEN
    vacancy.updated_at = utcnow()
    session.flush()
    session.refresh(vacancy)
    return vacancy


@read_only
def get_vacancy_for_edit(session: Session, *, vacancy_id: int, employer_id: int | None) -> VacancyForm:
    """The vacancy as a filled form, with its fairs; NotFound for another employer's."""
    vacancy = _own(session, vacancy_id, employer_id)
    return VacancyForm(**{f: getattr(vacancy, f) for f in FORM_FIELDS}, fair_ids=_fairs_of(session, vacancy_id))
