"""The read engine: where the dashboard, the exports, the meeting report and the audit log read.

`READ_DATABASE_URL` (or `PORTAL_READ_DATABASE_URL`) names a PostgreSQL streaming replica; without it reads
go to the database itself, through the same engine. A replica's engine is read-only twice: the standby
refuses every write, and each of its connections starts with `default_transaction_read_only=on` (so a
READ_DATABASE_URL that names a primary by mistake refuses writes too; on SQLite `PRAGMA query_only`).
Writes never go to it: a page that reads there and records something (the audited exports, the report's
download) hands the services both engines, and the record goes to the primary.

`replica_lag` says how far behind the replica is. A standby's `pg_last_xact_replay_timestamp()` is the
commit time of the last transaction it replayed: on a quiet primary it ages although nothing is missing,
so "behind" is decided by positions in the write-ahead log first — WAL received but not yet replayed, or
(given the primary's engine) WAL the primary has flushed that the replica has not replayed — and only then
is the age of the last replayed commit the lag. That age is an upper bound: after a quiet spell with
nothing to replay, the first delayed commit counts the quiet spell too. The two servers' clocks must agree
(NTP), as the commit times are the primary's.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from services.core.db import make_engine


def make_read_engine(url: str, *, primary: Engine | None = None) -> Engine:
    """The engine for reads at `url`: `primary` itself when `url` is the primary's, else a read-only engine
    (pooled like the primary's, `pool_pre_ping`: a restarted replica costs nothing)."""
    if primary is not None and primary.url.render_as_string(hide_password=False) == url:
        return primary
    return make_engine(url, read_only=True)


@dataclass(frozen=True)
class ReplicaLag:
    """How far the read database is behind the primary.

    `replica`: it is a standby (in recovery); `behind`: it has not replayed everything the primary wrote;
    `seconds`: the age of its last replayed commit while behind (0 when current; None when behind and it
    has replayed no commit since it started)."""

    replica: bool
    behind: bool = False
    seconds: float | None = 0.0

    def lags(self, threshold: float) -> bool:
        """Worth saying: behind by more than `threshold` seconds (or by an unknown time)."""
        return self.behind and (self.seconds is None or self.seconds > threshold)


NOT_A_REPLICA = ReplicaLag(replica=False)


def lsn(value: str | None) -> int | None:
    """A write-ahead log position as PostgreSQL writes it ("16/B374D848") as one number."""
    if not value:
        return None
    high, _sep, low = value.partition("/")
    return (int(high, 16) << 32) | int(low, 16)


def _primary_flushed(primary: Engine | None) -> int | None:
    """The primary's flushed WAL position (what it can send), or None (no primary given, or unreachable:
    the replica's own view decides)."""
    if primary is None or primary.dialect.name != "postgresql":
        return None
    try:
        with primary.connect() as conn:
            if conn.execute(text("SELECT pg_is_in_recovery()")).scalar():
                return None
            return lsn(conn.execute(text("SELECT pg_current_wal_flush_lsn()::text")).scalar())
    except DBAPIError:
        return None


def replica_lag(read_engine: Engine, *, primary: Engine | None = None) -> ReplicaLag:
    """How far `read_engine` is behind (see the module's docstring). Not a replica: SQLite, the primary
    itself, or a PostgreSQL that is not in recovery (e.g. a promoted standby)."""
    if read_engine.dialect.name != "postgresql" or read_engine is primary:
        return NOT_A_REPLICA
    flushed = _primary_flushed(primary)  # before the replica's position: what it had then, it must have now
    with read_engine.connect() as conn:
        if not conn.execute(text("SELECT pg_is_in_recovery()")).scalar():
            return NOT_A_REPLICA
        received, replayed, age = conn.execute(text(
            "SELECT pg_last_wal_receive_lsn()::text, pg_last_wal_replay_lsn()::text, "
            "EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())")).one()
    replayed_at = lsn(replayed) or 0
    behind = (lsn(received) or 0) > replayed_at or (flushed is not None and flushed > replayed_at)
    if not behind:
        return ReplicaLag(replica=True)
    return ReplicaLag(replica=True, behind=True, seconds=None if age is None else max(0.0, float(age)))


__all__ = ["NOT_A_REPLICA", "ReplicaLag", "lsn", "make_read_engine", "replica_lag"]
