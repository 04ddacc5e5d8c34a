"""The households' status rows (services/summaries/households.py) against the base tables, both backends.

Sequences of writes through the services — households formed and members moved (the import's save and link),
members joining at the desk, hires recorded, re-dated and cancelled, visits, plan steps opened and closed —
then the households page's figures, lists and income per township read from the rows must equal the
base-table reading (the reference: the same services with the rows not marked ready), on the county's date, on
later days (members turning 16 or 60, hires starting, steps overdue, incomes reaching the line, the next year:
stale rows) and on an earlier day; `rebuild-summaries --verify` finds nothing.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select
from sqlmodel import Session

from models import Application, Hire, HouseholdStatus, HouseholdStatusReady, Outcome, Vacancy
from services.core.clock import local_today
from services.core.db import unit_of_work
from services.core.errors import PortalError
from services.followups.report import VisitReport
from services.followups.visits import record_extra_visit
from services.households.income import income_figures, income_list
from services.households.income_rule import household_income
from services.households.lists import ListKind, household_list, site_figures, township_figures
from services.households.plans import PlanForm, close_plan, save_plan
from services.households.status import status_ready
from services.imports.households import HEAD, Member, join_household, link_members, save_households
from services.recruiting.hires import HireTerms, cancel_hire, record_hire
from services.summaries.household_rebuild import rebuild_status, refresh_stale, verify_status
from tests.households import support as mk

TODAY = local_today()
PLACES = [("城关镇", "东门村", "A1"), ("城关镇", "东门村", "A2"), ("河口乡", "西村", "B1"), ("河口乡", "西村", "B2")]
DB = settings(max_examples=8, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _years_ago(years: int, days: int) -> date:
    return date(TODAY.year - years, TODAY.month, min(TODAY.day, 28)) + timedelta(days=days)


# births at the edges of working age, seen from the county's date and the days read below
BIRTHS = [_years_ago(16, 3), _years_ago(16, -1), _years_ago(60, 2), _years_ago(60, -2), _years_ago(35, 0),
          _years_ago(8, 0), _years_ago(70, 0)]

SIZES, INCOMES = st.sampled_from([None, 1, 3]), st.sampled_from([None, 3000, 9000])  # the list's size, income
forming = st.tuples(*(st.tuples(st.just("form"), st.just(i), st.integers(0, 3), st.booleans(), SIZES, INCOMES,
                                st.booleans(), st.booleans()) for i in range(6)))
STARTS = st.integers(-40, 10) | st.just(-360)  # -360: last year, most of the year (the oldest start allowed)
hiring = st.lists(st.tuples(st.just("hire"), st.integers(0, 6), STARTS), min_size=1, max_size=4)
ops = st.lists(st.one_of(
    st.tuples(st.just("form"), st.integers(0, 6), st.integers(0, 3), st.booleans()),
    st.tuples(st.just("join"), st.integers(0, 6), st.integers(0, 3), st.booleans()),
    st.tuples(st.just("hire"), st.integers(0, 6), STARTS),
    st.tuples(st.just("cancel"), st.integers(0, 5)),
    st.tuples(st.just("visit"), st.integers(0, 3), st.sampled_from([Outcome.WORKING, Outcome.RETURNED]),
              st.sampled_from([None, 1500, 9000])),
    st.tuples(st.just("visit"), st.integers(0, 3), st.sampled_from([Outcome.WORKING, Outcome.RETURNED])),
    st.tuples(st.just("plan"), st.integers(0, 3), st.integers(0, 6)),
    st.tuples(st.just("close"), st.integers(0, 3), st.booleans()),
), min_size=1, max_size=14)


class World:
    def __init__(self, engine) -> None:
        self.engine = engine
        reloc = mk.site(engine, kind="relocation")
        self.seekers = [mk.member(engine, None, birth=b, site_id=reloc if i % 3 == 0 else None)
                        for i, b in enumerate(BIRTHS)]
        self.employer = mk.Employer(engine)
        self.households: dict[int, int] = {}  # PLACES index -> household id
        self.hires: list[int] = []
        self.apps: dict[int, int] = {}

    def run(self, op: tuple) -> None:
        with suppress(PortalError):  # a refused write (a second head, a visit before the start, …) changes nothing
            getattr(self, "_" + op[0])(*op[1:])

    def _form(self, who: int, place: int, head: bool, size: int | None = None, income: int | None = None,
              poor: bool = False, last_year: bool = False) -> None:
        # the list's income is declared on the import's day: `last_year`, an import of last June
        now = datetime(TODAY.year - 1, 6, 1, 4, tzinfo=UTC) if last_year else datetime.now(UTC)
        with unit_of_work(self.engine) as session:
            conn = session.connection()
            member = Member(self.seekers[who], PLACES[place], HEAD if head else "子女", size, poor, income)
            ids = save_households(conn, [member], now)
            self.households[place] = ids[PLACES[place]]
            link_members(conn, [(self.seekers[who], ids[PLACES[place]], member.relation)])

    def _join(self, who: int, place: int, head: bool) -> None:
        if place in self.households:
            join_household(self.engine, seeker_id=self.seekers[who], household_id=self.households[place],
                           relation=HEAD if head else "配偶")

    def _hire(self, who: int, start: int, wage: int = 4000) -> None:
        with unit_of_work(self.engine) as session:
            sid = self.seekers[who]
            if sid not in self.apps:
                app = Application(vacancy_id=self.employer.vacancy, seeker_id=sid, employer_id=self.employer.id,
                                  stage="hired")
                session.add(app)
                session.flush()
                self.apps[sid] = app.id
            app = session.get(Application, self.apps[sid])
            hire = record_hire(session, app=app, vacancy=session.get(Vacancy, self.employer.vacancy),
                               terms=HireTerms(TODAY + timedelta(days=start), wage, 12), user_id=None, fair_id=None,
                               now=datetime.now(UTC))
            if hire.id not in self.hires:
                self.hires.append(hire.id)

    def _cancel(self, i: int) -> None:
        if i < len(self.hires):
            with unit_of_work(self.engine) as session:
                hire = session.get(Hire, self.hires[i])
                if hire.cancelled_at is None:
                    cancel_hire(session, hire, user_id=None, reason="test", now=datetime.now(UTC))

    def _visit(self, i: int, outcome: str, wage: int | None = None) -> None:
        if i < len(self.hires):
            record_extra_visit(self.engine, hire_id=self.hires[i], user_id=None,
                               report=VisitReport(outcome=outcome, visited_on=TODAY, monthly_wage=wage,
                                                  wage_paid=True, safe=True))

    def _plan(self, place: int, days: int) -> None:
        if place in self.households:
            with Session(self.engine) as session:
                from services.households.plans import _open_step

                current = _open_step(session, self.households[place])
                replaces = current.id if current else None
            save_plan(self.engine, household_id=self.households[place], replaces=replaces, user_id=None,
                      form=PlanForm(cadre_name="李干部", next_step="介绍车间岗位", by_whom="村委",
                                    due_on=TODAY + timedelta(days=days)))

    def _close(self, place: int, done: bool) -> None:
        if place in self.households:
            with Session(self.engine) as session:
                from services.households.plans import _open_step

                current = _open_step(session, self.households[place])
            if current is not None:
                close_plan(self.engine, plan_id=current.id, done=done, note="" if done else "搬走了", user_id=None)


def _answers(session: Session, today: date) -> list:
    out: list = [township_figures(session, today=today), site_figures(session, today=today),
                 township_figures(session, today=today, township="河口乡")]
    for kind in ListKind:
        for page in (0, 1):
            out.append(household_list(session, today=today, kind=kind, page=page, per_page=2))
        out.append(household_list(session, today=today, kind=kind, township="城关镇", per_page=2))
    for poor_only in (False, True):  # the county's year and the year before: the rows; two years ago: the base
        out += [income_figures(session, year=y, today=today, township=t, poor_only=poor_only)
                for y in (today.year, today.year - 1, today.year - 2) for t in (None, "河口乡")]
        out += [income_list(session, year=y, today=today, township=t, lifted=lifted, poor_only=poor_only,
                            page=page, per_page=2)
                for y in (today.year, today.year - 1) for t in (None, "城关镇") for lifted in (None, False, True)
                for page in (0, 1)]
    return out


def _compare(engine, today: date) -> None:
    with Session(engine) as session:
        assert status_ready(session.connection())
        summarized = _answers(session, today)
        session.execute(delete(HouseholdStatusReady))  # the reference: the base tables
        assert not status_ready(session.connection())
        reference = _answers(session, today)
        session.rollback()
    assert summarized == reference


@DB
@given(forming, hiring, ops)
def test_status_rows_give_the_base_tables_answers(engine, formed, hired, steps) -> None:
    with unit_of_work(engine) as session:
        rebuild_status(session.connection())  # ready (an empty county after `rebuild-summaries`)
    world = World(engine)
    for op in [*formed, *hired, *steps]:  # households first, then hires: the later writes meet them
        world.run(op)
    for today in (TODAY, TODAY + timedelta(days=1), TODAY + timedelta(days=4), TODAY + timedelta(days=12),
                  TODAY + timedelta(days=30), TODAY + timedelta(days=60), TODAY + timedelta(days=400),
                  TODAY - timedelta(days=1)):
        _compare(engine, today)
    with unit_of_work(engine) as session:
        assert verify_status(session.connection())[0] == (0, 0)
        later = TODAY + timedelta(days=400)
        refresh_stale(session.connection(), today=later)
        assert verify_status(session.connection(), today=later)[0] == (0, 0)
    _compare(engine, TODAY + timedelta(days=400))


def test_the_rows_are_kept_by_each_write(engine) -> None:
    with unit_of_work(engine) as session:
        rebuild_status(session.connection())
    world = World(engine)
    world.run(("form", 4, 0, True))
    world.run(("join", 0, 0, False))
    world.run(("hire", 4, -30))
    with Session(engine) as session:
        (needs,) = session.execute(select(Hire.id)).one()
        assert needs
    world.run(("visit", 0, Outcome.WORKING))  # confirmed in work: off the list
    with Session(engine) as session:
        rows, total = household_list(session, today=TODAY)
        assert (rows, total) == ([], 0)
    world.run(("cancel", 0))
    with Session(engine) as session:
        rows, total = household_list(session, today=TODAY)
        assert total == 1 and rows[0].household_id == world.households[0]
    with unit_of_work(engine) as session:
        assert verify_status(session.connection())[0] == (0, 0)


def test_a_working_household_reaches_the_line_on_the_day_its_row_says(engine) -> None:
    """One member (size 1), a wage of 3,650 a month from 20 days ago: 21 days worked today (fewer in January: the
    year's), and the line (3,500 a year: wage × days ≥ ⌈365 × 3,500 / 12⌉ = 106,459) is reached after 30 days —
    the row's `lifted_next` (none when the year ends first). The rows' figures flip that day, as the base
    tables' do."""
    with unit_of_work(engine) as session:
        rebuild_status(session.connection())
    world = World(engine)
    world.run(("form", 4, 0, True, 1, None, True))
    world.run(("hire", 4, -20, 3650))
    worked = min(21, TODAY.timetuple().tm_yday)
    k, left = 30 - worked, (date(TODAY.year, 12, 31) - TODAY).days
    with Session(engine) as session:
        row = session.get(HouseholdStatus, world.households[0])
        assert (row.members, row.poor, row.wage_days, row.rate, row.lifted) == (1, 1, 3650 * worked, 3650, 0)
        assert row.lifted_next == (TODAY + timedelta(days=k) if left >= k else None)
    for day, lifted in ((TODAY, 0), (TODAY + timedelta(days=k - 1), 0), (TODAY + timedelta(days=k), 1)):
        _compare(engine, day)
        if day.year == TODAY.year:
            with Session(engine) as session:
                for poor_only in (False, True):
                    [f] = income_figures(session, year=day.year, today=day, poor_only=poor_only)
                    assert (f.township, f.households, f.lifted) == ("城关镇", 1, lifted)
    crossed = TODAY + timedelta(days=k)
    if crossed.year == TODAY.year:  # the nightly refresh takes the row whose day came, and it is lifted from then
        with unit_of_work(engine) as session:
            assert refresh_stale(session.connection(), today=crossed) == 1
        with Session(engine) as session:
            row = session.get(HouseholdStatus, world.households[0])
            assert (row.as_of, row.lifted, row.lifted_next) == (crossed, 1, None)
        _compare(engine, crossed)


def test_another_poverty_line_reads_the_base_tables_until_a_rebuild(engine, monkeypatch) -> None:
    """The rows' `lifted` is against the line they were computed with (kept in household_status_ready)."""
    from services.core.settings import get_settings

    with unit_of_work(engine) as session:
        rebuild_status(session.connection())
    world = World(engine)
    world.run(("form", 4, 0, True, 1, None, False))
    world.run(("hire", 4, -29, 3650))  # 30 days: 3,600 yuan — over 3,500, under 4,000 (in January: fewer days)

    def lifted() -> int:
        with Session(engine) as session:
            return sum(f.lifted for f in income_figures(session, year=TODAY.year, today=TODAY))

    assert lifted() == (1 if TODAY.timetuple().tm_yday >= 30 else 0)
    monkeypatch.setenv("PORTAL_POVERTY_LINE", "4000")
    get_settings.cache_clear()
    try:
        assert lifted() == 0
        with unit_of_work(engine) as session:
            rebuild_status(session.connection())
        assert lifted() == 0
        with Session(engine) as session:
            assert session.get(HouseholdStatus, world.households[0]).lifted == 0
    finally:
        monkeypatch.delenv("PORTAL_POVERTY_LINE")
        get_settings.cache_clear()


def test_the_not_lifted_list_pages_by_income_per_member(engine) -> None:
    """Households without anyone in work come from the rows' stored income per member, in that order (not the
    households' order), ties by household; a household in work comes in where its income today puts it (its
    stored figure is a lower bound); each page equals the base tables'."""
    with unit_of_work(engine) as session:
        rebuild_status(session.connection())
    world = World(engine)
    for who, (size, declared) in enumerate([(1, 3000), (3, 3000), (1, None), (3, None)]):
        world.run(("form", who, who, True, size, declared, who % 2 == 0))
    world.run(("hire", 3, -20, 4000))  # 3 members: 4,000 × 21 days ≈ 2,761 yuan, 920 a member (fewer in January)
    h = world.households
    with Session(engine) as session:
        pages = [income_list(session, year=TODAY.year, today=TODAY, lifted=False, page=p, per_page=2)
                 for p in (0, 1)]
    assert [[r.household_id for r in rows] for rows, _n in pages] == [[h[2], h[3]], [h[1], h[0]]]
    assert [n for _rows, n in pages] == [4, 4]
    per_member = [[r.income.per_member for r in rows] for rows, _n in pages]
    assert per_member[0][0] == 0 and 0 < per_member[0][1] < 1000 and per_member[1] == [1000, 3000]
    for day in (TODAY, TODAY + timedelta(days=3)):
        _compare(engine, day)


def test_last_years_income_comes_from_the_rows(engine) -> None:
    """The year before's income is kept in each row (`prev_*`) and its counters: a household with a hire that
    worked last year and one whose list declared an income last year; the figures and the list read them
    (a counter changed by hand shows), and equal the base tables' on every day of this year. Two years on,
    the rows are stale until the nightly refresh, and still equal."""
    from models import HouseholdCount

    with unit_of_work(engine) as session:
        rebuild_status(session.connection())
    world = World(engine)
    world.run(("form", 4, 0, True, 1, None, True))
    world.run(("form", 5, 2, True, 3, 12000, False, True))  # 12,000 declared last June: 4,000 a member
    last_dec = date(TODAY.year - 1, 12, 1)
    days = (TODAY - last_dec).days
    world.run(("hire", 4, -days, 3650))  # last year: 31 days × 3,650 = 3,720 yuan (a start within a year)
    with Session(engine) as session:
        a, b = (session.get(HouseholdStatus, world.households[p]) for p in (0, 2))
        worked = 3650 * 31 if days <= 365 else 0
        assert (a.prev_wage_days, a.prev_declared, a.prev_lifted) == (worked, None, int(worked > 0))
        assert (b.prev_wage_days, b.prev_declared, b.prev_lifted, b.prev_per_member) == (0, 12000, 1, 4000.0)
        assert (b.declared, b.lifted) == (None, 0)  # declared last year: not this year's
    for day in (TODAY, date(TODAY.year, 12, 31)):
        _compare(engine, day)
    with Session(engine) as session:
        figures = income_figures(session, year=TODAY.year - 1, today=TODAY)
        assert [(f.township, f.households, f.lifted) for f in figures] == [
            ("城关镇", 1, int(worked > 0)), ("河口乡", 1, 1)]
        rows, n = income_list(session, year=TODAY.year - 1, today=TODAY, lifted=True)
        assert n == 1 + int(worked > 0) and rows[-1].household_id == world.households[2]
        assert rows[-1].income == household_income(0, 12000, 3, 1, 3500)
        count = session.scalars(select(HouseholdCount).where(HouseholdCount.township == "河口乡")).one()
        count.prev_lifted -= 1  # the reader trusts the counters (and only for last year)
        session.flush()
        assert [f.lifted for f in income_figures(session, year=TODAY.year - 1, today=TODAY)][1] == 0
        assert [f.lifted for f in income_figures(session, year=TODAY.year, today=TODAY)][1] == 0
        session.rollback()
    later = date(TODAY.year + 2, 3, 1)  # "last year" is next year: every row stale, computed from the base tables
    _compare(engine, later)
    with unit_of_work(engine) as session:
        assert refresh_stale(session.connection(), today=later) == 2
        assert verify_status(session.connection(), today=later)[0] == (0, 0)
    _compare(engine, later)
