"""Hire figures of the live dashboard and the employment targets, on SQLite and PostgreSQL, each
checked against plain-Python counts over the hires the test recorded (never against the same SQL)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models import Application, Hire
from services.core.db import unit_of_work
from services.core.validation import make_resident_id, parse_resident_id
from services.places.sources import Source, create_fair, create_site
from services.registration.register import RegistrationDraft, register_seeker
from services.reporting.dashboard import DashboardFilter, build_dashboard
from services.reporting.targets import save_targets
from services.summaries import hire_facts, hire_sites
from tests.factories import make_employer, make_vacancy

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)  # 11:30 in China
TODAY = date(2026, 11, 23)
VILLAGES = {"城关镇": "东门村", "大河乡": "大河村", "龙泉镇": "龙泉村"}


def utc(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


def local_date(t: datetime) -> date:
    return t.astimezone(ZONE).date()


@dataclass
class Person:
    id: int
    township: str
    poor: str
    sites: set[int]


@dataclass
class Job:
    id: int
    employer_id: int
    province: str
    city: str
    scope: str
    trade: str
    headcount: int
    created_at: datetime
    fairs: tuple[int, ...]


@dataclass
class Hired:
    person: Person
    job: Job
    at: datetime
    fair_id: int | None


@dataclass
class World:
    people: list[Person]
    jobs: list[Job]
    hires: list[Hired]
    fairs: dict[str, int]
    sites: dict[str, int]
    employers: dict[str, int]


def add_person(engine, vault, n: int, township: str, poor: str, site_id: int | None) -> Person:
    birth = date(1985, 1, 1) + timedelta(days=n * 37)
    rid = parse_resident_id(make_resident_id("530627", birth, n, "MF"[n % 2]), today=TODAY)
    draft = RegistrationDraft(
        name="测试", resident_id=rid, phone=f"139{n:08d}", township=township, village=VILLAGES[township],
        education="junior", trades=(), intention="either", expected_wage=None, willing_to_train=True,
        poor_household=poor, leave_constraint="none")
    source = Source(kind="site", site_id=site_id) if site_id else Source.direct()
    result = register_seeker(engine, vault, draft, source=source, submission_id=f"h-{n}",
                             now=NOW - timedelta(days=200 + n))
    return Person(result.seeker_id, township, poor, {site_id} if site_id else set())


def add_job(engine, employer_id: int, *, province: str, city: str, scope: str, trade: str, headcount: int,
            created_at: datetime, fairs: tuple[int, ...] = ()) -> Job:
    vid = make_vacancy(engine, employer_id, fairs=fairs, province=province, city=city, scope=scope, trade=trade,
                       headcount=headcount, created_at=created_at)
    return Job(vid, employer_id, province, city, scope, trade, headcount, created_at, fairs)


def record_hire(engine, person: Person, job: Job, at: datetime, fair_id: int | None = None) -> Hired:
    """An application at stage "hired" and its hire row, as the pipeline stores them."""
    with unit_of_work(engine) as session:
        app = Application(vacancy_id=job.id, seeker_id=person.id, employer_id=job.employer_id, stage="hired",
                          source="booth", hired_at=at, created_at=at - timedelta(hours=2), updated_at=at)
        session.add(app)
        session.flush()
        session.add(Hire(application_id=app.id, seeker_id=person.id, employer_id=job.employer_id, vacancy_id=job.id,
                         fair_id=fair_id, start_date=local_date(at) + timedelta(days=7), monthly_wage=5200,
                         contract_months=12, province=job.province, city=job.city, scope=job.scope, trade=job.trade,
                         hired_at=at))
        session.flush()
        hire_facts.rebuild(session.connection())  # written directly, as the demo does: the hires' facts
        hire_sites.rebuild(session.connection())  # and each registration point's hires
    return Hired(person, job, at, fair_id)


# Instants at the edges: 23:30 and 00:30 China time either side of today's and the New Year's midnight.
EDGES = [utc(2026, 11, 22, 15, 30), utc(2026, 11, 22, 16, 30), utc(2025, 12, 31, 15, 30), utc(2025, 12, 31, 16, 30),
         NOW - timedelta(minutes=1)]


@pytest.fixture
def world(engine, vault) -> World:
    rng = random.Random(4)
    fairs = {
        "today": create_fair(engine, name="送岗位下乡·大河乡专场", code="SGXX261123", township="大河乡",
                             starts_on=TODAY, ends_on=TODAY, status="open").id,
        "spring": create_fair(engine, name="春风行动大型招聘会", code="CFXD260220", township="城关镇",
                              starts_on=date(2026, 2, 20), ends_on=date(2026, 2, 21), status="closed").id,
    }
    sites = {"relocation": create_site(engine, name="城关镇幸福社区安置点", code="AZ-CG", township="城关镇").id,
             "point": create_site(engine, name="大河村便民服务站", code="CD-DH", kind="village_point",
                                  township="大河乡").id}
    employers = {
        "dongguan": make_employer(engine, name="东莞市华丰电子有限公司", serial=1),
        "ningbo": make_employer(engine, name="宁波市甬江服饰有限公司", serial=2, province="浙江省", city="宁波市",
                                industry="garments_shoes"),
        "workshop": make_employer(engine, name="云岭县幸福社区扶贫车间", serial=3, province="云南省", city="昭通市",
                                  industry="workshop"),
        "kunming": make_employer(engine, name="昆明市滇池物流有限公司", serial=4, province="云南省", city="昆明市",
                                 industry="logistics"),
        "idle": make_employer(engine, name="泉州市晋江鞋业有限公司", serial=5, province="福建省", city="泉州市"),
    }
    e = employers
    jobs = [
        add_job(engine, e["dongguan"], province="广东省", city="东莞市", scope="out", trade="electronics_assembly",
                headcount=6, created_at=utc(2026, 11, 1, 2), fairs=(fairs["today"],)),
        add_job(engine, e["dongguan"], province="广东省", city="东莞市", scope="out", trade="logistics",
                headcount=2, created_at=utc(2026, 2, 10, 2), fairs=(fairs["spring"], fairs["today"])),
        add_job(engine, e["ningbo"], province="浙江省", city="宁波市", scope="out", trade="garment_sewing",
                headcount=3, created_at=utc(2026, 2, 1, 2), fairs=(fairs["spring"],)),
        add_job(engine, e["workshop"], province="云南省", city="昭通市", scope="local", trade="garment_sewing",
                headcount=8, created_at=utc(2026, 11, 22, 15, 30)),  # 23:30 on the 22nd in China
        add_job(engine, e["kunming"], province="云南省", city="昆明市", scope="province", trade="logistics",
                headcount=2, created_at=utc(2026, 11, 22, 16, 30), fairs=(fairs["today"],)),  # 00:30 on the 23rd
        add_job(engine, e["idle"], province="福建省", city="泉州市", scope="out", trade="shoe_making",
                headcount=5, created_at=utc(2025, 12, 1, 2)),  # nobody hired
    ]
    townships = list(VILLAGES)
    people = []
    for n in range(24):
        site = rng.choice([None, sites["relocation"], sites["point"]])
        people.append(add_person(engine, vault, n, rng.choice(townships), rng.choice(("yes", "no", "unknown")), site))
    hires: list[Hired] = []
    pairs = set()
    for i in range(34):
        person, job = rng.choice(people), rng.choice(jobs[:5])
        if (person.id, job.id) in pairs:
            continue
        pairs.add((person.id, job.id))
        at = rng.choice(EDGES) if i % 3 == 0 else NOW - timedelta(minutes=rng.randrange(1, 400 * 24 * 60))
        fair_id = rng.choice([f for f in job.fairs] + [None]) if job.fairs else None
        hires.append(record_hire(engine, person, job, at + timedelta(microseconds=i), fair_id))
    return World(people, jobs, hires, fairs, sites, employers)


# --- the independent reckoning ------------------------------------------------------------------


def hire_ok(h: Hired, flt: DashboardFilter) -> bool:
    return ((flt.fair_id is None or h.fair_id == flt.fair_id)
            and (flt.township is None or h.person.township == flt.township)
            and (flt.site_id is None or flt.site_id in h.person.sites))


def date_ok(t: datetime, flt: DashboardFilter) -> bool:
    d = local_date(t)
    return (flt.start is None or d >= flt.start) and (flt.end is None or d <= flt.end)


def expected(w: World, flt: DashboardFilter) -> dict:
    scoped = [h for h in w.hires if hire_ok(h, flt) and date_ok(h.at, flt)]
    jobs = [j for j in w.jobs if date_ok(j.created_at, flt) and (flt.fair_id is None or flt.fair_id in j.fairs)]
    into = Counter(h.job.id for h in w.hires)
    fill: dict[int, list[int]] = {}
    for j in jobs:
        row = fill.setdefault(j.employer_id, [0, 0, 0, 0])
        row[0] += 1
        row[1] += j.headcount
        row[2] += into[j.id]
        row[3] += into[j.id] >= j.headcount
    town = [h for h in w.hires if local_date(h.at).year == TODAY.year
            and (flt.township is None or h.person.township == flt.township)]
    return {
        "today": sum(1 for h in w.hires if hire_ok(h, flt) and local_date(h.at) == TODAY),
        "total": len(scoped),
        "people": len({h.person.id for h in scoped}),
        "poor": sum(1 for h in scoped if h.person.poor == "yes"),
        "by_employer": +Counter(h.job.employer_id for h in scoped),
        "by_province": +Counter(h.job.province for h in scoped),
        "by_trade": +Counter(h.job.trade for h in scoped),
        "fill": {k: tuple(v) for k, v in fill.items()},
        "fill_total": tuple(sum(v[i] for v in fill.values()) for i in range(4)),
        "employed": len({h.person.id for h in town}),
        "transferred": len({h.person.id for h in town if h.job.scope in ("province", "out")}),
    }


def actual(db) -> dict:
    h, o = db.hires, db.openings
    assert all(ref.id is not None for ref, _n in h.by_employer)  # fewer than 16 employers: no "others"
    return {
        "today": h.today, "total": h.total, "people": h.people, "poor": h.poor,
        "by_employer": Counter({ref.id: n for ref, n in h.by_employer}),
        "by_province": Counter(dict(h.by_province)),
        "by_trade": Counter(dict(h.by_trade)),
        "fill": {ref.id: (f.vacancies, f.positions, f.hired, f.vacancies_filled) for ref, f in o.by_employer},
        "fill_total": (o.total.vacancies, o.total.positions, o.total.hired, o.total.vacancies_filled),
        "employed": db.targets[1].count,
        "transferred": db.targets[2].count,
    }


def check(engine, w: World, flt: DashboardFilter) -> None:
    """Read from the summaries (a registration point's people: its "site" markers) and from the base tables."""
    for summaries in (True, False):
        db = build_dashboard(engine, flt, now=NOW, zone=ZONE, summaries=summaries)
        assert actual(db) == expected(w, flt), (flt, summaries)


# --- tests --------------------------------------------------------------------------------------


def test_whole_county(engine, world) -> None:
    db = build_dashboard(engine, DashboardFilter(), now=NOW, zone=ZONE)
    want = expected(world, DashboardFilter())
    assert actual(db) == want
    assert want["total"] >= 25 and want["today"] >= 1 and 0 < want["poor"] < want["total"]
    assert want["people"] < want["total"]  # some people hired twice: the figures differ
    assert want["employed"] < want["people"]  # some hires were last year
    assert 0 < want["transferred"] < want["employed"]
    assert db.hires.poor_share == pytest.approx(100 * want["poor"] / want["total"])
    # most first, and the lists add up
    assert [n for _r, n in db.hires.by_employer] == sorted((n for _r, n in db.hires.by_employer), reverse=True)
    assert sum(n for _p, n in db.hires.by_province) == sum(n for _t, n in db.hires.by_trade) == db.hires.total
    names = {ref.id: ref.name for ref, _n in db.openings.by_employer}
    assert names[world.employers["workshop"]] == "云岭县幸福社区扶贫车间"
    assert db.openings.total.positions == 6 + 2 + 3 + 8 + 2 + 5
    assert db.openings.by_employer[0][0].id == world.employers["dongguan"]  # most positions first (8)
    assert db.openings.total.percent == pytest.approx(100 * db.openings.total.hired / 26)


def test_filters(engine, world) -> None:
    f, s = world.fairs, world.sites
    for flt in [
        DashboardFilter(fair_id=f["today"]),
        DashboardFilter(fair_id=f["spring"]),
        DashboardFilter(township="大河乡"),
        DashboardFilter(township="城关镇"),
        DashboardFilter(township="普安乡"),  # nobody lives there
        DashboardFilter(site_id=s["point"]),
        DashboardFilter(site_id=s["relocation"], township="城关镇"),
        DashboardFilter(start=date(2026, 11, 22), end=date(2026, 11, 22)),
        DashboardFilter(start=date(2026, 11, 23), end=TODAY),
        DashboardFilter(start=date(2026, 1, 1)),
        DashboardFilter(end=date(2025, 12, 31)),
        DashboardFilter(fair_id=f["today"], township="大河乡", start=date(2026, 6, 1)),
        DashboardFilter(fair_id=f["spring"], start=date(2026, 2, 1), end=date(2026, 2, 28)),
    ]:
        check(engine, world, flt)


def test_local_midnight(engine, vault) -> None:
    """23:30 and 00:30 China time fall on different days, whatever the UTC date says."""
    employer = make_employer(engine)
    job = add_job(engine, employer, province="广东省", city="东莞市", scope="out", trade="welding", headcount=2,
                  created_at=utc(2026, 11, 1))
    other = add_job(engine, employer, province="云南省", city="昭通市", scope="local", trade="cleaning", headcount=1,
                    created_at=utc(2026, 11, 1))
    late, early, new_year = (add_person(engine, vault, n, "城关镇", "yes", None) for n in range(3))
    record_hire(engine, late, job, utc(2026, 11, 22, 15, 30))  # 23:30 on the 22nd
    record_hire(engine, early, job, utc(2026, 11, 22, 16, 30))  # 00:30 on the 23rd: today
    record_hire(engine, late, other, utc(2025, 12, 31, 15, 30))  # 23:30 on 31 Dec 2025: last year
    record_hire(engine, new_year, other, utc(2025, 12, 31, 16, 30))  # 00:30 on 1 Jan 2026: this year
    db = build_dashboard(engine, DashboardFilter(), now=NOW, zone=ZONE)
    assert (db.hires.today, db.hires.total, db.hires.people) == (1, 4, 3)
    assert (db.targets[1].count, db.targets[2].count) == (3, 2)  # employed in 2026; transferred: not the local job
    yesterday = build_dashboard(engine, DashboardFilter(start=date(2026, 11, 22), end=date(2026, 11, 22)),
                                now=NOW, zone=ZONE)
    assert (yesterday.hires.today, yesterday.hires.total) == (1, 1)  # "today" ignores the date filter
    assert build_dashboard(engine, DashboardFilter(end=date(2025, 12, 31)), now=NOW, zone=ZONE).hires.total == 1
    assert db.openings.total == db.openings.by_employer[0][1]
    assert (db.openings.total.vacancies, db.openings.total.positions, db.openings.total.hired,
            db.openings.total.vacancies_filled) == (2, 3, 4, 2)  # over-filled counts as filled
    # at 16:30 UTC on the 23rd it is the 24th in China: nobody hired "today"
    assert build_dashboard(engine, DashboardFilter(), now=utc(2026, 11, 23, 16, 30), zone=ZONE).hires.today == 0
    # in 2027 the 2026 hires no longer count toward the target
    assert build_dashboard(engine, DashboardFilter(), now=utc(2027, 1, 1, 1), zone=ZONE).targets[1].count == 0


def test_targets_progress_with_hires(engine, world, county) -> None:
    want = expected(world, DashboardFilter())
    dahe = expected(world, DashboardFilter(township="大河乡"))
    save_targets(engine, 2026, {("", "employed"): 20, ("", "transferred_out"): 0, ("大河乡", "employed"): 4},
                 county=county)
    db = build_dashboard(engine, DashboardFilter(), now=NOW, zone=ZONE)
    _reg, employed, moved, _trained = db.targets
    assert (employed.count, employed.target) == (want["employed"], 20)
    assert employed.percent == pytest.approx(100 * want["employed"] / 20)
    assert (moved.count, moved.target, moved.percent) == (want["transferred"], 0, None)
    town = build_dashboard(engine, DashboardFilter(township="大河乡"), now=NOW, zone=ZONE)
    assert (town.targets[1].count, town.targets[1].target, town.targets[2].count) == \
        (dahe["employed"], 4, dahe["transferred"])
    # the fair and date filters do not change the yearly figures
    fair = build_dashboard(engine, DashboardFilter(fair_id=world.fairs["spring"], start=date(2026, 2, 1)),
                           now=NOW, zone=ZONE)
    assert [t.count for t in fair.targets[1:3]] == [want["employed"], want["transferred"]]


def test_top_employers_and_the_others(engine, vault) -> None:
    people = [add_person(engine, vault, n, "龙泉镇", "no", None) for n in range(20)]
    hires_of = {}
    for k in range(18):
        employer = make_employer(engine, name=f"测试企业{k:02d}", serial=100 + k)
        job = add_job(engine, employer, province="浙江省", city="义乌市", scope="out", trade="logistics",
                      headcount=30 - k, created_at=utc(2026, 10, 1))
        n = 1 + k % 4
        hires_of[employer] = n
        for p in people[:n]:
            record_hire(engine, p, job, utc(2026, 11, 1, 3))
    db = build_dashboard(engine, DashboardFilter(), now=NOW, zone=ZONE)
    ranked = sorted(hires_of.items(), key=lambda kv: (-kv[1], kv[0]))
    assert [(r.id, n) for r, n in db.hires.by_employer[:15]] == ranked[:15]
    others, n = db.hires.by_employer[15]
    assert (others.id, others.others, n) == (None, 3, sum(v for _k, v in ranked[15:]))
    assert len(db.hires.by_employer) == 16
    fills = db.openings.by_employer
    assert [f.positions for _r, f in fills[:15]] == list(range(30, 15, -1))
    assert (fills[15][0].id, fills[15][0].others, fills[15][1].positions) == (None, 3, 15 + 14 + 13)
    assert sum((f for _r, f in fills), type(db.openings.total)()) == db.openings.total
    assert db.openings.total.vacancies == 18 and db.openings.total.hired == sum(hires_of.values())
