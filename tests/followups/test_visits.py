"""Recording visits: the report's rules, one recorder per visit, late and extra visits without duplicates,
the recruiter's confirmation, wage issues and the repair item; both backends."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from models import AuditEvent, UnreachableItem, WageIssue
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, NotFound, StateChanged
from services.followups.lists import NoFollowUpAccess
from services.followups.visits import (
    VisitAlreadyRecorded,
    VisitCancelled,
    VisitReport,
    confirm_still_employed,
    record_extra_visit,
    record_visit,
    validate_report,
)
from tests.followups.support import NOW, build, hire, unhire, visits

AT = datetime(2026, 4, 21, 2, 0, tzinfo=UTC)  # 21 April, 10:00 in the county: the 1-month visit is due
DAY = date(2026, 4, 21)


def _all(engine, model):
    with unit_of_work(engine, write=False) as session:
        return list(session.scalars(select(model).order_by(model.id)))


@pytest.fixture
def world(engine, vault):
    w = build(engine, vault)
    w.hire_id = hire(engine, w, "a")  # type: ignore[attr-defined]
    return w


def test_record_a_visit(engine, world) -> None:
    w = world
    first = visits(engine, w.hire_id)[0]
    done = record_visit(engine, follow_up_id=first.id, report=VisitReport("working", DAY, 5400, note="  很好  "),
                        user_id=w.users["township"], now=AT)
    [row, *_] = visits(engine, w.hire_id)
    assert (row.id, row.status, row.outcome, row.visited_on, row.monthly_wage, row.note) == \
        (done.id, "done", "working", DAY, 5400, "很好")
    assert (row.recorded_by, row.recorded_at) == (w.users["township"], AT)
    [audit] = [a for a in _all(engine, AuditEvent) if a.action == "follow_up_recorded"]
    assert audit.actor == "town_cg" and audit.detail["follow_up"] == row.id and audit.detail["outcome"] == "working"
    assert _all(engine, WageIssue) == [] and _all(engine, UnreachableItem) == []


def test_the_second_recorder_gets_state_changed(engine, world) -> None:
    w = world
    first = visits(engine, w.hire_id)[0]
    record_visit(engine, follow_up_id=first.id, report=VisitReport("working", DAY, 5400), user_id=None, now=AT)
    with pytest.raises(VisitAlreadyRecorded):
        record_visit(engine, follow_up_id=first.id, report=VisitReport("returned", DAY), user_id=None, now=AT)
    assert visits(engine, w.hire_id)[0].outcome == "working"


def test_two_recorders_at_once_never_overwrite(engine, world) -> None:
    w = world
    first = visits(engine, w.hire_id)[0]
    barrier, results = threading.Barrier(2), []

    def run(outcome: str) -> None:
        barrier.wait()
        try:
            record_visit(engine, follow_up_id=first.id, report=VisitReport(outcome, DAY), user_id=None, now=AT)
            results.append(outcome)
        except StateChanged:
            results.append("refused")

    threads = [threading.Thread(target=run, args=(o,)) for o in ("working", "returned")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results)[0] in ("returned", "refused") and results.count("refused") == 1
    [winner] = [r for r in results if r != "refused"]
    assert visits(engine, w.hire_id)[0].outcome == winner
    assert len([a for a in _all(engine, AuditEvent) if a.action == "follow_up_recorded"]) == 1


def test_a_cancelled_visit_is_refused(engine, world) -> None:
    w = world
    unhire(engine, w, "a", now=NOW + timedelta(days=1))
    first = visits(engine, w.hire_id)[0]
    with pytest.raises(VisitCancelled):
        record_visit(engine, follow_up_id=first.id, report=VisitReport("working", DAY), user_id=None, now=AT)


@pytest.mark.parametrize(("report", "fields"), [
    (VisitReport("working", DAY + timedelta(days=1)), {"visited_on"}),
    (VisitReport("working", date(2026, 3, 19)), {"visited_on"}),
    (VisitReport("working", DAY, 499), {"monthly_wage"}),
    (VisitReport("working", DAY, 50_001), {"monthly_wage"}),
    (VisitReport("changed_job", DAY, 6000, new_employer="   "), {"new_employer"}),
    (VisitReport("dispute", DAY, note=" "), {"note"}),
    (VisitReport("working", DAY, wage_paid=False, unpaid_amount=-1), {"unpaid_amount"}),
    (VisitReport("working", DAY, wage_paid=False, unpaid_since=DAY + timedelta(days=1)), {"unpaid_since"}),
    (VisitReport("gone", DAY), {"outcome"}),
    (VisitReport("changed_job", DAY + timedelta(days=3), 10), {"visited_on", "monthly_wage", "new_employer"}),
])
def test_report_rules(report, fields) -> None:
    with pytest.raises(FieldErrors) as refused:
        validate_report(report, today=DAY, start_date=date(2026, 3, 20))
    assert set(refused.value.errors) == fields


def test_report_keeps_what_applies() -> None:
    clean = validate_report(VisitReport("returned", DAY, 5000, new_employer="某厂", wage_paid=True, safe=True),
                            today=DAY)
    assert (clean.monthly_wage, clean.new_employer, clean.wage_paid, clean.safe) == (None, "", True, True)
    nobody = validate_report(VisitReport("unreachable", DAY, wage_paid=False, safe=False, unpaid_amount=100),
                             today=DAY)
    assert (nobody.wage_paid, nobody.safe, nobody.unpaid_amount) == (None, None, None)
    paid = validate_report(VisitReport("working", DAY, None, wage_paid=True, unpaid_amount=300), today=DAY)
    assert (paid.monthly_wage, paid.unpaid_amount) == (None, None)  # the wage may be unknown
    assert validate_report(VisitReport("working", DAY, 500), today=DAY).monthly_wage == 500
    assert validate_report(VisitReport("working", DAY, 50_000), today=DAY).monthly_wage == 50_000


def test_visit_on_the_start_date_and_today_are_accepted(engine, world) -> None:
    w = world  # a visit on the day the job started (before the 1-month window: an extra visit)
    extra = record_extra_visit(engine, hire_id=w.hire_id, report=VisitReport("working", date(2026, 3, 20)),
                               user_id=None, now=datetime(2026, 3, 20, 15, 59, tzinfo=UTC))  # 23:59 in the county
    assert (extra.month, extra.visited_on) == (None, date(2026, 3, 20))


def test_unpaid_unsafe_and_dispute_open_issues(engine, world) -> None:
    w = world
    first, third, _sixth = visits(engine, w.hire_id)
    record_visit(engine, follow_up_id=first.id, user_id=w.users["organizer"], now=AT, report=VisitReport(
        "working", DAY, 5200, wage_paid=False, safe=False, unpaid_amount=5200, unpaid_since=date(2026, 3, 31)))
    record_visit(engine, follow_up_id=third.id, user_id=w.users["organizer"], now=datetime(2026, 6, 20, tzinfo=UTC),
                 report=VisitReport("dispute", date(2026, 6, 20), note="加班费没有给"))
    issues = _all(engine, WageIssue)
    assert [(i.kind, i.amount, i.since, i.description, i.follow_up_id) for i in issues] == [
        ("unpaid", 5200, date(2026, 3, 31), "", first.id), ("unsafe", None, None, "", first.id),
        ("dispute", None, None, "加班费没有给", third.id)]
    assert {(i.employer_id, i.seeker_id, i.hire_id, i.reported_by, i.resolved_at) for i in issues} == \
        {(w.employers["dg"], w.seekers["a"], w.hire_id, w.users["organizer"], None)}


def test_unreachable_opens_one_repair_item_per_person(engine, world) -> None:
    w = world
    first, third, _sixth = visits(engine, w.hire_id)
    record_visit(engine, follow_up_id=first.id, report=VisitReport("unreachable", DAY), user_id=None, now=AT)
    record_visit(engine, follow_up_id=third.id, report=VisitReport("unreachable", date(2026, 6, 20)), user_id=None,
                 now=datetime(2026, 6, 20, tzinfo=UTC))
    [item] = _all(engine, UnreachableItem)
    assert (item.seeker_id, item.follow_up_id, item.created_at, item.closed_at) == (w.seekers["a"], first.id, AT, None)


def test_extra_visit_fills_the_scheduled_visit_whose_window_holds_it(engine, world) -> None:
    w = world
    before = visits(engine, w.hire_id)
    done = record_extra_visit(engine, hire_id=w.hire_id, report=VisitReport("working", date(2026, 6, 14), 5300),
                              user_id=None, now=datetime(2026, 6, 15, tzinfo=UTC))
    assert done.id == before[1].id and done.month == 3
    assert [(v.id, v.status) for v in visits(engine, w.hire_id)] == [
        (before[0].id, "scheduled"), (before[1].id, "done"), (before[2].id, "scheduled")]


def test_a_late_visit_fills_the_overdue_one_never_a_duplicate(engine, world) -> None:
    w = world
    before = visits(engine, w.hire_id)
    late = date(2026, 5, 20)  # the 1-month window closed on 4 May; the 3-month one opens on 13 June
    done = record_extra_visit(engine, hire_id=w.hire_id, report=VisitReport("working", late), user_id=None,
                              now=datetime(2026, 5, 20, tzinfo=UTC))
    assert (done.id, done.month, done.visited_on) == (before[0].id, 1, late)
    # recorded late through the list: the same row, still three visits
    assert len(visits(engine, w.hire_id)) == 3
    with pytest.raises(VisitAlreadyRecorded):
        record_visit(engine, follow_up_id=before[0].id, report=VisitReport("working", late), user_id=None,
                     now=datetime(2026, 5, 21, tzinfo=UTC))


def test_an_early_visit_is_an_extra_one(engine, world) -> None:
    w = world
    extra = record_extra_visit(engine, hire_id=w.hire_id, report=VisitReport("working", date(2026, 4, 1)),
                               user_id=None, now=datetime(2026, 4, 1, 8, tzinfo=UTC))
    rows = visits(engine, w.hire_id)
    assert len(rows) == 4 and rows[-1].id == extra.id
    assert (extra.month, extra.status, extra.due_date, extra.window_opens, extra.window_closes) == \
        (None, "done", date(2026, 4, 1), date(2026, 4, 1), date(2026, 4, 1))


def test_the_recruiter_confirms_still_employed(engine, world) -> None:
    w = world
    with pytest.raises(NotFound):
        confirm_still_employed(engine, hire_id=w.hire_id, employer_id=w.employers["nb"],
                               user_id=w.users["recruiter_nb"], monthly_wage=5000, now=AT)
    first = visits(engine, w.hire_id)[0]
    done = confirm_still_employed(engine, hire_id=w.hire_id, employer_id=w.employers["dg"],
                                  user_id=w.users["recruiter"], monthly_wage=None, now=AT)
    assert (done.id, done.outcome, done.visited_on, done.monthly_wage, done.recorded_by) == \
        (first.id, "working", DAY, None, w.users["recruiter"])
    # nothing due a week later: an extra visit
    extra = confirm_still_employed(engine, hire_id=w.hire_id, employer_id=w.employers["dg"],
                                   user_id=w.users["recruiter"], monthly_wage=5600, now=AT + timedelta(days=7))
    assert (extra.month, extra.monthly_wage, extra.visited_on) == (None, 5600, DAY + timedelta(days=7))
    assert [a.action for a in _all(engine, AuditEvent) if a.action.startswith("follow_up")] == \
        ["follow_up_confirmed", "follow_up_confirmed"]


def test_who_may_record(engine, world) -> None:
    w = world
    other = hire(engine, w, "c", "nb")  # 大河乡, hired in 宁波市
    first_a, first_c = visits(engine, w.hire_id)[0], visits(engine, other)[0]
    report = VisitReport("working", DAY)
    with pytest.raises(NotFound):  # township staff of 城关镇: not a 大河乡 person
        record_visit(engine, follow_up_id=first_c.id, report=report, user_id=w.users["township"], now=AT)
    with pytest.raises(NotFound):  # the 宁波 workstation: not a 东莞 hire
        record_visit(engine, follow_up_id=first_a.id, report=report, user_id=w.users["workstation"], now=AT)
    with pytest.raises(NoFollowUpAccess):  # recruiters only confirm
        record_visit(engine, follow_up_id=first_a.id, report=report, user_id=w.users["recruiter"], now=AT)
    record_visit(engine, follow_up_id=first_c.id, report=report, user_id=w.users["workstation"], now=AT)
    record_visit(engine, follow_up_id=first_a.id, report=report, user_id=w.users["township"], now=AT)


def test_a_k_month_visit_before_its_window_is_refused_beside_the_day(engine, world) -> None:
    """A 6-month visit saved months early would count the worker as retained at 6 months: refused, the way to
    record it named (an extra visit, which fills the visit whose window holds the day); saved from the day its
    window opens."""
    w = world
    six = [v for v in visits(engine, w.hire_id) if v.month == 6][0]
    early = six.window_opens - timedelta(days=1)
    with pytest.raises(FieldErrors) as refused:
        record_visit(engine, follow_up_id=six.id, report=VisitReport("working", early, 5400), user_id=None,
                     now=datetime.combine(six.window_opens, time(4), UTC))
    assert set(refused.value.errors) == {"visited_on"}
    assert visits(engine, w.hire_id)[-1].status == "scheduled"
    done = record_visit(engine, follow_up_id=six.id, report=VisitReport("working", six.window_opens, 5400),
                        user_id=None, now=datetime.combine(six.window_opens, time(4), UTC))
    assert (done.status, done.month) == ("done", 6)
