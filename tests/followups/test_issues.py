"""Wage issues: the employer's flag (count, amount, since) until each issue is resolved; both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from models import AuditEvent
from services.core.db import unit_of_work
from services.core.errors import FieldErrors, NotFound
from services.followups.issues import (
    EmployerIssues,
    IssueResolved,
    employer_issue_flag,
    open_issues,
    open_issues_by_employer,
    resolve_issue,
)
from services.followups.visits import VisitReport, record_visit
from tests.followups.support import build, hire, visits

AT = datetime(2026, 4, 21, 2, 0, tzinfo=UTC)
DAY = date(2026, 4, 21)


def test_flag_counts_open_issues_until_resolved(engine, vault) -> None:
    w = build(engine, vault)
    a, b, c = hire(engine, w, "a"), hire(engine, w, "b"), hire(engine, w, "c", "nb")
    assert open_issues_by_employer(engine) == [] and employer_issue_flag(engine, w.employers["dg"]) is None
    record_visit(engine, follow_up_id=visits(engine, a)[0].id, user_id=None, now=AT, report=VisitReport(
        "working", DAY, wage_paid=False, unpaid_amount=5200, unpaid_since=date(2026, 3, 31)))
    record_visit(engine, follow_up_id=visits(engine, b)[0].id, user_id=None, now=AT, report=VisitReport(
        "working", DAY, wage_paid=False, unpaid_amount=3000, unpaid_since=date(2026, 4, 10)))
    record_visit(engine, follow_up_id=visits(engine, c)[0].id, user_id=None, now=AT, report=VisitReport(
        "dispute", DAY, note="工伤没有赔偿", safe=False))
    dg = EmployerIssues(w.employers["dg"], "东莞市华丰电子有限公司", 2, 8200, date(2026, 3, 31), unpaid=2)
    nb = EmployerIssues(w.employers["nb"], "宁波市顺达五金有限公司", 2, 0, DAY, disputes=1, unsafe=1)
    assert open_issues_by_employer(engine) == [dg, nb]
    assert employer_issue_flag(engine, w.employers["dg"]) == dg
    first = open_issues(engine, employer_id=w.employers["dg"])[0]
    with pytest.raises(FieldErrors) as refused:
        resolve_issue(engine, issue_id=first.issue_id, user_id=w.users["organizer"], resolution="  ")
    assert set(refused.value.errors) == {"resolution"}
    resolved = resolve_issue(engine, issue_id=first.issue_id, user_id=w.users["organizer"],
                             resolution="工作站协调，已补发", now=AT)
    assert (resolved.resolved_at, resolved.resolved_by, resolved.resolution) == \
        (AT, w.users["organizer"], "工作站协调，已补发")
    with pytest.raises(IssueResolved):
        resolve_issue(engine, issue_id=first.issue_id, user_id=w.users["organizer"], resolution="again")
    with pytest.raises(NotFound):
        resolve_issue(engine, issue_id=9999, user_id=w.users["organizer"], resolution="x")
    assert employer_issue_flag(engine, w.employers["dg"]) == \
        EmployerIssues(w.employers["dg"], "东莞市华丰电子有限公司", 1, 3000, date(2026, 4, 10), unpaid=1)
    with unit_of_work(engine, write=False) as session:
        [audit] = session.scalars(select(AuditEvent).where(AuditEvent.action == "wage_issue_resolved")).all()
    assert audit.actor == "org1" and audit.detail == {"issue": first.issue_id, "kind": "unpaid",
                                                      "employer": w.employers["dg"]}


def test_since_without_a_date_is_the_day_it_was_reported(engine, vault) -> None:
    w = build(engine, vault)
    a = hire(engine, w, "a")
    late = datetime(2026, 4, 21, 17, 0, tzinfo=UTC)  # already 22 April in the county
    record_visit(engine, follow_up_id=visits(engine, a)[0].id, user_id=None, now=late,
                 report=VisitReport("working", DAY, wage_paid=False))
    flag = employer_issue_flag(engine, w.employers["dg"])
    assert flag is not None and (flag.count, flag.amount, flag.since) == (1, 0, date(2026, 4, 22))


def test_the_flag_reads_from_a_panel_connection(engine, vault) -> None:
    w = build(engine, vault)
    a = hire(engine, w, "a")
    record_visit(engine, follow_up_id=visits(engine, a)[0].id, user_id=None, now=AT,
                 report=VisitReport("working", DAY, wage_paid=False, unpaid_amount=100))
    with engine.connect() as conn:
        assert [i.amount for i in open_issues_by_employer(conn)] == [100]
        flag = employer_issue_flag(conn, w.employers["dg"])
        assert flag is not None and flag.count == 1


def test_a_cancelled_hires_issues_are_kept_and_counted_nowhere(engine, vault) -> None:
    """The employers page, the follow-ups list and the dashboard agree: a cancelled hire's open issues are kept
    (never deleted) but flag nobody (the dashboard's panel counted 2 where the employers page said 3)."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from models import WageIssue
    from services.reporting.dashboard import DashboardFilter, build_dashboard
    from tests.followups.support import unhire

    w = build(engine, vault)
    a, b = hire(engine, w, "a"), hire(engine, w, "b")
    for hire_id, amount in ((a, 5200), (b, 3000)):
        record_visit(engine, follow_up_id=visits(engine, hire_id)[0].id, user_id=None, now=AT, report=VisitReport(
            "working", DAY, wage_paid=False, unpaid_amount=amount, unpaid_since=date(2026, 3, 31)))
    unhire(engine, w, "b", now=AT + timedelta(hours=1))
    flag = employer_issue_flag(engine, w.employers["dg"])
    assert flag is not None and (flag.count, flag.amount) == (1, 5200)
    assert [i.amount for i in open_issues(engine)] == [5200]
    board = build_dashboard(engine, DashboardFilter(), now=AT + timedelta(days=1), zone=ZoneInfo("Asia/Shanghai"),
                            parallel=False)
    shown = board.extra["open_issues"]
    assert (shown.count, shown.amount) == (flag.count, flag.amount)
    with unit_of_work(engine, write=False) as session:
        assert len(session.scalars(select(WageIssue)).all()) == 2  # kept
