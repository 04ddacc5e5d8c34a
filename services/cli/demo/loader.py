"""The bulk load of a demo into an empty database: millions of seekers in reasonable time.

The people are drawn exactly as on the row-by-row path (`PeopleFactory`, `Recruiter`: one random
stream in the main process, so a seed gives the same people and the same shape), but written
differently:

* ids come from `bulk.reserve_ids` (seekers and applications), so rows that refer to each other are
  written without RETURNING, and no ON CONFLICT is needed: the database held no seekers, and the
  factory keeps ID numbers and ticket codes unique within the run;
* each batch is sealed (digests, encryption: `bulk.seal`) and written in one transaction (COPY on
  PostgreSQL, executemany on SQLite) by a pool of `workers` processes while the main process draws the
  next batches (SQLite: use one, its single writer; 0: everything in the main process);
* the caller (`run.generate_demo`) drops the secondary indexes for the load and creates them again once
  the follow-ups and households are written too (PostgreSQL: then ANALYZE).

Progress shows seekers per second and the time left.
"""

from __future__ import annotations

import multiprocessing
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult
from typing import Any

from sqlalchemy.engine import Connection, Engine

from models import Application, BoothScan, CheckIn, Hire, Seeker, SeekerTrade, StageChange
from services.cli.demo.applications import DrawnApplication, Recruiter
from services.cli.demo.bulk import copy_rows, reserve_ids, seal
from services.cli.demo.people import DrawnCheckIn, PeopleFactory
from services.core.crypto import Vault
from services.core.db import is_sqlite, make_engine, unit_of_work
from services.core.errors import Message
from services.core.i18n import N_

LOADED_TABLES = ("seeker", "seeker_trade", "checkin", "application", "stage_change", "hire", "booth_scan")
Drawn = tuple[dict[str, Any], tuple[str, ...], list[DrawnCheckIn]]


@dataclass
class Batch:
    """One batch's rows, ids assigned, ready to write in one transaction."""

    seekers: list[dict[str, Any]] = field(default_factory=list)
    trades: list[dict[str, Any]] = field(default_factory=list)
    checkins: list[dict[str, Any]] = field(default_factory=list)
    applications: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    hires: list[dict[str, Any]] = field(default_factory=list)
    scans: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> tuple[int, int, int, tuple[int, int, int, int]]:
        return len(self.seekers), len(self.trades), len(self.checkins), \
            (len(self.applications), len(self.changes), len(self.hires), len(self.scans))


class Ids:
    """Fresh ids for the seekers and applications: PostgreSQL's sequences (`bulk.reserve_ids`); on SQLite,
    counted on from the largest id when the load starts (the load is then the one writer)."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.next: dict[str, int] = {}
        if is_sqlite(conn.engine):
            for table in (Seeker.__table__, Application.__table__):
                self.next[table.name] = reserve_ids(conn, table, 1)[0]
            conn.rollback()

    def __call__(self, table: Any, n: int) -> list[int]:
        if table.name not in self.next:
            return reserve_ids(self.conn, table, n)
        first = self.next[table.name]
        self.next[table.name] = first + n
        return list(range(first, first + n))


def prepare(ids: Ids, drawn: list[Drawn], recruiter: Recruiter | None) -> Batch:
    """Ids for the batch's seekers and applications, and every row referring to them."""
    batch = Batch()
    applications: list[DrawnApplication] = []
    for seeker_id, (row, trades, checkins) in zip(ids(Seeker.__table__, len(drawn)), drawn, strict=True):
        if recruiter is not None:
            applications += recruiter.draw(seeker_id, row, trades, checkins)
            if (scan := recruiter.extra_scan(seeker_id, checkins)) is not None:
                batch.scans.append(scan)
        batch.seekers.append({**row, "id": seeker_id})
        batch.trades.extend({"seeker_id": seeker_id, "trade": t} for t in trades)
        batch.checkins.extend({"seeker_id": seeker_id, "fair_id": f, "site_id": s, "channel": ch,
                               "submission_id": sub, "created_at": ts} for ts, f, s, ch, sub in checkins)
    app_ids = ids(Application.__table__, len(applications))
    for app_id, d in zip(app_ids, applications, strict=True):
        batch.applications.append({**d.app, "id": app_id})
        batch.changes.extend({"application_id": app_id, "from_stage": a, "to_stage": b, "note": "", "at": t}
                             for a, b, t in d.history)
        if d.hire:
            batch.hires.append({**d.hire, "application_id": app_id})
        if d.scan:
            batch.scans.insert(0, d.scan)
    return batch


