"""Demo follow-ups: the demo's hires get their visits through the same scheduling, and what the visits found.

Every active hire without visits (this run's) is scheduled by `services.followups.schedule.schedule_hires`
(the rows `schedule_visits` makes). Visits whose window has closed were mostly made (about one in eight is
left overdue), a share of those in their window too; upcoming ones wait. Each hire's story runs from visit to
visit: most are still working (the wage now and then a little higher, sometimes not asked), some changed job,
returned home, could not be reached (a repair-queue item, closed once a later visit reaches them) or are in a
dispute; a few report wages not paid (an unpaid issue with amount and since when) or not being safe. Issues
reported more than two months ago are half resolved. Written in bulk, in one transaction.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import bindparam, exists, select, update
from sqlalchemy.engine import Connection, Engine

from models import ACTIVE_HIRE, FollowUp, Hire, UnreachableItem, WageIssue
from services.cli.demo.employers import round_to
from services.core.db import unit_of_work
from services.followups.schedule import schedule_hires

# next outcome given the last one (None: the first visit)
NEXT = {
    None: {"working": 80, "changed_job": 7, "returned": 6, "unreachable": 4, "dispute": 3},
    "working": {"working": 84, "changed_job": 6, "returned": 5, "unreachable": 3, "dispute": 2},
    "changed_job": {"changed_job": 82, "returned": 9, "unreachable": 6, "dispute": 3},
    "returned": {"returned": 70, "changed_job": 15, "unreachable": 15},
    "unreachable": {"working": 45, "unreachable": 30, "returned": 25},
    "dispute": {"working": 50, "changed_job": 20, "returned": 20, "dispute": 10},
}
NEW_EMPLOYERS = ("永康市恒达五金厂", "东莞市新宇电子厂", "昆明市滇池物流公司", "县城扶贫车间（制衣）",
                 "佛山市顺德家具厂", "宁波市北仑模具厂", "本县建筑工地", "曲靖市宏达食品厂")
DISPUTES = ("加班费没有按约定发放", "押了一个月工资不发", "合同到期后不给办离职", "工伤后医药费没有报销",
            "宿舍条件和招聘时说的不一样", "扣了培训费，事先没说")
RESOLUTIONS = ("工作站出面协调，工资已补发", "劳动监察介入，已结清", "双方协商一致，已解决", "企业已整改")
OVERDUE_DONE, IN_WINDOW_DONE = 0.88, 0.45


@dataclass
class FollowUpReport:
    hires: int = 0
    visits: int = 0
    done: int = 0
    overdue: int = 0
    issues: int = 0
    unreachable: int = 0


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _at(rng: random.Random, day: date, now: datetime) -> datetime:
    """A moment in the county's working day `day` (09:00-18:00 local), never after `now`."""
    return min(datetime.combine(day, time(1, 0), UTC) + timedelta(minutes=rng.uniform(0, 540)), now)


def _report(rng: random.Random, outcome: str, wage: int, day: date) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The visit's answers and the issues they open."""
    values: dict[str, Any] = dict(outcome=outcome, monthly_wage=None, new_employer="", wage_paid=None, safe=None,
                                  note="")
    issues: list[dict[str, Any]] = []
    if outcome in ("working", "changed_job", "dispute"):
        values["monthly_wage"] = None if rng.random() < 0.12 else \
            round_to(wage * rng.uniform(0.97, 1.12)) if outcome == "working" else round_to(rng.uniform(3600, 7500))
        values["wage_paid"] = None if rng.random() < 0.1 else rng.random() >= (0.04 if outcome != "dispute" else 0.6)
        values["safe"] = None if rng.random() < 0.15 else rng.random() >= 0.006
    if outcome == "changed_job":
        values["new_employer"] = rng.choice(NEW_EMPLOYERS)
    if outcome == "dispute":
        values["note"] = rng.choice(DISPUTES)
        issues.append(dict(kind="dispute", description=values["note"]))
    if values["wage_paid"] is False:
        owed = values["monthly_wage"] or wage
        issues.append(dict(kind="unpaid", amount=owed * rng.choice((1, 1, 2)) if rng.random() < 0.85 else None,
                           since=day - timedelta(days=rng.randrange(20, 75)) if rng.random() < 0.8 else None))
    if values["safe"] is False:
        issues.append(dict(kind="unsafe", description="宿舍消防通道堵塞"))
    return values, issues


