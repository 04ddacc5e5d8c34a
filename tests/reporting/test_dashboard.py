"""Dashboard figures on SQLite and PostgreSQL, each checked against plain-Python counts over
what the test registered (never against the same SQL)."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from services.core.reference import EDUCATION_LEVELS, INTENTIONS, POOR_HOUSEHOLD
from services.core.validation import age_on, make_resident_id, parse_resident_id
from services.places.sources import Source, create_fair, create_site
from services.registration.forms import PROFILE_GROUPS
from services.registration.register import RegistrationDraft, register_seeker
from services.reporting.dashboard import (
    AGE_BANDS,
    NOT_ANSWERED,
    PANELS,
    DashboardFilter,
    age_band_cutoffs,
    build_dashboard,
    day_span,
    filter_options,
    hour_buckets,
    years_before,
)
from services.reporting.targets import save_targets

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)  # 11:30 in China
TODAY = date(2026, 11, 23)


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=UTC)


def local_date(t: datetime) -> date:
    return t.astimezone(ZONE).date()


@dataclass
class Person:
    number: str
    birth: date
    gender: str
    township: str
    education: str | None  # None: not answered (the ticket came first, issue 10)
    intention: str | None
    poor: str | None
    visits: list[Visit] = field(default_factory=list)
    trained: bool | None = True

    @property
    def answered(self) -> frozenset[str]:
        given = {"education": self.education, "place": self.intention, "poor_household": self.poor,
                 "training": self.trained}
        return frozenset(PROFILE_GROUPS) - {g for g, v in given.items() if v is None}

    @property
    def complete(self) -> bool:
        return self.answered == frozenset(PROFILE_GROUPS)


def leave_incomplete(people: list[Person]) -> None:
    """Some people answer only part of the profile, in several patterns (the random draws untouched)."""
    for i, p in enumerate(people):
        if i % 5 == 2:
            p.education = None
        if i % 7 == 3:
            p.intention = None
        if i % 6 == 1:
            p.poor = None
        if i % 9 == 4:
            p.trained = None
        if i % 11 == 10:  # the ticket only
            p.education = p.intention = p.poor = p.trained = None


@dataclass
class Visit:
    person: Person
    when: datetime
    fair_id: int | None = None
    site_id: int | None = None


@dataclass
class World:
    people: list[Person]
    visits: list[Visit]
    fairs: dict[str, object]  # name -> Fair
    sites: dict[str, object]

    def add(self, engine, vault, person: Person, when: datetime, *, fair=None, site=None) -> Visit:
        visit = Visit(person, when, fair.id if fair else None, site.id if site else None)
        source = (Source(kind="fair", fair_id=fair.id) if fair else Source(kind="site", site_id=site.id) if site
                  else Source.direct())
        rid = parse_resident_id(person.number, today=TODAY)
        village = "" if not person.township else "东门村" if person.township == "城关镇" else "大河村"
        draft = RegistrationDraft(
            name="测试", resident_id=rid, phone="13912345678", township=person.township,
            village=village or "外县某村", education=person.education, trades=(), intention=person.intention,
            expected_wage=None, willing_to_train=person.trained, poor_household=person.poor,
            leave_constraint=None if person.intention is None else "none", answered=person.answered)
        register_seeker(engine, vault, draft, source=source, submission_id=f"t-{len(self.visits)}", now=when)
        person.visits.append(visit)
        self.visits.append(visit)
        if person not in self.people:
            self.people.append(person)
        return visit


def new_world(engine) -> World:
    fairs = {
        "today": create_fair(engine, name="送岗位下乡·大河乡专场", code="SGXX261123", township="大河乡",
                             starts_on=TODAY, ends_on=TODAY, status="open"),
        "spring": create_fair(engine, name="春风行动大型招聘会", code="CFXD260220", township="城关镇",
                              starts_on=date(2026, 2, 20), ends_on=date(2026, 2, 21), status="closed"),
        "planned": create_fair(engine, name="金秋招聘会", code="JQZP261214", township="城关镇",
                               starts_on=date(2026, 12, 14), ends_on=date(2026, 12, 14), status="planned"),
    }
    sites = {
        "relocation": create_site(engine, name="城关镇幸福社区安置点", code="AZ-CG", township="城关镇"),
        "point": create_site(engine, name="大河村便民服务站", code="CD-DH", kind="village_point", township="大河乡"),
    }
    return World([], [], fairs, sites)


TOWNSHIPS = ["城关镇", "大河乡", "龙泉镇", ""]  # "" = typed a place outside the county's list
# Instants worth testing: local midnight either side, 23:30 UTC (next local day), New Year.
EDGES = [utc(2026, 11, 22, 15, 59, 59), utc(2026, 11, 22, 16, 0, 0), utc(2026, 11, 22, 23, 30),
         utc(2026, 11, 23, 3, 29, 59), utc(2025, 12, 31, 15, 30), utc(2025, 12, 31, 16, 30)]


def person_for(rng: random.Random, n: int, birth: date | None = None) -> Person:
    gender = rng.choice("MF")
    birth = birth or TODAY - timedelta(days=rng.randrange(16 * 366, 66 * 365))
    return Person(make_resident_id("530627", birth, n, gender), birth, gender, rng.choice(TOWNSHIPS),
                  rng.choice(list(EDUCATION_LEVELS)), rng.choice(list(INTENTIONS)),
                  rng.choice(list(POOR_HOUSEHOLD)))


@pytest.fixture
def world(engine, vault) -> World:
    """45 people, ~80 check-ins at fairs, sites and directly, around the time-zone edges."""
    rng = random.Random(20261123)
    w = new_world(engine)
    # age-band edges: 25 today, 25 tomorrow, 55 today, 16 today, 45 and a day
    births = [years_before(TODAY, 25), years_before(TODAY, 25) + timedelta(days=1), years_before(TODAY, 55),
              years_before(TODAY, 16), years_before(TODAY, 45) - timedelta(days=1)]
    people = [person_for(rng, i, births[i] if i < len(births) else None) for i in range(45)]
    leave_incomplete(people)
    today_lo, _ = day_span(TODAY, TODAY, ZONE)
    plans = [(NOW - timedelta(minutes=5), people[3], None, None)]  # 16 today: registers today only
    for i, p in enumerate(people):
        for _ in range(rng.choice((1, 1, 2, 3)) if i != 3 else 0):
            kind = rng.choice(("fair_today", "fair_spring", "site", "site", "direct", "edge"))
            if kind == "fair_today":
                when = today_lo + timedelta(seconds=rng.randrange(int((NOW - today_lo).total_seconds())))
            elif kind == "fair_spring":
                when = utc(2026, 2, 20, 0, 0) + timedelta(minutes=rng.randrange(2 * 24 * 60 - 8 * 60))
            elif kind == "edge":
                when = rng.choice(EDGES)
            else:
                when = NOW - timedelta(minutes=rng.randrange(1, 420 * 24 * 60))
            site = rng.choice(list(w.sites.values())) if kind == "site" else None
            fair = {"fair_today": w.fairs["today"], "fair_spring": w.fairs["spring"]}.get(kind)
            plans.append((when + timedelta(microseconds=i), p, fair, site))  # distinct instants
    for when, p, fair, site in sorted(plans, key=lambda pl: pl[0]):
        w.add(engine, vault, p, when, fair=fair, site=site)
    return w


# --- the independent reckoning ------------------------------------------------------------------


def band(birth: date) -> int:
    age = age_on(birth, TODAY)
    return next(i for i, (_low, high) in enumerate(AGE_BANDS) if high is None or age <= high)


def place_ok(v: Visit, flt: DashboardFilter, w: World) -> bool:
    """At the chosen fair, site, and township (a fair held there or a site located there)."""
    fair_town = {f.id: f.township for f in w.fairs.values()}
    site_town = {s.id: s.township for s in w.sites.values()}
    where = fair_town[v.fair_id] if v.fair_id else site_town[v.site_id] if v.site_id else None
    return ((flt.fair_id is None or v.fair_id == flt.fair_id) and (flt.site_id is None or v.site_id == flt.site_id)
            and (flt.township is None or where == flt.township))


def date_ok(v: Visit, flt: DashboardFilter) -> bool:
    d = local_date(v.when)
    return (flt.start is None or d >= flt.start) and (flt.end is None or d <= flt.end)


def expected(w: World, flt: DashboardFilter) -> dict:
    placed = flt.fair_id is not None or flt.site_id is not None or flt.township is not None
    if not placed and flt.start is None and flt.end is None:
        scope = w.people
    else:
        scope = list({id(v.person): v.person for v in w.visits if place_ok(v, flt, w) and date_ok(v, flt)}.values())
    today = {id(v.person): v.person for v in w.visits if place_ok(v, flt, w) and local_date(v.when) == TODAY}
    fair_id = flt.fair_id
    if fair_id is None and flt.site_id is None:  # the fair held today, if it is at the chosen place
        running = w.fairs["today"]
        fair_id = running.id if flt.township in (None, running.township) else None
    at_fair = None
    if fair_id is not None:
        at_fair = len({id(v.person) for v in w.visits if v.fair_id == fair_id and place_ok(v, flt, w)})
    day, first = flt.end or TODAY, flt.start or (flt.end or TODAY) - timedelta(days=29)
    chosen = next((f for f in w.fairs.values() if f.id == flt.fair_id), None)
    if chosen and chosen.starts_on <= TODAY and flt.start is None and flt.end is None:  # the fair's days
        day, first = min(chosen.ends_on, TODAY), chosen.starts_on
    per_hour = Counter(v.when.astimezone(ZONE).hour for v in w.visits
                       if place_ok(v, flt, w) and local_date(v.when) == day)
    per_day = Counter(local_date(v.when) for v in w.visits
                      if place_ok(v, flt, w) and first <= local_date(v.when) <= day)
    in_window = date_ok if flt.start or flt.end else (lambda v, _f: first <= local_date(v.when) <= day)
    by_place = Counter((("fair", v.fair_id) if v.fair_id else ("site", v.site_id) if v.site_id else ("direct", None))
                       for v in w.visits if place_ok(v, flt, w) and in_window(v, flt))
    home = [p for p in w.people if flt.township is None or p.township == flt.township]
    return {
        "people_today": len(today),
        "new_today": sum(1 for p in today.values() if local_date(p.visits[0].when) == TODAY),
        "people_at_fair": at_fair,
        "people_total": len(scope),
        "per_hour": [per_hour[h] for h in range(24)],
        "per_day": [(first + timedelta(days=i), per_day[first + timedelta(days=i)])
                    for i in range((day - first).days + 1)],
        "by_place": +by_place,
        "by_township": +Counter(p.township for p in scope),
        "age_gender": +Counter((band(p.birth), p.gender) for p in scope),
        "education": +Counter(p.education or NOT_ANSWERED for p in scope),
        "intention": +Counter(p.intention or NOT_ANSWERED for p in scope),
        "poor": +Counter(p.poor or NOT_ANSWERED for p in scope),
        "incomplete": sum(1 for p in scope if not p.complete),
        "registered_this_year": sum(1 for p in home if local_date(p.visits[0].when).year == TODAY.year),
    }


def actual(db) -> dict:
    return {
        "people_today": db.people_today,
        "new_today": db.new_today,
        "people_at_fair": db.people_at_fair,
        "people_total": db.people_total,
        "per_hour": [n for _h, n in db.per_hour],
        "per_day": db.per_day,
        "by_place": Counter({(p.kind, p.id): n for p, n in db.by_place}),
        "by_township": +db.profile.by_township,
        "age_gender": +db.profile.age_gender,
        "education": +db.profile.education,
        "intention": +db.profile.intention,
        "poor": +db.profile.poor,
        "incomplete": db.incomplete_profiles,
        "registered_this_year": db.targets[0].count,
    }


def check(engine, w: World, flt: DashboardFilter) -> None:
    db = build_dashboard(engine, flt, now=NOW, zone=ZONE)
    assert actual(db) == expected(w, flt), flt
    assert db.profile.unclassified == 0
    assert db.profile.total == db.people_total
    for breakdown in (db.profile.education, db.profile.intention, db.profile.poor, db.profile.by_township):
        assert sum(breakdown.values()) == db.people_total, flt  # "not answered" is a bucket: nobody dropped
    assert sum(db.profile.age_gender.values()) == db.people_total
    assert db.incomplete_share == (100.0 * db.incomplete_profiles / db.people_total if db.people_total else None)


# --- tests --------------------------------------------------------------------------------------


def test_empty_database(engine) -> None:
    db = build_dashboard(engine, DashboardFilter(), now=NOW, zone=ZONE)
    assert db.empty
    assert (db.people_today, db.new_today, db.people_total, db.people_at_fair, db.fair) == (0, 0, 0, None, None)
    assert db.per_hour == [(h, 0) for h in range(24)]
    assert [n for _d, n in db.per_day] == [0] * 30 and db.per_day[-1][0] == TODAY
    assert db.by_place == []
    assert db.profile.total == 0 and not db.profile.by_township and db.profile.poor_share is None
    assert [(t.metric, t.count, t.target, t.percent) for t in db.targets] == [
        ("registrations", 0, None, None), ("employed", 0, None, None), ("transferred_out", 0, None, None),
        ("trained", 0, None, None)]  # issue 16: people trained
    assert (db.hires.today, db.hires.total, db.hires.people, db.hires.by_employer, db.hires.poor_share) == \
        (0, 0, 0, [], None)
    assert db.openings.total.vacancies == 0 and db.openings.by_employer == [] and db.openings.total.percent is None


def test_whole_county(engine, world) -> None:
    db = build_dashboard(engine, DashboardFilter(), now=NOW, zone=ZONE)
    assert actual(db) == expected(world, DashboardFilter())
    check(engine, world, DashboardFilter())
    assert db.people_total == len(world.people) == 45
    assert 0 < db.incomplete_profiles < 45 and db.profile.education[NOT_ANSWERED] > 0  # issue 10
    assert db.fair.id == world.fairs["today"].id  # the fair held today, without choosing it
    assert db.returning_today == db.people_today - db.new_today
    poor = sum(1 for p in world.people if p.poor == "yes")
    assert db.profile.poor_share == pytest.approx(100 * poor / 45)
    assert 0 < db.new_today < db.people_today  # both kinds are in the data


def test_filters(engine, world) -> None:
    f, s = world.fairs, world.sites
    filters = [
        DashboardFilter(fair_id=f["today"].id),
        DashboardFilter(fair_id=f["spring"].id),
        DashboardFilter(fair_id=f["planned"].id),  # no one yet
        DashboardFilter(site_id=s["relocation"].id),
        DashboardFilter(site_id=s["point"].id),
        DashboardFilter(township="城关镇"),  # the spring fair and the relocation site
        DashboardFilter(township="大河乡"),  # today's fair and the village point
        DashboardFilter(township="普安乡"),  # no fair or site there
        DashboardFilter(township="大河乡", site_id=s["point"].id),
        DashboardFilter(township="大河乡", fair_id=f["spring"].id),  # that fair is elsewhere: nobody
        DashboardFilter(fair_id=f["today"].id, site_id=s["point"].id),  # nobody is at both
        DashboardFilter(start=date(2026, 11, 1), end=TODAY),
        DashboardFilter(start=date(2026, 2, 20), end=date(2026, 2, 21)),  # the spring fair's days
        DashboardFilter(start=date(2026, 1, 1)),
        DashboardFilter(end=date(2026, 11, 22)),
        DashboardFilter(fair_id=f["spring"].id, township="城关镇", start=date(2026, 2, 21), end=date(2026, 2, 21)),
        DashboardFilter(site_id=s["relocation"].id, start=date(2026, 6, 1), end=date(2026, 10, 31)),
    ]
    for flt in filters:
        check(engine, world, flt)


def test_filter_with_dates_reversed(engine, world) -> None:
    a = build_dashboard(engine, DashboardFilter(start=date(2026, 11, 22), end=date(2026, 11, 1)), now=NOW, zone=ZONE)
    b = build_dashboard(engine, DashboardFilter(start=date(2026, 11, 1), end=date(2026, 11, 22)), now=NOW, zone=ZONE)
    assert actual(a) == actual(b)


def test_site_filter_has_no_fair_figure(engine, world) -> None:
    db = build_dashboard(engine, DashboardFilter(site_id=world.sites["point"].id), now=NOW, zone=ZONE)
    assert db.fair is None and db.people_at_fair is None


def test_time_zone_edges(engine, vault) -> None:
    """Stored UTC, counted in China's local time (UTC+8)."""
    w = new_world(engine)
    rng = random.Random(1)
    late = person_for(rng, 1)  # 23:30 UTC on the 22nd is 07:30 on the 23rd in China
    w.add(engine, vault, late, utc(2026, 11, 22, 23, 30))
    before = person_for(rng, 2)  # 15:59:59 UTC is 23:59:59 the same day in China
    w.add(engine, vault, before, utc(2026, 11, 22, 15, 59, 59))
    midnight = person_for(rng, 3)  # 16:00 UTC is midnight, the next day, in China
    w.add(engine, vault, midnight, utc(2026, 11, 22, 16, 0, 0))
    db = build_dashboard(engine, DashboardFilter(), now=NOW, zone=ZONE)
    assert db.people_today == 2 and db.new_today == 2
    assert dict(db.per_hour)[7] == 1 and dict(db.per_hour)[0] == 1 and sum(n for _h, n in db.per_hour) == 2
    assert dict(db.per_day)[TODAY] == 2 and dict(db.per_day)[date(2026, 11, 22)] == 1
    only_22nd = build_dashboard(engine, DashboardFilter(start=date(2026, 11, 22), end=date(2026, 11, 22)),
                                now=NOW, zone=ZONE)
    assert only_22nd.people_total == 1
    assert dict(only_22nd.per_hour)[23] == 1  # the hourly chart shows the last day of the range
    # At 23:30 UTC it is already the 24th in China: "today" moves on.
    tomorrow = build_dashboard(engine, DashboardFilter(), now=utc(2026, 11, 23, 16, 30), zone=ZONE)
    assert tomorrow.today == date(2026, 11, 24) and tomorrow.people_today == 0


