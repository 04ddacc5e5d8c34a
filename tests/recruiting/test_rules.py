"""The shared recruiting rules: "on the public board" and "pay left", the SQL forms checked against
the Python forms on generated rows (both backends), and the pay-left arithmetic without a database."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from models import Employer, Vacancy
from services.core.db import unit_of_work
from services.recruiting.rules import (
    TRIP_LEGS_PAID_BY_WORKER,
    housing_and_meals_cost,
    is_on_board,
    is_open,
    monthly_costs,
    on_board_sql,
    open_sql,
    pay_left,
    pay_left_sql,
    trip_home_cost_per_month,
)
from tests.factories import make_employer, make_vacancy

TODAY = date(2026, 3, 10)
DB = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PAYERS = ("worker", "shared", "employer")

pay = st.fixed_dictionaries({
    "wage_min": st.integers(1000, 50_000),
    "housing": st.booleans(), "housing_cost": st.integers(0, 10_000),
    "meals": st.booleans(), "meals_cost": st.integers(0, 10_000),
    "trip_fare": st.one_of(st.none(), st.integers(0, 5_000)),
    "trip_home_payer": st.sampled_from(PAYERS),
})


# --- pure rules ----------------------------------------------------------------------------------

def test_pay_left_examples() -> None:
    v = SimpleNamespace(wage_min=5000, housing=True, housing_cost=200, meals=True, meals_cost=300, trip_fare=900,
                        trip_home_payer="worker")
    assert trip_home_cost_per_month(900, "worker") == 150  # 1,800 a year
    assert housing_and_meals_cost(v) == 500 and monthly_costs(v) == 650 and pay_left(v) == 4350
    v.housing = False  # a cost without the housing provided is not paid
    assert pay_left(v) == 4550
    v.trip_fare = None  # an unknown fare counts as nothing
    assert pay_left(v) == 4700
    assert trip_home_cost_per_month(3, "worker") == 1  # 0.5 yuan a month: halves round up
    assert trip_home_cost_per_month(6, "shared") == 1


@given(pay)
def test_pay_left_is_the_bottom_of_the_range_less_every_cost(v: dict) -> None:
    vacancy = SimpleNamespace(**v)
    trip = trip_home_cost_per_month(v["trip_fare"], v["trip_home_payer"])
    housing = v["housing_cost"] if v["housing"] else 0
    meals = v["meals_cost"] if v["meals"] else 0
    assert pay_left(vacancy) == v["wage_min"] - housing - meals - (trip or 0)
    if v["trip_fare"] is not None:
        legs = TRIP_LEGS_PAID_BY_WORKER[v["trip_home_payer"]]
        assert abs(trip * 12 - legs * v["trip_fare"]) <= 6  # whole yuan a month


@given(st.integers(0, 5_000))
def test_who_pays_the_trip_orders_the_cost(fare: int) -> None:
    worker, shared, employer = (trip_home_cost_per_month(fare, p) for p in PAYERS)
    assert employer == 0 <= shared <= worker


@given(st.sampled_from(("open", "closed")), st.integers(-3, 3),
       st.sampled_from(("approved", "pending", "rejected", "suspended")))
def test_on_board_needs_open_current_and_approved(status: str, days: int, employer_status: str) -> None:
    closing = TODAY + timedelta(days=days)
    assert is_open(status, closing, TODAY) == (status == "open" and days >= 0)
    assert is_on_board(status, closing, employer_status, TODAY) == (
        status == "open" and days >= 0 and employer_status == "approved")


# --- the SQL forms agree with the Python forms --------------------------------------------------

def _clear(engine) -> None:
    with unit_of_work(engine) as session:
        session.execute(delete(Vacancy))
        session.execute(delete(Employer))


@DB
@given(rows=st.lists(pay, min_size=1, max_size=8))
def test_pay_left_sql_agrees_with_python(engine, rows: list[dict]) -> None:
    _clear(engine)
    employer = make_employer(engine)
    ids = [make_vacancy(engine, employer, wage_max=v["wage_min"], **v) for v in rows]
    with unit_of_work(engine, write=False) as session:
        got = dict(session.execute(select(Vacancy.id, pay_left_sql()).where(Vacancy.id.in_(ids))).all())
        expected = {v.id: pay_left(v) for v in session.scalars(select(Vacancy).where(Vacancy.id.in_(ids)))}
    assert got == expected


@DB
@given(rows=st.lists(st.tuples(st.sampled_from(("open", "closed")), st.integers(-2, 2),
                               st.sampled_from(("approved", "pending", "rejected", "suspended"))),
                     min_size=1, max_size=8))
def test_on_board_sql_agrees_with_python(engine, rows: list[tuple[str, int, str]]) -> None:
    _clear(engine)
    employers = {s: make_employer(engine, name=f"公司{i}", serial=i + 1, status=s)
                 for i, s in enumerate(("approved", "pending", "rejected", "suspended"))}
    ids = {make_vacancy(engine, employers[s], status=status, closing_date=TODAY + timedelta(days=days)):
           (status, TODAY + timedelta(days=days), s) for status, days, s in rows}
    with unit_of_work(engine, write=False) as session:
        on_board = set(session.execute(select(Vacancy.id).where(on_board_sql(TODAY))).scalars())
        sqlite = engine.dialect.name == "sqlite"  # the planner hint is SQLite's unary +
        on_board_hinted = set(session.execute(
            select(Vacancy.id).where(on_board_sql(TODAY, avoid_board_indexes=sqlite))).scalars())
        taking = set(session.execute(select(Vacancy.id).where(open_sql(TODAY))).scalars())
    assert on_board == on_board_hinted == {i for i, (st_, c, e) in ids.items() if is_on_board(st_, c, e, TODAY)}
    assert taking == {i for i, (st_, c, _e) in ids.items() if is_open(st_, c, TODAY)}
