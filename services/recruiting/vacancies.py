"""Vacancies: the recruiter's form, its rules, saving, closing and reopening, and the list with its
funnel counts (headcount / interested / interviewed / offered / hired), counted in SQL.

`employer_id` is the acting recruiter's employer; None means an organizer (any employer).
A vacancy of another employer is reported exactly like a missing one, so nothing leaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, delete, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Application, AuditEvent, Employer, Fair, FairStatus, StaffUser, Vacancy, VacancyFair, VacancyStatus
from models.application import ACTIVE_HIRE, Hire
from models.base import utcnow
from services.core.clock import local_today
from services.core.db import unit_of_work
from services.core.i18n import N_
from services.core.reference import EDUCATION_LEVELS, TRADES, TRIP_PAYERS
from services.core.validation import FieldError
from services.places import geography as places
from services.places.county import County

WAGE_RANGE = (1_000, 50_000)
HEADCOUNT_RANGE = (1, 10_000)
AGE_RANGE = (16, 65)
CONTRACT_RANGE = (1, 120)
HOURS_RANGE = (1, 16)
DAYS_RANGE = (1, 7)
COST_RANGE = (0, 10_000)
DISTANCE_RANGE = (0, 10_000)
TRAVEL_HOURS_RANGE = (0, 100)
FARE_RANGE = (0, 5_000)
MAX_TITLE, MAX_CITY, MAX_DESCRIPTION, MAX_BASIS = 80, 40, 2000, 200
GENDER_CHOICES = ("", "M", "F")

TITLE_MISSING = N_("Please enter the job title.")
TOO_LONG = N_("This text is too long.")
TRADE_MISSING = N_("Please choose the trade.")
PROVINCE_MISSING = N_("Please choose the province where the work is.")
CITY_MISSING = N_("Please enter the city where the work is.")
CITY_WRONG_PROVINCE = N_("This city is in another province. Please check the province.")
WAGE_MISSING = N_("Please enter the lowest and the highest monthly wage.")
WAGE_OUT_OF_RANGE = N_("Monthly wages must be between 1,000 and 50,000 yuan.")
WAGE_REVERSED = N_("The lowest wage is higher than the highest wage.")
HEADCOUNT_INVALID = N_("The number of people must be between 1 and 10,000.")
AGE_MISSING = N_("Please enter the age range.")
AGE_OUT_OF_RANGE = N_("Ages must be between 16 and 65.")
AGE_REVERSED = N_("The lowest age is higher than the highest age.")
EDUCATION_INVALID = N_("Please choose the minimum education.")
GENDER_INVALID = N_("Please choose a gender requirement from the list.")
GENDER_BASIS_MISSING = N_("A gender requirement needs its legal basis, written out. Otherwise choose "
                          "\"No requirement\".")
COST_INVALID = N_("The monthly cost must be between 0 and 10,000 yuan.")
CONTRACT_INVALID = N_("The contract must be between 1 and 120 months.")
HOURS_INVALID = N_("Hours per day must be between 1 and 16.")
DAYS_INVALID = N_("Days per week must be between 1 and 7.")
DISTANCE_INVALID = N_("The distance must be between 0 and 10,000 km.")
TRAVEL_HOURS_INVALID = N_("The travel time must be between 0 and 100 hours.")
FARE_INVALID = N_("The fare must be between 0 and 5,000 yuan.")
PAYER_INVALID = N_("Please choose who pays the trip home.")
CLOSING_MISSING = N_("Please choose the closing date.")
CLOSING_PAST = N_("The closing date is in the past.")
FAIR_UNKNOWN = N_("One of the chosen fairs no longer exists. Please choose again.")
NOT_FOUND = N_("This vacancy does not exist or belongs to another employer.")
EMPLOYER_UNKNOWN = N_("Your account is not linked to an employer. Please ask the organizers.")
REOPEN_PAST = N_("The closing date has passed. Set a new closing date before reopening.")


class VacancyInvalid(FieldError):
    """One or more fields refused; `errors` maps field name to a message id."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())))
        self.errors = errors


class VacancyNotFound(FieldError):
    def __init__(self) -> None:
        super().__init__(NOT_FOUND)


@dataclass
class VacancyForm:
    """What the recruiter typed, as the page read it from the widgets."""

    title: str = ""
    trade: str | None = None
    description: str = ""
    province: str | None = None
    city: str = ""
    distance_km: int | None = None
    travel_hours: float | None = None
    trip_fare: int | None = None
    trip_home_payer: str = "worker"
    wage_min: int | None = None
    wage_max: int | None = None
    headcount: int | None = None
    age_min: int | None = 18
    age_max: int | None = 45
    min_education: str = "none"
    gender: str = ""
    gender_basis: str = ""
    housing: bool = False
    housing_cost: int | None = 0
    meals: bool = False
    meals_cost: int | None = 0
    contract_months: int | None = 12
    hours_per_day: float | None = 8
    days_per_week: float | None = 6
    fair_ids: list[int] = field(default_factory=list)
    closing_date: date | None = None


