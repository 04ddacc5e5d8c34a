"""The read engine and the replica's lag (services/core/read_db.py): settings, read-only engines on both
backends, and a real streaming replica (tests/pg.py): a registration on the primary visible through the read
engine within one dashboard refresh, writes refused, the lag while replay is paused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from models import AuditEvent, Seeker
from services.core.db import make_engine, unit_of_work
from services.core.read_db import NOT_A_REPLICA, ReplicaLag, lsn, make_read_engine, replica_lag
from services.core.settings import Settings
from services.places.sources import Source
from services.registration.register import register_seeker, validate_registration
from services.reporting.dashboard import DashboardFilter, build_dashboard
from tests.factories import form, person_id
from tests.replica_support import replica, wait_for

REFRESH_SECONDS = 10  # the dashboard's refresh (pages/organizer/dashboard.py)


@pytest.fixture(autouse=True)
def _no_env_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "READ_DATABASE_URL", "PORTAL_READ_DATABASE_URL", "PORTAL_REPLICA_LAG_SECONDS"):
        monkeypatch.delenv(name, raising=False)


def test_read_url_defaults_to_the_database(tmp_path) -> None:
    plain = Settings(PORTAL_DATA_DIR=tmp_path)
    assert plain.effective_read_database_url == plain.effective_database_url == f"sqlite:///{tmp_path / 'portal.db'}"
    assert not plain.reads_from_replica
    pg = Settings(DATABASE_URL="postgres://u:p@db/portal")
    assert pg.effective_read_database_url == "postgresql+psycopg://u:p@db/portal" and not pg.reads_from_replica
    assert pg.replica_lag_seconds == 15


@pytest.mark.parametrize("name", ["READ_DATABASE_URL", "PORTAL_READ_DATABASE_URL"])
def test_read_url_from_either_name(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u:p@primary/portal")
    monkeypatch.setenv(name, "postgres://reader:p@replica:5433/portal")
    monkeypatch.setenv("PORTAL_REPLICA_LAG_SECONDS", "30")
    s = Settings()
    assert s.effective_read_database_url == "postgresql+psycopg://reader:p@replica:5433/portal"
    assert s.effective_database_url == "postgresql+psycopg://u:p@primary/portal"
    assert s.reads_from_replica and s.replica_lag_seconds == 30


@given(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1))
def test_lsn_as_postgresql_writes_it(high: int, low: int) -> None:
    assert lsn(f"{high:X}/{low:X}") == high << 32 | low
    assert lsn(f"{high:X}/{low:X}") < (lsn(f"{high + 1:X}/0") or 0)


def test_lsn_of_nothing() -> None:
    assert lsn(None) is None and lsn("") is None


def test_when_the_lag_is_worth_saying() -> None:
    assert not NOT_A_REPLICA.lags(15) and not ReplicaLag(replica=True).lags(15)
    assert not ReplicaLag(replica=True, behind=True, seconds=15.0).lags(15)
    assert ReplicaLag(replica=True, behind=True, seconds=15.5).lags(15)
    assert ReplicaLag(replica=True, behind=True, seconds=None).lags(15)  # behind, by an unknown time


def test_the_same_url_reads_through_the_primary_engine(engine) -> None:
    url = engine.url.render_as_string(hide_password=False)
    assert make_read_engine(url, primary=engine) is engine
    assert replica_lag(engine, primary=engine) == NOT_A_REPLICA


def test_a_read_engine_refuses_writes_and_reads(engine) -> None:
    """Even pointed at the primary (by mistake), the read engine writes nothing; it reads what is there."""
    with unit_of_work(engine) as s:
        s.add(AuditEvent(actor="a", action="x", detail={}))
    reads = make_read_engine(engine.url.render_as_string(hide_password=False))
    try:
        assert reads is not engine
        with pytest.raises(DBAPIError, match="read-only|readonly"), unit_of_work(reads) as s:
            s.add(AuditEvent(actor="b", action="y", detail={}))
        with unit_of_work(reads, write=False) as s:
            assert s.exec(select(AuditEvent.actor)).all() == ["a"]
        assert replica_lag(reads, primary=engine) == NOT_A_REPLICA  # SQLite, or a primary: not in recovery
    finally:
        reads.dispose()


def _register(engine, vault, county, n: int) -> int:
    draft = validate_registration(form(id_number=person_id(n), phone=f"139{n:08d}"), county=county)
    return register_seeker(engine, vault, draft, source=Source.direct(), submission_id=f"replica-{n}").seeker_id


def _seekers(engine) -> int:
    with unit_of_work(engine, write=False) as s:
        return s.exec(select(func.count()).select_from(Seeker)).one()


@pytest.mark.postgres
def test_a_registration_reaches_the_replica_within_one_refresh(streaming_replica, vault, county) -> None:
    with replica(streaming_replica) as r:
        seeker_id = _register(r.primary, vault, county, 1)
        wait_for(lambda: _seekers(r.reads) == 1, timeout=REFRESH_SECONDS,
                 what="the registration is visible through the read engine")
        with unit_of_work(r.reads, write=False) as s:
            assert s.get(Seeker, seeker_id) is not None
        assert build_dashboard(r.reads, DashboardFilter()).people_total == 1  # the dashboard's own figures


@pytest.mark.postgres
def test_writes_through_the_read_engine_are_refused(streaming_replica, vault, county) -> None:
    with replica(streaming_replica) as r:
        with pytest.raises(DBAPIError, match="read-only transaction"):
            _register(r.reads, vault, county, 2)
        with pytest.raises(DBAPIError, match="read-write mode during recovery"), r.reads.begin() as conn:
            conn.execute(text("SET TRANSACTION READ WRITE"))  # the standby itself refuses, whatever is asked
        assert _seekers(r.primary) == 0


@pytest.mark.postgres
def test_an_idle_replica_is_current_although_its_last_commit_ages(streaming_replica) -> None:
    with replica(streaming_replica) as r:
        r.wait_caught_up()
        lag = wait_for(lambda: (found := replica_lag(r.reads, primary=r.primary)).replica and not found.behind
                       and r.replay_age() > 1.5 and found, timeout=60,
                       what="the replica is current while its last replayed commit is over 1.5 s old")
        assert lag == ReplicaLag(replica=True) and not lag.lags(1)
        assert not replica_lag(r.reads).behind  # without the primary: received and replayed agree


@pytest.mark.postgres
def test_the_lag_while_replay_is_paused(streaming_replica, vault, county) -> None:
    with replica(streaming_replica) as r:
        _register(r.primary, vault, county, 3)
        wait_for(lambda: _seekers(r.reads) == 1, timeout=60, what="the first registration replayed")
        r.pause()
        _register(r.primary, vault, county, 4)
        lag = wait_for(lambda: (found := replica_lag(r.reads, primary=r.primary)).lags(1) and found, timeout=60,
                       what="the paused replica is over 1 s behind")
        assert lag.replica and lag.behind and lag.seconds is not None and lag.seconds > 1
        # the standby alone sees it too: WAL received but not replayed
        wait_for(lambda: replica_lag(r.reads).behind, timeout=60, what="received WAL ahead of replay")
        assert _seekers(r.reads) == 1
        r.resume()
        wait_for(lambda: not replica_lag(r.reads, primary=r.primary).behind, timeout=60,
                 what="the replica catches up after replay resumes")
        assert _seekers(r.reads) == 2


def test_a_read_engine_on_a_sqlite_file_is_query_only(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    writer = make_engine(url)
    with writer.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    reads = make_read_engine(url)
    with pytest.raises(DBAPIError, match="readonly"), reads.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (1)"))
    writer.dispose()
    reads.dispose()
