"""Due and overdue lists and figures, scoped per role, paged in SQL; both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from models import StaffUser
from services.core.db import unit_of_work
from services.followups.due import DueState
from services.followups.lists import NoFollowUpAccess, VisitCount, VisitScope, scope_for, visit_counts, visit_list
from services.followups.visits import VisitReport, record_visit
from tests.followups.support import TODAY, build, hire, user

# on 10 March: a (城关镇, 东莞) starts 20 March: all upcoming; b (城关镇, 东莞) started 15 January: its 1-month
# visit is overdue (window 8 Feb - 1 Mar); c (大河乡, 宁波) started 5 February: its 1-month visit is due.


@pytest.fixture
def world(engine, vault):
    w = build(engine, vault)
    w.hires = {"a": hire(engine, w, "a"), "b": hire(engine, w, "b", start=date(2026, 1, 15)),  # type: ignore[attr-defined]
               "c": hire(engine, w, "c", "nb", start=date(2026, 2, 5))}
    return w


def _staff(engine, user_id: int) -> StaffUser:
    with unit_of_work(engine, write=False) as session:
        found = session.get(StaffUser, user_id)
        assert found is not None
        return found


def test_scope_per_role(engine, world) -> None:
    w = world
    assert scope_for(_staff(engine, w.users["organizer"])) == VisitScope()
    assert scope_for(_staff(engine, w.users["township"])) == VisitScope(township="城关镇")
    assert scope_for(_staff(engine, w.users["workstation"])) == VisitScope(city="宁波市")
    assert scope_for(_staff(engine, w.users["recruiter"])) == VisitScope(employer_id=w.employers["dg"])
    with pytest.raises(NoFollowUpAccess):
        scope_for(_staff(engine, user(engine, "desk1", "desk")))
    with pytest.raises(NoFollowUpAccess):  # a township account without its township (made before the rule)
        scope_for(StaffUser(id=999, username="town_x", display_name="x", role="township", password_hash="x"))


def test_counts_by_township_employer_and_city(engine, world) -> None:
    w = world
    everyone = VisitScope()
    assert visit_counts(engine, everyone, TODAY, "township") == [
        VisitCount("城关镇", "城关镇", 0, 1, 5), VisitCount("大河乡", "大河乡", 1, 0, 2)]
    assert visit_counts(engine, everyone, TODAY, "employer") == [
        VisitCount(w.employers["dg"], "东莞市华丰电子有限公司", 0, 1, 5),
        VisitCount(w.employers["nb"], "宁波市顺达五金有限公司", 1, 0, 2)]
    assert visit_counts(engine, everyone, TODAY, "city") == [
        VisitCount("东莞市", "东莞市", 0, 1, 5), VisitCount("宁波市", "宁波市", 1, 0, 2)]
    assert visit_counts(engine, VisitScope(township="城关镇"), TODAY, "city") == [
        VisitCount("东莞市", "东莞市", 0, 1, 5)]
    assert visit_counts(engine, VisitScope(city="宁波市"), TODAY, "township") == [
        VisitCount("大河乡", "大河乡", 1, 0, 2)]
    assert visit_counts(engine, VisitScope(employer_id=w.employers["nb"], township="城关镇"), TODAY) == []
    # a day later than the window: c's visit is overdue too
    assert visit_counts(engine, everyone, date(2026, 3, 20), "township")[1] == VisitCount("大河乡", "大河乡", 0, 1, 2)


def test_list_pages_states_and_masks(engine, world) -> None:
    w = world
    page = visit_list(engine, VisitScope(), TODAY, state=None, page=0, per_page=4)
    assert page.total == 9 and len(page.rows) == 4
    first = page.rows[0]
    assert (first.hire_id, first.month, first.state, first.name, first.phone_masked, first.township, first.village,
            first.employer, first.city, first.start_date) == \
        (w.hires["b"], 1, DueState.OVERDUE, "李*国", "139****0002", "城关镇", "东门村", "东莞市华丰电子有限公司",
         "东莞市", date(2026, 1, 15))
    assert first.window == (date(2026, 2, 8), date(2026, 3, 1)) and first.due_date == date(2026, 2, 15)
    assert page.rows[1].state == DueState.DUE and page.rows[1].hire_id == w.hires["c"]
    last = visit_list(engine, VisitScope(), TODAY, state=None, page=2, per_page=4)
    assert (last.total, len(last.rows)) == (9, 1)
    overdue = visit_list(engine, VisitScope(), TODAY, state=DueState.OVERDUE, page=0)
    assert [(r.hire_id, r.month) for r in overdue.rows] == [(w.hires["b"], 1)] and overdue.total == 1
    due = visit_list(engine, VisitScope(city="宁波市"), TODAY, state=DueState.DUE, page=0)
    assert [(r.hire_id, r.name) for r in due.rows] == [(w.hires["c"], "张*芳")]
    assert visit_list(engine, VisitScope(township="城关镇"), TODAY, state=DueState.DUE, page=0).total == 0
    mine = visit_list(engine, VisitScope(employer_id=w.employers["dg"]), TODAY, state=DueState.UPCOMING, page=0)
    assert mine.total == 5 and {r.hire_id for r in mine.rows} == {w.hires["a"], w.hires["b"]}


def test_done_visits_leave_the_open_lists(engine, world) -> None:
    overdue = visit_list(engine, VisitScope(), TODAY, state=DueState.OVERDUE, page=0).rows[0]
    record_visit(engine, follow_up_id=overdue.follow_up_id, report=VisitReport("working", TODAY, 5000), user_id=None,
                 now=datetime(2026, 3, 10, 3, tzinfo=UTC))
    assert visit_list(engine, VisitScope(), TODAY, state=DueState.OVERDUE, page=0).total == 0
    done = visit_list(engine, VisitScope(), TODAY, state=DueState.DONE, page=0)
    assert [(r.follow_up_id, r.state, r.outcome, r.visited_on) for r in done.rows] == \
        [(overdue.follow_up_id, DueState.DONE, "working", TODAY)]
    assert visit_counts(engine, VisitScope(), TODAY)[0] == VisitCount("大河乡", "大河乡", 1, 0, 2)
