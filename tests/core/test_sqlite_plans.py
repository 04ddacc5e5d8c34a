"""SQLite's fixed planner statistics (services/core/sqlite_plans.py, migration 0040): every index of `hire_fact` has
its row, the migrated database holds them, and the dashboard's hire statements get the plans they were written
for: one scan for every active hire, an index search for a township, a fair, a date range or a person."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

from sqlalchemy import func, select

from models.hire_fact import HireFact
from services.core.db import make_engine
from services.core.sqlite_plans import FIXED
from services.reporting.dashboard.hires import hires_from

_h = HireFact.__table__.c


def test_every_index_of_the_hire_facts_has_its_fixed_row() -> None:
    indexes = {i.name for i in HireFact.__table__.indexes}
    assert {i for t, i in FIXED if t == "hire_fact" and i is not None} == indexes
    for (_t, index), stat in FIXED.items():
        columns = len(next(i for i in HireFact.__table__.indexes if i.name == index).columns) if index else 0
        assert len(stat.split()) == columns + 1  # rows, then rows per value of each leading column


def _plan(conn, stmt) -> str:
    sql = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    return " | ".join(row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


def test_the_hire_statements_scan_or_search_as_written_for(tmp_path, sqlite_template) -> None:
    path = tmp_path / "portal.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        stored = {(t, i): s for t, i, s in conn.exec_driver_sql("SELECT tbl, idx, stat FROM sqlite_stat1")}
        assert {k: v for k, v in stored.items() if k[0] == "hire_fact"} == FIXED
        every = _plan(conn, hires_from(select(_h.trade, func.count())).group_by(_h.trade))
        assert every.startswith("SCAN hire_fact"), every
        people = _plan(conn, hires_from(select(func.count(_h.seeker_id.distinct()))))
        assert "SCAN hire_fact" in people, people
        town = _plan(conn, hires_from(select(func.count())).where(_h.township == "城关镇"))
        assert "USING INDEX ix_hire_fact_township" in town or "USING COVERING INDEX ix_hire_fact_township" in town
        since = datetime(2026, 11, 23, tzinfo=UTC)
        week = _plan(conn, hires_from(select(func.count())).where(_h.hired_at >= since))
        assert "INDEX ix_hire_fact_at" in week, week
        fair = _plan(conn, hires_from(select(func.count())).where(_h.fair_id == 1))
        assert "INDEX ix_hire_fact_fair" in fair, fair
        person = _plan(conn, select(_h.hire_id).where(_h.seeker_id == 7))
        assert "INDEX ix_hire_fact_seeker" in person, person
    engine.dispose()
