"""Issue 15's honest benches: the durability check, the summaries' off switch, the costliest statements."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from bench.durability import BANNER, Durability, NotDurable, mark, read, report
from bench.statement_costs import alone, capture
from bench.summaries_switch import summaries_off
from tests.factories import register


def pg(**settings: str) -> Durability:
    base = {"server_version": "15.18", "fsync": "on", "synchronous_commit": "on", "full_page_writes": "on",
            "wal_level": "replica", "shared_buffers": "128MB"}
    return Durability("postgresql", {**base, **settings})


def test_production_durability_needs_fsync_and_synchronous_commit() -> None:
    assert pg().durable and "production durability" in pg().line() and mark(pg()) == ""
    assert pg(synchronous_commit="local").durable  # flushed locally before the commit returns
    assert pg(fsync="off").off == ["fsync"]
    assert pg(fsync="off", synchronous_commit="off").off == ["fsync", "synchronous_commit"]
    assert BANNER in pg(synchronous_commit="off").line() and BANNER in mark(pg(fsync="off"))
    assert Durability("sqlite", {"journal_mode": "wal", "synchronous": "NORMAL"}).durable  # printed, never refused


def test_report_refuses_a_server_without_fsync_unless_allowed(engine: Engine,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    if engine.dialect.name == "sqlite":
        got = report(engine, allow_unsafe=False)
        assert got.durable and got.settings["journal_mode"] == "wal"
        assert "SQLite durability" in capsys.readouterr().out
        return
    # whatever the server (the tests' own runs with fsync off, CI's Debian cluster with it on), a session with
    # synchronous_commit off is one a commit may be lost from: the bench refuses it unless allowed
    unsafe = create_engine(engine.url, connect_args={"options": "-c synchronous_commit=off"})
    try:
        with pytest.raises(NotDurable) as refused:
            report(unsafe, allow_unsafe=False, label="pg")
        assert "synchronous_commit" in str(refused.value) and refused.value.code == 2
        got = report(unsafe, allow_unsafe=True)
    finally:
        unsafe.dispose()
    assert not got.durable and BANNER in capsys.readouterr().out
    assert set(got.settings) >= {"server_version", "fsync", "synchronous_commit", "full_page_writes", "wal_level",
                                 "shared_buffers"}
    server = read(engine)
    if server.settings["fsync"] == "on":  # a durable server is measured, not refused
        assert report(engine, allow_unsafe=False).durable and "production durability" in capsys.readouterr().out


def summary_rows(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT (SELECT count(*) FROM summary_count) + (SELECT count(*) FROM summary_marker)"
                                 )).scalar_one()


def test_summaries_off_registers_without_summary_rows_and_switches_back(engine: Engine, vault) -> None:
    with summaries_off() as replaced:
        assert "services.registration.register.record" in replaced
        register(engine, vault, 1)
    assert summary_rows(engine) == 0
    register(engine, vault, 2)
    assert summary_rows(engine) > 0


def test_statements_run_again_alone_with_every_row(engine: Engine, vault) -> None:
    for n in range(3):
        register(engine, vault, n)
    with capture(engine) as ran, engine.connect() as conn:
        conn.execute(text("SELECT id FROM seeker WHERE id > :n"), {"n": 0}).all()
        conn.execute(text("SELECT count(*) FROM checkin")).scalar_one()
    costs = alone(engine, ran, top=5)
    assert len(costs) == 2 and all(ms >= 0 for ms, _in_run, _sql in costs)
    assert {sql.split()[1] for _ms, _in_run, sql in costs} == {"id", "count(*)"}