def test_new_year_in_china_counts_for_the_new_year(engine, vault) -> None:
    w = new_world(engine)
    rng = random.Random(2)
    w.add(engine, vault, person_for(rng, 1), utc(2025, 12, 31, 15, 30))  # 23:30 on 31 Dec in China
    w.add(engine, vault, person_for(rng, 2), utc(2025, 12, 31, 16, 30))  # 00:30 on 1 Jan in China
    db = build_dashboard(engine, DashboardFilter(), now=NOW, zone=ZONE)
    assert db.year == 2026 and db.targets[0].count == 1


def test_targets_progress(engine, world, county) -> None:
    registered = sum(1 for p in world.people if local_date(p.visits[0].when).year == 2026)
    dahe = sum(1 for p in world.people if p.township == "大河乡" and local_date(p.visits[0].when).year == 2026)
    save_targets(engine, 2026, {("", "registrations"): 40, ("", "employed"): 24000, ("", "transferred_out"): 0,
                                ("大河乡", "registrations"): 3}, county=county)
    db = build_dashboard(engine, DashboardFilter(), now=NOW, zone=ZONE)
    reg, employed, out, trained = db.targets  # issue 16: people trained
    assert (trained.metric, trained.count, trained.target) == ("trained", 0, None)
    assert (reg.count, reg.target) == (registered, 40)
    assert reg.percent == pytest.approx(100 * registered / 40)
    assert (employed.count, employed.target, employed.percent) == (0, 24000, 0.0)  # no hires recorded yet
    assert (out.target, out.percent) == (0, None)  # a target of 0: no percentage, no division error
    town = build_dashboard(engine, DashboardFilter(township="大河乡"), now=NOW, zone=ZONE)
    assert (town.targets[0].count, town.targets[0].target) == (dahe, 3)
    assert town.targets[1].target is None
    other_year = build_dashboard(engine, DashboardFilter(), now=utc(2027, 3, 1), zone=ZONE)
    assert other_year.year == 2027 and other_year.targets[0].target is None and other_year.targets[0].count == 0


