"""The most expensive statements of a refresh, measured so that both backends tell the truth.

Timing `cursor.execute` in SQLAlchemy's cursor events is not a statement's cost on SQLite: pysqlite's
execute() returns after the first row, the rest is read by fetch calls outside the events (a GROUP BY walked
in index order costs almost nothing "in execute"). So:

* **PostgreSQL with pg_stat_statements** (preloaded: bench/pg_server.py starts it so; the extension is
  created in the database if the library is loaded): `pg_stat_statements_reset()`, one more refresh, then
  the statements by `total_exec_time` — the server's own execution time per statement (planning apart).
* **otherwise** (SQLite; PostgreSQL without the library): client-side timing per statement: every SELECT of
  the median run is run again alone, one after another on one connection, with its parameters and every
  row fetched; the time in the run (execute only, while the other panels ran beside it) is shown beside it.

`capture(engine)` records (seconds in execute, SQL, parameters) of every statement in a block, the panels'
threads included; `print_costliest(...)` prints the top statements and the method used.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

WIDTH = 220


@dataclass(frozen=True)
class Ran:
    seconds: float  # in cursor.execute, during the run
    sql: str
    params: object
    many: bool


@contextmanager
def capture(engine: Engine) -> Iterator[list[Ran]]:
    """Every statement the engine runs inside the block (any thread)."""
    got: list[Ran] = []

    def before(_conn, _cursor, _statement, _params, context, _many) -> None:
        context._bench_started = time.perf_counter()

    def after(_conn, _cursor, statement, params, context, many) -> None:
        got.append(Ran(time.perf_counter() - context._bench_started, statement, params, many))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield got
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def _one_line(sql: str) -> str:
    line = " ".join(sql.split())
    return line[:WIDTH] + ("…" if len(line) > WIDTH else "")


def has_pg_stat_statements(engine: Engine) -> bool:
    """PostgreSQL with pg_stat_statements usable (creating the extension when the library is preloaded)."""
    if engine.dialect.name != "postgresql":
        return False
    try:
        with engine.connect() as conn:
            if "pg_stat_statements" not in str(conn.execute(text("SHOW shared_preload_libraries")).scalar_one()):
                return False
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
            conn.commit()
            return True
    except DBAPIError:
        return False


def server_side(engine: Engine, refresh: Callable[[], object], top: int) -> list[tuple[float, int, str]]:
    """(total ms, calls, SQL) of the statements of one more refresh, from pg_stat_statements."""
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_stat_statements_reset()"))
        conn.commit()
    refresh()
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT total_exec_time, calls, query FROM pg_stat_statements "
            "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            "AND query NOT ILIKE '%pg_stat_statements%' AND query !~* '^\\s*(BEGIN|COMMIT|ROLLBACK|SET|SHOW)' "
            "ORDER BY total_exec_time DESC LIMIT :top"), {"top": top}).all()
    return [(float(r[0]), int(r[1]), str(r[2])) for r in rows]


def alone(engine: Engine, ran: list[Ran], top: int) -> list[tuple[float, float, str]]:
    """(ms alone with every row fetched, ms in the run, SQL) of the run's SELECTs, the costliest first."""
    out = []
    with engine.connect() as conn:
        for r in ran:
            head = r.sql.lstrip()[:6].upper()
            if r.many or not head.startswith(("SELECT", "WITH")):
                continue
            t0 = time.perf_counter()
            conn.exec_driver_sql(r.sql, r.params).fetchall()  # type: ignore[arg-type]
            out.append(((time.perf_counter() - t0) * 1000, r.seconds * 1000, r.sql))
        conn.rollback()
    return sorted(out, key=lambda t: -t[0])[:top]


def print_costliest(engine: Engine, ran: list[Ran], refresh: Callable[[], object], *, top: int = 5,
                    indent: str = "    ") -> str:
    """Print the `top` most expensive statements; returns the method used (for the output's header)."""
    if has_pg_stat_statements(engine):
        method = "server-side execution time, pg_stat_statements, over one more refresh"
        print(f"{indent}most expensive statements ({method}):")
        for ms, calls, sql in server_side(engine, refresh, top):
            print(f"{indent}  {ms:8.1f} ms  ({calls} call{'s' if calls != 1 else ''})  {_one_line(sql)}")
        return method
    method = ("client-side: each SELECT of the median run run again alone with every row fetched "
              "(in the run: time inside execute(), panels in parallel)")
    print(f"{indent}most expensive statements ({method}):")
    for ms, in_run, sql in alone(engine, ran, top):
        print(f"{indent}  {ms:8.1f} ms alone ({in_run:7.1f} ms in the run)  {_one_line(sql)}")
    return method
