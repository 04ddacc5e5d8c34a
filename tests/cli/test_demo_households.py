"""The demo's households: every seeker in one, heads set, some declared incomes, plans for part of the
households that need one (some overdue, some after a done step), so the households page shows figures."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from models import Household, HouseholdPlan, Seeker
from services.cli.demo import generate_demo
from services.households.lists import township_figures

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def test_the_demo_fills_the_households_page(engine, vault, county) -> None:
    generate_demo(engine, vault, county, seekers=300, seed=5, fairs=2, today=TODAY, now=NOW, out=None)
    with Session(engine) as s:
        assert s.execute(select(func.count()).select_from(Seeker).where(Seeker.household_id.is_(None))).scalar() == 0
        households = s.execute(select(Household)).scalars().all()
        plans = s.execute(select(HouseholdPlan)).scalars().all()
    assert 80 < len(households) < 300 and all(h.head_seeker_id for h in households)
    assert any(h.annual_wage_income is not None for h in households)
    open_steps = [p for p in plans if p.status == "open"]
    assert open_steps and any(p.due_on < TODAY for p in open_steps)
    done = {p.id for p in plans if p.status == "done"}
    assert done and done == {p.replaces_id for p in open_steps if p.replaces_id}
    figures = township_figures(engine, today=TODAY)
    assert sum(f.zero for f in figures) > 0 and sum(f.overdue for f in figures) > 0
    # a second run groups only the new seekers
    generate_demo(engine, vault, county, seekers=20, seed=5, fairs=2, today=TODAY, now=NOW, out=None)
    with Session(engine) as s:
        assert s.execute(select(func.count()).select_from(Seeker).where(Seeker.household_id.is_(None))).scalar() == 0
