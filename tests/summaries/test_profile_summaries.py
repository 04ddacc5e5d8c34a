"""The people panel's summaries (services/summaries/profiles.py) equal the base-table reading after any sequence
of registrations, imports' updates of known people, profile answers, repairs and their undo, on SQLite and
PostgreSQL, on any day (the age bands move every day), and under concurrent changes of one person."""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from models import SeekerChange, SummaryProfile
from services.core.db import unit_of_work
from services.core.errors import StateChanged
from services.places.sources import Source
from services.registration.bulk import BulkEntry, register_many
from services.registration.profile import get_profile, save_profile_group
from services.registration.register import register_seeker, validate_identity, validate_registration
from services.repairs.changes import undo_change
from services.reporting.dashboard import DashboardFilter, build_dashboard, filter_options, people
from services.reporting.dashboard.buckets import years_before
from services.reporting.dashboard.context import resolve
from services.summaries.rebuild import rebuild, verify
from tests.factories import form, person_id

ZONE = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)  # 11:30 in China
TODAY = date(2026, 11, 23)
TOWNSHIPS = ("城关镇", "大河乡", "龙泉镇")
VILLAGES = {"城关镇": "东门村", "大河乡": "大河村", "龙泉镇": "龙泉村"}
EDUCATION = ("primary", "junior", "senior")
INTENTION = ("go_out", "nearby", "either")
POOR = ("yes", "no", "unknown")
# People born on the days around the bands' boundaries (25, 35, 45, 55 years before TODAY), women and men.
BIRTHS = [years_before(TODAY, 25), years_before(TODAY, 25) + timedelta(days=1), years_before(TODAY, 35),
          years_before(TODAY, 45) - timedelta(days=1), years_before(TODAY, 55), date(1980, 2, 29)]
DAYS = [TODAY, TODAY - timedelta(days=1), TODAY + timedelta(days=1), date(2027, 2, 28), date(2027, 3, 1)]
_serial = itertools.count()


def person(base: int, who: int) -> str:
    return person_id(base + who, birth=BIRTHS[who % len(BIRTHS)], gender="FM"[who % 2])


def figures(engine, *, summaries: bool, now: datetime = NOW, flt: DashboardFilter | None = None
            ) -> tuple[object, object]:
    """The people panel and "profiles incomplete" over every seeker (or the people with a check-in matching
    `flt`: their values from `summary_profile_seeker`), read from the summaries or the base tables."""
    today = now.astimezone(ZONE).date()
    ctx = resolve(flt or DashboardFilter(), filter_options(engine, today=today), now=now, zone=ZONE,
                  summaries=summaries)
    with engine.connect() as conn:
        got = people.people_panel(conn, ctx)  # with a filter and the summaries: both in one pass
        return got["profile"], got["incomplete_profiles"]


RECENT = DashboardFilter(start=TODAY - timedelta(days=1), end=TODAY)  # a date filter: people with a check-in then


def assert_exact(engine) -> None:
    for day in DAYS:
        now = datetime.combine(day, datetime.min.time(), ZONE).replace(hour=11).astimezone(UTC)
        assert figures(engine, summaries=True, now=now) == figures(engine, summaries=False, now=now), day
        assert (figures(engine, summaries=True, now=now, flt=RECENT)
                == figures(engine, summaries=False, now=now, flt=RECENT)), day
    with engine.connect() as conn:
        found = verify(conn, zone=ZONE)
    assert not any(a or b for a, b in found.counts.values()), (found.missing, found.unexpected)


