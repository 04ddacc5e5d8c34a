"""Issue 8: a hire is a record with its own life, on SQLite and PostgreSQL.

Leaving "hired" cancels the hire (who, when, why) and keeps it; hiring again is a new record;
at most one active hire per application (in the database); no cascade deletes a hire; every
figure counts only active hires; recording and cancelling publish events whose handlers run
in the same transaction.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from models import ACTIVE_HIRE, Application, AuditEvent, Hire, Seeker, Vacancy
from services.accounts.staff import create_user
from services.core import events
from services.core.db import unit_of_work
from services.core.errors import FieldErrors
from services.recruiting.booth_activity import booth_activity
from services.recruiting.hires import HireCancelled, HireRecorded, HireTerms
from services.recruiting.pipeline import application_history, record_stage, vacancy_pipeline
from services.recruiting.vacancy_list import employer_vacancies
from services.reporting.dashboard import DashboardFilter, build_dashboard
from tests.factories import make_employer, make_vacancy, register

T0 = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)  # 10:00 in the county
TODAY = date(2026, 3, 10)
ZONE = ZoneInfo("Asia/Shanghai")
TERMS = HireTerms(date(2026, 3, 20), 5200, 12)


@pytest.fixture
def world(engine, vault):
    employer = make_employer(engine)
    vacancy = make_vacancy(engine, employer, headcount=2)
    user = create_user(engine, username="rec_a", display_name="招聘专员 小李", role="recruiter",
                       password="a long test passphrase", employer_id=employer).id
    other = create_user(engine, username="rec_b", display_name="招聘专员 小王", role="recruiter",
                        password="a long test passphrase", employer_id=employer).id
    seeker = register(engine, vault, 1, name="王秀兰").seeker_id
    kw = dict(employer_id=employer, seeker_id=seeker, vacancy_id=vacancy, today=TODAY)
    return dict(employer=employer, vacancy=vacancy, user=user, other=other, seeker=seeker, kw=kw)


def _hires(engine) -> list[Hire]:
    with unit_of_work(engine, write=False) as session:
        return list(session.scalars(select(Hire).order_by(Hire.id)))


def test_hire_interested_hire_again_keeps_the_first_cancelled(engine, vault, world) -> None:
    w = world
    first = record_stage(engine, user_id=w["user"], stage="hired", hire=TERMS, now=T0, **w["kw"])
    moved = record_stage(engine, user_id=w["other"], stage="interested", reason="  登记错了人 ",
                         now=T0 + timedelta(hours=1), **w["kw"])
    again = record_stage(engine, user_id=w["user"], stage="hired", hire=HireTerms(date(2026, 4, 1), 5600, 24),
                         now=T0 + timedelta(hours=2), **w["kw"])
    assert moved.cancelled_hire_id == first.hire_id and again.hire_id not in (None, first.hire_id)
    old, new = _hires(engine)
    assert (old.id, old.cancelled_at, old.cancelled_by, old.cancel_reason) == \
        (first.hire_id, T0 + timedelta(hours=1), w["other"], "登记错了人")
    assert (old.start_date, old.monthly_wage, old.hired_at, old.recorded_by) == (TERMS.start_date, 5200, T0, w["user"])
    assert (new.id, new.cancelled_at, new.cancel_reason) == (again.hire_id, None, "")
    assert new.hired_at == T0 + timedelta(hours=2)
    assert (new.start_date, new.monthly_wage, new.contract_months) == (date(2026, 4, 1), 5600, 24)
    # the pipeline shows both hires and the step that cancelled the first
    pipeline = vacancy_pipeline(engine, vault, vacancy_id=w["vacancy"], employer_id=w["employer"], today=TODAY)
    assert pipeline.counts["hired"] == 1
    [c] = pipeline.by_stage["hired"]
    assert c.hire == HireTerms(date(2026, 4, 1), 5600, 24)
    assert [(h.active, h.recorded_by, h.cancelled_by, h.cancel_reason) for h in c.hires] == [
        (False, "招聘专员 小李", "招聘专员 小王", "登记错了人"), (True, "招聘专员 小李", "", "")]
    history = application_history(engine, application_id=c.application_id, employer_id=w["employer"])
    assert [(h.from_stage, h.to_stage, h.who, h.note, h.cancels_hire) for h in history] == [
        (None, "hired", "招聘专员 小李", "", False),
        ("hired", "interested", "招聘专员 小王", "登记错了人", True),
        ("interested", "hired", "招聘专员 小李", "", False),
    ]


def test_leaving_hired_needs_a_reason_and_writes_nothing_without(engine, world) -> None:
    w = world
    record_stage(engine, user_id=w["user"], stage="hired", hire=TERMS, now=T0, **w["kw"])
    for reason in ("", "   "):
        with pytest.raises(FieldErrors) as refused:
            record_stage(engine, user_id=w["user"], stage="not_suitable", note="不来了", reason=reason,
                         now=T0 + timedelta(hours=1), **w["kw"])
        assert set(refused.value.errors) == {"reason"}
    [hire] = _hires(engine)
    assert hire.active
    with unit_of_work(engine, write=False) as session:
        app = session.scalars(select(Application)).one()
    assert (app.stage, app.note) == ("hired", "")


def test_one_active_hire_per_application_in_the_database(engine, world) -> None:
    w = world
    result = record_stage(engine, user_id=w["user"], stage="hired", hire=TERMS, now=T0, **w["kw"])
    [hire] = _hires(engine)
    copy = {k: getattr(hire, k) for k in ("application_id", "seeker_id", "employer_id", "vacancy_id", "start_date",
                                          "monthly_wage", "contract_months", "province", "city", "scope", "trade")}
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        session.add(Hire(**copy))
    with unit_of_work(engine) as session:  # a cancelled one beside it is fine
        session.add(Hire(**copy, cancelled_at=T0, cancel_reason="test"))
    assert len(_hires(engine)) == 2
    # hired again with new terms: still one active hire, the same one
    again = record_stage(engine, user_id=w["user"], stage="hired", hire=HireTerms(TODAY, 6000, 6),
                         now=T0 + timedelta(minutes=5), **w["kw"])
    assert again.hire_id == result.hire_id
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count()).select_from(Hire).where(ACTIVE_HIRE)) == 1


def test_two_recruiters_hiring_at_once_make_one_active_hire(engine, vault) -> None:
    employer = make_employer(engine)
    vacancy = make_vacancy(engine, employer)
    seeker = register(engine, vault, 1).seeker_id
    barrier, errors = threading.Barrier(2), []

    def hire(wage: int) -> None:
        try:
            barrier.wait()
            record_stage(engine, employer_id=employer, user_id=None, seeker_id=seeker, vacancy_id=vacancy,
                         stage="hired", hire=HireTerms(TODAY, wage, 12), now=T0, today=TODAY)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=hire, args=(wage,)) for wage in (5000, 6000)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    [hire_row] = _hires(engine)
    assert hire_row.active and hire_row.monthly_wage in (5000, 6000)
    with unit_of_work(engine, write=False) as session:
        assert session.scalar(select(func.count()).select_from(Application)) == 1


@pytest.mark.parametrize("target", ["vacancy", "application", "seeker"])
def test_no_cascade_deletes_a_hire(engine, world, target: str) -> None:
    w = world
    record_stage(engine, user_id=w["user"], stage="hired", hire=TERMS, now=T0, **w["kw"])
    table = {"vacancy": Vacancy, "application": Application, "seeker": Seeker}[target]
    key = {"vacancy": w["vacancy"], "seeker": w["seeker"]}.get(target)
    with pytest.raises(IntegrityError), unit_of_work(engine) as session:
        stmt = delete(table) if key is None else delete(table).where(table.id == key)
        session.execute(stmt)
    assert len(_hires(engine)) == 1


def test_every_figure_counts_only_active_hires(engine, vault, world) -> None:
    w = world
    second = register(engine, vault, 2, name="张建国").seeker_id
    kw = {**w["kw"], "user_id": w["user"]}
    record_stage(engine, stage="hired", hire=TERMS, now=T0, **kw)
    record_stage(engine, stage="hired", hire=TERMS, now=T0, **{**kw, "seeker_id": second})
    record_stage(engine, stage="offered", reason="没来报到", now=T0 + timedelta(minutes=10),
                 **{**kw, "seeker_id": second})
    now = T0 + timedelta(minutes=30)

    activity = booth_activity(engine, now=now)
    assert (activity.totals.hires_last_hour, activity.totals.hires_today) == (1, 1)
    [row] = employer_vacancies(engine, employer_id=w["employer"], today=TODAY)
    assert (row.offered, row.hired) == (2, 1)
    counts = vacancy_pipeline(engine, vault, vacancy_id=w["vacancy"], employer_id=None, today=TODAY).counts
    assert (counts["hired"], counts["offered"]) == (1, 1)
    db = build_dashboard(engine, DashboardFilter(), now=now, zone=ZONE, parallel=False)
    assert (db.hires.today, db.hires.total, db.hires.people) == (1, 1, 1)
    assert db.hires.by_trade == [("electronics_assembly", 1)] and sum(n for _e, n in db.hires.by_employer) == 1
    assert (db.openings.total.hired, db.openings.total.vacancies_filled) == (1, 0)  # headcount 2
    _registered, employed, moved, _trained = db.targets
    assert (employed.count, moved.count) == (1, 1)


def test_events_are_handled_in_the_hires_transaction(engine, world) -> None:
    w = world
    seen: list[tuple[str, int, bool]] = []

    def on_hired(session, event: HireRecorded) -> None:
        hire = session.get(Hire, event.hire_id)  # not committed yet, but visible: the same transaction
        seen.append(("recorded", event.hire_id, hire is not None and hire.active))
        session.add(AuditEvent(action="follow_up_planned", actor="test", detail={"hire_id": event.hire_id}))

    def on_cancelled(session, event: HireCancelled) -> None:
        seen.append(("cancelled", event.hire_id, session.get(Hire, event.hire_id).cancel_reason == event.reason))

    events.subscribe(HireRecorded, on_hired)
    events.subscribe(HireCancelled, on_cancelled)
    try:
        first = record_stage(engine, user_id=w["user"], stage="hired", hire=TERMS, now=T0, **w["kw"])
        record_stage(engine, user_id=w["user"], stage="interested", reason="合同没谈妥",
                     now=T0 + timedelta(hours=1), **w["kw"])
        assert seen == [("recorded", first.hire_id, True), ("cancelled", first.hire_id, True)]
        with unit_of_work(engine, write=False) as session:
            details = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "follow_up_planned")).all()
        assert details == [{"hire_id": first.hire_id}]

        def refuse(session, event: HireRecorded) -> None:
            raise RuntimeError("the follow-up could not be planned")

        events.subscribe(HireRecorded, refuse)
        try:
            with pytest.raises(RuntimeError):
                record_stage(engine, user_id=w["user"], stage="hired", hire=TERMS, now=T0 + timedelta(hours=2),
                             **w["kw"])
        finally:
            events.unsubscribe(HireRecorded, refuse)
        # the handler failed: the hire and the stage change were rolled back with it
        assert [h.active for h in _hires(engine)] == [False]
        with unit_of_work(engine, write=False) as session:
            assert session.scalars(select(Application.stage)).one() == "interested"
        # composed in the caller's transaction: the events are handled when it commits
        before = len(seen)
        with unit_of_work(engine) as session:
            again = record_stage(session, user_id=w["user"], stage="hired", hire=TERMS, now=T0 + timedelta(hours=3),
                                 **w["kw"])
            assert len(seen) == before and events.handled(session) == []  # not handled yet
        assert seen[before:] == [("recorded", again.hire_id, True)]
    finally:
        events.unsubscribe(HireRecorded, on_hired)
        events.unsubscribe(HireCancelled, on_cancelled)
