"""A small county after the hire, inserted directly: hires with their scheduled visits and outcomes,
wage issues, sites and households. Shared by the retention, income and drill-down tests and the
dashboard page test. Today is 2026-11-23 (China); visits are 1, 3 and 6 months, from 7 days before
to 14 days after their due date.

Hires (the outcome of the 1-, 3- and 6-month visits; "—" still scheduled, "·" not yet due):

| hire | person | township | start | wage | scope | 1 month | 3 months | 6 months |
|---|---|---|---|---|---|---|---|---|
| h1 | p1 | 城关镇 | 04-01 | 5000 | out | working 05-02 (5200) | — (closed 07-15: lost) | working 10-03 (5500) |
| h2 | p2 | 城关镇 | 04-10 | 4800 | out | working 05-11 | changed job 07-12 (6000) | changed job 10-11 (6200) |
| h3 | p3 | 城关镇 | 05-01 | 5000 | out | working 06-01 (5100) | returned 08-03 | — (closed 11-15: lost) |
| h4 | p4 | 大河乡 | 05-20 | 4500 | province | working 06-21 | dispute 08-22 | — (open to 12-04: pending) |
| h5 | p5 | 大河乡 | 08-01 | 5000 | province | unreachable 09-02 | working 11-02 (5300) | · |
| h6 | p6 | 城关镇 | 04-01 | 5000 | out | working 05-02, then the hire was cancelled | cancelled | cancelled |
| h7 | p7 | 城关镇 | 11-01 | 5000 | local | · | · | · |
| h8 | p8 | 城关镇 | 12-01 | 5000 | out | · (not started) | · | · |
| h9 | p1 | 城关镇 | 08-31 | 3000 | local | — (closed 10-14: lost) | · | · |

h1 is at fair F; h1-h3, h6, h9 employer A (东莞), h4, h5, h7, h8 employer B (宁波).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update

from models import Application, FollowUp, Hire, Household, Seeker, WageIssue
from services.core.db import unit_of_work
from services.followups.due import Schedule, visit_dates
from services.places.sources import create_fair, create_site
from services.summaries import hire_facts, hire_sites
from tests.factories import make_employer, make_vacancy, register

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)  # 11:30 in China
TODAY = date(2026, 11, 23)
SCHEDULE = Schedule((1, 3, 6), 7, 14)
D = date


@dataclass
class County:
    hires: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    employers: dict[str, int] = field(default_factory=dict)
    fair_id: int = 0
    sites: dict[str, int] = field(default_factory=dict)
    households: dict[str, int] = field(default_factory=dict)


PEOPLE = {"p1": "城关镇", "p2": "城关镇", "p3": "城关镇", "p4": "大河乡", "p5": "大河乡", "p6": "城关镇",
          "p7": "城关镇", "p8": "城关镇"}
VILLAGE = {"城关镇": "东门村", "大河乡": "大河村"}
HIRES = {  # name: person, employer, start, wage, scope, province
    "h1": ("p1", "A", D(2026, 4, 1), 5000, "out", "广东省"),
    "h2": ("p2", "A", D(2026, 4, 10), 4800, "out", "广东省"),
    "h3": ("p3", "A", D(2026, 5, 1), 5000, "out", "广东省"),
    "h4": ("p4", "B", D(2026, 5, 20), 4500, "province", "云南省"),
    "h5": ("p5", "B", D(2026, 8, 1), 5000, "province", "云南省"),
    "h6": ("p6", "A", D(2026, 4, 1), 5000, "out", "广东省"),
    "h7": ("p7", "B", D(2026, 11, 1), 5000, "local", "云南省"),
    "h8": ("p8", "B", D(2026, 12, 1), 5000, "out", "浙江省"),
    "h9": ("p1", "A", D(2026, 8, 31), 3000, "local", "云南省"),
}
# (hire, month): (outcome, visited on, wage); months not listed stay scheduled
VISITS = {
    ("h1", 1): ("working", D(2026, 5, 2), 5200), ("h1", 6): ("working", D(2026, 10, 3), 5500),
    ("h2", 1): ("working", D(2026, 5, 11), None), ("h2", 3): ("changed_job", D(2026, 7, 12), 6000),
    ("h2", 6): ("changed_job", D(2026, 10, 11), 6200),
    ("h3", 1): ("working", D(2026, 6, 1), 5100), ("h3", 3): ("returned", D(2026, 8, 3), None),
    ("h4", 1): ("working", D(2026, 6, 21), None), ("h4", 3): ("dispute", D(2026, 8, 22), None),
    ("h5", 1): ("unreachable", D(2026, 9, 2), None), ("h5", 3): ("working", D(2026, 11, 2), 5300),
    ("h6", 1): ("working", D(2026, 5, 2), None),
}


def build(engine, vault, today: date = TODAY) -> County:
    """The county above; with `today`, every date moved by the days from 2026-11-23 to it (for pages,
    which run on the real date: the states at the window edges stay days away from them)."""
    shift = today - TODAY

    def on(day: date | None) -> date | None:
        return None if day is None else day + shift

    world = County()
    world.employers["A"] = make_employer(engine, name="东莞市华丰电子有限公司", serial=1)
    world.employers["B"] = make_employer(engine, name="宁波市甬江服饰有限公司", serial=2, province="浙江省",
                                         city="宁波市")
    jobs = {name: make_vacancy(engine, world.employers[emp]) for name, (_p, emp, *_rest) in HIRES.items()}
    world.fair_id = create_fair(engine, name="春风行动招聘会", code="CF26", township="城关镇",
                                starts_on=D(2026, 3, 1), ends_on=D(2026, 3, 1), status="closed").id
    world.sites["S1"] = create_site(engine, name="城关镇幸福社区安置点", code="AZ-CG", township="城关镇").id
    for n, (person, township) in enumerate(PEOPLE.items()):
        world.people[person] = register(engine, vault, 40 + n, township=township, village=VILLAGE[township]).seeker_id
    with unit_of_work(engine) as session:
        home = Household(township="城关镇", village="东门村", code="CG-001", size=4)
        session.add(home)
        session.flush()
        world.households["CG-001"] = home.id
        s = Seeker.__table__.c
        # p1 and p2: site S1, household CG-001; p3: site S1, no household; the others: no site
        session.execute(update(Seeker.__table__).where(s.id.in_([world.people["p1"], world.people["p2"]]))
                        .values(first_site_id=world.sites["S1"], household_id=home.id))
        session.execute(update(Seeker.__table__).where(s.id == world.people["p3"])
                        .values(first_site_id=world.sites["S1"]))
        for name, (person, emp, start, wage, scope, province) in HIRES.items():
            employer = world.employers[emp]
            job = jobs[name]
            app = Application(vacancy_id=job, seeker_id=world.people[person], employer_id=employer,
                              stage="hired", source="booth", hired_at=datetime(2026, 3, 1, 2, tzinfo=UTC) + shift)
            session.add(app)
            session.flush()
            start = on(start)
            cancelled = datetime(2026, 6, 1, tzinfo=UTC) + shift if name == "h6" else None
            hire = Hire(application_id=app.id, seeker_id=world.people[person], employer_id=employer,
                        vacancy_id=job, fair_id=world.fair_id if name == "h1" else None, start_date=start,
                        monthly_wage=wage, contract_months=12, province=province, city="某市", scope=scope,
                        trade="garment_sewing" if emp == "B" else "electronics_assembly",
                        hired_at=datetime(2026, 3, 1, 2, tzinfo=UTC) + shift, cancelled_at=cancelled)
            session.add(hire)
            session.flush()
            world.hires[name] = hire.id
            for k in SCHEDULE.months:
                dates = visit_dates(start, k, SCHEDULE)
                visit = FollowUp(hire_id=hire.id, seeker_id=hire.seeker_id, employer_id=employer, month=k,
                                 due_date=dates.due_date, window_opens=dates.window_opens,
                                 window_closes=dates.window_closes)
                if (name, k) in VISITS:
                    outcome, day, paid = VISITS[(name, k)]
                    visit.status, visit.outcome, visit.visited_on, visit.monthly_wage = "done", outcome, on(day), paid
                elif cancelled is not None:
                    visit.status, visit.cancelled_at = "cancelled", cancelled
                session.add(visit)
        session.flush()
        h = world.hires
        for hire_name, emp, kind, amount, since, resolved in (
                ("h3", "A", "unpaid", 3000, D(2026, 7, 15), None), ("h4", "B", "dispute", None, None, None),
                ("h1", "A", "unpaid", 1000, D(2026, 5, 1), NOW), ("h6", "A", "unpaid", 800, D(2026, 5, 1), None)):
            person = HIRES[hire_name][0]
            session.add(WageIssue(hire_id=h[hire_name], seeker_id=world.people[person],
                                  employer_id=world.employers[emp], kind=kind, amount=amount, since=on(since),
                                  resolved_at=resolved))
        session.flush()
        hire_facts.rebuild(session.connection())  # written directly, as the demo does: the hires' facts
        hire_sites.rebuild(session.connection())  # and each registration point's hires
    return world