def _in(value: float | None, bounds: tuple[float, float]) -> bool:
    return value is not None and bounds[0] <= value <= bounds[1]


def validate_vacancy(form: VacancyForm, *, county: County, today: date,
                     previous_closing: date | None = None) -> dict:
    """The cleaned column values, or VacancyInvalid with every problem at once.

    A closing date in the past is refused, except the unchanged date of an existing vacancy
    (editing the text of a vacancy that has left the board must still work).
    """
    errors: dict[str, str] = {}
    title = (form.title or "").strip()
    city = (form.city or "").strip()
    description = (form.description or "").strip()
    basis = (form.gender_basis or "").strip()
    if not title:
        errors["title"] = TITLE_MISSING
    elif len(title) > MAX_TITLE:
        errors["title"] = TOO_LONG
    if form.trade not in TRADES:
        errors["trade"] = TRADE_MISSING
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = TOO_LONG
    if form.province not in places.PROVINCES:
        errors["province"] = PROVINCE_MISSING
    if not city:
        errors["city"] = CITY_MISSING
    elif len(city) > MAX_CITY:
        errors["city"] = TOO_LONG
    else:
        known = places.CITIES.get(city) or places.CITIES.get(city + "市")
        if known and form.province in places.PROVINCES and known[0] != form.province:
            errors["city"] = CITY_WRONG_PROVINCE
    if form.wage_min is None or form.wage_max is None:
        errors["wage"] = WAGE_MISSING
    elif not (_in(form.wage_min, WAGE_RANGE) and _in(form.wage_max, WAGE_RANGE)):
        errors["wage"] = WAGE_OUT_OF_RANGE
    elif form.wage_min > form.wage_max:
        errors["wage"] = WAGE_REVERSED
    if not _in(form.headcount, HEADCOUNT_RANGE):
        errors["headcount"] = HEADCOUNT_INVALID
    if form.age_min is None or form.age_max is None:
        errors["age"] = AGE_MISSING
    elif not (_in(form.age_min, AGE_RANGE) and _in(form.age_max, AGE_RANGE)):
        errors["age"] = AGE_OUT_OF_RANGE
    elif form.age_min > form.age_max:
        errors["age"] = AGE_REVERSED
    if form.min_education not in EDUCATION_LEVELS:
        errors["min_education"] = EDUCATION_INVALID
    gender = form.gender or ""
    if gender not in GENDER_CHOICES:
        errors["gender"] = GENDER_INVALID
    elif gender and len(basis) < 4:
        errors["gender"] = GENDER_BASIS_MISSING
    elif len(basis) > MAX_BASIS:
        errors["gender"] = TOO_LONG
    housing_cost = (form.housing_cost or 0) if form.housing else 0
    meals_cost = (form.meals_cost or 0) if form.meals else 0
    if not _in(housing_cost, COST_RANGE):
        errors["housing_cost"] = COST_INVALID
    if not _in(meals_cost, COST_RANGE):
        errors["meals_cost"] = COST_INVALID
    if not _in(form.contract_months, CONTRACT_RANGE):
        errors["contract_months"] = CONTRACT_INVALID
    if not _in(form.hours_per_day, HOURS_RANGE):
        errors["hours_per_day"] = HOURS_INVALID
    if not _in(form.days_per_week, DAYS_RANGE):
        errors["days_per_week"] = DAYS_INVALID
    if form.distance_km is not None and not _in(form.distance_km, DISTANCE_RANGE):
        errors["distance_km"] = DISTANCE_INVALID
    if form.travel_hours is not None and not _in(form.travel_hours, TRAVEL_HOURS_RANGE):
        errors["travel_hours"] = TRAVEL_HOURS_INVALID
    if form.trip_fare is not None and not _in(form.trip_fare, FARE_RANGE):
        errors["trip_fare"] = FARE_INVALID
    if form.trip_home_payer not in TRIP_PAYERS:
        errors["trip_home_payer"] = PAYER_INVALID
    if form.closing_date is None:
        errors["closing_date"] = CLOSING_MISSING
    elif form.closing_date < today and form.closing_date != previous_closing:
        errors["closing_date"] = CLOSING_PAST
    if errors:
        raise VacancyInvalid(errors)
    distance = form.distance_km if form.distance_km is not None else places.estimate_distance_km(county, city)
    return dict(
        title=title, trade=form.trade, description=description, province=form.province, city=city,
        scope=str(places.scope_of(county, form.province, city)), distance_km=distance,
        travel_hours=form.travel_hours, trip_fare=form.trip_fare, trip_home_payer=form.trip_home_payer,
        wage_min=int(form.wage_min), wage_max=int(form.wage_max), headcount=int(form.headcount),
        age_min=int(form.age_min), age_max=int(form.age_max), min_education=form.min_education,
        gender=gender, gender_basis=basis if gender else "", housing=bool(form.housing),
        housing_cost=int(housing_cost), meals=bool(form.meals), meals_cost=int(meals_cost),
        contract_months=int(form.contract_months), hours_per_day=float(form.hours_per_day),
        days_per_week=float(form.days_per_week), closing_date=form.closing_date,
    )


