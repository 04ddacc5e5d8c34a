"""The shared recruiting rules, each written once: in SQL for queries and in Python for one record.

**Taking applications** (`is_open` / `open_sql`): the vacancy's status is "open" and its closing
date is today (the county's local date) or later. Closed and expired vacancies leave by themselves.

**On the public board** (`is_on_board` / `on_board_sql`): taking applications, and its employer is
approved (not pending, rejected or suspended). Only these vacancies are shown on the board, take
interest, are matched to seekers and have candidates.

**Pay left** (`pay_left` / `pay_left_sql`): what a month's pay leaves the worker after housing,
meals and the trip home, counted from the **bottom of the wage range** (`wage_min`, what the
worker can count on):

    pay left = wage_min − housing cost (if housing is provided) − meals cost (if meals are provided)
               − the worker's share of one trip home a year, per month

The trip home is there and back once a year (two one-way fares), spread over 12 months: the worker
pays both legs, half of them when the cost is shared, nothing when the employer pays; rounded to
whole yuan, halves up (`(legs × fare + 6) // 12`, integer arithmetic that both databases compute
exactly like Python). An unknown fare counts as 0 here (the board shows it as unknown).
The SQL forms are checked against the Python forms by tests/recruiting/test_rules.py on both backends.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from sqlalchemy import and_, case, select
from sqlalchemy.sql.elements import ColumnElement, UnaryExpression
from sqlalchemy.sql.operators import custom_op

from models import Employer, EmployerStatus, TripPayer, Vacancy, VacancyStatus

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


# --- pay left ----------------------------------------------------------------------------------


class Pay(Protocol):
    """What pay left reads of a vacancy (a Vacancy, a board card, a result row)."""

    @property
    def wage_min(self) -> int: ...
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


def housing_and_meals_cost(v: Pay) -> int:
    """What the worker pays a month for the housing and meals the employer provides."""
    return ((v.housing_cost or 0) if v.housing else 0) + ((v.meals_cost or 0) if v.meals else 0)


def monthly_costs(v: Pay) -> int:
    """Housing, meals and the trip home, per month (an unknown fare counts as 0)."""
    return housing_and_meals_cost(v) + (trip_home_cost_per_month(v.trip_fare, v.trip_home_payer) or 0)


def pay_left(v: Pay) -> int:
    """Pay left a month after housing, meals and the trip home, from the bottom of the wage range."""
    return v.wage_min - monthly_costs(v)


def trip_home_cost_sql() -> ColumnElement[int]:
    legs = case((V.trip_home_payer == TripPayer.EMPLOYER, 0), (V.trip_home_payer == TripPayer.SHARED, 1), else_=2)
    return case((V.trip_fare.is_(None), 0), else_=(legs * V.trip_fare + MONTHS // 2) // MONTHS)


def pay_left_sql() -> ColumnElement[int]:
    """`pay_left` as a column expression on the vacancy table (for ordering)."""
    return (V.wage_min - case((V.housing, V.housing_cost), else_=0) - case((V.meals, V.meals_cost), else_=0)
            - trip_home_cost_sql())