@pytest.mark.parametrize("today", [date(2026, 11, 23), date(2028, 2, 29), date(2027, 2, 28), date(2027, 3, 1),
                                   date(2026, 1, 1), date(2026, 12, 31)])
def test_age_band_cutoffs_match_age_on(today: date) -> None:
    cuts = age_band_cutoffs(today)
    assert len(cuts) == len(AGE_BANDS) - 1
    for days in range(14 * 365, 70 * 366, 7):
        for birth in (today - timedelta(days=days), years_before(today, days // 365)):
            age = age_on(birth, today)
            expect = next(i for i, (_low, high) in enumerate(AGE_BANDS) if high is None or age <= high)
            got = next((i for i, cut in enumerate(cuts) if birth > cut), len(cuts))
            assert got == expect, (birth, today, age)


def test_hour_buckets_cover_the_local_day() -> None:
    hours = hour_buckets(TODAY, ZONE)
    assert [h for h, _lo, _hi in hours] == list(range(24))
    assert hours[0][1] == utc(2026, 11, 22, 16) and hours[-1][2] == utc(2026, 11, 23, 16)


def test_filter_options_and_running_fair(engine, world) -> None:
    opts = filter_options(engine, today=TODAY)
    assert opts.running_fair_id == world.fairs["today"].id
    assert [f.code for f in opts.fairs] == ["JQZP261214", "SGXX261123", "CFXD260220"]  # newest first
    assert {s.code for s in opts.sites} == {"AZ-CG", "CD-DH"}
    assert filter_options(engine, today=date(2026, 2, 21)).running_fair_id is None  # that one is closed
    assert filter_options(engine, today=date(2026, 12, 14)).running_fair_id == world.fairs["planned"].id


# --- query plans: the filtered queries use the indexes --------------------------------------------


def _statements(engine, flt: DashboardFilter) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []

    def grab(_conn, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        build_dashboard(engine, flt, now=NOW, zone=ZONE)
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    return seen


def _plan(engine, statement: str, parameters) -> list[str]:
    with engine.connect() as conn:
        cur = conn.connection.cursor()
        if engine.dialect.name == "sqlite":
            cur.execute("EXPLAIN QUERY PLAN " + statement, parameters)
            return [row[3] for row in cur.fetchall()]
        cur.execute("SET enable_seqscan = off")  # small tables: ask whether an index *can* be used
        cur.execute("EXPLAIN " + statement, parameters)
        lines = [row[0] for row in cur.fetchall()]
        cur.execute("RESET enable_seqscan")
        return lines


FILTERED = [
    {"fair_id": 1}, {"site_id": 1}, {"township": "城关镇"}, {"start": date(2026, 11, 1), "end": TODAY},
    {"fair_id": 2, "township": "城关镇", "start": date(2026, 2, 20), "end": date(2026, 2, 21)},
]


@pytest.mark.parametrize("flt", [{}, *FILTERED], ids=lambda f: ",".join(f) or "whole-county")
def test_queries_use_indexes(engine, world, flt) -> None:
    statements = _statements(engine, DashboardFilter(**flt))
    assert len(statements) >= 8
    for statement, parameters in statements:
        plan = _plan(engine, statement, parameters)
        text = "\n".join(plan)
        if engine.dialect.name == "sqlite":
            # a table is read through an index (SEARCH = a range of it); a whole-index SCAN only
            # for a COUNT(*) of every row (SQLite counts the pages of the smallest index)
            for line in plan:
                if re.match(r"SCAN (seeker|checkin)\b", line):
                    assert "INDEX" in line, (statement, text)
                    assert re.fullmatch(r"SELECT count\(\*\) AS count_1 FROM (seeker|checkin)",
                                        " ".join(statement.split())), (statement, text)
        else:
            assert not re.search(r"Seq Scan on (seeker|checkin)\b", text), (statement, text)


def test_one_snapshot_gives_the_same_figures(engine, world) -> None:
    for flt in (DashboardFilter(), DashboardFilter(township="城关镇", start=date(2026, 1, 1))):
        timings: dict[str, float] = {}
        together = build_dashboard(engine, flt, now=NOW, zone=ZONE, timings=timings)
        alone = build_dashboard(engine, flt, now=NOW, zone=ZONE, parallel=False)
        assert actual(together) == actual(alone)
        assert set(timings) == set(PANELS)  # every panel timed
        assert {"people_today", "people", "by_place", "per_hour_and_day", "people_at_fair", "targets", "hires",
                "openings", "retention", "income", "employment", "open_issues"} <= set(timings)


def test_a_chosen_fair_shows_its_own_days(engine, world) -> None:
    spring = world.fairs["spring"]
    db = build_dashboard(engine, DashboardFilter(fair_id=spring.id), now=NOW, zone=ZONE)
    assert db.hour_day == date(2026, 2, 21)  # the per-hour chart shows the fair's last day
    assert [d for d, _n in db.per_day] == [date(2026, 2, 20), date(2026, 2, 21)]
    assert sum(n for _d, n in db.per_day) == sum(1 for v in world.visits if v.fair_id == spring.id)
    planned = build_dashboard(engine, DashboardFilter(fair_id=world.fairs["planned"].id), now=NOW, zone=ZONE)
    assert planned.hour_day == TODAY and planned.people_at_fair == 0  # not begun: the usual last 30 days


def test_both_profile_strategies_on_both_backends(engine, world) -> None:
    """The whole county's profile is an index-range cube on SQLite and a GROUP BY on PostgreSQL:
    here each runs on both, against the same plain-Python counts."""
    from services.reporting.dashboard import _profile_by_ranges, _profile_grouped

    want = expected(world, DashboardFilter())
    with engine.connect() as conn:
        for profile in (_profile_by_ranges(conn, TODAY), _profile_grouped(conn, None, TODAY)):
            assert profile.total == len(world.people)
            assert +profile.by_township == want["by_township"]
            assert +profile.age_gender == want["age_gender"]
            assert +profile.education == want["education"]
            assert +profile.intention == want["intention"]
            assert +profile.poor == want["poor"]
