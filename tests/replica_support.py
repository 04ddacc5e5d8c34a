"""Tests with a streaming replica (the `streaming_replica` fixture, tests/pg.py): the two engines, an
empty database on both per test, pausing and resuming the standby's replay, waiting for conditions."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from services.core.db import make_engine
from services.core.read_db import make_read_engine
from tests.pg import StreamingReplica

T = TypeVar("T")


def wait_for(condition: Callable[[], T], *, timeout: float, what: str) -> T:
    """Poll `condition` until it returns something true; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.1)


@dataclass
class Replica:
    pair: StreamingReplica
    primary: Engine  # the app's engine (writes)
    reads: Engine  # the read engine on the standby (services/core/read_db.py)
    control: Engine  # a plain connection to the standby: pause and resume its replay

    def _standby(self, sql: str) -> object:
        with self.control.connect() as conn:
            return conn.execute(text(sql)).scalar()

    def caught_up(self) -> bool:
        """The standby has replayed everything the primary has written so far."""
        with self.primary.connect() as conn:
            written = conn.execute(text("SELECT pg_current_wal_insert_lsn()::text")).scalar()
        return bool(self._standby(f"SELECT pg_last_wal_replay_lsn() >= '{written}'::pg_lsn"))

    def wait_caught_up(self, timeout: float = 60) -> None:
        wait_for(self.caught_up, timeout=timeout, what="the standby replays the primary's WAL")

    def replay_age(self) -> float:
        """Seconds since the commit time of the last transaction the standby replayed."""
        age = self._standby("SELECT EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())")
        return 0.0 if age is None else float(str(age))

    def pause(self) -> None:
        self._standby("SELECT pg_wal_replay_pause()")
        wait_for(lambda: self._standby("SELECT pg_get_wal_replay_pause_state()") == "paused", timeout=60,
                 what="the standby's replay pauses")

    def resume(self) -> None:
        self._standby("SELECT pg_wal_replay_resume()")


@contextmanager
def replica(pair: StreamingReplica) -> Iterator[Replica]:
    """The pair's database emptied (on the primary, then replayed by the standby); replay resumed after."""
    primary = make_engine(pair.primary_url)
    with primary.begin() as conn:
        tables = ", ".join(t.name for t in SQLModel.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    r = Replica(pair, primary, make_read_engine(pair.standby_url), make_engine(pair.standby_url))
    try:
        r.resume()
        r.wait_caught_up()
        yield r
    finally:
        r.resume()
        for engine in (r.reads, r.control, primary):
            engine.dispose()
