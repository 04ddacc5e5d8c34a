"""Transfer income estimate and the whole months it counts: hand-computed cases on both backends,
and the SQL month count checked against the Python one."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Date, literal, select

from services.followups.due import add_months
from services.reporting.dashboard import DashboardFilter, build_dashboard
from services.reporting.dashboard.income import Income, TownshipIncome, completed_months, completed_months_sql
from tests.reporting.after_hire_support import NOW, ZONE, build

D = date


def _income(engine, flt: DashboardFilter | None = None) -> Income:
    return build_dashboard(engine, flt or DashboardFilter(), now=NOW, zone=ZONE, parallel=False).extra["income"]


def test_income_by_hand(engine, vault) -> None:
    build(engine, vault)
    got = _income(engine)
    # today 2026-11-23; months = whole months from the start to today (in work) or to the last visit in work
    # h1: in work, 04-01 → 11-23 = 7 months × 5,500 (the 6-month visit's wage)        = 38,500
    # h2: changed job (in work), 04-10 → 11-23 = 7 × 6,200 (the new job's wage)        = 43,400
    # h3: returned 08-03; last in work 06-01: 05-01 → 06-01 = 1 × 5,100               =  5,100
    # h4: dispute 08-22; last in work 06-21: 05-20 → 06-21 = 1 × 4,500 (the hire's)   =  4,500
    # h5: unreachable, then working 11-02: in work, 08-01 → 11-23 = 3 × 5,300         = 15,900
    # h6: cancelled; h8: starts 12-01 — not counted
    # h7: no visit (in work), 11-01 → 11-23 = 0 months                                =      0
    # h9: no visit (in work), 08-31 → 11-23: 10-31 is 2 months, 11-30 not yet = 2 × 3,000 = 6,000
    assert got.by_township == [TownshipIncome("城关镇", 5, 4, 7 + 7 + 1 + 0 + 2, 38_500 + 43_400 + 5_100 + 6_000),
                               TownshipIncome("大河乡", 2, 1, 1 + 3, 4_500 + 15_900)]
    assert got.total == 113_400 and got.hires == 7 and got.months == 21
    assert _income(engine, DashboardFilter(township="大河乡")).total == 20_400


def test_no_hires_no_income(engine) -> None:
    got = _income(engine)
    assert got == Income()


EDGES = [
    (D(2026, 1, 31), D(2026, 2, 28), 1),  # the month's last day completes a month from the 31st
    (D(2026, 1, 31), D(2026, 2, 27), 0),
    (D(2028, 1, 31), D(2028, 2, 29), 1),  # leap year
    (D(2028, 1, 31), D(2028, 2, 28), 0),
    (D(2026, 2, 28), D(2026, 3, 27), 0),
    (D(2026, 2, 28), D(2026, 3, 28), 1),
    (D(2026, 1, 31), D(2026, 3, 30), 1),
    (D(2026, 1, 31), D(2026, 3, 31), 2),
    (D(2025, 12, 15), D(2026, 12, 14), 11),
    (D(2025, 12, 15), D(2026, 12, 15), 12),
    (D(2026, 5, 1), D(2026, 4, 30), 0),  # before the start
    (D(2026, 5, 1), D(2026, 5, 1), 0),
]


@pytest.mark.parametrize(("start", "end", "months"), EDGES)
def test_completed_months(start: date, end: date, months: int) -> None:
    assert completed_months(start, end) == months


def test_completed_months_in_sql_agrees(engine) -> None:
    with engine.connect() as conn:
        for start, end, months in EDGES:
            got = conn.execute(select(completed_months_sql(literal(start, Date), literal(end, Date)))).scalar_one()
            assert got == months, (start, end)


@given(st.dates(D(2000, 1, 1), D(2040, 12, 31)), st.integers(0, 800))
def test_completed_months_is_the_largest_whole_month(start: date, days: int) -> None:
    from datetime import timedelta

    end = start + timedelta(days=days)
    m = completed_months(start, end)
    assert add_months(start, m) <= end < add_months(start, m + 1)


# --- the grouped SQL against a per-hire reference -----------------------------------------------------

OUTCOMES = [None, "working", "changed_job", "returned", "dispute", "unreachable"]
fact = st.fixed_dictionaries({
    "township": st.sampled_from(["城关镇", "大河乡"]),
    "active": st.booleans(),
    "start_date": st.sampled_from([D(2026, 1, 31), D(2026, 5, 1), D(2026, 8, 31), D(2026, 11, 23), D(2026, 12, 1)]),
    "latest_outcome": st.sampled_from(OUTCOMES),
    "last_in_work": st.one_of(st.none(), st.sampled_from([D(2026, 2, 28), D(2026, 6, 1), D(2026, 9, 30)])),
    "wage": st.integers(0, 12_000),
})


def _reference(facts: list[dict], today: date) -> dict[str, tuple[int, int, int, int]]:
    """Per township: (hires started, in work, months, income), one hire at a time, in Python."""
    out: dict[str, list[int]] = {}
    for f in facts:
        if not f["active"] or f["start_date"] > today:
            continue
        working = f["latest_outcome"] in (None, "working", "changed_job")
        end = today if working else f["last_in_work"]
        months = 0 if end is None else completed_months(f["start_date"], end)
        row = out.setdefault(f["township"], [0, 0, 0, 0])
        row[0], row[1], row[2], row[3] = row[0] + 1, row[1] + working, row[2] + months, row[3] + f["wage"] * months
    return {t: (n, w, m, i) for t, (n, w, m, i) in out.items()}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(fact, max_size=25))
def test_grouped_income_equals_the_sum_of_each_hire(engine, facts: list[dict]) -> None:
    """Hires sharing a township, a start date and an end are summed before the months are counted: the
    figures are the sum of each hire's own."""
    from sqlalchemy import delete, insert

    from models.hire_fact import HireFact
    from services.reporting.dashboard import filter_options
    from services.reporting.dashboard.context import resolve
    from services.reporting.dashboard.income import income

    table = HireFact.__table__  # the table is emptied for each example: the fixture's database is reused
    rows = [dict(f, hire_id=i + 1, seeker_id=i + 1, poor_household=None, fair_id=None, employer_id=1,
                 province="广东省", city="东莞市", scope="out", trade="6-04", hired_at=NOW, gender="F",
                 birth_date=date(1980, 1, 1), contract_months=12)
            for i, f in enumerate(facts)]
    with engine.begin() as conn:
        conn.execute(delete(table))
        if rows:
            conn.execute(insert(table), rows)
    ctx = resolve(DashboardFilter(), filter_options(engine), now=NOW, zone=ZONE)
    with engine.connect() as conn:
        got: Income = income(conn, ctx)["income"]  # type: ignore[assignment]
    want = _reference(facts, ctx.today)
    assert {r.township: (r.hires, r.in_work, r.months, r.income) for r in got.by_township} == want
    assert got.total == sum(i for _n, _w, _m, i in want.values())
