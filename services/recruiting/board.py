"""The public job board (no sign-in): open vacancies of approved employers, their details, and the
"go out or stay near" comparison of a vacancy with the best nearby (local) ones.

What is on the board is the shared rule `rules.on_board_sql` (open, closing date today or later,
employer approved): closed and expired vacancies leave by themselves, without a job. Pay left is
`rules.pay_left` (from the bottom of the wage range, less the estimated rent where no housing is
provided); the arithmetic is in pure functions, separate from the queries. The "lowest wage"
filter is `rules.wage_reaches`: the top of the range reaches it.

Travel figures of 0 (a distance, hours on the road or a fare typed as 0, as for a job in the
county itself) are "nearby", not "0 km · 0 h · 0 yuan": `travel` gives None for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, case, func
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select, SelectOfScalar

from models import Employer, Fair, Scope, Vacancy, VacancyFair
from services.core.db import read_only, select_wide
from services.recruiting.rules import (
    estimated_rent,
    housing_and_meals_cost,
    on_board_sql,
    pay_left,
    pay_left_sql,
    trip_home_cost_per_month,
    wage_reaches_sql,
)

WEEKS_PER_MONTH = 52 / 12
NEARBY_OPTIONS = 3


@dataclass(frozen=True)
class Card:
    """What a board card shows; also the input of the comparison."""

    id: int
    title: str
    employer_name: str
    trade: str
    wage_min: int
    wage_max: int
    province: str
    city: str
    scope: str
    distance_km: int | None
    travel_hours: float | None
    trip_fare: int | None
    trip_home_payer: str
    housing: bool
    housing_cost: int
    meals: bool
    meals_cost: int
    hours_per_day: float
    days_per_week: float
    contract_months: int
    age_min: int
    age_max: int
    min_education: str
    gender: str
    headcount: int
    closing_date: date


@dataclass(frozen=True)
class BoardPage:
    cards: list[Card]
    total: int


@dataclass(frozen=True)
class Detail:
    card: Card
    description: str
    gender_basis: str
    employer_industry: str
    employer_province: str
    employer_city: str
    fairs: list[str]


@dataclass(frozen=True)
class BoardOptions:
    trades: list[str]
    provinces: list[str]
    fairs: list[tuple[int, str]]


_CARD_COLUMNS = (
    Vacancy.id, Vacancy.title, Employer.name, Vacancy.trade, Vacancy.wage_min, Vacancy.wage_max, Vacancy.province,
    Vacancy.city, Vacancy.scope, Vacancy.distance_km, Vacancy.travel_hours, Vacancy.trip_fare,
    Vacancy.trip_home_payer, Vacancy.housing, Vacancy.housing_cost, Vacancy.meals, Vacancy.meals_cost,
    Vacancy.hours_per_day, Vacancy.days_per_week, Vacancy.contract_months, Vacancy.age_min, Vacancy.age_max,
    Vacancy.min_education, Vacancy.gender, Vacancy.headcount, Vacancy.closing_date,
)


Query = TypeVar("Query", Select[*tuple[Any, ...]], SelectOfScalar[Any])


def _on_board(query: Query, today: date) -> Query:
    return query.join(Employer, col(Employer.id) == Vacancy.employer_id).where(on_board_sql(today))


def _card(row: Sequence[Any]) -> Card:
    return Card(*row)


@read_only
def open_vacancies(
    session: Session, *, today: date, trade: str | None = None, scope: str | None = None,
    province: str | None = None, min_wage: int | None = None, housing: bool | None = None,
    fair_id: int | None = None, limit: int = 20, offset: int = 0,
) -> BoardPage:
    """One page of the board, newest first, and how many vacancies match in all.

    `min_wage`: the wage can reach it (`rules.wage_reaches`: the top of the range is at least that).
    `housing`: True = housing provided.
    """
    conditions: list[ColumnElement[bool]] = []
    if trade:
        conditions.append(col(Vacancy.trade) == trade)
    if scope:
        conditions.append(col(Vacancy.scope) == scope)
    if province:
        conditions.append(col(Vacancy.province) == province)
    if min_wage:
        conditions.append(wage_reaches_sql(min_wage))
    if housing:
        conditions.append(col(Vacancy.housing).is_(True))
    if fair_id:
        conditions.append(col(Vacancy.id).in_(select(VacancyFair.vacancy_id).where(VacancyFair.fair_id == fair_id)))
    cards_query = (_on_board(select_wide(*_CARD_COLUMNS), today).where(*conditions)
                   .order_by(col(Vacancy.created_at).desc(), col(Vacancy.id).desc()).limit(limit).offset(offset))
    count_query = _on_board(select(func.count(col(Vacancy.id))), today).where(*conditions)
    cards = [_card(r) for r in session.exec(cards_query).all()]
    total = session.exec(count_query).one()
    return BoardPage(cards=cards, total=int(total))


@read_only
def fairs_with_vacancies(session: Session, *, today: date) -> list[tuple[int, str]]:
    """(id, name) of the fairs offering at least one vacancy on the board, latest first."""
    on_board = _on_board(select(Vacancy.id), today)
    query = (select(Fair.id, Fair.name).where(
        col(Fair.id).in_(select(VacancyFair.fair_id).where(col(VacancyFair.vacancy_id).in_(on_board))))
        .order_by(col(Fair.id).desc()))
    return [(id_, name) for id_, name in session.exec(query).all() if id_ is not None]


@read_only
def board_options(session: Session, *, today: date) -> BoardOptions:
    """The choices worth offering in the board's filters: trades, provinces and fairs on the board."""
    trades = session.exec(_on_board(select(Vacancy.trade).distinct(), today)).all()
    provinces = session.exec(_on_board(select(Vacancy.province).distinct(), today)).all()
    return BoardOptions(trades=sorted(trades), provinces=sorted(provinces),
                        fairs=fairs_with_vacancies(session, today=today))