def write(conn: Connection, vault: Vault, batch: Batch) -> tuple[int, int, int, tuple[int, int, int, int]]:
    """Seal and write one batch, parents before children."""
    seal(vault, batch.seekers)
    if is_sqlite(conn.engine):
        conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MB: the unique indexes' pages stay in memory
    for table, rows in ((Seeker, batch.seekers), (SeekerTrade, batch.trades), (CheckIn, batch.checkins),
                        (Application, batch.applications), (StageChange, batch.changes), (Hire, batch.hires),
                        (BoothScan, batch.scans)):
        copy_rows(conn, table.__table__, rows)
    return batch.counts()


# --- worker processes (PostgreSQL) ----------------------------------------------------------------

_worker: dict[str, Any] = {}


def _worker_start(url: str, vault: Vault) -> None:
    _worker["engine"] = make_engine(url)
    _worker["vault"] = vault


def _worker_write(batch: Batch) -> tuple[int, int, int, tuple[int, int, int, int]]:
    with unit_of_work(_worker["engine"]) as session:
        return write(session.connection(), _worker["vault"], batch)


# --- the load ---------------------------------------------------------------------------------


@dataclass
class LoadTotals:
    seekers: int = 0
    trades: int = 0
    checkins: int = 0
    applications: int = 0
    stage_changes: int = 0
    hires: int = 0
    scans: int = 0

    def add(self, counts: tuple[int, int, int, tuple[int, int, int, int]]) -> None:
        seekers, trades, checkins, (apps, changes, hires, scans) = counts
        self.seekers += seekers
        self.trades += trades
        self.checkins += checkins
        self.applications += apps
        self.stage_changes += changes
        self.hires += hires
        self.scans += scans


class Progress:
    """A line every `every` seconds (and at the end): seekers, rate, time left."""

    def __init__(self, total: int, say: Callable[[Message], None], every: float = 30.0):
        self.total, self.say, self.every = total, say, every
        self.started = self.last = time.perf_counter()

    def __call__(self, done: int, *, final: bool = False) -> None:
        now = time.perf_counter()
        if not final and now - self.last < self.every:
            return
        self.last = now
        elapsed = now - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (self.total - done) / rate if rate > 0 else 0.0
        values = {"done": f"{done:,}", "total": f"{self.total:,}", "percent": 100 * done // max(self.total, 1),
                  "seconds": f"{elapsed:.0f}", "rate": f"{rate:,.0f}", "minutes": f"{left / 60:.0f}"}
        self.say((N_("seekers {done}/{total} ({percent}%) {seconds} s, {rate} seekers/s") if final else
                  N_("seekers {done}/{total} ({percent}%) {seconds} s, {rate} seekers/s, about {minutes} min left"),
                  values))


def bulk_load(engine: Engine, vault: Vault, factory: PeopleFactory, recruiter: Recruiter | None, *, seekers: int,
              batch: int, workers: int, say: Callable[[Message], None]) -> LoadTotals:
    """Draw and write `seekers` seekers (with their check-ins, trades and recruiting rows) into a database
    that holds none."""
    totals = LoadTotals()
    progress = Progress(seekers, say)
    drawn_so_far = 0

    def draw() -> list[Drawn]:
        nonlocal drawn_so_far
        n = min(batch, seekers - drawn_so_far)
        drawn_so_far += n
        return [factory.seeker() for _ in range(n)]

    if workers < 1:
        with engine.connect() as conn:
            ids = Ids(conn)
            while drawn_so_far < seekers:
                batch_rows = prepare(ids, draw(), recruiter)
                with unit_of_work(engine) as session:
                    totals.add(write(session.connection(), vault, batch_rows))
                progress(totals.seekers)
        progress(totals.seekers, final=True)
        return totals
    factory.deferred = True  # the workers seal
    url = engine.url.render_as_string(hide_password=False)
    pending: deque[AsyncResult[Any]] = deque()
    engine.dispose()  # no pooled connection crosses the fork
    with multiprocessing.get_context("fork").Pool(workers, _worker_start, (url, vault)) as pool, \
            engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        ids = Ids(conn)
        while drawn_so_far < seekers:
            pending.append(pool.apply_async(_worker_write, (prepare(ids, draw(), recruiter),)))
            while len(pending) > workers + 1 or (pending and pending[0].ready()):
                totals.add(pending.popleft().get())
                progress(totals.seekers)
        while pending:
            totals.add(pending.popleft().get())
        pool.close()
        pool.join()
    progress(totals.seekers, final=True)
    return totals
