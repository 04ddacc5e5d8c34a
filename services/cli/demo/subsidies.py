"""Demo data for the employer subsidies page: the county's rules, one changed rule (so the page shows two
versions and a report that uses both), and a "still working" visit 9-10 months after the start for most
hires old enough, so the retained rule pays something (the demo's people registered within the last year,
so only its earliest hires are 9 months old). Idempotent: run again, it adds nothing twice."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine

from models import ACTIVE_HIRE, FollowUp, Hire, Outcome, VisitStatus
from models.base import utcnow
from services.core.db import unit_of_work
from services.core.i18n import N_
from services.followups.due import add_months
from services.subsidies.defaults import ensure_default_rules
from services.subsidies.rules import RuleChange, change_rule, rule_versions

CHANGED_RULE = "hire_contract"
RETAINED_SHARE = 0.7  # of the hires old enough: visited and found still working


@dataclass
class SubsidyDemo:
    rules: int = 0  # default rules added
    versions: int = 0  # new versions added
    visits: int = 0  # "still working" visits added


def add_subsidy_demo(engine: Engine, *, today: date, seed: int = 1, now: datetime | None = None) -> SubsidyDemo:
    now = now or utcnow()
    out = SubsidyDemo(rules=ensure_default_rules(engine, now=now))
    current = rule_versions(engine, CHANGED_RULE)[0]
    changed_on = date(today.year, 1, 1) + timedelta(days=((today - date(today.year, 1, 1)).days // 2))
    if current.version == 1 and changed_on > current.valid_from:
        change_rule(engine, RuleChange(CHANGED_RULE, 1, {**current.params, "amount": 500}, changed_on,
                                       N_("Demo: raised to 500 yuan per hire halfway through the year.")),
                    user_id=None, actor="demo", now=now)
        out.versions = 1
    out.visits = _retained_visits(engine, today, seed, now)
    return out


def _retained_visits(engine: Engine, today: date, seed: int, now: datetime) -> int:
    h, f = Hire.__table__.c, FollowUp.__table__.c
    with unit_of_work(engine) as session:
        hires = session.execute(select(h.id, h.seeker_id, h.employer_id, h.start_date, h.monthly_wage)
                                .where(ACTIVE_HIRE, h.start_date <= today - timedelta(days=280))
                                .order_by(h.id)).all()
        visited = set(session.scalars(select(f.hire_id).where(f.month.is_(None), f.status == VisitStatus.DONE)))
        rows = []
        for hire_id, seeker_id, employer_id, start, wage in hires:
            rng = random.Random(f"{seed}/retained/{hire_id}")  # the same choice for a hire on every run
            if hire_id in visited or rng.random() >= RETAINED_SHARE:
                continue
            day = add_months(start, 9) + timedelta(days=rng.randrange(0, 30))
            if day > today:
                continue
            rows.append(dict(hire_id=hire_id, seeker_id=seeker_id, employer_id=employer_id, month=None, due_date=day,
                             window_opens=day, window_closes=day, status=VisitStatus.DONE, outcome=Outcome.WORKING,
                             visited_on=day, monthly_wage=wage, new_employer="", wage_paid=True, safe=True, note="",
                             recorded_at=now, cancel_reason="", created_at=now))
        if rows:
            session.execute(FollowUp.__table__.insert(), rows)
    return len(rows)
