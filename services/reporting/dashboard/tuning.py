"""Per-backend tuning and the panels' thread pool.

Speed (measured on a million demo seekers, see bench/README.md): on SQLite the profile of
the whole county is a cube of index-range counts over `ix_seeker_profile` (township, gender,
education, intention, poor household, birth date), one range per cell: SQLite then only
steps through the index, where a GROUP BY decodes every row and sorts. PostgreSQL does the
opposite best: one GROUP BY over the same index (an index-only scan, already in order, with
parallel workers) and the age bands as `COUNT(*) FILTER (...)`. Filtered scopes (a fair's
visitors) use that GROUP BY over the people the filters find. Hires are far fewer than
seekers: today's and the year's are `ix_hire_at` ranges, the breakdowns GROUP BYs over the
hires in the scope (the seeker joined by primary key only for a township or the
poor-household share).

The panels are independent queries. In parallel they run at once on their own connections
(a few threads; the databases run them on separate cores), so a refresh takes as long as
its slowest panel rather than the sum; figures may then be read a few milliseconds apart.
One after another they share one transaction (one snapshot).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from time import perf_counter
from typing import TypeVar

from sqlalchemy.engine import Connection, Engine

WORKERS = 4

_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def profile_by_ranges(conn: Connection) -> bool:
    """The whole county's profile as index ranges (SQLite) rather than one GROUP BY (PostgreSQL).

    Measured: ranges 4x faster on SQLite, 3x slower on PostgreSQL."""
    return conn.dialect.name == "sqlite"


def can_run_in_parallel(engine: Engine) -> bool:
    """Not on an in-memory SQLite: it is one database per connection."""
    return engine.url.database not in (None, "", ":memory:")


def _pool() -> ThreadPoolExecutor:
    global _POOL  # (one small pool per process, shared by every refresh)
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="dashboard")
        return _POOL


T = TypeVar("T")


def run_all(engine: Engine, jobs: Sequence[tuple[str, Callable[[Connection], T]]], *, parallel: bool,
            timings: dict[str, float] | None = None) -> dict[str, T]:
    """Run each named job on a connection: in parallel (own connections) or in one transaction.
    `timings`, if given, receives each job's seconds."""
    def one(name: str, job: Callable[[Connection], T], conn: Connection | None = None) -> T:
        t0 = perf_counter()
        if conn is None:
            with engine.connect() as own, own.begin():
                result = job(own)
        else:
            result = job(conn)
        if timings is not None:
            timings[name] = perf_counter() - t0
        return result

    if parallel and can_run_in_parallel(engine):
        futures = {name: _pool().submit(one, name, job) for name, job in jobs}
        return {name: f.result() for name, f in futures.items()}
    with engine.connect() as conn, conn.begin():
        return {name: one(name, job, conn) for name, job in jobs}
