"""The bulk load (COPY on PostgreSQL, executemany on SQLite) gives the same demo as the row-by-row path."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from models import (
    Application,
    BoothScan,
    CheckIn,
    FollowUp,
    Hire,
    Household,
    HouseholdPlan,
    Seeker,
    SeekerTrade,
    StageChange,
    WageIssue,
)
from services.cli.demo import generate_demo
from services.cli.demo.bulk import reserve_ids
from services.core.db import is_sqlite, make_engine
from tests.conftest import _truncate

N = 400
NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)
TODAY = date(2026, 11, 23)
TABLES = (Seeker, SeekerTrade, CheckIn, Application, StageChange, Hire, BoothScan, FollowUp, WageIssue, Household,
          HouseholdPlan)


def _shape(engine: Engine) -> dict[str, object]:
    """Counts per table and the distributions the dashboard draws, and who the people are."""
    s, c, a = Seeker.__table__.c, CheckIn.__table__.c, Application.__table__.c
    with engine.connect() as conn:
        shape: dict[str, object] = {
            t.__tablename__: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in TABLES}

        def grouped(*cols):
            return sorted((tuple(r) for r in conn.execute(select(*cols, func.count()).group_by(*cols))), key=repr)

        shape["profile"] = grouped(s.township, s.gender, s.education, s.intention, s.poor_household,
                                   s.profile_answered, s.household_relation)
        people = select(s.id, s.id_hmac, s.phone_hmac, s.name, s.birth_date, s.village, s.created_at, s.household_id)
        shape["people"] = sorted((tuple(r) for r in conn.execute(people)), key=repr)
        shape["checkins"] = grouped(c.seeker_id, c.fair_id, c.site_id, c.channel)
        shape["applications"] = grouped(a.seeker_id, a.vacancy_id, a.stage, a.source)
        shape["hires"] = grouped(Hire.__table__.c.seeker_id, Hire.__table__.c.monthly_wage)
        shape["visits"] = grouped(FollowUp.__table__.c.status, FollowUp.__table__.c.outcome)
    return shape


def _indexes(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if is_sqlite(engine):
            return set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())
        return set(conn.execute(text("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()")).scalars())


def _demo(engine: Engine, vault, county, *, bulk: bool, workers: int = 1, seekers: int = N):
    return generate_demo(engine, vault, county, seekers=seekers, seed=4, fairs=3, batch=90, today=TODAY, now=NOW,
                         out=None, bulk=bulk, village_list=False, workers=workers)


def test_the_bulk_load_gives_the_same_demo_as_row_by_row(engine, vault, county, tmp_path, sqlite_template) -> None:
    indexes = _indexes(engine)
    bulk = _demo(engine, vault, county, bulk=True)
    loaded = _shape(engine)
    assert _indexes(engine) == indexes  # the secondary indexes dropped for the load are all back
    if is_sqlite(engine):
        path = tmp_path / "row_by_row.db"
        shutil.copy(sqlite_template, path)
        other = make_engine(f"sqlite:///{path}")
    else:
        _truncate(engine)
        other = engine
    rows = _demo(other, vault, county, bulk=False)
    assert (bulk.seekers, bulk.checkins, bulk.trades, bulk.applications, bulk.hires, bulk.scans) == \
        (rows.seekers, rows.checkins, rows.trades, rows.applications, rows.hires, rows.scans)
    assert bulk.follow_ups == rows.follow_ups
    assert loaded == _shape(other)
    assert loaded["seeker"] == N and loaded["hire"] and loaded["household_plan"]


def test_reserved_ids_are_fresh_and_ascending(engine, vault, county) -> None:
    _demo(engine, vault, county, bulk=True)
    with engine.begin() as conn:
        first = reserve_ids(conn, Seeker.__table__, 3)
        top = conn.execute(select(func.max(Seeker.__table__.c.id))).scalar_one()
    assert first == sorted(first) and len(set(first)) == 3 and first[0] > top


def test_the_load_in_one_process_writes_the_same(engine, vault, county, tmp_path, sqlite_template) -> None:
    """--workers 0: drawn, sealed and written in the main process; the same rows as through a writer process."""
    one = _demo(engine, vault, county, bulk=True, workers=0, seekers=150)
    shape = _shape(engine)
    if is_sqlite(engine):
        path = tmp_path / "pool.db"
        shutil.copy(sqlite_template, path)
        other = make_engine(f"sqlite:///{path}")
    else:
        _truncate(engine)
        other = engine
    pooled = _demo(other, vault, county, bulk=True, workers=1, seekers=150)
    assert (one.seekers, one.checkins, one.hires) == (pooled.seekers, pooled.checkins, pooled.hires)
    assert shape == _shape(other)
