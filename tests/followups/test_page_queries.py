"""The follow-up pages' own selectors (services/followups/page_queries.py), on both backends: a hire's visit due
or overdue (the recruiter's confirmation), one visit as recorded, the open wage issues one by one."""

from __future__ import annotations

from datetime import date, timedelta

from models import FollowUp, VisitStatus, WageIssue
from models.base import utcnow
from services.core.db import unit_of_work
from services.followups.due import DueState, add_months
from services.followups.issues import open_issues as open_issue_list
from services.followups.page_queries import due_visits_for_hires, visit_detail
from tests.factories import make_employer, make_vacancy
from tests.followup_hires import hire_with_visits

TODAY = date(2026, 11, 23)


def test_due_and_overdue_visits_of_hires(engine, vault) -> None:
    emp = make_employer(engine)
    vac = make_vacancy(engine, emp)
    due = hire_with_visits(engine, vault, 1, employer_id=emp, vacancy_id=vac, start=add_months(TODAY, -1))
    late = hire_with_visits(engine, vault, 2, employer_id=emp, vacancy_id=vac,
                            start=add_months(TODAY, -1) - timedelta(days=15))  # closed yesterday
    edge = hire_with_visits(engine, vault, 3, employer_id=emp, vacancy_id=vac,
                            start=add_months(TODAY, -1) - timedelta(days=14))  # closes today: still due
    soon = hire_with_visits(engine, vault, 4, employer_id=emp, vacancy_id=vac,
                            start=date(2026, 11, 1))  # due 1 Dec, opens 24 Nov: tomorrow
    done = hire_with_visits(engine, vault, 5, employer_id=emp, vacancy_id=vac, start=add_months(TODAY, -1))
    with unit_of_work(engine) as s:
        visit = s.get(FollowUp, done.visits[0])
        visit.status = VisitStatus.DONE
        s.add(visit)
    found = due_visits_for_hires(engine, [h.hire_id for h in (due, late, edge, soon, done)], TODAY)
    assert {h: (v.state, v.month) for h, v in found.items()} == {
        due.hire_id: (DueState.DUE, 1), late.hire_id: (DueState.OVERDUE, 1), edge.hire_id: (DueState.DUE, 1)}
    assert found[due.hire_id].follow_up_id == due.visits[0]
    assert due_visits_for_hires(engine, [], TODAY) == {}


def test_visit_detail_and_open_issues(engine, vault) -> None:
    from services.accounts.staff import create_user

    user = create_user(engine, username="li1", display_name="李干事", role="organizer",
                       password="a long test passphrase")
    dg, nb = make_employer(engine, serial=1), make_employer(engine, name="宁波市甬江服饰有限公司", serial=2)
    a = hire_with_visits(engine, vault, 1, employer_id=dg, vacancy_id=make_vacancy(engine, dg), name="王秀兰",
                         start=add_months(TODAY, -1))
    b = hire_with_visits(engine, vault, 2, employer_id=nb, vacancy_id=make_vacancy(engine, nb, city="宁波市"),
                         city="宁波市", township="大河乡", village="大河村", start=add_months(TODAY, -1))
    with unit_of_work(engine) as s:
        v = s.get(FollowUp, a.visits[0])
        v.status, v.outcome, v.visited_on, v.monthly_wage = VisitStatus.DONE, "working", TODAY, 5600
        v.recorded_by, v.recorded_at, v.wage_paid = user.id, utcnow(), False
        s.add(v)
        s.add(WageIssue(follow_up_id=v.id, hire_id=a.hire_id, seeker_id=a.seeker_id, employer_id=dg, kind="unpaid",
                        amount=3000, since=date(2026, 10, 1), reported_by=user.id))
        s.add(WageIssue(hire_id=b.hire_id, seeker_id=b.seeker_id, employer_id=nb, kind="dispute", description="欠薪"))
        s.add(WageIssue(hire_id=b.hire_id, seeker_id=b.seeker_id, employer_id=nb, kind="unsafe",
                        resolved_at=utcnow(), resolution="已处理"))
    d = visit_detail(engine, a.visits[0])
    assert (d.outcome, d.monthly_wage, d.wage_paid, d.recorded_by) == ("working", 5600, False, "李干事")
    assert visit_detail(engine, 10_000) is None
    every = open_issue_list(engine)
    assert [(i.kind, i.seeker_name, i.employer_id) for i in every] == [
        ("unpaid", "王*兰", dg), ("dispute", "王*兰", nb)]
    assert [i.kind for i in open_issue_list(engine, township="大河乡")] == ["dispute"]
    assert [i.kind for i in open_issue_list(engine, city="东莞市")] == ["unpaid"]
    assert [i.kind for i in open_issue_list(engine, employer_id=nb)] == ["dispute"]
