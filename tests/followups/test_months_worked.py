"""Months worked and wage income of a hire in a period, computed by hand, in SQL and in Python (both backends)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from models import FollowUp, Hire
from services.followups import months_worked as mw
from tests.households import support as mk

TODAY = date(2026, 3, 10)
Y2025 = (date(2025, 1, 1), date(2025, 12, 31))


def test_months_worked_by_hand_sql_and_python_agree(engine) -> None:
    employer = mk.Employer(engine)
    hh = mk.household(engine)
    a = mk.hire(engine, employer, mk.member(engine, hh, head=True), start=date(2025, 3, 1), wage=4000)
    mk.visit(engine, a, on=date(2025, 4, 1), month=1)
    mk.visit(engine, a, on=date(2025, 6, 1), month=3, wage=4500)  # the latest wage recorded counts
    b = mk.hire(engine, employer, mk.member(engine, hh), start=date(2025, 5, 10), wage=5000)
    mk.visit(engine, b, on=date(2025, 6, 10), month=1)
    mk.visit(engine, b, on=date(2025, 8, 10), month=3, outcome="returned")  # the count stops at this visit
    c = mk.hire(engine, employer, mk.member(engine, hh), start=date(2025, 1, 1), cancelled=True)
    d = mk.hire(engine, employer, mk.member(engine, hh), start=date(2026, 1, 5))  # not in 2025
    by_hand = {a: (306, 4500, 4500 * 306 * 12 // 365), b: (93, 5000, 5000 * 93 * 12 // 365), c: (0, 4000, 0),
               d: (0, 4000, 0)}
    assert by_hand[a][2] == 45271 and by_hand[b][2] == 15287
    with Session(engine) as session:
        hires = {h.id: h for h in session.execute(select(Hire)).scalars()}
        visits = session.execute(select(FollowUp)).scalars().all()
        own = {i: [v for v in visits if v.hire_id == i] for i in hires}
        python = {i: (mw.days_worked(h, own[i], *Y2025, TODAY), mw.current_wage(h, own[i]),
                      mw.wage_income(h, own[i], *Y2025, TODAY)) for i, h in hires.items()}
        sql = {i: (days, wage, income) for i, days, wage, income in session.execute(
            select(Hire.__table__.c.id, mw.days_worked_sql(*Y2025, TODAY), mw.current_wage_sql(),
                   mw.wage_income_sql(*Y2025, TODAY)))}
        months = dict(session.execute(select(Hire.__table__.c.id, mw.months_worked_sql(*Y2025, TODAY))).all())
    assert python == by_hand == sql
    assert abs(months[a] - 306 * 12 / 365) < 1e-9
    # the same up to today in 2026: hire a still working, d from 5 January
    with Session(engine) as session:
        days = dict(session.execute(select(Hire.__table__.c.id,
                                           mw.days_worked_sql(date(2026, 1, 1), date(2026, 12, 31), TODAY))).all())
    assert days == {a: 69, b: 0, c: 0, d: 65}
