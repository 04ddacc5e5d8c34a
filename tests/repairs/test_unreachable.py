"""People unreachable at a follow-up visit in the repair queue: one open item per person, listed per township,
closed as fixed or dismissed (with a reason), kept and audited; both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from models import AuditEvent
from services.core.db import unit_of_work
from services.core.errors import FieldErrors
from services.followups.visits import VisitReport, record_visit
from services.repairs import queue
from services.repairs.unreachable import (
    DISMISSED,
    FIXED,
    ItemClosed,
    close_unreachable,
    open_unreachable,
    unreachable_items,
)
from tests.followups.support import build, hire, visits

AT = datetime(2026, 4, 21, 2, 0, tzinfo=UTC)
DAY = date(2026, 4, 21)


def test_unreachable_items_per_township_closed_and_kept(engine, vault) -> None:
    w = build(engine, vault)
    a, c = hire(engine, w, "a"), hire(engine, w, "c", "nb")
    for hire_id in (a, c):
        record_visit(engine, follow_up_id=visits(engine, hire_id)[0].id, report=VisitReport("unreachable", DAY),
                     user_id=None, now=AT)
    figures = {f.township: f for f in queue.figures(engine) if f.unreachable}  # the queue's figures count them
    assert set(figures) == {"城关镇", "大河乡"}
    assert figures["城关镇"].unreachable == 1 and figures["城关镇"].oldest == AT
    assert [f.unreachable for f in queue.figures(engine, township="大河乡")] == [1]
    items, total = unreachable_items(engine, township="城关镇")
    assert total == 1
    [item] = items
    assert (item.seeker_id, item.name, item.village, item.phone_masked, item.employer, item.visited_on) == \
        (w.seekers["a"], "王*兰", "东门村", "139****0001", "东莞市华丰电子有限公司", DAY)
    assert unreachable_items(engine, township=None)[1] == 2
    with pytest.raises(FieldErrors) as refused:
        close_unreachable(engine, item_id=item.item_id, user_id=w.users["organizer"], outcome=DISMISSED, reason=" ")
    assert set(refused.value.errors) == {"reason"}
    closed = close_unreachable(engine, item_id=item.item_id, user_id=w.users["township"], outcome=FIXED,
                               reason="打通了新号码", now=AT + timedelta(days=1))
    assert (closed.outcome, closed.closed_by, closed.reason) == (FIXED, w.users["township"], "打通了新号码")
    with pytest.raises(ItemClosed):
        close_unreachable(engine, item_id=item.item_id, user_id=w.users["organizer"], outcome=FIXED)
    assert unreachable_items(engine, township="城关镇") == ([], 0)
    assert all(f.unreachable == 0 for f in queue.figures(engine, township="城关镇"))
    with unit_of_work(engine, write=False) as session:
        [audit] = session.scalars(select(AuditEvent).where(AuditEvent.action == "unreachable_closed")).all()
    assert audit.actor == "town_cg" and audit.detail["outcome"] == FIXED
    # unreachable again later: a new item, the old one kept
    with unit_of_work(engine) as session:
        again = open_unreachable(session, seeker_id=w.seekers["a"], follow_up_id=None, now=AT + timedelta(days=60))
    assert again != item.item_id
    assert unreachable_items(engine, township="城关镇")[1] == 1