def _check_fairs(session: Session, fair_ids: list[int]) -> list[int]:
    wanted = sorted({int(f) for f in fair_ids or []})
    if not wanted:
        return []
    found = set(session.exec(select(Fair.id).where(Fair.id.in_(wanted))))
    if found != set(wanted):
        raise VacancyInvalid({"fair_ids": FAIR_UNKNOWN})
    return wanted


def _set_fairs(session: Session, vacancy_id: int, fair_ids: list[int]) -> None:
    session.execute(delete(VacancyFair).where(VacancyFair.vacancy_id == vacancy_id))
    for fair_id in fair_ids:
        session.add(VacancyFair(vacancy_id=vacancy_id, fair_id=fair_id))


def _own(session: Session, vacancy_id: int, employer_id: int | None) -> Vacancy:
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None or (employer_id is not None and vacancy.employer_id != employer_id):
        raise VacancyNotFound()
    return vacancy


def _audit(session: Session, actor_id: int | None, action: str, vacancy: Vacancy, **detail: object) -> None:
    """Who created, changed, closed or reopened a vacancy (wages and dates matter to seekers)."""
    actor = session.get(StaffUser, actor_id) if actor_id is not None else None
    session.add(AuditEvent(actor=actor.username if actor else "system", action=action,
                           detail={"vacancy_id": vacancy.id, "employer_id": vacancy.employer_id, **detail}))


def create_vacancy(engine: Engine, *, employer_id: int, form: VacancyForm, county: County,
                   actor_id: int | None, today: date | None = None) -> Vacancy:
    if employer_id is None:
        raise VacancyInvalid({"title": EMPLOYER_UNKNOWN})
    values = validate_vacancy(form, county=county, today=today or local_today())
    with unit_of_work(engine) as session:
        if session.get(Employer, employer_id) is None:
            raise VacancyInvalid({"title": EMPLOYER_UNKNOWN})
        fair_ids = _check_fairs(session, form.fair_ids)
        vacancy = Vacancy(employer_id=employer_id, created_by=actor_id, status=VacancyStatus.OPEN, **values)
        session.add(vacancy)
        session.flush()
        _set_fairs(session, vacancy.id, fair_ids)
        _audit(session, actor_id, "vacancy_created", vacancy, title=vacancy.title)
        session.flush()
        session.refresh(vacancy)
    return vacancy


def update_vacancy(engine: Engine, *, vacancy_id: int, employer_id: int | None, form: VacancyForm,
                   county: County, actor_id: int | None, today: date | None = None) -> Vacancy:
    """Save the form over a vacancy of `employer_id` (None: an organizer, any employer)."""
    with unit_of_work(engine) as session:
        vacancy = _own(session, vacancy_id, employer_id)
        values = validate_vacancy(form, county=county, today=today or local_today(),
                                  previous_closing=vacancy.closing_date)
        fair_ids = _check_fairs(session, form.fair_ids)
        changed = {k: [_plain(getattr(vacancy, k)), _plain(v)] for k, v in values.items() if getattr(vacancy, k) != v}
        _audit(session, actor_id, "vacancy_updated", vacancy, changed=changed)
        for key, value in values.items():
            setattr(vacancy, key, value)
        vacancy.updated_at = utcnow()
        _set_fairs(session, vacancy.id, fair_ids)
        session.flush()
        session.refresh(vacancy)
    return vacancy


def close_vacancy(engine: Engine, *, vacancy_id: int, employer_id: int | None, actor_id: int | None) -> Vacancy:
    with unit_of_work(engine) as session:
        vacancy = _own(session, vacancy_id, employer_id)
        _audit(session, actor_id, "vacancy_closed", vacancy)
        vacancy.status = VacancyStatus.CLOSED
        vacancy.updated_at = utcnow()
        session.flush()
        session.refresh(vacancy)
    return vacancy


