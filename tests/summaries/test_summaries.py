"""The summaries equal a recount from the base tables after any sequence of writes, on SQLite and PostgreSQL:
the dashboard read from them equals the dashboard counted from the base tables (the reference SQL), and
`verify` finds no difference. Days are the county's, whatever the server's TZ."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select

from models import SummaryCount, SummaryMarker, SummaryState
from services.core.db import unit_of_work
from services.places.sources import Source, create_fair, create_site
from services.registration.bulk import BulkEntry, register_many
from services.registration.checkin import check_in_ticket
from services.registration.profile import save_profile_group
from services.registration.register import IdentityTaken, register_seeker, validate_registration
from services.reporting.dashboard import (
    DashboardFilter,
    build_dashboard,
    filter_options,
    people,
    registrations,
    targets,
)
from services.reporting.dashboard.context import resolve
from services.summaries.rebuild import rebuild, verify
from tests.factories import form, person_id

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)  # 11:30 in China
TODAY = date(2026, 11, 23)
_serial = itertools.count()


class County:
    """Fairs and sites of one example (codes unique across examples: the database is shared)."""

    def __init__(self, engine) -> None:
        n = next(_serial)
        self.today = create_fair(engine, name=f"今日招聘会{n}", code=f"T{n:04d}", township="大河乡",
                                 starts_on=TODAY - timedelta(days=1), ends_on=TODAY, status="open")
        self.past = create_fair(engine, name=f"春风行动{n}", code=f"P{n:04d}", township="城关镇",
                                starts_on=TODAY - timedelta(days=3), ends_on=TODAY - timedelta(days=2),
                                status="closed")
        self.site_a = create_site(engine, name=f"幸福社区{n}", code=f"A{n:04d}", township="城关镇")
        self.site_b = create_site(engine, name=f"大河安置点{n}", code=f"B{n:04d}", township="大河乡")
        self.sources = [Source(kind="fair", fair_id=self.today.id), Source(kind="fair", fair_id=self.past.id),
                        Source(kind="site", site_id=self.site_a.id), Source(kind="site", site_id=self.site_b.id),
                        Source.direct()]
        self.base = n * 10

    def filters(self) -> list[DashboardFilter]:
        return [DashboardFilter(), DashboardFilter(fair_id=self.today.id), DashboardFilter(fair_id=self.past.id),
                DashboardFilter(site_id=self.site_a.id), DashboardFilter(site_id=self.site_b.id),
                DashboardFilter(township="城关镇"),
                DashboardFilter(township="大河乡"), DashboardFilter(start=TODAY - timedelta(days=6), end=TODAY),
                DashboardFilter(fair_id=self.today.id, township="城关镇"),
                DashboardFilter(start=TODAY - timedelta(days=2), end=TODAY - timedelta(days=2), township="城关镇"),
                DashboardFilter(start=TODAY), DashboardFilter(start=TODAY - timedelta(days=1)),  # latest-day counters
                DashboardFilter(end=TODAY),
                DashboardFilter(start=TODAY - timedelta(days=3), end=TODAY - timedelta(days=1))]


def panels(engine, flt: DashboardFilter, *, summaries: bool, now: datetime = NOW) -> dict[str, object]:
    """The registration panels, the targets (the county's registrations of the year) and the people panel with
    "profiles incomplete" (per fair and registration point: services/summaries/place_profiles.py), which read the
    summaries; the others do not."""
    ctx = resolve(flt, filter_options(engine, today=TODAY), now=now, zone=ZONE, summaries=summaries)
    got: dict[str, object] = {}
    with engine.connect() as conn:
        for panel in (registrations.people_today, registrations.people_at_fair, registrations.per_hour_and_day,
                      registrations.by_place, targets.targets, people.people_panel):
            got.update(panel(conn, ctx))
    return got


def assert_summaries_exact(engine, county: County, now: datetime = NOW) -> None:
    for flt in county.filters():
        assert panels(engine, flt, summaries=True, now=now) == panels(engine, flt, summaries=False, now=now), flt
    with engine.connect() as conn:
        found = verify(conn, zone=ZONE)
    assert not any(a or b for a, b in found.counts.values()), (found.missing, found.unexpected)


# (operation, person, place, days ago, minutes after the local midnight)
operations = st.lists(st.tuples(st.sampled_from(["register", "register", "checkin", "bulk", "profile"]),
                                st.integers(0, 5), st.integers(0, 4), st.integers(0, 3), st.integers(0, 24 * 60 - 1)),
                      min_size=1, max_size=12)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_any_sequence_of_writes_keeps_the_summaries_exact(engine, vault, county, ops) -> None:
    place = County(engine)
    tickets: dict[int, str] = {}
    for i, (op, who, where, ago, minute) in enumerate(ops):
        day = TODAY - timedelta(days=ago)
        when = min(datetime.combine(day, datetime.min.time(), ZONE) + timedelta(minutes=minute), NOW) \
            - timedelta(microseconds=i)  # each write its own instant, as utcnow() gives
        source = place.sources[where]
        answers = form(id_number=person_id(place.base + who), education=["primary", "junior"][i % 2])
        draft = validate_registration(answers, county=county)
        sid = f"h-{place.base}-{i}"
        if op == "register":
            tickets[who] = register_seeker(engine, vault, draft, source=source, submission_id=sid, now=when).ticket_code
        elif op == "bulk":
            with unit_of_work(engine) as session:
                register_many(session, vault, [BulkEntry(draft, sid)], source=source, channel="import", now=when)
        elif op == "checkin" and who in tickets and where < 4:
            check_in_ticket(engine, ticket_code=tickets[who], source=source, submission_id=sid, now=when)
        elif op == "profile" and who in tickets:  # moves nobody between these figures
            save_profile_group(engine, ticket_code=tickets[who], group="education", answers={"education": "senior"})
    assert_summaries_exact(engine, place)


def test_a_double_submit_and_another_mobile_count_nothing_more(engine, vault, county) -> None:
    place = County(engine)
    draft = validate_registration(form(id_number=person_id(1)), county=county)
    for n in range(2):  # a double tap: the same form's submission twice
        register_seeker(engine, vault, draft, source=place.sources[0], submission_id="same",
                        now=NOW - timedelta(microseconds=n))
    other = validate_registration(form(id_number=person_id(1), phone="13800000000"), county=county)
    with pytest.raises(IdentityTaken):
        register_seeker(engine, vault, other, source=place.sources[2], submission_id="other", now=NOW)
    d = build_dashboard(engine, DashboardFilter(), now=NOW, zone=ZONE, summaries=True)
    assert (d.people_today, d.new_today, sum(n for _h, n in d.per_hour)) == (1, 1, 1)
    assert_summaries_exact(engine, place)
    whole = [build_dashboard(engine, flt, now=NOW, zone=ZONE, summaries=s) for s in (True, False)
             for flt in (DashboardFilter(township="大河乡"),)]  # the whole dashboard, both ways
    assert whole[0].people_today == whole[1].people_today and whole[0].by_place == whole[1].by_place


LEVELS = ("junior", "senior", "primary")


def race_answer_changes(engine, ticket: str, rounds: int, visit) -> None:
    """Each round, `visit(round)` and staff changing the person's education (to LEVELS[round % 3]) start at the
    same moment; neither fails."""
    start, errors = threading.Barrier(2), []

    def change(r: int) -> None:
        save_profile_group(engine, ticket_code=ticket, group="education", answers={"education": LEVELS[r % 3]})

    def run(step) -> None:
        try:
            for r in range(rounds):
                start.wait(timeout=120)
                step(r)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(step,)) for step in (visit, change)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not errors


def test_concurrent_registrations_lose_no_increment(engine, vault, county) -> None:
    """Eight registrations at once at one fair in one hour (two of them the same person): every check-in
    and every distinct person counted, on both backends."""
    place = County(engine)
    drafts = [validate_registration(form(id_number=person_id(n % 7)), county=county) for n in range(8)]
    start = threading.Barrier(len(drafts))
    errors: list[BaseException] = []

    def one(n: int) -> None:
        try:
            start.wait(timeout=60)
            register_seeker(engine, vault, drafts[n], source=place.sources[0], submission_id=f"c-{n}",
                            now=NOW - timedelta(seconds=n))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(len(drafts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors
    d = build_dashboard(engine, DashboardFilter(fair_id=place.today.id), now=NOW, zone=ZONE, summaries=True)
    assert (d.people_today, d.people_at_fair, sum(n for _h, n in d.per_hour)) == (7, 7, 8)
    assert_summaries_exact(engine, place)


def test_a_first_visit_to_a_place_and_a_changed_answer_at_once_keep_the_place_counters_exact(engine, vault,
                                                                                               county) -> None:
    """A person checks in at a fair (or a registration point) they have never been to while staff change their
    education at the same moment, again and again: each place's people panel counts them with the values they
    end with, on both backends (services/summaries/place_profiles.py: one waits for the other)."""
    place = County(engine)
    n = next(_serial)
    rounds = 6
    places = [Source(kind="site", site_id=create_site(engine, name=f"安置点{n}-{r}", code=f"S{n:03d}{r}",
                                                      township="城关镇").id) if r % 2 else
              Source(kind="fair", fair_id=create_fair(engine, name=f"招聘会{n}-{r}", code=f"F{n:03d}{r}",
                                                      township="大河乡", starts_on=TODAY, ends_on=TODAY,
                                                      status="open").id) for r in range(rounds)]
    draft = validate_registration(form(id_number=person_id(place.base + 1), education="primary"), county=county)
    ticket = register_seeker(engine, vault, draft, source=place.sources[0], submission_id=f"v-{n}", now=NOW
                             ).ticket_code
    race_answer_changes(engine, ticket, rounds, lambda r: check_in_ticket(
        engine, ticket_code=ticket, source=places[r], submission_id=f"v-{n}-{r}", now=NOW))
    for source in places:
        flt = DashboardFilter(fair_id=source.fair_id, site_id=source.site_id)
        got = panels(engine, flt, summaries=True)
        assert got["profile"].education == {LEVELS[(rounds - 1) % 3]: 1}, flt
        assert got == panels(engine, flt, summaries=False), flt
    assert_summaries_exact(engine, place)


def test_a_first_visit_while_an_answer_is_being_changed_counts_the_new_answer(engine, vault, county,
                                                                             monkeypatch) -> None:
    """The person checks in at a fair for the first time while the change of their education is still open, after
    it has read their places: the visit waits for the change (the person's counted row is locked on PostgreSQL;
    SQLite runs one writer at a time) and counts the new answer at the fair (summaries/place_profiles.py)."""
    from services.summaries import place_profiles

    place = County(engine)
    draft = validate_registration(form(id_number=person_id(place.base + 2), education="primary"), county=county)
    ticket = register_seeker(engine, vault, draft, source=place.sources[2], submission_id=f"w-{place.base}",
                             now=NOW).ticket_code
    moving, errors = threading.Event(), []
    real = place_profiles.moved

    def slow(conn, changes) -> None:  # the change's transaction stays open a moment after reading the places
        real(conn, changes)
        moving.set()
        time.sleep(1.5)

    monkeypatch.setattr(place_profiles, "moved", slow)

    def visit() -> None:
        try:
            assert moving.wait(timeout=60)
            check_in_ticket(engine, ticket_code=ticket, source=place.sources[0], submission_id=f"w-{place.base}-1",
                            now=NOW)
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=visit)
    thread.start()
    save_profile_group(engine, ticket_code=ticket, group="education", answers={"education": "senior"})
    thread.join(timeout=120)
    assert not errors
    at_fair = panels(engine, DashboardFilter(fair_id=place.today.id), summaries=True)
    assert at_fair["profile"].education == {"senior": 1}
    assert_summaries_exact(engine, place)


def test_a_place_moved_to_another_township_moves_its_people_in_the_township_views(engine, vault, county) -> None:
    """An organizer corrects a fair's and then a site's township: both townships' people panels are recounted in
    that transaction (services/summaries/town_profiles.py `retown`), and equal the check-ins' count after each."""
    from services.places.fairs import update_fair
    from services.places.sites import update_site

    place = County(engine)
    for n, where in enumerate((0, 0, 2, 3, 1)):  # people at today's fair (大河乡) and at both sites
        draft = validate_registration(form(id_number=person_id(place.base + n), education=["primary", "senior"][n % 2]),
                                      county=county)
        register_seeker(engine, vault, draft, source=place.sources[where], submission_id=f"m-{place.base}-{n}",
                        now=NOW - timedelta(minutes=n))
    before = panels(engine, DashboardFilter(township="城关镇"), summaries=True)["profile"].total
    update_fair(engine, place.today.id, name=place.today.name, township="城关镇", starts_on=place.today.starts_on,
                ends_on=place.today.ends_on, status="open")
    assert panels(engine, DashboardFilter(township="城关镇"), summaries=True)["profile"].total == before + 2
    assert_summaries_exact(engine, place)
    update_site(engine, place.site_a.id, name=place.site_a.name, township="大河乡")
    assert_summaries_exact(engine, place)


def test_a_place_moved_moves_only_what_its_people_change(engine, vault, county) -> None:
    """Today's fair moves from 大河乡 to 城关镇 (services/summaries/town_profiles.py `move_place`): someone also seen at
    a 大河乡 site stays in 大河乡 and joins 城关镇; someone also seen at a 城关镇 site leaves 大河乡 and is not counted
    twice in 城关镇; someone seen only at the fair moves. The counters equal the check-ins' count after."""
    from services.places.fairs import update_fair

    place = County(engine)
    for n, also in enumerate((3, 2, None)):  # site_b (大河乡), site_a (城关镇), nowhere else
        draft = validate_registration(form(id_number=person_id(place.base + n)), county=county)
        ticket = register_seeker(engine, vault, draft, source=place.sources[0], submission_id=f"o-{place.base}-{n}",
                                 now=NOW - timedelta(minutes=n)).ticket_code
        if also is not None:
            check_in_ticket(engine, ticket_code=ticket, source=place.sources[also],
                            submission_id=f"o-{place.base}-{n}-b", now=NOW)

    def totals() -> tuple[int, int]:
        return tuple(panels(engine, DashboardFilter(township=t), summaries=True)["profile"].total
                     for t in ("城关镇", "大河乡"))

    town, river = totals()
    update_fair(engine, place.today.id, name=place.today.name, township="城关镇", starts_on=place.today.starts_on,
                ends_on=place.today.ends_on, status="open")
    assert totals() == (town + 2, river - 2)
    assert_summaries_exact(engine, place)


def test_a_place_moved_while_someone_checks_in_at_another_place_of_the_township(engine, vault, county,
                                                                                monkeypatch) -> None:
    """A person checks in at a registration point of 大河乡 (their transaction still open after it marked them there)
    while an organizer moves a fair from 大河乡 to 城关镇: the recount waits for the check-in (every place of both
    townships is locked), and both townships' counters equal the check-ins' count after (town_profiles.retown)."""
    from services.places.fairs import update_fair
    from services.summaries import town_profiles

    place = County(engine)
    draft = validate_registration(form(id_number=person_id(place.base + 3)), county=county)
    ticket = register_seeker(engine, vault, draft, source=place.sources[0], submission_id=f"t-{place.base}",
                             now=NOW).ticket_code
    marked, errors = threading.Event(), []
    real = town_profiles.mark

    def slow(*args, **kwargs) -> None:  # the check-in's transaction stays open a moment after marking
        real(*args, **kwargs)
        marked.set()
        time.sleep(1.5)

    monkeypatch.setattr(town_profiles, "mark", slow)

    def visit() -> None:
        try:
            check_in_ticket(engine, ticket_code=ticket, source=place.sources[3], submission_id=f"t-{place.base}-1",
                            now=NOW)
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=visit)
    thread.start()
    assert marked.wait(timeout=60)
    update_fair(engine, place.today.id, name=place.today.name, township="城关镇", starts_on=place.today.starts_on,
                ends_on=place.today.ends_on, status="open")
    thread.join(timeout=120)
    assert not errors
    assert panels(engine, DashboardFilter(township="大河乡"), summaries=True)["profile"].total == 1  # at the site
    assert_summaries_exact(engine, place)


