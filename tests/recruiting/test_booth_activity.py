"""Live booth activity: scans and hires per booth in the last hour and today, against independent counts."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from models import BoothScan, Hire
from services.core.db import unit_of_work
from services.places.sources import create_fair
from services.recruiting.booth_activity import booth_activity, day_start
from services.recruiting.pipeline import HireTerms, record_stage
from tests.factories import make_employer, make_vacancy, register

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZONE).astimezone(UTC)
MIDNIGHT = datetime.combine(NOW.astimezone(ZONE).date(), time.min, ZONE).astimezone(UTC)
HOUR = timedelta(hours=1)


def test_day_start_is_local_midnight() -> None:
    assert day_start(NOW) == datetime(2026, 3, 9, 16, 0, tzinfo=UTC)
    assert day_start(datetime(2026, 3, 9, 16, 0, tzinfo=UTC)) == datetime(2026, 3, 9, 16, 0, tzinfo=UTC)
    assert day_start(datetime(2026, 3, 9, 15, 59, 59, tzinfo=UTC)) == datetime(2026, 3, 8, 16, 0, tzinfo=UTC)


def _expected(events: list[tuple[int, str, datetime, int | None]], now: datetime, fair: int | None) -> dict:
    """Independent counts: per employer [scans last hour, hires last hour, scans today, hires today]."""
    midnight = day_start(now)
    out: dict[int, list[int]] = {}
    for employer, kind, at, fair_id in events:
        if fair is not None and fair_id != fair:
            continue
        if at > now:
            continue
        slot = 0 if kind == "scan" else 1
        row = out.setdefault(employer, [0, 0, 0, 0])
        if now - at < HOUR:
            row[slot] += 1
        if at >= midnight:
            row[slot + 2] += 1
    return {k: v for k, v in out.items() if any(v)}


def _actual(engine, now: datetime, fair: int | None = None) -> dict:
    return {r.employer_id: [r.scans_last_hour, r.hires_last_hour, r.scans_today, r.hires_today]
            for r in booth_activity(engine, now=now, fair_id=fair).rows}


def test_counts_match_independent_counts_with_the_edges(engine, vault) -> None:
    fair = create_fair(engine, name="春风行动", code="SPRING26").id
    employers = [make_employer(engine, name=f"企业{i}", serial=i + 1) for i in range(4)]
    vacancies = {e: make_vacancy(engine, e) for e in employers}
    seekers = [register(engine, vault, n).seeker_id for n in range(6)]
    rng = random.Random(7)
    edges = [HOUR, HOUR - timedelta(seconds=1), HOUR + timedelta(seconds=1), NOW - MIDNIGHT,
             NOW - MIDNIGHT + timedelta(seconds=1), NOW - MIDNIGHT - timedelta(seconds=1), timedelta(0),
             timedelta(seconds=-30)]  # the last one: after `now` (a clock ahead), not counted
    events: list[tuple[int, str, datetime, int | None]] = []
    with unit_of_work(engine) as session:
        for i in range(120):
            employer = rng.choice(employers)
            ago = edges[i] if i < len(edges) else timedelta(seconds=rng.randint(0, 30 * 3600))
            at, fair_id = NOW - ago, rng.choice([fair, None])
            session.add(BoothScan(employer_id=employer, seeker_id=rng.choice(seekers), fair_id=fair_id, at=at,
                                  method="camera"))
            events.append((employer, "scan", at, fair_id))
    terms = HireTerms(NOW.date(), 5000, 12)
    for i, (employer, seeker) in enumerate([(e, s) for e in employers[:3] for s in seekers]):
        ago = edges[i] if i < len(edges) else timedelta(seconds=rng.randint(0, 30 * 3600))
        fair_id = fair if i % 2 else None
        record_stage(engine, employer_id=employer, user_id=None, seeker_id=seeker, vacancy_id=vacancies[employer],
                     stage="hired", hire=terms, fair_id=fair_id, now=NOW - ago, today=NOW.date())
        events.append((employer, "hire", NOW - ago, fair_id))
    expected = _expected(events, NOW, None)
    assert _actual(engine, NOW) == expected
    assert _actual(engine, NOW, fair) == _expected(events, NOW, fair)
    assert sum(v[0] for v in expected.values()) > 0 and sum(v[1] for v in expected.values()) > 0
    # the edges on their own: a scan exactly one hour old is out, one second younger is in
    only = [e for e in events if e[1] == "scan"][:3]
    assert [NOW - e[2] < HOUR for e in only] == [False, True, False]
    rows = booth_activity(engine, now=NOW).rows
    assert [(r.scans_last_hour, r.scans_today) for r in rows] == sorted(
        [(r.scans_last_hour, r.scans_today) for r in rows], reverse=True)
    names = {e: f"企业{i}" for i, e in enumerate(employers)}
    assert all(r.employer_name == names[r.employer_id] for r in rows)


def test_just_after_midnight_the_last_hour_reaches_into_yesterday(engine, vault) -> None:
    employer = make_employer(engine)
    seeker = register(engine, vault, 1).seeker_id
    now = MIDNIGHT + timedelta(minutes=10)
    with unit_of_work(engine) as session:
        for minutes in (-20, -5, 5):
            session.add(BoothScan(employer_id=employer, seeker_id=seeker, at=MIDNIGHT + timedelta(minutes=minutes)))
    assert _actual(engine, now) == {employer: [3, 0, 1, 0]}
    activity = booth_activity(engine, now=now)
    assert activity.totals.scans_last_hour == 3 and activity.as_of == now


def test_empty_and_naive_now(engine) -> None:
    assert booth_activity(engine, now=NOW).rows == []
    with pytest.raises(ValueError):
        booth_activity(engine, now=datetime(2026, 3, 10, 10, 0))


def test_cancelled_hire_no_longer_counts(engine, vault) -> None:
    """Issue 8: the hire is kept, cancelled, and counts no more."""
    employer = make_employer(engine)
    vacancy = make_vacancy(engine, employer)
    seeker = register(engine, vault, 1).seeker_id
    kw = dict(employer_id=employer, user_id=None, seeker_id=seeker, vacancy_id=vacancy, today=NOW.date())
    record_stage(engine, stage="hired", hire=HireTerms(NOW.date(), 5000, 12), now=NOW - timedelta(minutes=5), **kw)
    assert _actual(engine, NOW) == {employer: [0, 1, 0, 1]}
    record_stage(engine, stage="not_suitable", reason="没来报到", now=NOW - timedelta(minutes=1), **kw)
    assert _actual(engine, NOW) == {}
    with unit_of_work(engine, write=False) as session:
        [hire] = session.scalars(select(Hire)).all()
    assert hire.cancelled_at == NOW - timedelta(minutes=1) and hire.cancel_reason == "没来报到"
    # hired again: a new hire, which counts
    record_stage(engine, stage="hired", hire=HireTerms(NOW.date(), 5200, 12), now=NOW, **kw)
    assert _actual(engine, NOW) == {employer: [0, 1, 0, 1]}


def test_a_second_look_within_five_minutes_is_not_another_scan(engine, vault) -> None:
    """One rule (booth_activity.counts_as_scan, asked by open_seeker_card): the same person looked up again
    at the same booth less than 5 minutes after the counted scan is not another scan; later it is; another
    booth, or another person, counts on its own."""
    from services.recruiting.booth import open_seeker_card
    from services.recruiting.booth_activity import RESCAN_WINDOW

    a, b = make_employer(engine, serial=61), make_employer(engine, name="永康五金厂", serial=62)
    wang, zhang = register(engine, vault, 61, name="王秀兰"), register(engine, vault, 62, name="张建国")
    t0 = NOW - 2 * HOUR

    def look(employer: int, who, minutes: float, method: str = "camera") -> None:
        card = open_seeker_card(engine, vault, employer_id=employer, user_id=None, code=who.ticket_code,
                                method=method, now=t0 + timedelta(minutes=minutes))
        assert card.seeker_id == who.seeker_id  # the card opens every time

    look(a, wang, 0)
    look(a, wang, 1)  # the ticket held up twice
    look(a, wang, 4.9, "typed")  # typed after a scan: the same look
    look(b, wang, 2)  # another booth: its own scan
    look(a, zhang, 3)  # another person
    look(a, wang, 5)  # exactly 5 minutes after the counted scan: a new visit
    look(a, wang, 7)  # 2 minutes after that one: not counted
    look(a, wang, 30)
    with unit_of_work(engine, write=False) as session:
        rows = [(r.employer_id, r.seeker_id, r.at) for r in session.scalars(select(BoothScan).order_by(BoothScan.id))]
    minutes = [((e, s), round((at - t0).total_seconds() / 60, 1)) for e, s, at in rows]
    assert minutes == [((a, wang.seeker_id), 0), ((b, wang.seeker_id), 2), ((a, zhang.seeker_id), 3),
                       ((a, wang.seeker_id), 5), ((a, wang.seeker_id), 30)]
    assert timedelta(minutes=5) == RESCAN_WINDOW
    # the organizers' activity counts the scans the rule kept
    activity = booth_activity(engine, now=t0 + timedelta(minutes=31))
    assert {r.employer_id: r.scans_last_hour for r in activity.rows} == {a: 4, b: 1}
