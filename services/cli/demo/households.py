"""Demo households (一户一策): the demo's seekers grouped into households by village, some with the list's
declared wage income, and plans for part of the households that need one (some overdue, some with a done
step before the open one), so the households page shows something real."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from models import Household, HouseholdPlan, PlanStatus, Seeker
from models.household import HEAD
from services.cli.demo.bulk import copy_rows, reserve_ids, update_rows
from services.cli.output import say_line
from services.core.db import unit_of_work
from services.core.errors import Message
from services.core.i18n import N_
from services.households.rules import needs_plan_sql

RELATIONS = ("配偶", "子女", "子女", "父母", "儿媳")
CADRES = ("驻村第一书记 杨明", "乡镇帮扶干部 陈丽", "村委会主任 王建华", "人社所 刘芳", "网格员 张强")
STEPS = (
    ("推荐长子到东莞华丰电子厂面试，车费由企业承担", "村委会"),
    ("报名参加县里的电焊培训（订单式培训）", "人社所"),
    ("安排妻子到安置点扶贫车间做缝纫工", "帮扶干部"),
    ("申请村保洁员公益性岗位", "村委会"),
    ("联系劳务工作站推荐到永康五金厂", "劳务工作站"),
    ("入户了解就业意愿，登记技能", "网格员"),
)
DONE_STEPS = ("入户走访，登记家庭劳动力情况", "参加春风行动招聘会")
SHARE_DECLARED = 0.3  # households whose list gave an annual wage income
SHARE_PLANNED = 0.6  # of the households needing a plan, those given one
SHARE_OVERDUE = 0.3  # of the plans, those past their by-when


@dataclass
class HouseholdDemo:
    households: int = 0
    members: int = 0
    plans: int = 0
    overdue: int = 0


def add_households(engine: Engine, *, seed: int, today: date, now: datetime,
                   say: Callable[[Message], None] = say_line) -> HouseholdDemo:
    """Group the seekers without a household into households of 1-4 registered members per village."""
    rng = random.Random(f"{seed}/households")
    report = HouseholdDemo()
    s, hh = Seeker.__table__.c, Household.__table__
    with unit_of_work(engine) as session:
        conn = session.connection()
        people = conn.execute(select(s.id, s.township, s.village, s.poor_household).where(s.household_id.is_(None))
                              .order_by(s.township, s.village, s.id)).all()
        groups: list[list[Any]] = []
        for person in people:
            last = groups[-1] if groups else None
            if last and len(last) < last[0][-1] and (last[0][1], last[0][2]) == (person[1], person[2]):
                last.append((*person, 0))
            else:
                groups.append([(*person, rng.choice((1, 1, 2, 2, 3, 4)))])
        rows = []
        for group in groups:
            head = group[0]
            declared = rng.random() < SHARE_DECLARED
            size = len(group) + rng.choice((0, 1, 1, 2, 3))
            rows.append({"township": head[1], "village": head[2], "code": f"D{head[0]:06d}", "head_seeker_id": None,
                         "size": size, "poor": head[3] == "yes",
                         "annual_wage_income": rng.choice((0, 6000, 3500 * size, 18000, 30000, 48000))
                         if declared else None, "income_declared_on": today if declared else None,
                         "created_at": now, "updated_at": now})
        if not rows:
            return report
        ids = reserve_ids(conn, hh, len(rows))  # then COPY: no RETURNING over a million rows
        copy_rows(conn, hh, [{**row, "id": i} for i, row in zip(ids, rows, strict=True)])
        links = [{"id": p[0], "household_id": hid, "household_relation": HEAD if i == 0 else rng.choice(RELATIONS)}
                 for hid, group in zip(ids, groups, strict=True) for i, p in enumerate(group)]
        update_rows(conn, Seeker.__table__, "id", links)  # COPY and one UPDATE on PostgreSQL
        update_rows(conn, hh, "id", [{"id": hid, "head_seeker_id": group[0][0]}
                                     for hid, group in zip(ids, groups, strict=True)])
        report.households, report.members = len(ids), len(links)
        mine = set(ids)  # this run's households: by their id range (an IN list of a million ids is refused)
        needing = [h for h in conn.execute(select(hh.c.id).where(hh.c.id.between(min(ids), max(ids)),
                                                                  needs_plan_sql(today)).order_by(hh.c.id)).scalars()
                   if h in mine]
        plans = _plans(rng, [h for h in needing if rng.random() < SHARE_PLANNED], today, now)
        done = [p for p in plans if p["status"] != PlanStatus.OPEN]
        if done:  # the earlier steps first: each open step replaces its household's done one
            plan = HouseholdPlan.__table__
            earlier: dict[int, int] = dict(conn.execute(insert(plan).returning(plan.c.household_id, plan.c.id),
                                                        done).all())
            for p in plans:
                if p["status"] == PlanStatus.OPEN:
                    p["replaces_id"] = earlier.get(p["household_id"])
        if plans:
            conn.execute(insert(HouseholdPlan.__table__), [p for p in plans if p["status"] == PlanStatus.OPEN])
        report.plans = sum(p["status"] == PlanStatus.OPEN for p in plans)
        report.overdue = sum(p["status"] == PlanStatus.OPEN and p["due_on"] < today for p in plans)
    say((N_("households: {households} ({members} members), {plans} open plans, {overdue} overdue"),
         {"households": report.households, "members": report.members, "plans": report.plans,
          "overdue": report.overdue}))
    return report


def _plans(rng: random.Random, households: list[int], today: date, now: datetime) -> list[dict[str, Any]]:
    """An open step per household (some overdue), some after a done step."""
    out = []
    for hid in households:
        cadre = rng.choice(CADRES)
        started = now - timedelta(days=rng.randint(20, 90))
        if rng.random() < 0.4:
            out.append(_step(hid, cadre, rng.choice(DONE_STEPS), "村委会", today - timedelta(days=rng.randint(25, 60)),
                             PlanStatus.DONE, started, started + timedelta(days=10)))
        step, who = rng.choice(STEPS)
        due = (today - timedelta(days=rng.randint(1, 30)) if rng.random() < SHARE_OVERDUE
               else today + timedelta(days=rng.randint(0, 45)))
        out.append(_step(hid, cadre, step, who, due, PlanStatus.OPEN, started + timedelta(days=10),
                         started + timedelta(days=10)))
    return out


def _step(hid: int, cadre: str, step: str, who: str, due: date, status: str, created: datetime,
          updated: datetime) -> dict[str, Any]:
    return {"household_id": hid, "cadre_user_id": None, "cadre_name": cadre, "next_step": step, "by_whom": who,
            "due_on": due, "status": status, "note": "", "replaces_id": None, "created_by": None,
            "created_at": created, "updated_by": None, "updated_at": updated}
