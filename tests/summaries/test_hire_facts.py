"""The hires' facts (services/summaries/hire_facts.py) against a recount, both backends.

Sequences of writes through the services — hires recorded, hired again on new terms, cancelled; visits made
(extra ones and the scheduled ones), with wages and every outcome; a person's home township changed by a
re-registration and their registered-poor answer by the profile page — then `verify` finds no difference,
and the in-work rule over the facts picks exactly the hires the base-table rule picks. The same after
concurrent writes on one hire and one person (PostgreSQL: the hire's row is locked before its facts are
read again).
"""

from __future__ import annotations

import itertools
import threading
import time
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from datetime import time as time_

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import Session

from models import Application, FollowUp, Hire, HireFact, Outcome, SummaryHireSite, Vacancy, VisitStatus
from services.core.clock import local_today, local_zone
from services.core.db import unit_of_work
from services.core.errors import PortalError
from services.followups.employment import in_work_fact_sql, in_work_sql
from services.followups.report import VisitReport
from services.followups.visits import record_extra_visit, record_visit
from services.places.sources import Source, create_site
from services.recruiting.hires import HireTerms, cancel_hire, record_hire
from services.registration.checkin import check_in_ticket
from services.registration.profile import save_profile_group
from services.reporting.dashboard.context import resolve
from services.reporting.dashboard.filters import DashboardFilter, FilterOptions
from services.reporting.dashboard.retention import retention, uses_counters
from services.summaries import hire_facts, hire_sites, retention_counts
from tests.factories import register
from tests.households import support as mk

