"""Demo follow-ups: every demo hire scheduled like a real one, visits made only in the past and consistent,
issues and repair items where the visits say so; both backends."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime

from sqlalchemy import select

from models import FollowUp, Hire, UnreachableItem, VisitStatus, WageIssue
from services.cli.demo import generate_demo
from services.core.db import unit_of_work
from services.followups.due import planned_visits

NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)
TODAY = date(2026, 11, 23)


def _all(engine, model):
    with unit_of_work(engine, write=False) as session:
        return list(session.scalars(select(model)))


def test_demo_hires_have_their_follow_ups(engine, vault, county) -> None:
    demo = generate_demo(engine, vault, county, seekers=1500, seed=5, fairs=2, batch=1500, today=TODAY, now=NOW,
                         out=None)
    hires, visits = _all(engine, Hire), _all(engine, FollowUp)
    assert demo.follow_ups is not None and demo.follow_ups.hires == len(hires) > 20
    by_hire: dict[int, list[FollowUp]] = {}
    for v in visits:
        by_hire.setdefault(v.hire_id, []).append(v)
    for h in hires:
        planned = [(p.month, p.due_date, p.window_opens, p.window_closes) for p in planned_visits(h.start_date)]
        assert sorted((v.month, v.due_date, v.window_opens, v.window_closes) for v in by_hire[h.id]) == planned
    done = [v for v in visits if v.status == VisitStatus.DONE]
    assert demo.follow_ups.done == len(done) > 0
    start = {h.id: h.start_date for h in hires}
    for v in done:
        assert v.visited_on is not None and start[v.hire_id] <= v.window_opens <= v.visited_on <= TODAY
        assert v.recorded_at is not None and v.recorded_at <= NOW
        assert (v.outcome == "changed_job") == bool(v.new_employer) and (v.outcome == "dispute") == bool(v.note)
    assert all(v.window_opens <= TODAY for v in done)
    outcomes = Counter(v.outcome for v in done)
    assert outcomes.most_common(1)[0][0] == "working" and len(outcomes) >= 4
    issues = _all(engine, WageIssue)
    assert Counter(i.kind for i in issues)["dispute"] == outcomes["dispute"]
    unpaid = {i.follow_up_id for i in issues if i.kind == "unpaid"}
    assert unpaid == {v.id for v in done if v.wage_paid is False}
    items = _all(engine, UnreachableItem)
    open_people = [i.seeker_id for i in items if i.closed_at is None]
    assert len(open_people) == len(set(open_people)) and (outcomes["unreachable"] == 0) == (not items)
    # running the demo again schedules only the new hires
    again = generate_demo(engine, vault, county, seekers=300, seed=6, fairs=2, batch=300, today=TODAY, now=NOW,
                          out=None)
    assert again.follow_ups is not None and again.follow_ups.hires == len(_all(engine, Hire)) - len(hires)
