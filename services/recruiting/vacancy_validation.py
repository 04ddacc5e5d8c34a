"""A vacancy as the recruiter types it (`VacancyForm`) and its rules (`validate_vacancy`): every
problem is reported at once (FieldErrors: field name -> message id), nothing is saved here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

from services.core.errors import FieldErrors
from services.core.i18n import N_
from services.core.reference import EDUCATION_LEVELS, TRADES, TRIP_PAYERS
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


class VacancyValues(TypedDict):
    """The cleaned column values of a vacancy, as `validate_vacancy` returns them."""

    title: str
    trade: str
    description: str
    province: str
    city: str
    scope: str
    distance_km: int | None
    travel_hours: float | None
    trip_fare: int | None
    trip_home_payer: str
    wage_min: int
    wage_max: int
    headcount: int
    age_min: int
    age_max: int
    min_education: str
    gender: str
    gender_basis: str
    housing: bool
    housing_cost: int
    meals: bool
    meals_cost: int
    contract_months: int
    hours_per_day: float
    days_per_week: float
    closing_date: date


def _in(value: float | None, bounds: tuple[float, float]) -> bool:
    return value is not None and bounds[0] <= value <= bounds[1]


def validate_vacancy(form: VacancyForm, *, county: County, today: date,
                     previous_closing: date | None = None) -> VacancyValues:
    """The cleaned column values, or FieldErrors with every problem at once.

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
        raise FieldErrors(errors)
    # the rules above refuse every missing value
    assert form.trade is not None and form.province is not None and form.closing_date is not None
    assert form.wage_min is not None and form.wage_max is not None and form.headcount is not None
    assert form.age_min is not None and form.age_max is not None and form.contract_months is not None
    assert form.hours_per_day is not None and form.days_per_week is not None
    distance = form.distance_km if form.distance_km is not None else places.estimate_distance_km(county, city)
    return VacancyValues(
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