def draft_for(county, base: int, who: int, variant: int, *, identity_only: bool = False,
              unanswered: frozenset[str] = frozenset()):
    township = TOWNSHIPS[variant % 3]
    answers = form(id_number=person(base, who), township=township, village=VILLAGES[township],
                   education=EDUCATION[variant % 3], intention=INTENTION[(variant // 3) % 3],
                   poor_household=POOR[variant % 3], leave_constraint="none")
    if identity_only:
        return validate_identity(answers, county=county, today=TODAY)
    return validate_registration(answers, county=county, today=TODAY, unanswered=unanswered)


def change_answer(engine, ticket: str, seeker_id: int, group: str, variant: int) -> None:
    """A repair of one answer, recorded as the import records a change (so that it can be undone)."""
    field, value = {"education": ("education", EDUCATION[variant % 3]),
                    "place": ("intention", INTENTION[variant % 3]),
                    "poor_household": ("poor_household", POOR[variant % 3])}[group]
    before = getattr(get_profile(engine, ticket_code=ticket), field)
    answers = {field: value, "leave_constraint": "none"} if group == "place" else {field: value}
    save_profile_group(engine, ticket_code=ticket, group=group, answers=answers)
    if before != value:
        with unit_of_work(engine) as session:
            session.add(SeekerChange(seeker_id=seeker_id, field=field, old=before, new=value, reason="repair",
                                     at=NOW))


def undo_latest(engine, seeker_id: int | None = None) -> None:
    """Undo the latest change not undone yet (of this person, or of anyone)."""
    c = SeekerChange.__table__.c
    mine = [] if seeker_id is None else [c.seeker_id == seeker_id]
    with engine.connect() as conn:
        change = conn.execute(select(c.id).where(*mine, c.undone_at.is_(None), c.reason != "undo")
                              .order_by(c.id.desc())).scalar()
    if change is not None:
        with contextlib.suppress(StateChanged):  # changed since: nothing undone, nothing moved
            undo_change(engine, change_id=change, staff_id=None, now=NOW)


# (operation, person, variant)
operations = st.lists(st.tuples(st.sampled_from(["register", "identity", "bulk", "bulk_some", "profile", "repair",
                                                 "repair", "undo", "undo"]),
                                st.integers(0, 3), st.integers(0, 8)), min_size=1, max_size=14)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_any_sequence_of_changes_keeps_the_profile_summaries_exact(engine, vault, county, ops) -> None:
    base = next(_serial) * 10
    known: dict[int, tuple[str, int]] = {}  # person -> (ticket, seeker id)
    groups = ("education", "place", "poor_household")
    for i, (op, who, variant) in enumerate(ops):
        when = NOW - timedelta(seconds=len(ops) - i)
        sid = f"p-{base}-{i}"
        if op in ("register", "identity"):
            draft = draft_for(county, base, who, variant, identity_only=op == "identity")
            r = register_seeker(engine, vault, draft, source=Source.direct(), submission_id=sid, now=when)
            known[who] = (r.ticket_code, r.seeker_id)
        elif op in ("bulk", "bulk_some"):  # an imported list: new people, and updates of known ones
            draft = draft_for(county, base, who, variant,
                              unanswered=frozenset({"education", "wage"}) if op == "bulk_some" else frozenset())
            with unit_of_work(engine) as session:
                [r] = register_many(session, vault, [BulkEntry(draft, sid if variant % 2 else None)],
                                    source=Source.direct(), channel="import", now=when)
            if not r.taken:
                known.setdefault(who, (get_ticket(engine, r.seeker_id), r.seeker_id))
        elif op == "profile" and who in known:
            save_profile_group(engine, ticket_code=known[who][0], group="poor_household",
                               answers={"poor_household": POOR[variant % 3]})
        elif op == "repair" and who in known:
            change_answer(engine, *known[who], groups[variant % 3], variant // 3)
        elif op == "undo":  # the latest change, whoever's
            undo_latest(engine)
        # after each write (a later write of the same person would hide a move left out)
        assert figures(engine, summaries=True) == figures(engine, summaries=False), (i, op)
        assert figures(engine, summaries=True, flt=RECENT) == figures(engine, summaries=False, flt=RECENT), (i, op)
    assert_exact(engine)


def get_ticket(engine, seeker_id: int) -> str:
    from models import Seeker

    s = Seeker.__table__.c
    with engine.connect() as conn:
        return conn.execute(select(s.ticket_code).where(s.id == seeker_id)).scalar_one()


def test_an_undo_that_unanswers_a_group_makes_the_profile_incomplete_again(engine, vault, county) -> None:
    draft = draft_for(county, 900, 0, 0, identity_only=True)
    r = register_seeker(engine, vault, draft, source=Source.direct(), submission_id="u-1", now=NOW)
    for group, answers in (("trades", {"trades": []}), ("place", {"intention": "nearby", "leave_constraint": "none"}),
                           ("wage", {"expected_wage": ""}), ("training", {"willing_to_train": "yes"}),
                           ("poor_household", {"poor_household": "no"})):
        save_profile_group(engine, ticket_code=r.ticket_code, group=group, answers=answers)
    change_answer(engine, r.ticket_code, r.seeker_id, "education", 2)  # the last group: complete
    assert figures(engine, summaries=True)[1] == 0
    undo_latest(engine, r.seeker_id)  # education NULL again: the group is not answered
    profile, incomplete = figures(engine, summaries=True)
    assert incomplete == 1 and profile.education == {"not_answered": 1}
    assert_exact(engine)


def test_concurrent_changes_of_one_person_lose_no_move(engine, vault, county) -> None:
    """Two staff members change one person's answers at the same moment, again and again: every change moves
    the person once, on both backends (the seeker row is locked; SQLite serializes the writers)."""
    draft = draft_for(county, 950, 1, 0)
    r = register_seeker(engine, vault, draft, source=Source.direct(), submission_id="c-0", now=NOW)
    errors: list[BaseException] = []
    rounds = 6
    start = threading.Barrier(2)

    def one(group: str, field: str, values: tuple[str, ...]) -> None:
        try:
            for n in range(rounds):
                start.wait(timeout=120)
                save_profile_group(engine, ticket_code=r.ticket_code, group=group, answers={field: values[n % 3]})
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=("education", "education", EDUCATION)),
               threading.Thread(target=one, args=("poor_household", "poor_household", POOR))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not errors
    profile, _incomplete = figures(engine, summaries=True)
    assert profile.total == 1
    assert profile.education == {EDUCATION[(rounds - 1) % 3]: 1} and profile.poor == {POOR[(rounds - 1) % 3]: 1}
    assert_exact(engine)


def test_age_bands_follow_the_countys_day_whatever_the_servers_zone(engine, vault, county, monkeypatch) -> None:
    """At 00:30 in China on someone's 25th birthday it is still the day before in Los Angeles: the person is 25
    (band 25-34) by the county's day, read from the summaries as from the base tables."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        born = years_before(TODAY, 25)
        answers = form(id_number=person_id(1, birth=born, gender="M"))
        register_seeker(engine, vault, validate_registration(answers, county=county, today=TODAY),
                        source=Source.direct(), submission_id="tz", now=NOW)
        just_after = datetime(2026, 11, 22, 16, 30, tzinfo=UTC)  # 00:30 on 23 November in China
        for at, band in ((just_after, 1), (just_after - timedelta(hours=1), 0)):
            d = build_dashboard(engine, DashboardFilter(), now=at, zone=ZONE, summaries=True)
            assert dict(d.profile.age_gender) == {(band, "M"): 1}, at
            assert figures(engine, summaries=True, now=at) == figures(engine, summaries=False, now=at)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_rebuild_restores_the_profile_summaries_and_verify_reports_them(engine, vault, county) -> None:
    for n in range(3):
        register_seeker(engine, vault, draft_for(county, 970, n, n), source=Source.direct(), submission_id=f"r-{n}",
                        now=NOW - timedelta(seconds=n))
    with engine.begin() as conn:
        conn.execute(delete(SummaryProfile.__table__).where(SummaryProfile.__table__.c.dim == "township"))
        found = verify(conn, zone=ZONE)
    assert found.counts["summary_profile"] == (3, 0)
    with engine.begin() as conn:
        rebuild(conn, zone=ZONE)
    assert_exact(engine)


@pytest.mark.parametrize("identity_only", [True, False])
def test_a_new_person_is_counted_once_in_every_breakdown(engine, vault, county, identity_only) -> None:
    draft = draft_for(county, 990, 2, 4, identity_only=identity_only)
    register_seeker(engine, vault, draft, source=Source.direct(), submission_id="n-1", now=NOW)
    register_seeker(engine, vault, draft, source=Source.direct(), submission_id="n-2", now=NOW + timedelta(seconds=1))
    profile, incomplete = figures(engine, summaries=True)
    assert profile.total == 1 and sum(profile.age_gender.values()) == 1
    assert incomplete == (1 if identity_only else 0)
    assert_exact(engine)
