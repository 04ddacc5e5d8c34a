"""Demo data: valid, unique, consistent people and check-ins on both backends; the CLI command."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from models import CheckIn, Fair, Seeker, SeekerTrade, Site
from services.cli.commands import main
from services.cli.demo import PeopleFactory, ensure_sites, fair_plan, generate_demo
from services.core.db import make_engine, unit_of_work
from services.core.reference import CONSENT_VERSION, EDUCATION_LEVELS, INTENTIONS, LEAVE_CONSTRAINTS, TRADES
from services.core.settings import get_settings
from services.core.validation import mask_mobile, normalize_mobile, parse_resident_id
from services.places.sources import resolve_source
from services.registration.profile import COMPLETE, missing_groups
from services.registration.tickets import last4_digest
from tests.conftest import TEST_SECRET

N = 300
NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)  # 11:30 in China
TODAY = date(2026, 11, 23)


def _all(engine, model):
    with Session(engine) as s:
        return list(s.execute(select(model)).scalars())


def _count(engine, model) -> int:
    with Session(engine) as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.fixture
def demo(engine, vault, county):
    return generate_demo(engine, vault, county, seekers=N, seed=3, fairs=2, batch=120, today=TODAY, now=NOW,
                         out=None)


def test_counts(engine, demo, county) -> None:
    assert demo.seekers == N and demo.skipped == 0
    assert _count(engine, Seeker) == N
    assert _count(engine, CheckIn) == demo.checkins
    assert N <= demo.checkins <= 3 * N
    assert _count(engine, SeekerTrade) == demo.trades
    assert _count(engine, Site) == len(county.townships) + 2 == len(demo.sites)
    assert _count(engine, Fair) == 2 == len(demo.fairs)


def test_people_are_valid_and_stored_like_register_seeker(engine, demo, vault, county) -> None:
    seekers = _all(engine, Seeker)
    places = {(t.name, v.name) for t in county.townships for v in t.villages}
    traded = {t.seeker_id for t in _all(engine, SeekerTrade)}
    for s in seekers:
        number = vault.decrypt(s.id_enc)
        rid = parse_resident_id(number, today=TODAY)
        assert number.startswith(county.area_code)
        assert (rid.birth_date, rid.gender) == (s.birth_date, s.gender)
        assert 18 <= rid.age_on(TODAY) <= 66
        assert s.id_hmac == vault.digest("id", number)
        assert s.id_last4_hmac == last4_digest(vault, s.id_hmac, number[-4:])
        phone = vault.decrypt(s.phone_enc)
        assert normalize_mobile(phone) == phone
        assert s.phone_hmac == vault.digest("phone", phone) and s.phone_masked == mask_mobile(phone)
        assert 2 <= len(s.name) <= 4 and len(s.ticket_code) == 8
        assert (s.township, s.village) in places
        missing = missing_groups(s.profile_answered)  # issue 10: some profiles are incomplete
        assert (s.education in EDUCATION_LEVELS) if "education" not in missing else s.education is None
        assert (s.intention in INTENTIONS and s.leave_constraint in LEAVE_CONSTRAINTS) if "place" not in missing \
            else s.intention is None and s.leave_constraint is None
        assert (s.poor_household in ("yes", "no", "unknown")) if "poor_household" not in missing \
            else s.poor_household is None
        assert (s.willing_to_train is not None) if "training" not in missing else s.willing_to_train is None
        assert s.expected_wage is None or 3000 <= s.expected_wage <= 8000
        if "trades" in missing:
            assert s.id not in traded
        assert s.consent_version == CONSENT_VERSION
    assert len({s.id_hmac for s in seekers}) == N
    assert len({s.ticket_code for s in seekers}) == N
    assert all(t.trade in TRADES for t in _all(engine, SeekerTrade))
    per_seeker = Counter(t.seeker_id for t in _all(engine, SeekerTrade))
    assert max(per_seeker.values()) <= 3


def test_checkins_reference_sources_and_timestamps_are_aware(engine, demo) -> None:
    fairs = {f.id: f for f in _all(engine, Fair)}
    sites = {s.id for s in _all(engine, Site)}
    seekers = {s.id: s for s in _all(engine, Seeker)}
    checkins = _all(engine, CheckIn)
    assert len({c.submission_id for c in checkins}) == len(checkins)
    by_seeker: dict[int, list[CheckIn]] = {}
    for c in checkins:
        assert c.seeker_id in seekers
        assert (c.fair_id is None) != (c.site_id is None)
        assert c.fair_id in fairs if c.fair_id else c.site_id in sites
        assert c.channel in ("qr", "kiosk", "staff", "import")
        assert c.created_at.tzinfo is not None
        assert NOW - timedelta(days=366) <= c.created_at <= NOW
        local = c.created_at + timedelta(hours=8)
        assert 8 <= local.hour <= 17
        if c.fair_id:
            fair = fairs[c.fair_id]
            assert fair.starts_on <= local.date() <= fair.ends_on
        by_seeker.setdefault(c.seeker_id, []).append(c)
    assert set(by_seeker) == set(seekers)
    for seeker_id, own in by_seeker.items():
        s = seekers[seeker_id]
        assert 1 <= len(own) <= 3
        first = min(own, key=lambda c: c.created_at)
        assert s.created_at.tzinfo is not None and s.created_at == first.created_at
        assert s.updated_at == s.consented_at == max(c.created_at for c in own)
        assert (s.first_fair_id, s.first_site_id) == (first.fair_id, first.site_id)
        assert s.source_kind == ("fair" if first.fair_id else "site")
    assert any(c.fair_id for c in checkins) and any(c.site_id for c in checkins)


def test_one_fair_is_open_today(engine, demo) -> None:
    lookup = resolve_source(engine, fair_code=demo.fairs[0], today=TODAY)
    assert lookup.problem is None and lookup.source.kind == "fair"
    assert "送岗位下乡" in lookup.source.name
    past = resolve_source(engine, fair_code=demo.fairs[1], today=TODAY)
    assert past.problem is not None  # the spring fair has ended


def test_second_run_adds_other_people(engine, vault, county, demo) -> None:
    again = generate_demo(engine, vault, county, seekers=100, seed=3, fairs=2, today=TODAY, now=NOW, out=None)
    assert again.seekers == 100
    assert again.fairs == demo.fairs and again.sites == demo.sites  # found again, not duplicated
    assert _count(engine, Seeker) == N + 100
    assert _count(engine, Fair) == 2
    with unit_of_work(engine, write=False) as s:
        assert s.execute(select(func.count(func.distinct(Seeker.ticket_code)))).scalar_one() == N + 100


def test_same_seed_same_people(vault, county) -> None:
    fairs = [Fair(id=i + 1, **plan) for i, plan in enumerate(fair_plan(county, 3, TODAY))]
    sites = [Site(id=i + 1, code=f"S{i}", name="x", kind="relocation", township=t.name)
             for i, t in enumerate(county.townships)]

    def people(seed: int) -> list[tuple]:
        f = PeopleFactory(random.Random(seed), vault, county, fairs, sites, today=TODAY, now=NOW)
        return [(r["name"], r["id_hmac"], r["phone_hmac"], r["created_at"], t, c)
                for r, t, c in (f.seeker() for _ in range(50))]

    assert people(5) == people(5)
    assert people(5) != people(6)


def test_distributions(vault, county) -> None:
    fairs = [Fair(id=i + 1, **plan) for i, plan in enumerate(fair_plan(county, 2, TODAY))]
    sites = [Site(id=i + 1, code=f"S{i}", name="x", kind="relocation", township=t.name)
             for i, t in enumerate(county.townships)]
    f = PeopleFactory(random.Random(1), vault, county, fairs, sites, today=TODAY, now=NOW)
    rows = [f.seeker()[0] for _ in range(3000)]
    share = Counter(r["poor_household"] for r in rows)["yes"] / len(rows)
    assert 0.15 <= share <= 0.25
    education = Counter(r["education"] for r in rows).most_common(2)
    assert {e for e, _ in education} == {"junior", "primary"}
    genders = Counter(r["gender"] for r in rows)
    assert 0.4 < genders["M"] / len(rows) < 0.6
    ages = [(TODAY - r["birth_date"]).days / 365.25 for r in rows]
    assert min(ages) >= 18 and max(ages) < 66
    assert sum(a <= 60 for a in ages) / len(ages) > 0.9
    assert Counter(r["leave_constraint"] for r in rows).most_common(1)[0][0] == "none"


def test_about_one_in_seven_profiles_is_incomplete_mostly_recent_phone_registrations(vault, county) -> None:
    fairs = [Fair(id=i + 1, **plan) for i, plan in enumerate(fair_plan(county, 2, TODAY))]
    sites = [Site(id=i + 1, code=f"S{i}", name="x", kind="relocation", township=t.name)
             for i, t in enumerate(county.townships)]
    f = PeopleFactory(random.Random(1), vault, county, fairs, sites, today=TODAY, now=NOW)
    drawn = [f.seeker() for _ in range(3000)]
    incomplete = [(r, c) for r, _t, c in drawn if r["profile_answered"] != COMPLETE]
    assert 0.11 <= len(incomplete) / len(drawn) <= 0.19
    recent_qr = [r for r, c in incomplete if c[0].channel == "qr" and NOW - c[0].at < timedelta(days=120)]
    assert len(recent_qr) > len(incomplete) / 2
    assert any(r["profile_answered"] == "" for r, _c in incomplete)  # the ticket only
    assert any(r["profile_answered"] not in ("", COMPLETE) for r, _c in incomplete)  # partly answered


def test_sites_are_found_again(engine, county) -> None:
    first = ensure_sites(engine, county)
    second = ensure_sites(engine, county)
    assert [s.id for s in first] == [s.id for s in second]
    assert all(s.name.endswith(("社区安置点", "便民服务站")) for s in first)


def test_cli_demo_data(monkeypatch, tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PORTAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PORTAL_SECRET_KEY", TEST_SECRET)
    monkeypatch.delenv("PORTAL_ENV", raising=False)
    get_settings.cache_clear()
    try:
        assert main(["demo-data", "--seekers", "50", "--employers", "20", "--vacancies", "200"]) == 0
    finally:
        get_settings.cache_clear()
    out = capsys.readouterr().out
    assert "求职者 50/50（100%）" in out and "总用时" in out  # in the portal's language (Chinese by default)
    assert "seekers" not in out and "done:" not in out
    engine = make_engine(url)
    try:
        listed = re.search(r"村名单：共 \d+ 行，新增 (\d+) 人", out)  # the demo's village lists (issue 12)
        assert listed is not None, out
        assert _count(engine, Seeker) == 50 + int(listed.group(1))
        assert _count(engine, Fair) == 2
        from models import Employer, Vacancy

        assert _count(engine, Vacancy) == 200 and _count(engine, Employer) == 25  # and 5 pending
        assert "招聘：20 家用人单位，200 个岗位" in out
    finally:
        engine.dispose()


# --- recruiting: employers, vacancies, applications, hires, booth scans ------------------------


def test_employers_and_vacancies(engine, demo, county) -> None:
    from models import Employer, Vacancy, VacancyFair
    from services.core.validation import normalize_credit_code
    from services.places.geography import CITIES, scope_of

    employers = _all(engine, Employer)
    assert Counter(e.status for e in employers) == {"approved": 150, "pending": 5} and demo.employers == 150
    assert len({e.name for e in employers}) == len(employers) == len({e.credit_code for e in employers})
    for e in employers:
        assert normalize_credit_code(e.credit_code) == e.credit_code  # a valid check character
        assert e.city in CITIES and CITIES[e.city][0] == e.province
        assert (e.reviewed_at is not None) == (e.status == "approved")
    kinds = Counter(e.industry for e in employers)
    assert kinds["workshop"] >= 10 and kinds["public_welfare"] >= 3
    vacancies = _all(engine, Vacancy)
    assert len(vacancies) == demo.vacancies == 3000
    by_id = {e.id: e for e in employers}
    for v in vacancies:
        assert by_id[v.employer_id].status == "approved"
        assert (v.province, v.city) == (by_id[v.employer_id].province, by_id[v.employer_id].city)
        assert v.scope == scope_of(county, v.province, v.city)
        assert 3500 <= v.wage_min <= v.wage_max <= 8000
        assert v.headcount >= 1 and 16 <= v.age_min < v.age_max <= 60 and v.gender == ""
        assert v.created_at <= NOW
    scopes = Counter(v.scope for v in vacancies)
    assert scopes["local"] >= 100 and scopes["out"] > scopes["local"] + scopes["province"]
    coastal = Counter(v.province for v in vacancies if v.scope == "out")
    assert sum(coastal[p] for p in ("广东省", "浙江省", "福建省", "江苏省")) > 0.8 * scopes["out"]
    assert any(v.housing and v.meals for v in vacancies) and any(not v.housing for v in vacancies)
    fairs = {f.id: f for f in _all(engine, Fair)}
    offered = _all(engine, VacancyFair)
    assert offered and all(o.fair_id in fairs for o in offered)
    today_fair = next(f for f in fairs.values() if f.code == demo.fairs[0])
    assert sum(o.fair_id == today_fair.id for o in offered) > 1000  # about half are offered at today's fair


def test_applications_histories_hires_and_scans(engine, demo) -> None:
    from models import Application, BoothScan, Hire, StageChange, Vacancy

    vacancies = {v.id: v for v in _all(engine, Vacancy)}
    seekers = {s.id: s for s in _all(engine, Seeker)}
    fairs = {f.id: f for f in _all(engine, Fair)}
    apps = {a.id: a for a in _all(engine, Application)}
    assert len(apps) == demo.applications and 0.15 * N <= len({a.seeker_id for a in apps.values()}) <= 0.6 * N
    assert len({(a.vacancy_id, a.seeker_id) for a in apps.values()}) == len(apps)
    history: dict[int, list] = {}
    for c in sorted(_all(engine, StageChange), key=lambda c: (c.application_id, c.at, c.id)):
        history.setdefault(c.application_id, []).append(c)
    assert sum(map(len, history.values())) == demo.stage_changes and set(history) == set(apps)
    order = ["interested", "interviewed", "offered", "hired"]
    for app_id, a in apps.items():
        assert a.employer_id == vacancies[a.vacancy_id].employer_id
        assert seekers[a.seeker_id].created_at <= a.created_at <= a.updated_at <= NOW
        steps = history[app_id]
        assert (steps[0].from_stage, steps[0].to_stage, steps[0].at) == (None, "interested", a.created_at)
        for prev, nxt in zip(steps, steps[1:], strict=False):
            assert nxt.from_stage == prev.to_stage and nxt.at >= prev.at
            assert nxt.to_stage == "not_suitable" or order.index(nxt.to_stage) == order.index(prev.to_stage) + 1
        assert steps[-1].to_stage == a.stage and steps[-1].at == a.updated_at
        reached = {s.to_stage: s.at for s in steps}
        assert (a.interviewed_at, a.offered_at, a.hired_at) == \
            (reached.get("interviewed"), reached.get("offered"), reached.get("hired"))
    hires = _all(engine, Hire)
    assert len(hires) == demo.hires > 0
    assert {h.application_id for h in hires} == {i for i, a in apps.items() if a.stage == "hired"}
    assert len({h.seeker_id for h in hires}) == len(hires)  # hired once each
    for h in hires:
        a, v = apps[h.application_id], vacancies[h.vacancy_id]
        assert (h.seeker_id, h.employer_id, h.vacancy_id, h.hired_at) == (a.seeker_id, a.employer_id, a.vacancy_id,
                                                                          a.hired_at)
        assert (h.province, h.city, h.scope, h.trade, h.contract_months) == (v.province, v.city, v.scope, v.trade,
                                                                             v.contract_months)
        assert v.wage_min <= h.monthly_wage <= v.wage_max
        assert h.start_date > (h.hired_at + timedelta(hours=8)).date()
        if h.fair_id is not None:
            fair = fairs[h.fair_id]
            assert a.source == "booth" and fair.starts_on <= (h.hired_at + timedelta(hours=8)).date() <= fair.ends_on
    per_vacancy = Counter(h.vacancy_id for h in hires)
    assert all(n <= vacancies[v].headcount for v, n in per_vacancy.items())
    scans = _all(engine, BoothScan)
    assert len(scans) == demo.scans > 0
    booth_apps = [a for a in apps.values() if a.source == "booth"]
    assert booth_apps and len(scans) >= len(booth_apps)
    today_fair = next(f for f in fairs.values() if f.code == demo.fairs[0])
    for s in scans:
        assert s.fair_id in fairs and s.at <= NOW and s.method in ("camera", "typed")
        local = (s.at + timedelta(hours=8)).date()
        assert fairs[s.fair_id].starts_on <= local <= fairs[s.fair_id].ends_on
    assert any(s.fair_id == today_fair.id for s in scans)


def test_dashboard_reads_the_demo(engine, demo) -> None:
    from models import Hire
    from services.reporting.dashboard import DashboardFilter, build_dashboard

    d = build_dashboard(engine, DashboardFilter(), now=NOW)
    hires = _all(engine, Hire)
    assert d.hires.total == len(hires) == demo.hires
    assert d.openings.total.vacancies == 3000 and d.openings.total.hired == len(hires)
    assert d.targets[1].count == len({h.seeker_id for h in hires if (h.hired_at + timedelta(hours=8)).year == 2026})


def test_second_run_finds_the_employers_again(engine, vault, county, demo) -> None:
    from models import Employer, Vacancy

    again = generate_demo(engine, vault, county, seekers=60, seed=3, fairs=2, today=TODAY, now=NOW, out=None,
                          vacancies=100)
    assert again.employers == 150 and _count(engine, Employer) == 155
    assert again.vacancies == 100 and _count(engine, Vacancy) == 3100


def test_no_recruiting_data(engine, vault, county) -> None:
    from models import Application, Employer

    report = generate_demo(engine, vault, county, seekers=40, seed=3, today=TODAY, now=NOW, out=None, employers=0)
    assert (report.seekers, report.employers, report.vacancies, report.applications) == (40, 0, 0, 0)
    assert _count(engine, Employer) == 0 and _count(engine, Application) == 0


def test_the_village_lists_give_households_and_rows_for_the_repair_queue(engine, vault, county) -> None:
    """Issue 12's demo part: households to join at the desk, rows left out in the repair queue; a second run
    adds nobody."""
    from models import Household, LeftOutRow
    from services.cli.demo.village_list import import_village_lists

    said = import_village_lists(engine, vault, county, seed=3, today=TODAY)
    households, left_out, people = _count(engine, Household), _count(engine, LeftOutRow), _count(engine, Seeker)
    assert households == 8 and left_out == 3 and people > 10, said
    import_village_lists(engine, vault, county, seed=3, today=TODAY)
    assert (_count(engine, Household), _count(engine, Seeker)) == (households, people)
