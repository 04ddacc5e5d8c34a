"""Fixed planner statistics for SQLite (migration 0040).

The app never runs ANALYZE on SQLite, so its plans do not drift with the data. Without statistics SQLite
takes an equality on an index's first column to pick few rows. Every index of `hire_fact` starts with
`active`, which nearly every row has: a query over all the active hires (the whole county's hire, target
and employment panels) then read the table through an index, one row at a time — 20 ms where one scan takes
9 ms on the 1M demo. The rows below tell the planner each index column's shape (rows per value, for a
nominal table of `NOMINAL` rows; written, not measured, so they never change with the data): `active`
narrows nothing, a township a tenth, a fair a tenth, a day or a person a few rows. It then scans for the
whole table and still searches an index for a township, a fair, a date range or a person
(tests/core/test_sqlite_plans.py reads the plans).
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

NOMINAL = 100_000
_N = str(NOMINAL)
FIXED: dict[tuple[str, str | None], str] = {
    ("hire_fact", None): _N,
    ("hire_fact", "ix_hire_fact_at"): f"{_N} {_N} 2",  # (active, hired_at)
    ("hire_fact", "ix_hire_fact_start"): f"{_N} {_N} 30",  # (active, start_date)
    ("hire_fact", "ix_hire_fact_township"): f"{_N} {_N} {NOMINAL // 10} 10",  # (active, township, start_date)
    ("hire_fact", "ix_hire_fact_fair"): f"{_N} {NOMINAL // 10} 2",  # (fair_id, hired_at)
    ("hire_fact", "ix_hire_fact_seeker"): f"{_N} 1",  # (seeker_id)
}


def install_fixed_stats(conn: Connection) -> None:
    """Write FIXED into sqlite_stat1 (created empty by `ANALYZE sqlite_schema`, which analyses no table) and
    have the planner read it. Nothing on another database."""
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("ANALYZE sqlite_schema")
    for table in sorted({t for t, _i in FIXED}):
        conn.exec_driver_sql("DELETE FROM sqlite_stat1 WHERE tbl = ?", (table,))
    conn.exec_driver_sql("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)",
                         [(t, i, s) for (t, i), s in FIXED.items()])
    conn.exec_driver_sql("ANALYZE sqlite_schema")
