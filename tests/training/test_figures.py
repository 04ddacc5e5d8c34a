"""The training figures against counts computed independently in Python over small random worlds, on
SQLite and PostgreSQL: trained people (distinct, registered poor, by kind, by township), the target
percentages, trained-then-employed at 3 and 6 months (cancelled hires and cancelled courses left out)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings

from models import Target, TargetMetric
from services.core.db import unit_of_work
from services.followups.due import add_months
from services.reporting.dashboard import DashboardFilter, build_dashboard
from services.reporting.dashboard.training import TrainingProgress
from services.training.figures import trained, trained_by_township
from services.training.outcomes import training_outcomes
from tests.training.worlds import TOWNSHIPS, World, reset, worlds, write

DB = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
YEAR = 2026
TODAY = date(2026, 11, 20)


def _completions(w: World, start: date, end: date) -> list[tuple[int, int, date]]:
    """(person, course, completed_on) of completed enrolments of courses not cancelled, in the dates."""
    return [(e.person, e.course, e.completed_on) for e in w.enrolments
            if e.status == "completed" and e.completed_on is not None and start <= e.completed_on <= end
            and not w.courses[e.course].cancelled]


def _expected_trained(w: World, township: str | None) -> tuple[int, int, dict[str, int]]:
    done = [(p, c) for p, c, _d in _completions(w, date(YEAR, 1, 1), date(YEAR, 12, 31))
            if township is None or w.people[p].township == township]
    people = {p for p, _c in done}
    kinds: dict[str, set[int]] = {}
    for p, c in done:
        kinds.setdefault(w.courses[c].kind, set()).add(p)
    return len(people), sum(w.people[p].poor for p in people), {k: len(v) for k, v in kinds.items()}


@DB
@given(w=worlds())
def test_trained_people(engine, w: World) -> None:
    reset(engine)
    write(engine, w)
    with engine.connect() as conn:
        county = trained(conn, YEAR)
        per_township = trained_by_township(conn, YEAR)
        for township in (None, *TOWNSHIPS):
            got = trained(conn, YEAR, township)
            n, poor, kinds = _expected_trained(w, township)
            assert (got.people, got.poor, got.by_kind) == (n, poor, kinds), township
            if township is not None:
                assert (per_township[township].people if township in per_township else 0) == n
    assert county.people == sum(t.people for t in per_township.values())  # one home township each


@DB
@given(w=worlds())
def test_trained_then_employed(engine, w: World) -> None:
    reset(engine)
    write(engine, w)
    start, end = date(2025, 9, 1), date(2026, 12, 31)
    got = training_outcomes(engine, start, end, today=TODAY)
    by_course = {c.course_id: c.outcome for c in got.courses}
    courses = w.ids["courses"]
    for j, course in enumerate(w.courses):
        rows = [(p, d) for p, c, d in _completions(w, start, end) if c == j]
        if not rows:
            assert courses[j] not in by_course
            continue
        o = by_course[courses[j]]
        assert o.completed == len(rows)
        for months, closed, hired in ((3, o.closed3, o.hired3), (6, o.closed6, o.hired6)):
            shut = [(p, d) for p, d in rows if add_months(d, months) < TODAY]
            assert closed == len(shut)
            assert hired == sum(any(h.person == p and not h.cancelled and d <= h.start <= add_months(d, months)
                                    for h in w.hires) for p, d in shut)
        shut6 = [(p, d) for p, d in rows if add_months(d, 6) < TODAY]
        if course.employer is None:
            assert (o.ordered, o.by_orderer) == (0, 0)
        else:
            assert o.ordered == len(shut6)
            assert o.by_orderer == sum(any(h.person == p and not h.cancelled and h.employer == course.employer
                                           and d <= h.start <= add_months(d, 6) for h in w.hires) for p, d in shut6)
    total = got.total
    assert total.completed == len(_completions(w, start, end))
    assert sum(o.completed for _k, o in got.by("kind")) == total.completed
    assert sum(o.hired6 for _k, o in got.by("provider")) == total.hired6


def test_target_percentages_on_the_dashboard(engine) -> None:
    from tests.training.worlds import C, E, P

    w = World([P("城关镇", True), P("城关镇", False), P("大河乡", True)],
              [C("skills", "县职业技术学校", False, None), C("guiding", "县职业技术学校", True, None)],
              [E(0, 0, "completed", date(2026, 3, 1), "basic"), E(1, 0, "completed", date(2026, 4, 1), None),
               E(2, 0, "completed", date(2025, 12, 31), None),  # last year: not this year's figure
               E(2, 1, "completed", date(2026, 5, 1), None)],  # a cancelled course: never counts
              [])
    write(engine, w)
    with unit_of_work(engine) as s:
        s.add(Target(year=YEAR, township="", metric=TargetMetric.TRAINED, value=8))
        s.add(Target(year=YEAR, township="城关镇", metric=TargetMetric.TRAINED, value=3))
    now = datetime(2026, 11, 20, 4, tzinfo=UTC)
    county = build_dashboard(engine, DashboardFilter(), now=now, parallel=False)
    p = county.extra["training"]
    assert isinstance(p, TrainingProgress)
    assert (p.trained.people, p.trained.poor, p.target, p.percent) == (2, 1, 8, 25.0)
    assert next(t for t in county.targets if t.metric == TargetMetric.TRAINED).percent == 25.0
    town = build_dashboard(engine, DashboardFilter(township="城关镇"), now=now, parallel=False)
    q = town.extra["training"]
    assert isinstance(q, TrainingProgress)
    assert (q.trained.people, q.target, round(q.percent or 0, 1)) == (2, 3, 66.7)
    other = build_dashboard(engine, DashboardFilter(township="大河乡"), now=now, parallel=False).extra["training"]
    assert isinstance(other, TrainingProgress)
    assert (other.trained.people, other.target, other.percent) == (0, None, None)