def test_a_township_registrations_target_follows_a_person_who_moves(engine, vault, county) -> None:
    """Registered this year in 城关镇, then again from 大河乡: the township's registrations (the targets panel) move
    with the person, read from the "created" counters as from the seeker table (services/summaries/profiles.py)."""
    place = County(engine)
    answers = {"id_number": person_id(place.base + 4)}
    for n, (township, village) in enumerate((("城关镇", "东门村"), ("大河乡", "大河村"))):
        draft = validate_registration(form(**answers, township=township, village=village), county=county)
        register_seeker(engine, vault, draft, source=place.sources[4], submission_id=f"c-{place.base}-{n}",
                        now=NOW - timedelta(hours=1 - n))
        for town in ("城关镇", "大河乡"):
            flt = DashboardFilter(township=town)
            got = panels(engine, flt, summaries=True)
            assert got == panels(engine, flt, summaries=False), (n, town)
            assert got["targets"][0].count == (1 if town == township else 0), (n, town)
    assert_summaries_exact(engine, place)


def test_a_local_day_does_not_move_with_the_servers_zone(engine, vault, county, monkeypatch) -> None:
    """Written and read under TZ=America/Los_Angeles: 23:59:59 and 00:00 in China are two days of China's."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        place = County(engine)
        edges = (datetime(2026, 11, 22, 15, 59, 59, tzinfo=UTC), datetime(2026, 11, 22, 16, tzinfo=UTC))
        for n, at in enumerate(edges):
            draft = validate_registration(form(id_number=person_id(n)), county=county)
            register_seeker(engine, vault, draft, source=place.sources[2], submission_id=f"tz-{n}", now=at)
        d = build_dashboard(engine, DashboardFilter(site_id=place.site_a.id), now=NOW, zone=ZONE, summaries=True)
        assert dict(d.per_day)[TODAY] == 1 and dict(d.per_day)[TODAY - timedelta(days=1)] == 1
        assert dict(d.per_hour)[0] == 1 and d.people_today == 1
        with engine.begin() as conn:  # a rebuild under this TZ gives the same rows
            rebuild(conn, zone=ZONE)
        assert_summaries_exact(engine, place)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_a_range_of_days_up_to_today_counts_each_person_once_by_their_latest_visit(engine, vault, county) -> None:
    """The last days read the latest-visit-day counters (summaries/latest_profiles.py): a person who came three days
    ago and again yesterday is in "since yesterday" and "since three days ago" once, not "today"; a back-dated
    check-in (an import of a paper list) does not move them back; a changed answer moves them on their day."""
    from services.reporting.dashboard.people_summarized import Since, counters_scope

    place = County(engine)
    draft = validate_registration(form(id_number=person_id(place.base + 7), education="primary"), county=county)
    ticket = register_seeker(engine, vault, draft, source=place.sources[2], submission_id=f"l-{place.base}",
                             now=NOW - timedelta(days=3)).ticket_code
    for n, ago in enumerate((1, 2)):  # yesterday, then a visit two days ago recorded late
        check_in_ticket(engine, ticket_code=ticket, source=place.sources[3], submission_id=f"l-{place.base}-{n}",
                        now=NOW - timedelta(days=ago))
    save_profile_group(engine, ticket_code=ticket, group="education", answers={"education": "senior"})

    def since(ago: int) -> dict[str, int]:
        flt = DashboardFilter(start=TODAY - timedelta(days=ago))
        ctx = resolve(flt, filter_options(engine, today=TODAY), now=NOW, zone=ZONE, summaries=True)
        with engine.connect() as conn:
            assert counters_scope(conn, ctx) == Since(flt.start)
        got = panels(engine, flt, summaries=True)
        assert got == panels(engine, flt, summaries=False), ago
        return dict(got["profile"].education)

    assert since(0) == {}  # not today
    assert since(1) == since(2) == since(3) == {"senior": 1}  # once, with the new answer
    assert_summaries_exact(engine, place)


def test_a_first_visit_of_a_day_and_a_changed_answer_at_once_keep_the_latest_day_counters_exact(engine, vault,
                                                                                                  county) -> None:
    """Each round the person checks in on a later day while staff change their education at the same moment: the
    last days' people panel counts them once, on their latest day, with the answer they end with, on both backends
    (services/summaries/latest_profiles.py). It tests the behaviour, not one lock: the check-in's foreign key waits
    for the change's lock on the seeker row as well as for the counted row's (it passes with either alone)."""
    place = County(engine)
    rounds = 5
    draft = validate_registration(form(id_number=person_id(place.base + 3), education="primary"), county=county)
    ticket = register_seeker(engine, vault, draft, source=place.sources[2], submission_id=f"d-{place.base}",
                             now=NOW - timedelta(days=rounds + 1)).ticket_code
    race_answer_changes(engine, ticket, rounds, lambda r: check_in_ticket(
        engine, ticket_code=ticket, source=place.sources[3], submission_id=f"d-{place.base}-{r}",
        now=NOW - timedelta(days=rounds - 1 - r)))
    for ago in (0, 1, rounds):
        flt = DashboardFilter(start=TODAY - timedelta(days=ago))
        got = panels(engine, flt, summaries=True)
        assert got["profile"].education == {LEVELS[(rounds - 1) % 3]: 1}, ago  # once, on today, the last answer
        assert got == panels(engine, flt, summaries=False), ago
    assert_summaries_exact(engine, place)


def test_rebuild_restores_emptied_summaries_and_verify_reports_them(engine, vault, county) -> None:
    place = County(engine)
    for n, where in enumerate((0, 1, 2, 4)):
        draft = validate_registration(form(id_number=person_id(n)), county=county)
        register_seeker(engine, vault, draft, source=place.sources[where], submission_id=f"r-{n}",
                        now=NOW - timedelta(days=n))
    with engine.begin() as conn:
        conn.execute(delete(SummaryMarker.__table__).where(SummaryMarker.__table__.c.figure == "day"))
        found = verify(conn, zone=ZONE)
    assert found.any and found.counts["summary_marker"][0] == 4
    steps: list = []
    with engine.begin() as conn:
        rebuild(conn, zone=ZONE, progress=steps.append)
        assert conn.execute(select(SummaryState.__table__.c.value)).scalar_one() == "Asia/Shanghai"
    said = {values.get("name"): values["n"] for _message, values in steps}
    assert said["people registered"] == "4" and said["people per day"] == "4"  # markers, counted (not -1)
    assert all(not str(n).startswith("-") for n in said.values()), steps
    with engine.begin() as conn:
        assert conn.execute(select(func.count()).select_from(SummaryCount.__table__)).scalar_one() > 0
    assert_summaries_exact(engine, place)


def test_summaries_in_another_zone_are_not_read(engine, vault, county) -> None:
    """Built in another zone (PORTAL_TIMEZONE changed, no rebuild yet): the dashboard counts the base tables."""
    place = County(engine)
    draft = validate_registration(form(id_number=person_id(1)), county=county)
    register_seeker(engine, vault, draft, source=place.sources[0], submission_id="z", now=NOW)
    with engine.begin() as conn:
        rebuild(conn, zone=ZoneInfo("America/New_York"))
        assert verify(conn, zone=ZONE).zone == ("America/New_York", "Asia/Shanghai")
    d = build_dashboard(engine, DashboardFilter(), now=NOW, zone=ZONE)
    assert (d.people_today, dict(d.per_day)[TODAY]) == (1, 1)
