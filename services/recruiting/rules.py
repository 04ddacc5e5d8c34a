"""The shared recruiting rules, each written once: in SQL for queries and in Python for one record.

**Taking applications** (`is_open` / `open_sql`): the vacancy's status is "open" and its closing
date is today (the county's local date) or later. Closed and expired vacancies leave by themselves.

**On the public board** (`is_on_board` / `on_board_sql`): taking applications, and its employer is
approved (not pending, rejected or suspended). Only these vacancies are shown on the board, take
interest, are matched to seekers and have candidates.

**A wage reaches an amount** (`wage_reaches` / `wage_reaches_sql`): the **top** of the wage range
(`wage_max`) is at least the amount — the job *can* pay that much. It is the one meaning of "at
least N yuan": the board's "lowest wage" filter ("the pay can reach N yuan a month or more") and
matching's points for a seeker's expected wage (+20 when the top reaches it; +10 more when the
bottom does too). A single wage (wage_min == wage_max) is one figure: `wage_figure` writes
"3,800", never "3,800–3,800", on every card and list.

**Pay left** (`pay_left` / `pay_left_sql`): what a month's pay leaves the worker after housing,
meals and the trip home, counted from the **bottom of the wage range** (`wage_min`, what the
worker can count on):

    pay left = wage_min − housing (what the worker pays for the housing provided, or, where no
               housing is provided, the estimated rent of a room in that city)
               − meals cost (if meals are provided)
               − the worker's share of one trip home a year, per month

The estimated rent is configured per city (`services/recruiting/rent.py`, config/rent.toml: a
default for the cities not listed; nearby (local) jobs count the `local` figure, 0: the worker
lives at home). The trip home is there and back once a year (two one-way fares), spread over
12 months: the worker pays both legs, half of them when the cost is shared, nothing when the
employer pays; rounded to whole yuan, halves up (`(legs × fare + 6) // 12`, integer arithmetic
that both databases compute exactly like Python). An unknown fare counts as 0 here (the board
shows it as unknown).
The SQL forms are checked against the Python forms by tests/recruiting/test_rules.py on both backends.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from sqlalchemy import and_, case, literal, select
from sqlalchemy.sql.elements import ColumnElement, UnaryExpression
from sqlalchemy.sql.operators import custom_op

from models import Employer, EmployerStatus, Scope, TripPayer, Vacancy, VacancyStatus
from services.recruiting.rent import RentTable, rents

# legs of the yearly round trip home the worker pays, by who pays the trip
TRIP_LEGS_PAID_BY_WORKER: dict[str, int] = {TripPayer.WORKER: 2, TripPayer.SHARED: 1, TripPayer.EMPLOYER: 0}
MONTHS = 12

V = Vacancy.__table__.c
E = Employer.__table__.c


# --- taking applications / on the board ----------------------------------------------------------


def is_open(status: str, closing_date: date, today: date) -> bool:
    """The vacancy takes applications: open, and its closing date is today or later."""
    return status == VacancyStatus.OPEN and closing_date >= today


def is_on_board(status: str, closing_date: date, employer_status: str, today: date) -> bool:
    """The vacancy is on the public board: it takes applications and its employer is approved."""
    return is_open(status, closing_date, today) and employer_status == EmployerStatus.APPROVED


def _planner_blind(column: ColumnElement, blind: bool) -> ColumnElement:
    """`+column` (SQLite only): the same value, but the planner will not search an index with it."""
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type) if blind else column


def open_sql(today: date) -> ColumnElement[bool]:
    """`is_open` as a criterion on the vacancy table."""
    return and_(V.status == VacancyStatus.OPEN, V.closing_date >= today)


def approved_employer_ids() -> ColumnElement:
    return select(E.id).where(E.status == EmployerStatus.APPROVED).scalar_subquery()


def on_board_sql(today: date, *, avoid_board_indexes: bool = False) -> ColumnElement[bool]:
    """`is_on_board` as a criterion on the vacancy table (no join needed: the employer is a subquery).

    `avoid_board_indexes` (SQLite only, matching): keep the planner off ix_vacancy_board and
    ix_vacancy_employer_id, so that it reads the covering ix_vacancy_match alone.
    """
    return and_(
        V.status == VacancyStatus.OPEN,
        _planner_blind(V.closing_date, avoid_board_indexes) >= today,
        _planner_blind(V.employer_id, avoid_board_indexes).in_(approved_employer_ids()),
    )


# --- wages ------------------------------------------------------------------------------------


def wage_reaches(wage_max: int, amount: int) -> bool:
    """The wage offered can reach `amount`: the top of the range is at least that."""
    return wage_max >= amount


def wage_reaches_sql(amount: int) -> ColumnElement[bool]:
    """`wage_reaches` as a criterion on the vacancy table."""
    return V.wage_max >= amount


def money(n: int) -> str:
    """12000 -> "12,000"."""
    return f"{n:,}"


def wage_figure(wage_min: int, wage_max: int) -> str:
    """A wage range in figures: "3,800–4,500", or one figure "3,800" when both ends are equal."""
    return money(wage_min) if wage_min == wage_max else f"{money(wage_min)}–{money(wage_max)}"


# --- pay left ----------------------------------------------------------------------------------


class Pay(Protocol):
    """What pay left reads of a vacancy (a Vacancy, a board card, a result row)."""

    @property
    def wage_min(self) -> int: ...
    @property
    def city(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def housing(self) -> bool: ...
    @property
    def housing_cost(self) -> int: ...
    @property
    def meals(self) -> bool: ...
    @property
    def meals_cost(self) -> int: ...
    @property
    def trip_fare(self) -> int | None: ...
    @property
    def trip_home_payer(self) -> str: ...


def trip_home_cost_per_month(trip_fare: int | None, payer: str) -> int | None:
    """The worker's share of one trip home a year (there and back), per month; None when the fare is
    not known. The employer paying costs the worker nothing; sharing, half. Halves round up."""
    if trip_fare is None:
        return None
    legs = TRIP_LEGS_PAID_BY_WORKER.get(payer, 2)
    return (legs * trip_fare + MONTHS // 2) // MONTHS


def estimated_rent(v: Pay, table: RentTable | None = None) -> int:
    """The estimated rent a month the worker pays for a room: 0 where housing is provided."""
    return 0 if v.housing else (table or rents()).rent(city=v.city, scope=v.scope)


def housing_and_meals_cost(v: Pay, table: RentTable | None = None) -> int:
    """What the worker pays a month to live: the housing provided (or the estimated rent) and the meals."""
    housing = (v.housing_cost or 0) if v.housing else estimated_rent(v, table)
    return housing + ((v.meals_cost or 0) if v.meals else 0)


def monthly_costs(v: Pay, table: RentTable | None = None) -> int:
    """Housing or rent, meals and the trip home, per month (an unknown fare counts as 0)."""
    return housing_and_meals_cost(v, table) + (trip_home_cost_per_month(v.trip_fare, v.trip_home_payer) or 0)


def pay_left(v: Pay, table: RentTable | None = None) -> int:
    """Pay left a month after housing or rent, meals and the trip home, from the bottom of the wage range."""
    return v.wage_min - monthly_costs(v, table)


def trip_home_cost_sql() -> ColumnElement[int]:
    legs = case((V.trip_home_payer == TripPayer.EMPLOYER, 0), (V.trip_home_payer == TripPayer.SHARED, 1), else_=2)
    return case((V.trip_fare.is_(None), 0), else_=(legs * V.trip_fare + MONTHS // 2) // MONTHS)


def estimated_rent_sql(table: RentTable | None = None) -> ColumnElement[int]:
    """`estimated_rent` as a column expression on the vacancy table."""
    table = table or rents()
    by_city: ColumnElement[int] = literal(table.default)
    if table.cities:
        by_city = case(table.cities, value=V.city, else_=table.default)
    return case((V.housing, 0), (V.scope == Scope.LOCAL, table.local), else_=by_city)


def pay_left_sql(table: RentTable | None = None) -> ColumnElement[int]:
    """`pay_left` as a column expression on the vacancy table (for ordering)."""
    return (V.wage_min - case((V.housing, V.housing_cost), else_=0) - estimated_rent_sql(table)
            - case((V.meals, V.meals_cost), else_=0) - trip_home_cost_sql())
