"""Scheduling follows the hires: recorded, hired again with a new start, cancelled, hired again; both backends."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from sqlalchemy import func, select

from models import FollowUp, VisitStatus
from services.core.db import unit_of_work
from services.followups.due import planned_visits
from services.followups.schedule import schedule_hires, schedule_visits
from tests.followups.support import NOW, START, build, get_hire, hire, unhire, visits


def _dates(rows):
    return [(v.month, v.due_date, v.window_opens, v.window_closes, v.status) for v in rows]


def test_a_hire_gets_its_visits_in_the_same_transaction(engine, vault) -> None:
    w = build(engine, vault)
    hire_id = hire(engine, w, "a")
    rows = visits(engine, hire_id)
    assert _dates(rows) == [(1, date(2026, 4, 20), date(2026, 4, 13), date(2026, 5, 4), "scheduled"),
                            (3, date(2026, 6, 20), date(2026, 6, 13), date(2026, 7, 4), "scheduled"),
                            (6, date(2026, 9, 20), date(2026, 9, 13), date(2026, 10, 4), "scheduled")]
    assert {(v.seeker_id, v.employer_id) for v in rows} == {(w.seekers["a"], w.employers["dg"])}


def test_scheduling_again_adds_nothing(engine, vault) -> None:
    w = build(engine, vault)
    hire_id = hire(engine, w, "a")
    first = visits(engine, hire_id)
    with unit_of_work(engine) as session:
        again = schedule_visits(session, get_hire(engine, hire_id))
    assert [v.id for v in again] == [v.id for v in first]
    with unit_of_work(engine) as session:
        schedule_hires(session.connection(), [(hire_id, w.seekers["a"], w.employers["dg"], START)])
    assert [v.id for v in visits(engine)] == [v.id for v in first]


def test_two_schedulers_at_once_make_one_set(engine, vault) -> None:
    w = build(engine, vault)
    hire_id = hire(engine, w, "a")
    h = get_hire(engine, hire_id)
    barrier, errors = threading.Barrier(2), []

    def run() -> None:
        try:
            barrier.wait()
            with unit_of_work(engine) as session:
                schedule_hires(session.connection(), [(hire_id, h.seeker_id, h.employer_id, h.start_date)])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert [v.month for v in visits(engine)] == [1, 3, 6]


def test_cancelling_the_hire_cancels_open_visits_and_keeps_done_ones(engine, vault) -> None:
    w = build(engine, vault)
    hire_id = hire(engine, w, "a")
    with unit_of_work(engine) as session:  # the 1-month visit is done
        first = session.scalars(select(FollowUp).where(FollowUp.month == 1)).one()
        first.status, first.outcome, first.visited_on = VisitStatus.DONE, "working", date(2026, 4, 21)
        session.add(first)
    later = NOW + timedelta(days=50)
    unhire(engine, w, "a", now=later, reason="离职回家")
    rows = visits(engine, hire_id)
    assert [(v.month, v.status) for v in rows] == [(1, "done"), (3, "cancelled"), (6, "cancelled")]
    assert rows[0].cancelled_at is None and rows[0].outcome == "working"
    assert {(v.cancelled_at, v.cancelled_by, v.cancel_reason) for v in rows[1:]} == \
        {(later, w.users["organizer"], "离职回家")}


def test_hired_again_after_cancelling_gets_new_visits(engine, vault) -> None:
    w = build(engine, vault)
    first = hire(engine, w, "a")
    unhire(engine, w, "a", now=NOW + timedelta(hours=1))
    second = hire(engine, w, "a", start=date(2026, 4, 1), now=NOW + timedelta(hours=2))
    assert second != first
    assert [v.status for v in visits(engine, first)] == ["cancelled"] * 3
    assert _dates(visits(engine, second)) == [
        (v.month, v.due_date, v.window_opens, v.window_closes, "scheduled") for v in planned_visits(date(2026, 4, 1))]


def test_a_new_start_date_moves_the_open_visits_not_the_done_ones(engine, vault) -> None:
    w = build(engine, vault)
    hire_id = hire(engine, w, "a")
    with unit_of_work(engine) as session:
        first = session.scalars(select(FollowUp).where(FollowUp.month == 1)).one()
        first.status, first.outcome, first.visited_on = VisitStatus.DONE, "working", date(2026, 4, 21)
        session.add(first)
    done_before = visits(engine, hire_id)[0]
    again = hire(engine, w, "a", start=date(2026, 3, 31), now=NOW + timedelta(hours=1))
    assert again == hire_id  # new terms on the same hire
    rows = visits(engine, hire_id)
    assert _dates(rows[:1]) == _dates([done_before])
    assert _dates(rows[1:]) == [(3, date(2026, 6, 30), date(2026, 6, 23), date(2026, 7, 14), "scheduled"),
                                (6, date(2026, 9, 30), date(2026, 9, 23), date(2026, 10, 14), "scheduled")]
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count()).select_from(FollowUp)) == 3


def test_the_same_start_again_changes_nothing(engine, vault) -> None:
    w = build(engine, vault)
    hire_id = hire(engine, w, "a")
    before = _dates(visits(engine, hire_id))
    hire(engine, w, "a", wage=6000, now=NOW + timedelta(hours=1))
    assert _dates(visits(engine, hire_id)) == before


def test_a_process_that_never_imported_follow_ups_schedules_them(tmp_path) -> None:
    """The app, the CLI: whoever records a hire gets the handlers (services.core.events imports the package)."""
    import subprocess
    import sys

    from services.core.db import make_engine, migrate
    from services.core.settings import ROOT

    # migrated here: the migrations import what they need (0029: the household rules, which read follow-ups)
    migrate(make_engine(f"sqlite:///{tmp_path / 'p.db'}"))
    script = f"""
import sys
from datetime import date, datetime, UTC
from services.core.db import make_engine, migrate, unit_of_work
from services.core.crypto import Vault
from services.recruiting.hires import HireTerms
from services.recruiting.stages import record_stage
from tests.factories import make_employer, make_vacancy, register
engine = make_engine("sqlite:///{tmp_path / 'p.db'}")
migrate(engine)
employer = make_employer(engine)
vacancy = make_vacancy(engine, employer)
seeker = register(engine, Vault.from_secret("{'x' * 40}"), 1).seeker_id
assert "services.followups" not in sys.modules
record_stage(engine, employer_id=None, user_id=None, seeker_id=seeker, vacancy_id=vacancy, stage="hired",
             hire=HireTerms(date(2026, 3, 20), 5200, 12), now=datetime(2026, 3, 10, 2, tzinfo=UTC),
             today=date(2026, 3, 10))
from sqlalchemy import text
with unit_of_work(engine, write=False) as s:
    print(s.connection().execute(text("SELECT count(*) FROM follow_up")).scalar())
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PORTAL_SECRET_KEY": "x" * 40, "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "3"