def add_follow_ups(engine: Engine, *, seed: int, today: date, now: datetime) -> FollowUpReport:
    """Schedule the visits of the hires that have none, and record what the visits made so far found."""
    report = FollowUpReport()
    h, f = Hire.__table__.c, FollowUp.__table__.c
    with unit_of_work(engine) as session:
        conn = session.connection()
        hires = conn.execute(select(h.id, h.seeker_id, h.employer_id, h.start_date, h.monthly_wage)
                             .where(ACTIVE_HIRE, ~exists().where(f.hire_id == h.id)).order_by(h.id)).all()
        report.hires = len(hires)
        report.visits = schedule_hires(conn, [(i, s, e, start) for i, s, e, start, _w in hires])
        for chunk in range(0, len(hires), 500):
            part = hires[chunk:chunk + 500]
            _record(conn, report, part, seed=seed, today=today, now=now)
    return report


def _record(conn: Connection, report: FollowUpReport, hires: Sequence[Any], *, seed: int, today: date,
            now: datetime) -> None:
    f = FollowUp.__table__.c
    wages = {hire_id: (seeker, wage) for hire_id, seeker, _e, _s, wage in hires}
    rows = conn.execute(select(f.id, f.hire_id, f.seeker_id, f.employer_id, f.window_opens, f.window_closes)
                        .where(f.hire_id.in_(list(wages)), f.month.is_not(None)).order_by(f.hire_id, f.month)).all()
    updates: list[dict[str, Any]] = []
    issues: list[dict[str, Any]] = []
    unreachable: list[dict[str, Any]] = []
    last: dict[int, str | None] = {}
    still_open: dict[int, dict[str, Any]] = {}
    rng_of: dict[int, random.Random] = {}
    for fid, hire_id, seeker, employer, opens, closes in rows:
        rng = rng_of.setdefault(hire_id, random.Random(f"{seed}/followups/{hire_id}"))
        if opens > today:
            continue
        overdue = closes < today
        if rng.random() >= (OVERDUE_DONE if overdue else IN_WINDOW_DONE):
            report.overdue += overdue
            continue
        end = min(closes if rng.random() < 0.9 else closes + timedelta(days=30), today)
        day = opens + timedelta(days=rng.randrange((end - opens).days + 1))
        at = _at(rng, day, now)
        outcome = _pick(rng, NEXT[last.get(hire_id)])
        last[hire_id] = outcome
        values, found = _report(rng, outcome, wages[hire_id][1], day)
        updates.append({"b_" + k: v for k, v in dict(id=fid, status="done", visited_on=day, recorded_at=at,
                                                       **values).items()})
        base = dict(follow_up_id=fid, hire_id=hire_id, seeker_id=seeker, employer_id=employer, reported_at=at)
        for issue in found:
            old = (now - at).days > 60 and rng.random() < 0.5
            issues.append({"amount": None, "since": None, "description": "", "resolution": "", "resolved_at": None,
                           **base, **issue, **({"resolved_at": at + timedelta(days=rng.randrange(5, 40)),
                                                "resolution": rng.choice(RESOLUTIONS)} if old else {})})
        item = still_open.get(seeker)
        if outcome == "unreachable" and item is None:
            still_open[seeker] = dict(seeker_id=seeker, follow_up_id=fid, created_at=at, reason="")
            unreachable.append(still_open[seeker])
        elif outcome != "unreachable" and item is not None:  # reached at a later visit: fixed
            item.update(closed_at=at, outcome="fixed", reason="回访时联系上了")
            del still_open[seeker]
    if updates:
        stmt = update(FollowUp.__table__).where(f.id == bindparam("b_id")).values(
            {k[2:]: bindparam(k) for k in updates[0] if k != "b_id"})
        conn.execute(stmt, updates)
    if issues:
        conn.execute(WageIssue.__table__.insert(), issues)
    _unreachable(conn, unreachable)
    report.done += len(updates)
    report.issues += len(issues)
    report.unreachable += sum("closed_at" not in u for u in unreachable)


def _unreachable(conn: Connection, items: list[dict[str, Any]]) -> None:
    """One open item per person: a later unreachable visit of someone still open adds nothing."""
    open_now: set[int] = set(conn.execute(select(UnreachableItem.__table__.c.seeker_id).where(
        UnreachableItem.__table__.c.closed_at.is_(None))).scalars())
    rows = []
    for item in items:
        if item["seeker_id"] in open_now:
            continue
        if "closed_at" not in item:
            open_now.add(item["seeker_id"])
        rows.append({"closed_at": None, "outcome": None, **item})
    if rows:
        conn.execute(UnreachableItem.__table__.insert(), rows)