def reopen_vacancy(engine: Engine, *, vacancy_id: int, employer_id: int | None, actor_id: int | None,
                   today: date | None = None, closing_date: date | None = None) -> Vacancy:
    """Open again; the closing date (the stored one, or `closing_date`) must not be in the past."""
    today = today or local_today()
    with unit_of_work(engine) as session:
        vacancy = _own(session, vacancy_id, employer_id)
        new_date = closing_date or vacancy.closing_date
        if new_date < today:
            raise VacancyInvalid({"closing_date": REOPEN_PAST if closing_date is None else CLOSING_PAST})
        _audit(session, actor_id, "vacancy_reopened", vacancy, closing_date=new_date.isoformat())
        vacancy.closing_date = new_date
        vacancy.status = VacancyStatus.OPEN
        vacancy.updated_at = utcnow()
        session.flush()
        session.refresh(vacancy)
    return vacancy


def _plain(value: object) -> object:
    """A value the audit event's JSON can hold (dates as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


FORM_FIELDS = [f for f in VacancyForm.__dataclass_fields__ if f != "fair_ids"]


def get_vacancy_for_edit(engine: Engine, *, vacancy_id: int, employer_id: int | None) -> VacancyForm:
    """The vacancy as a filled form, with its fairs; VacancyNotFound for another employer's."""
    with unit_of_work(engine, write=False) as session:
        vacancy = _own(session, vacancy_id, employer_id)
        fair_ids = list(session.exec(select(VacancyFair.fair_id).where(VacancyFair.vacancy_id == vacancy_id)
                                     .order_by(VacancyFair.fair_id)))
        return VacancyForm(**{f: getattr(vacancy, f) for f in FORM_FIELDS}, fair_ids=fair_ids)


@dataclass(frozen=True)
class VacancyRow:
    id: int
    employer_id: int
    employer_name: str
    title: str
    trade: str
    province: str
    city: str
    scope: str
    wage_min: int
    wage_max: int
    status: str
    closing_date: date
    headcount: int
    interested: int
    interviewed: int
    offered: int
    hired: int
    on_board: bool


def employer_vacancies(engine: Engine, *, employer_id: int | None, status: str | None = None,
                       today: date | None = None) -> list[VacancyRow]:
    """Vacancies of one employer (None: all), open first then newest, with their funnel counts."""
    today = today or local_today()
    query = (
        select(Vacancy.id, Vacancy.employer_id, Employer.name, Vacancy.title, Vacancy.trade, Vacancy.province,
               Vacancy.city, Vacancy.scope, Vacancy.wage_min, Vacancy.wage_max, Vacancy.status,
               Vacancy.closing_date, Vacancy.headcount, func.count(Application.id),
               func.count(Application.interviewed_at), func.count(Application.offered_at),
               func.count(Hire.id))
        .join(Employer, Employer.id == Vacancy.employer_id)
        .outerjoin(Application, Application.vacancy_id == Vacancy.id)
        .outerjoin(Hire, and_(Hire.application_id == Application.id, ACTIVE_HIRE))  # hired: hires not cancelled
        .group_by(Vacancy.id, Employer.name)
        .order_by((Vacancy.status == VacancyStatus.OPEN).desc(), Vacancy.created_at.desc(), Vacancy.id.desc())
    )
    if employer_id is not None:
        query = query.where(Vacancy.employer_id == employer_id)
    if status:
        query = query.where(Vacancy.status == status)
    with unit_of_work(engine, write=False) as session:
        rows = session.exec(query).all()
    return [VacancyRow(*row[:13], interested=row[13], interviewed=row[14], offered=row[15], hired=row[16],
                       on_board=row[10] == VacancyStatus.OPEN and row[11] >= today) for row in rows]


def employers_with_vacancies(engine: Engine) -> list[tuple[int, str]]:
    """(id, name) of every employer that has posted a vacancy, by name: the organizer's filter."""
    with unit_of_work(engine, write=False) as session:
        rows = session.exec(select(Employer.id, Employer.name).where(
            Employer.id.in_(select(Vacancy.employer_id).distinct())).order_by(Employer.name, Employer.id)).all()
    return [(r[0], r[1]) for r in rows]


def fair_choices(engine: Engine, *, include: list[int] | tuple[int, ...] = ()) -> list[tuple[int, str]]:
    """Open and planned fairs a vacancy can be offered at (plus those in `include`), latest first."""
    with unit_of_work(engine, write=False) as session:
        query = select(Fair.id, Fair.name).where(
            (Fair.status != FairStatus.CLOSED) | Fair.id.in_(list(include) or [-1]))
        rows = session.exec(query.order_by(Fair.id.desc())).all()
    return [(r[0], r[1]) for r in rows]
