"""Retention's counters (services/summaries/retention_counts.py), both backends: the events of one visit, the
daily fold (no figure changes, the table shrinks, later writes to folded days still count), rebuild and verify,
and the nightly command. The counters against the base tables after any sequence of writes, concurrent ones
included, are in test_hire_facts.py (`_check`)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from sqlalchemy import func, select

from models import FOLDED, RetentionCount, RetentionVisit
from services.core.db import unit_of_work
from services.summaries import retention_counts
from services.summaries.retention_counts import events
from tests.cli.test_commands import _run
from tests.cli.test_commands import cli as cli  # the fixture, used by name
from tests.summaries.test_hire_facts import TODAY, World, _check, _retention

D = date(2026, 3, 10)


def _visit(state: str, *, opens: int = -7, closes: int = 14) -> SimpleNamespace:
    return SimpleNamespace(due_date=D, window_opens=D + timedelta(days=opens),
                           window_closes=D + timedelta(days=closes), state=state)


def test_a_scheduled_visit_is_pending_in_its_window_then_lost() -> None:
    closed = D + timedelta(days=15)
    assert events(_visit("scheduled")) == [(D, "reached", 1), (D, "pending", 1), (closed, "pending", -1),
                                           (closed, "lost", 1)]


def test_a_window_that_closed_before_the_due_date_is_lost_at_once() -> None:
    assert events(_visit("scheduled", opens=-9, closes=-2)) == [(D, "reached", 1), (D, "lost", 1)]


def test_a_window_opening_after_the_due_date_is_pending_from_its_opening() -> None:
    assert events(_visit("scheduled", opens=3, closes=10)) == [
        (D, "reached", 1), (D + timedelta(days=3), "pending", 1), (D + timedelta(days=11), "pending", -1),
        (D + timedelta(days=11), "lost", 1)]


def test_a_done_visit_counts_its_outcome_on_its_due_date() -> None:
    assert events(_visit("working")) == [(D, "reached", 1), (D, "working", 1)]
    assert events(_visit("unreachable")) == [(D, "reached", 1), (D, "lost", 1)]
    assert events(_visit("")) == [(D, "reached", 1)]  # (an outcome retention has no column for)


def _rows(engine) -> tuple[int, int]:
    t = RetentionCount.__table__.c
    with engine.connect() as conn:
        return (conn.execute(select(func.count()).where(t.day != FOLDED)).scalar_one(),
                conn.execute(select(func.count()).where(t.day == FOLDED)).scalar_one())


def _world(engine, vault) -> World:
    world = World(engine, vault)
    for who, start in ((0, -200), (1, -120), (2, -40), (3, -95)):
        world.run(("hire", who, start, 5000))
    world.run(("scheduled", 0, "working"))  # its first visit done
    world.run(("extra", 1, "returned", 10, None))
    return world


def test_the_daily_fold_changes_no_figure(engine, vault) -> None:
    world = _world(engine, vault)
    days = [TODAY, TODAY + timedelta(days=30), TODAY + timedelta(days=90)]
    before = [_retention(engine, day, counters=True) for day in days]
    assert before[0].reached > 0
    dated, folded = _rows(engine)
    assert (dated > 0, folded) == (True, 0)
    world.run(("fold",))
    after_dated, after_folded = _rows(engine)
    assert after_folded > 0 and after_dated < dated  # the past days became one row per key
    assert [_retention(engine, day, counters=True) for day in days] == before
    world.run(("scheduled", 3, "dispute"))  # a visit on a folded day's key, after the fold
    world.run(("cancel", 1))
    world.run(("township", 2, 1))
    _check(engine)


def test_rebuild_restores_the_counters_and_verify_reports_a_difference(engine, vault) -> None:
    _world(engine, vault)
    with unit_of_work(engine) as session:
        conn = session.connection()
        conn.execute(RetentionCount.__table__.update().where(RetentionCount.__table__.c.breakdown == "trade")
                     .values(working=RetentionCount.__table__.c.working + 1))
        conn.execute(RetentionVisit.__table__.delete().where(RetentionVisit.__table__.c.month == 3))
        found = retention_counts.verify(conn)
        assert found[retention_counts.VISITS][0][0] > 0 and found[retention_counts.VISITS][0][1] == 0
        assert found[retention_counts.TABLE][0][0] > 0
        retention_counts.rebuild(conn)
        assert all(counts == (0, 0) for counts, *_rest in retention_counts.verify(conn).values())
    _check(engine)


def test_the_nightly_command_folds_retention(engine, vault, cli, capsys) -> None:
    _world(engine, vault)
    code, out, _err = _run(capsys, "refresh-households")
    assert code == 0 and len(out) == 2 and out[1].startswith("留任计数")
    assert _rows(engine)[1] > 0
    _check(engine)