TODAY = local_today()
ZONE = local_zone()
TOWNSHIPS = ["城关镇", "龙泉镇", "大河乡"]
VILLAGE = {"城关镇": "东门村", "龙泉镇": "龙泉村", "大河乡": "大河村"}
PEOPLE = 4
SITES = 2
DB = settings(max_examples=10, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
OUTCOMES = st.sampled_from([Outcome.WORKING, Outcome.CHANGED_JOB, Outcome.RETURNED, Outcome.UNREACHABLE,
                            Outcome.DISPUTE])
ops = st.lists(st.one_of(
    st.tuples(st.just("hire"), st.integers(0, PEOPLE - 1), st.integers(-200, 10), st.integers(3000, 8000)),
    st.tuples(st.just("cancel"), st.integers(0, 5)),
    st.tuples(st.just("extra"), st.integers(0, 5), OUTCOMES, st.integers(0, 150), st.none() | st.integers(2000, 9000)),
    st.tuples(st.just("scheduled"), st.integers(0, 5), OUTCOMES),
    st.tuples(st.just("township"), st.integers(0, PEOPLE - 1), st.integers(0, len(TOWNSHIPS) - 1)),
    st.tuples(st.just("poor"), st.integers(0, PEOPLE - 1), st.booleans()),
    st.tuples(st.just("visit"), st.integers(0, PEOPLE - 1), st.integers(0, SITES - 1)),
    st.tuples(st.just("fold")),
), min_size=1, max_size=16)
_serial = itertools.count()


class World:
    def __init__(self, engine, vault) -> None:
        self.engine, self.vault = engine, vault
        self.people = [self._register(i, TOWNSHIPS[i % len(TOWNSHIPS)]) for i in range(PEOPLE)]
        self.employer = mk.Employer(engine)
        self.hires: list[int] = []
        self.apps: dict[int, int] = {}
        n = next(_serial)
        self.sites = [create_site(engine, name=f"安置点{n}-{i}", code=f"HS{n:03d}{i}", township="城关镇").id
                      for i in range(SITES)]
        self.visits = itertools.count()

    def _register(self, who: int, township: str):
        return register(self.engine, self.vault, 700 + who, township=township, village=VILLAGE[township])

    def run(self, op: tuple) -> None:
        with suppress(PortalError):  # a refused write (a visit before the start, a cancelled hire, …) changes nothing
            getattr(self, "_" + op[0])(*op[1:])

    def _hire(self, who: int, start: int, wage: int) -> None:
        sid = self.people[who].seeker_id
        with unit_of_work(self.engine) as session:
            if sid not in self.apps:
                app = Application(vacancy_id=self.employer.vacancy, seeker_id=sid, employer_id=self.employer.id,
                                  stage="hired")
                session.add(app)
                session.flush()
                self.apps[sid] = app.id
            hire = record_hire(session, app=session.get(Application, self.apps[sid]),
                               vacancy=session.get(Vacancy, self.employer.vacancy),
                               terms=HireTerms(TODAY + timedelta(days=start), wage, 6 + wage % 19),  # months vary
                               user_id=None, fair_id=None, now=datetime.now(UTC))
            if hire.id not in self.hires:
                self.hires.append(hire.id)

    def _cancel(self, i: int) -> None:
        if i < len(self.hires):
            with unit_of_work(self.engine) as session:
                hire = session.get(Hire, self.hires[i])
                if hire.cancelled_at is None:
                    cancel_hire(session, hire, user_id=None, reason="test", now=datetime.now(UTC))

    def _extra(self, i: int, outcome: str, days_ago: int, wage: int | None) -> None:
        if i < len(self.hires):
            record_extra_visit(self.engine, hire_id=self.hires[i], user_id=None,
                               report=VisitReport(outcome=outcome, visited_on=TODAY - timedelta(days=days_ago),
                                                  monthly_wage=wage, wage_paid=True, safe=True))

    def _scheduled(self, i: int, outcome: str) -> None:
        if i < len(self.hires):
            with Session(self.engine) as session:
                f = FollowUp.__table__.c
                visit = session.execute(select(f.id, f.window_opens).where(
                    f.hire_id == self.hires[i], f.status == VisitStatus.SCHEDULED, f.month.is_not(None))
                    .order_by(f.month)).first()
            if visit is not None and visit.window_opens <= TODAY:
                record_visit(self.engine, follow_up_id=visit.id, user_id=None,
                             report=VisitReport(outcome=outcome, visited_on=min(TODAY, visit.window_opens),
                                                monthly_wage=4321, wage_paid=True, safe=True))

    def _township(self, who: int, t: int) -> None:
        self._register(who, TOWNSHIPS[t])  # the same person registers again

    def _visit(self, who: int, site: int) -> None:  # a check-in at a registration point (summaries/hire_sites.py)
        check_in_ticket(self.engine, ticket_code=self.people[who].ticket_code,
                        source=Source(kind="site", site_id=self.sites[site]),
                        submission_id=f"hv-{self.sites[site]}-{who}-{next(self.visits)}", now=datetime.now(UTC))

    def _fold(self) -> None:  # the daily job: retention's past days into one row per key
        with unit_of_work(self.engine) as session:
            retention_counts.fold(session.connection())

    def _poor(self, who: int, yes: bool) -> None:
        save_profile_group(self.engine, ticket_code=self.people[who].ticket_code, group="poor_household",
                           answers={"poor_household": "yes" if yes else "no"})


def _retention(engine, day, township=None, *, counters: bool):
    ctx = resolve(DashboardFilter(township=township), FilterOptions([], [], None),
                  now=datetime.combine(day, time_(12), ZONE), zone=ZONE, summaries=counters)
    assert uses_counters(ctx) is counters
    with engine.connect() as conn:
        return retention(conn, ctx)["retention"]


def _check(engine) -> None:
    """Every fact and counter as a recount says; retention from the counters as from the base tables, on days
    from today on (the days the dashboard reads the counters for)."""
    with unit_of_work(engine) as session:
        conn = session.connection()
        assert hire_facts.verify(conn)[0] == (0, 0)
        assert hire_sites.verify(conn)[0] == (0, 0)
        for table, (counts, *_samples) in retention_counts.verify(conn).items():
            assert counts == (0, 0), (table, _samples)
    for day in (TODAY, TODAY + timedelta(days=1), TODAY + timedelta(days=20), TODAY + timedelta(days=45),
                TODAY + timedelta(days=200)):
        for township in (None, TOWNSHIPS[0]):
            assert _retention(engine, day, township, counters=True) == _retention(engine, day, township,
                                                                                 counters=False), (day, township)
    with unit_of_work(engine) as session:
        conn = session.connection()
        for day in (TODAY, TODAY - timedelta(days=100), TODAY + timedelta(days=30)):
            base = {i for (i,) in conn.execute(select(Hire.__table__.c.id).where(in_work_sql(day)))}
            facts = {i for (i,) in conn.execute(select(HireFact.__table__.c.hire_id).where(in_work_fact_sql(day)))}
            assert facts == base, day


@DB
@given(ops)
def test_any_sequence_of_writes_keeps_the_facts_exact(engine, vault, steps) -> None:
    world = World(engine, vault)
    for op in steps:
        world.run(op)
    _check(engine)


def test_each_write_moves_its_row(engine, vault) -> None:
    world = World(engine, vault)
    world.run(("hire", 0, -100, 5000))
    (hid,) = world.hires

    def row() -> HireFact:
        with Session(engine) as session:
            return session.get(HireFact, hid)

    assert (row().township, row().active, row().wage, row().latest_outcome) == ("城关镇", True, 5000, None)
    world.run(("extra", 0, Outcome.WORKING, 10, 6100))
    assert (row().latest_outcome, row().wage, row().last_in_work) == ("working", 6100, TODAY - timedelta(days=10))
    world.run(("extra", 0, Outcome.RETURNED, 2, None))
    assert (row().latest_outcome, row().wage, row().last_in_work) == ("returned", 6100, TODAY - timedelta(days=10))
    world.run(("township", 0, 2))
    assert row().township == "大河乡"
    world.run(("poor", 0, True))
    assert row().poor_household == "yes"
    world.run(("hire", 0, -50, 7000))  # hired again on new terms: the same hire
    assert (row().start_date, row().wage) == (TODAY - timedelta(days=50), 6100)  # a visit's wage wins
    world.run(("cancel", 0))
    assert row().active is False
    _check(engine)


def test_rebuild_restores_the_facts_and_verify_reports_a_difference(engine, vault) -> None:
    world = World(engine, vault)
    world.run(("hire", 1, -100, 5000))
    world.run(("extra", 0, Outcome.WORKING, 5, 5500))
    with unit_of_work(engine) as session:
        session.execute(HireFact.__table__.update().values(wage=1))
        (missing, unexpected), _a, _b = hire_facts.verify(session.connection())
        assert (missing, unexpected) == (1, 1)
        hire_facts.rebuild(session.connection())
        assert hire_facts.verify(session.connection())[0] == (0, 0)


def test_concurrent_visits_and_profile_changes_lose_nothing(engine, vault) -> None:
    """Visits of one hire and changes of its person's answers at once, from several threads."""
    world = World(engine, vault)
    world.run(("hire", 0, -150, 5000))
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def visits(first: int) -> None:
        start.wait()
        for k in range(4):
            try:
                world.run(("extra", 0, Outcome.WORKING if k % 2 else Outcome.CHANGED_JOB, first + 3 * k, 5000 + k))
            except BaseException as exc:
                errors.append(exc)

    def answers() -> None:
        start.wait()
        for k in range(4):
            try:
                world.run(("poor", 0, k % 2 == 0))
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=visits, args=(1,)), threading.Thread(target=visits, args=(2,)),
               threading.Thread(target=answers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    _check(engine)
    with Session(engine) as session:
        assert session.get(HireFact, world.hires[0]).poor_household == "no"  # the last answer (k = 3)
        done = session.scalars(select(FollowUp).where(FollowUp.status == VisitStatus.DONE)).all()
        assert len(done) >= 4  # (a visit inside a scheduled window fills it: some dates meet the same one)


def test_the_earliest_day_a_hire_counts_is_its_start(engine, vault) -> None:
    world = World(engine, vault)
    world.run(("hire", 2, 3, 4000))  # starts in three days
    _check(engine)
    with unit_of_work(engine, write=False) as session:
        conn = session.connection()
        later = {i for (i,) in conn.execute(select(HireFact.__table__.c.hire_id)
                                           .where(in_work_fact_sql(TODAY + timedelta(days=3))))}
        now = {i for (i,) in conn.execute(select(HireFact.__table__.c.hire_id).where(in_work_fact_sql(TODAY)))}
    assert (later, now) == ({world.hires[0]}, set())


def test_a_first_visit_while_a_hire_is_being_recorded_is_paired_with_it(engine, vault, monkeypatch) -> None:
    """The person checks in at a registration point for the first time while their hire's transaction is still
    open, after it has read their sites: the visit waits for the hire (the person's counted row is locked on
    PostgreSQL; SQLite runs one writer at a time) and then pairs the site with the hire (summaries/hire_sites.py)."""
    world = World(engine, vault)
    linked, errors = threading.Event(), []
    real = hire_sites.link_hires

    def slow(conn, hire_ids) -> None:  # the hire's transaction stays open a moment after reading the sites
        real(conn, hire_ids)
        linked.set()
        time.sleep(1.5)

    monkeypatch.setattr(hire_sites, "link_hires", slow)

    def visit() -> None:
        try:
            assert linked.wait(timeout=60)
            world._visit(0, 0)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=visit)
    thread.start()
    world._hire(0, -10, 5000)
    thread.join(timeout=120)
    assert not errors
    _check(engine)
    with Session(engine) as session:
        link = SummaryHireSite.__table__.c
        pairs = set(session.execute(select(link.site_id, link.hire_id)))
    assert pairs >= {(world.sites[0], world.hires[0])}