@read_only
def vacancy_detail(session: Session, *, vacancy_id: int, today: date) -> Detail | None:
    """A vacancy's full card; None unless it is on the board."""
    query = _on_board(select_wide(*_CARD_COLUMNS, Vacancy.description, Vacancy.gender_basis, Employer.industry,
                                  Employer.province, Employer.city), today).where(col(Vacancy.id) == vacancy_id)
    row = session.exec(query).first()
    if row is None:
        return None
    fairs = session.exec(select(Fair.name).join(VacancyFair, col(VacancyFair.fair_id) == Fair.id)
                         .where(VacancyFair.vacancy_id == vacancy_id).order_by(col(Fair.id))).all()
    n = len(_CARD_COLUMNS)
    return Detail(card=_card(row[:n]), description=row[n], gender_basis=row[n + 1], employer_industry=row[n + 2],
                  employer_province=row[n + 3], employer_city=row[n + 4], fairs=list(fairs))


# --- "go out or stay near": pure arithmetic -----------------------------------------------------


def hours_per_month(hours_per_day: float, days_per_week: float) -> float:
    """Working hours in an average month (52 weeks / 12 months), to one decimal."""
    return round(hours_per_day * days_per_week * WEEKS_PER_MONTH, 1)


@dataclass(frozen=True)
class Travel:
    """A card's travel figures for reading: None where unknown or 0 (0 km / 0 h / 0 yuan: nearby)."""

    distance_km: int | None
    hours: float | None
    fare: int | None
    nearby: bool  # a local job with no distance to tell: say "nearby" instead of figures


def travel(card: Card) -> Travel:
    distance = card.distance_km or None
    return Travel(distance_km=distance, hours=card.travel_hours or None, fare=card.trip_fare or None,
                  nearby=card.scope == Scope.LOCAL and distance is None)


@dataclass(frozen=True)
class Column:
    """One job in the comparison."""

    card: Card
    left_min: int  # the wage range less housing and meals
    left_max: int
    hours_month: float
    trip_cost_month: int | None  # the worker's yearly trip home, per month (None: fare unknown)
    rent: int  # the estimated rent counted in housing (0: housing provided, or nearby)
    net_min: int  # the wage range less housing, meals and the trip home; net_min is `rules.pay_left`
    net_max: int


def column(card: Card) -> Column:
    """The comparison column of a card: the same costs taken from both ends of the wage range."""
    housing_meals = housing_and_meals_cost(card)
    trip = trip_home_cost_per_month(card.trip_fare, card.trip_home_payer)
    net_min = pay_left(card)
    return Column(card=card, left_min=card.wage_min - housing_meals, left_max=card.wage_max - housing_meals,
                  hours_month=hours_per_month(card.hours_per_day, card.days_per_week), trip_cost_month=trip,
                  rent=estimated_rent(card), net_min=net_min, net_max=net_min + card.wage_max - card.wage_min)


def monthly_gap(this: Column, other: Column) -> int:
    """How much more (negative: less) pay `this` leaves per month than `other` (`rules.pay_left`)."""
    return this.net_min - other.net_min


@dataclass(frozen=True)
class Comparison:
    this: Column
    nearby: list[Column]


@read_only
def compare_with_nearby(session: Session, *, vacancy_id: int, today: date) -> Comparison | None:
    """This vacancy beside the best nearby (local) vacancies on the board: same trade first, then
    the most pay left (`rules.pay_left`). None unless the vacancy is on the board."""
    row = session.exec(_on_board(select_wide(*_CARD_COLUMNS), today).where(col(Vacancy.id) == vacancy_id)).first()
    if row is None:
        return None
    this = _card(row)
    nearby_query = (
        _on_board(select_wide(*_CARD_COLUMNS), today)
        .where(col(Vacancy.scope) == Scope.LOCAL, col(Vacancy.id) != vacancy_id)
        .order_by(case((col(Vacancy.trade) == this.trade, 0), else_=1), pay_left_sql().desc(), col(Vacancy.id).desc())
        .limit(NEARBY_OPTIONS)
    )
    nearby = [_card(r) for r in session.exec(nearby_query).all()]
    return Comparison(this=column(this), nearby=[column(c) for c in nearby])
