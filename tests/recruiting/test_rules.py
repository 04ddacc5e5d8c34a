"""The shared recruiting rules: "on the public board", "pay left" (with the estimated rent) and "a wage
reaches", the SQL forms checked against the Python forms on generated rows (both backends), and the
arithmetic without a database."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from models import Employer, Vacancy
from services.core.db import unit_of_work
from services.recruiting.rent import RentTable, load_rents, rents
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
    wage_figure,
    wage_reaches,
    wage_reaches_sql,
)
from tests.factories import make_employer, make_vacancy

TODAY = date(2026, 3, 10)
DB = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PAYERS = ("worker", "shared", "employer")
RENTS = RentTable(default=500, local=50, cities={"深圳市": 1000, "深圳": 1000, "东莞市": 600})

pay = st.fixed_dictionaries({
    "wage_min": st.integers(1000, 50_000),
    "city": st.sampled_from(("深圳市", "深圳", "东莞市", "昆明市", "昭通市", "别处")),
    "scope": st.sampled_from(("local", "province", "out")),
    "housing": st.booleans(), "housing_cost": st.integers(0, 10_000),
    "meals": st.booleans(), "meals_cost": st.integers(0, 10_000),
    "trip_fare": st.one_of(st.none(), st.integers(0, 5_000)),
    "trip_home_payer": st.sampled_from(PAYERS),
})


# --- pure rules ----------------------------------------------------------------------------------

def test_pay_left_examples() -> None:
    v = SimpleNamespace(wage_min=5000, housing=True, housing_cost=200, meals=True, meals_cost=300, trip_fare=900,
                        trip_home_payer="worker", city="深圳市", scope="out")
    assert trip_home_cost_per_month(900, "worker") == 150  # 1,800 a year
    assert housing_and_meals_cost(v, RENTS) == 500 and monthly_costs(v, RENTS) == 650 and pay_left(v, RENTS) == 4350
    v.housing = False  # a cost without the housing provided is not paid; a room in Shenzhen is
    assert pay_left(v, RENTS) == 5000 - 1000 - 300 - 150
    v.city = "昆明市"  # not listed: the default rent
    assert pay_left(v, RENTS) == 5000 - 500 - 300 - 150
    v.scope = "local"  # nearby: the local figure
    assert pay_left(v, RENTS) == 5000 - 50 - 300 - 150
    v.trip_fare = None  # an unknown fare counts as nothing
    assert pay_left(v, RENTS) == 5000 - 50 - 300
    assert trip_home_cost_per_month(3, "worker") == 1  # 0.5 yuan a month: halves round up
    assert trip_home_cost_per_month(6, "shared") == 1


@given(pay)
def test_pay_left_is_the_bottom_of_the_range_less_every_cost(v: dict) -> None:
    vacancy = SimpleNamespace(**v)
    trip = trip_home_cost_per_month(v["trip_fare"], v["trip_home_payer"])
    rent = 50 if v["scope"] == "local" else {"深圳市": 1000, "深圳": 1000, "东莞市": 600}.get(v["city"], 500)
    housing = v["housing_cost"] if v["housing"] else rent
    meals = v["meals_cost"] if v["meals"] else 0
    assert pay_left(vacancy, RENTS) == v["wage_min"] - housing - meals - (trip or 0)
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


def test_the_configured_rents() -> None:
    table = rents()
    assert table.local == 0  # nearby: the worker lives at home
    assert table.rent(city="深圳市", scope="out") == table.rent(city="深圳", scope="out") > table.default
    assert table.rent(city="没有的城市", scope="out") == table.default


def test_a_rent_file(tmp_path) -> None:
    path = tmp_path / "rent.toml"
    path.write_text('default = 450\n[cities]\n"苏州市" = 900\n', encoding="utf-8")
    assert load_rents(path) == RentTable(default=450, local=0, cities={"苏州市": 900, "苏州": 900})
    assert load_rents(tmp_path / "none.toml") == RentTable()
    path.write_text('default = -1\n', encoding="utf-8")
    load_rents.cache_clear()
    with pytest.raises(ValueError, match="default"):
        load_rents(path)


def test_a_single_wage_is_one_figure() -> None:
    assert wage_figure(3800, 3800) == "3,800"
    assert wage_figure(3800, 4500) == "3,800–4,500"


@given(st.integers(0, 20_000), st.integers(0, 20_000))
def test_a_wage_reaches_by_the_top_of_its_range(top: int, amount: int) -> None:
    assert wage_reaches(top, amount) == (top >= amount)


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
        for table in (None, RENTS):  # the configured rents, and others
            got = dict(session.execute(select(Vacancy.id, pay_left_sql(table)).where(Vacancy.id.in_(ids))).all())
            expected = {v.id: pay_left(v, table) for v in session.scalars(select(Vacancy).where(Vacancy.id.in_(ids)))}
            assert got == expected


@DB
@given(tops=st.lists(st.integers(1000, 9000), min_size=1, max_size=6), amount=st.integers(1000, 9000))
def test_wage_reaches_sql_agrees_with_python(engine, tops: list[int], amount: int) -> None:
    _clear(engine)
    employer = make_employer(engine)
    ids = {make_vacancy(engine, employer, wage_min=top, wage_max=top): top for top in tops}
    with unit_of_work(engine, write=False) as session:
        got = set(session.execute(select(Vacancy.id).where(wage_reaches_sql(amount))).scalars())
    assert got == {i for i, top in ids.items() if wage_reaches(top, amount)}


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
