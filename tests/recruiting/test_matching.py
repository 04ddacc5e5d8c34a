"""Matching on SQLite and PostgreSQL: the SQL agrees with the rules written out in Python.

Property tests draw random seekers and vacancies, store them, and compare what the
service returns with what `hard_rules_ok` / `score` say over everything stored: every
match obeys the hard rules, nothing that obeys them is missed (under the limit), and the
order is the Python order.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, literal

from models import Application, BoothScan, Employer, Seeker, SeekerTrade, Vacancy
from services.core.clock import local_today
from services.core.db import unit_of_work
from services.core.errors import NotFound
from services.core.i18n import translator
from services.core.reference import EDUCATION_RANK
from services.core.validation import age_on, mask_id
from services.recruiting.candidates import open_vacancies_of, seekers_for_vacancy
from services.recruiting.match_rules import (
    OTHER_TRADE_MAX,
    Reason,
    SeekerProfile,
    hard_rules_ok,
    latest_birth_for_age,
    score,
    wanted_scopes,
)
from services.recruiting.matching import load_profile, vacancies_for_seeker, vacancies_for_ticket
from services.recruiting.rules import pay_left
from tests.factories import make_employer, make_vacancy
from tests.factories import register as _register

TRADES = ("welding", "garment_sewing", "construction", "cleaning")
TODAYS = (date(2026, 11, 23), date(2028, 2, 29), date(2027, 3, 1), date(2026, 1, 1))
EDUCATIONS = tuple(EDUCATION_RANK)
PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_serial = itertools.count(1)


# --- drawing and storing random rows ------------------------------------------------------------

# answers not given yet (None) are drawn once the profile columns are nullable (migration 0010)
UNANSWERED = (None,) if Seeker.__table__.c.education.nullable else ()


def seeker_strategy(today: date, unanswered: tuple[None, ...] | None = None) -> st.SearchStrategy[dict]:
    """Mostly working-age seekers with some schooling, so that many vacancies fit; the edges stay possible.
    `unanswered`: (None,) to draw answers not given yet too (default: when the database can store them)."""
    years = int(365.25)
    none = UNANSWERED if unanswered is None else unanswered
    return st.fixed_dictionaries({
        "birth_date": st.one_of(st.dates(today - timedelta(days=50 * years), today - timedelta(days=20 * years)),
                                st.dates(today - timedelta(days=66 * years), today - timedelta(days=15 * years))),
        "gender": st.sampled_from("MF"),
        "education": st.sampled_from(("junior", "junior", "senior", "vocational", "college", "primary", "none", *none)),
        "intention": st.sampled_from(("go_out", "nearby", "either", "either", *none)),
        "leave_constraint": st.sampled_from(("none", "none", "none", "care", "health", *none)),
        "trades": st.frozensets(st.sampled_from(TRADES), max_size=3),
        "expected_wage": st.one_of(st.none(), st.sampled_from((3000, 4000, 4500, 5000, 6000, 7000))),
    })


@st.composite
def vacancy_values(draw: st.DrawFn, today: date) -> dict:
    wage_min = draw(st.sampled_from((2500, 3000, 4000, 4500, 5000, 6000)))
    age_min = draw(st.sampled_from((16, 18, 18, 20, 25, 30, 35)))
    housing, meals = draw(st.booleans()), draw(st.booleans())
    return {
        "trade": draw(st.sampled_from(TRADES)),
        "scope": draw(st.sampled_from(("local", "province", "out"))),
        "wage_min": wage_min, "wage_max": wage_min + draw(st.sampled_from((0, 500, 1500, 3000))),
        "age_min": age_min, "age_max": age_min + draw(st.sampled_from((0, 10, 25, 30, 40, 44))),
        "min_education": draw(st.sampled_from(("none", "primary", "junior", "junior", *EDUCATIONS))),
        "gender": draw(st.sampled_from(("", "", "", "M", "F"))),
        "housing": housing, "housing_cost": draw(st.sampled_from((0, 200, 600))) if housing else 0,
        "meals": meals, "meals_cost": draw(st.sampled_from((0, 300))) if meals else 0,
        "status": draw(st.sampled_from(("open",) * 9 + ("closed",))),
        "closing_date": today + timedelta(days=draw(st.sampled_from((-1, 0, 0, 1, 30, 30, 30, 30)))),
        "approved": draw(st.sampled_from((True,) * 9 + (False,))),
    }


def clear(engine) -> None:
    with unit_of_work(engine) as session:
        for table in (Application, BoothScan, SeekerTrade, Seeker, Vacancy, Employer):
            session.execute(delete(table))


def employers(engine) -> dict[bool, int]:
    """An approved and a pending employer: {approved?: id}."""
    return {True: make_employer(engine, name="甲公司", serial=next(_serial)),
            False: make_employer(engine, name="乙公司", serial=next(_serial), status="pending")}


def store_vacancies(engine, drawn: list[dict], owners: dict[bool, int]) -> list[tuple[Vacancy, str]]:
    out = []
    for values in drawn:
        values = dict(values)
        approved = values.pop("approved")
        vacancy_id = make_vacancy(engine, owners[approved], **values)
        with unit_of_work(engine, write=False) as session:
            out.append((session.get(Vacancy, vacancy_id), "approved" if approved else "pending"))
    return out


def store_seekers(engine, drawn: list[dict]) -> list[SeekerProfile]:
    """Seeker rows written directly (no encryption needed for matching); township T<id> marks each."""
    out = []
    with unit_of_work(engine) as session:
        for values in drawn:
            n = next(_serial)
            row = Seeker(
                ticket_code=f"T{n:07d}", name=f"姓名{n}", id_hmac=f"id{n}", id_enc="x",
                phone_hmac=f"ph{n}", phone_enc="x", phone_masked="x", birth_date=values["birth_date"],
                gender=values["gender"], township=f"T{n}", village="某村", education=values["education"],
                intention=values["intention"], expected_wage=values["expected_wage"],
                leave_constraint=values["leave_constraint"], consent_version="t", consented_at=datetime.now(UTC),
            )
            session.add(row)
            session.flush()
            row.township = f"T{row.id}"
            for trade in values["trades"]:
                session.add(SeekerTrade(seeker_id=row.id, trade=trade))
            out.append(SeekerProfile(seeker_id=row.id, **values))
    return out


def register(engine, vault, n: int, **overrides: object):
    """A registered seeker of 36 (the factory's default birth date makes a 46-year-old)."""
    overrides.setdefault("birth", date(local_today().year - 36, 1, 1))
    return _register(engine, vault, n, **overrides)


# --- vacancies for a seeker ---------------------------------------------------------------------

@PROPERTY
@given(data=st.data())
def test_vacancies_for_seeker_obey_the_rules_and_the_python_order(engine, data) -> None:
    clear(engine)
    today = data.draw(st.sampled_from(TODAYS))
    seeker = store_seekers(engine, [data.draw(seeker_strategy(today))])[0]
    stored = store_vacancies(engine, data.draw(st.lists(vacancy_values(today), min_size=6, max_size=20)),
                             employers(engine))
    limit = data.draw(st.sampled_from((3, 5, 20)))

    got = vacancies_for_seeker(engine, seeker_id=seeker.seeker_id, today=today, limit=limit)

    event(f"{min(len(got), 3)}+ matches" if len(got) >= 3 else f"{len(got)} matches")
    by_id = {v.id: (v, status) for v, status in stored}
    for match in got:
        vacancy, status = by_id[match.vacancy_id]
        assert hard_rules_ok(seeker, vacancy, today, employer_status=status)
        assert match.score == score(seeker, vacancy)[0]
        assert match.pay_left == pay_left(vacancy)
    fitting = [v for v, status in stored if hard_rules_ok(seeker, v, today, employer_status=status)]
    fitting.sort(key=lambda v: (-score(seeker, v)[0], -pay_left(v), -v.id))
    assert [m.vacancy_id for m in got] == [v.id for v in fitting[:limit]]
    if seeker.intention == "nearby" or (seeker.leave_constraint or "none") != "none":  # None: can leave
        assert all(m.scope == "local" for m in got)


def test_nearby_seeker_is_never_shown_work_away(engine, vault) -> None:
    """Even a far job that pays far more, in the seeker's trade, with housing, is not shown."""
    employer = make_employer(engine)
    far = make_vacancy(engine, employer, trade="garment_sewing", wage_min=9000, wage_max=12000)
    province = make_vacancy(engine, employer, trade="garment_sewing", scope="province", province="云南省",
                            city="昆明市")
    near = make_vacancy(engine, employer, trade="cleaning", scope="local", province="云南省", city="昭通市",
                        wage_min=2500, wage_max=3000, housing=False, meals=False)
    seeker = register(engine, vault, 1, intention="nearby", leave_constraint="none")
    today = local_today()
    got = [m.vacancy_id for m in vacancies_for_seeker(engine, seeker_id=seeker.seeker_id, today=today)]
    assert got == [near]
    either = register(engine, vault, 2, intention="either", leave_constraint="none")
    got = [m.vacancy_id for m in vacancies_for_seeker(engine, seeker_id=either.seeker_id, today=today)]
    assert sorted(got) == sorted([far, province, near])
    cares = register(engine, vault, 3, intention="go_out", leave_constraint="care")  # cannot leave home
    assert [m.vacancy_id for m in vacancies_for_seeker(engine, seeker_id=cares.seeker_id, today=today)] == [near]


def test_scores_and_reasons_in_plain_words(engine, vault) -> None:
    employer = make_employer(engine, name="昭通市某服装厂")
    best = make_vacancy(engine, employer, title="缝纫工", trade="garment_sewing", scope="local", province="云南省",
                        city="昭通市", wage_min=4500, wage_max=6000, housing=True, housing_cost=0, meals=False)
    seeker = register(engine, vault, 1, intention="either", leave_constraint="none", expected_wage=4500,
                      trades=["garment_sewing"], education="junior")
    [match] = vacancies_for_seeker(engine, seeker_id=seeker.seeker_id, today=local_today())
    assert match.vacancy_id == best and match.employer_name == "昭通市某服装厂"
    assert match.score == 40 + 20 + 10 + 10 + 5
    zh, en = translator("zh_CN"), translator("en")
    assert [r.text(en) for r in match.reasons] == [
        "Your trade: Garment sewing", "Wage 4,500–6,000 ≥ your 4,500", "Housing provided", "Near home"]
    assert [r.text(en) for r in match.rules] == [
        "Age 18–45 fits you", "Education: Junior middle school or above", "Nearby work; you said either is fine"]
    texts = [r.text(zh) for r in match.reasons + match.rules]
    assert texts[0] == "您的工种：服装缝纫" and "4,500–6,000" in texts[1] and "4,500" in texts[1]
    assert all(not any(c.isascii() and c.isalpha() for c in t) for t in texts), texts


def test_ties_go_to_more_pay_left_then_the_newest(engine, vault) -> None:
    employer = make_employer(engine)
    common = dict(trade="welding", housing=True, meals=True, wage_min=5000, wage_max=6000)
    older = make_vacancy(engine, employer, housing_cost=0, meals_cost=0, **common)
    costly = make_vacancy(engine, employer, housing_cost=500, meals_cost=300, **common)
    newer = make_vacancy(engine, employer, housing_cost=0, meals_cost=0, **common)
    seeker = register(engine, vault, 1, intention="go_out", leave_constraint="none", trades=["welding"],
                      expected_wage=4000)
    got = vacancies_for_seeker(engine, seeker_id=seeker.seeker_id, today=local_today())
    assert [m.vacancy_id for m in got] == [newer, older, costly]
    assert {m.score for m in got} == {40 + 30 + 10 + 5}
    assert [m.pay_left for m in got] == [5000, 5000, 4200]


def test_other_trades_can_outscore_a_bare_trade_match(engine, vault) -> None:
    """A trade vacancy with nothing else (40) ranks below another trade's with everything (50),
    so the service must read the other trades even when the trade tier is full."""
    employer = make_employer(engine)
    bare = [make_vacancy(engine, employer, trade="welding", wage_min=2000, wage_max=2500, housing=False,
                         meals=False, scope="local", province="云南省", city="昭通市") for _ in range(3)]
    rich = make_vacancy(engine, employer, trade="cleaning", wage_min=6000, wage_max=7000, housing=True, meals=True,
                        scope="local", province="云南省", city="昭通市")
    seeker = register(engine, vault, 1, intention="either", leave_constraint="none", trades=["welding"],
                      expected_wage=4000)
    got = vacancies_for_seeker(engine, seeker_id=seeker.seeker_id, today=local_today(), limit=3)
    assert OTHER_TRADE_MAX == 50
    assert [m.vacancy_id for m in got] == [rich, bare[2], bare[1]]
    assert [m.score for m in got] == [50, 45, 45]


def test_vacancies_for_ticket_and_unknown_ones(engine, vault) -> None:
    employer = make_employer(engine)
    vacancy = make_vacancy(engine, employer, scope="local", province="云南省", city="昭通市")
    seeker = register(engine, vault, 1)
    code = seeker.ticket_code
    spaced = f"{code[:4]} {code[4:]}".lower()
    assert [m.vacancy_id for m in vacancies_for_ticket(engine, ticket_code=spaced, today=local_today())] == [vacancy]
    assert vacancies_for_ticket(engine, ticket_code="ZZZZZZZZ", today=local_today()) == []
    assert vacancies_for_seeker(engine, seeker_id=999_999, today=local_today()) == []


# --- seekers for a vacancy ----------------------------------------------------------------------

@PROPERTY
@given(data=st.data())
def test_seekers_for_vacancy_obey_the_rules_and_the_tier_order(engine, data) -> None:
    clear(engine)
    today = data.draw(st.sampled_from(TODAYS))
    values = data.draw(vacancy_values(today))
    values.update(status="open", closing_date=today, approved=True)
    owners = employers(engine)
    [(vacancy, _status)] = store_vacancies(engine, [values], owners)
    seekers = store_seekers(engine, data.draw(st.lists(seeker_strategy(today), min_size=6, max_size=20)))
    limit = data.draw(st.sampled_from((2, 4, 50)))

    got = seekers_for_vacancy(engine, vacancy_id=vacancy.id, employer_id=owners[True], today=today, limit=limit)

    event(f"{min(len(got), 3)}+ candidates" if len(got) >= 3 else f"{len(got)} candidates")
    by_township = {f"T{s.seeker_id}": s for s in seekers}
    assert all(hard_rules_ok(by_township[c.township], vacancy, today) for c in got)

    def fits(s: SeekerProfile) -> bool:
        return s.expected_wage is None or s.expected_wage <= vacancy.wage_max

    fitting = [s for s in seekers if hard_rules_ok(s, vacancy, today)]
    fitting.sort(key=lambda s: (vacancy.trade not in s.trades, not fits(s), -s.seeker_id))
    assert [c.township for c in got] == [f"T{s.seeker_id}" for s in fitting[:limit]]
    for rank, (c, s) in enumerate(zip(got, fitting, strict=False), start=1):
        assert c.rank == rank and c.age == age_on(s.birth_date, today) and set(c.trades) == s.trades
        assert c.score == 40 * (vacancy.trade in s.trades) + 20 * fits(s)
        assert not c.known and c.label == "" and c.seeker_id is None


@given(today=st.dates(date(1990, 1, 1), date(2060, 12, 31)), birth=st.dates(date(1930, 1, 1), date(2060, 12, 31)),
       age=st.integers(0, 80))
def test_age_bounds_agree_with_age_on(today: date, birth: date, age: int) -> None:
    assert (birth <= latest_birth_for_age(today, age)) == (age_on(birth, today) >= age)


@given(intention=st.sampled_from(("go_out", "nearby", "either", None)),
       leave=st.sampled_from(("none", "care", "health", "other", None)))
def test_wanted_scopes(intention: str | None, leave: str | None) -> None:
    """Not answered yet: no intention counts as "either", no leave constraint as "none"."""
    profile = SeekerProfile(1, date(1990, 1, 1), "F", "junior", intention, leave, None, frozenset())
    scopes = wanted_scopes(profile)
    if intention == "nearby" or leave not in ("none", None):
        assert scopes == ("local",)
    elif intention == "go_out":
        assert scopes == ("province", "out")
    else:
        assert scopes == ("local", "province", "out")


def _pii(engine, vault, seeker_id: int) -> list[str]:
    with unit_of_work(engine, write=False) as session:
        row = session.get(Seeker, seeker_id)
        return [row.name, row.ticket_code, row.village, vault.decrypt(row.phone_enc), vault.decrypt(row.id_enc),
                mask_id(vault.decrypt(row.id_enc)), row.phone_masked]


def test_candidates_are_anonymous_until_interest_or_a_scan(engine, vault) -> None:
    ours, theirs = make_employer(engine, serial=1), make_employer(engine, name="别家公司", serial=2)
    vacancy = make_vacancy(engine, ours, trade="garment_sewing", scope="local", province="云南省", city="昭通市")
    their_vacancy = make_vacancy(engine, theirs, trade="garment_sewing", scope="local", province="云南省",
                                 city="昭通市")
    a = register(engine, vault, 1, name="张三妹")
    b = register(engine, vault, 2, name="李四妹")
    c = register(engine, vault, 3, name="王五妹")
    today = local_today()

    def names() -> list[str]:
        return [x.label for x in seekers_for_vacancy(engine, vacancy_id=vacancy, employer_id=ours, today=today)]

    got = seekers_for_vacancy(engine, vacancy_id=vacancy, employer_id=ours, today=today)
    assert len(got) == 3 and names() == ["", "", ""]
    dumped = repr(got)
    for seeker in (a, b, c):
        for secret in _pii(engine, vault, seeker.seeker_id):
            assert secret not in dumped
    with unit_of_work(engine) as session:  # interest in another employer's vacancy tells us nothing
        session.add(Application(vacancy_id=their_vacancy, seeker_id=a.seeker_id, employer_id=theirs))
        session.add(BoothScan(employer_id=theirs, seeker_id=b.seeker_id))
    assert names() == ["", "", ""]
    with unit_of_work(engine) as session:
        session.add(Application(vacancy_id=vacancy, seeker_id=a.seeker_id, employer_id=ours))
        session.add(BoothScan(employer_id=ours, seeker_id=c.seeker_id))
    got = seekers_for_vacancy(engine, vacancy_id=vacancy, employer_id=ours, today=today)
    assert [(x.label, x.known) for x in got] == [("王五妹", True), ("", False), ("张三妹", True)]  # newest first
    assert got[0].seeker_id == c.seeker_id and got[1].seeker_id is None
    phone = _pii(engine, vault, a.seeker_id)[3]
    assert phone not in repr(got)  # the phone never: the pipeline page has it


def test_another_employers_vacancy_is_refused(engine, vault) -> None:
    ours, theirs = make_employer(engine, serial=1), make_employer(engine, name="别家公司", serial=2)
    their_vacancy = make_vacancy(engine, theirs, scope="local", province="云南省", city="昭通市")
    register(engine, vault, 1)
    with pytest.raises(NotFound):
        seekers_for_vacancy(engine, vacancy_id=their_vacancy, employer_id=ours, today=local_today())
    with pytest.raises(NotFound):
        seekers_for_vacancy(engine, vacancy_id=999_999, employer_id=None, today=local_today())
    organizer_view = seekers_for_vacancy(engine, vacancy_id=their_vacancy, employer_id=None, today=local_today())
    assert len(organizer_view) == 1 and organizer_view[0].label == ""
    assert [v.vacancy_id for v in open_vacancies_of(engine, employer_id=ours, today=local_today())] == []
    assert [v.vacancy_id for v in open_vacancies_of(engine, employer_id=theirs, today=local_today())] == [their_vacancy]


def test_closed_or_past_vacancies_have_no_candidates(engine, vault) -> None:
    employer = make_employer(engine)
    today = local_today()
    closed = make_vacancy(engine, employer, status="closed", scope="local", province="云南省", city="昭通市")
    past = make_vacancy(engine, employer, closing_date=today - timedelta(days=1), scope="local", province="云南省",
                        city="昭通市")
    register(engine, vault, 1)
    for vacancy in (closed, past):
        assert seekers_for_vacancy(engine, vacancy_id=vacancy, employer_id=employer, today=today) == []
    assert open_vacancies_of(engine, employer_id=employer, today=today) == []


def test_profile_loads_trades(engine, vault) -> None:
    seeker = register(engine, vault, 1, trades=["welding", "cleaning"], expected_wage=None)
    profile = load_profile(engine, seeker.seeker_id)
    assert profile.trades == {"welding", "cleaning"} and profile.expected_wage is None


def test_reason_translates_labels_inside_values() -> None:
    reason = Reason("Your trade: {trade}", {"trade": "Electric welding"}, ("trade",))
    assert reason.text(translator("en")) == "Your trade: Electric welding"
    assert reason.text(translator("zh_CN")) == "您的工种：电焊"


def test_sqlite_walks_the_indexes(engine) -> None:
    """The candidate tiers walk (trade, seeker_id) and the primary key newest first: no sort of all seekers."""
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite query plan")
    from services.recruiting import candidates, matching

    employer = make_employer(engine)
    vacancy_id = make_vacancy(engine, employer)
    with unit_of_work(engine, write=False) as session:
        vacancy = session.get(Vacancy, vacancy_id)
        statements = []
        real = session.execute

        def spy(stmt, *args, **kwargs):
            statements.append(stmt)
            return real(stmt, *args, **kwargs)

        session.execute = spy
        candidates._seeker_tiers(session, vacancy, local_today(), 50)
        plans = []
        for stmt in statements:
            compiled = stmt.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True})
            plans.append(" | ".join(r[-1] for r in session.connection().exec_driver_sql(
                f"EXPLAIN QUERY PLAN {compiled}")))
    assert len(plans) == 4, plans
    for plan in plans[:2]:
        assert "ix_seeker_trade_trade_seeker (trade=?)" in plan and "TEMP B-TREE" not in plan, plan
    for plan in plans[2:]:
        assert "SCAN seeker" in plan and "TEMP B-TREE" not in plan, plan

    # vacancies for a seeker: both scoring queries read the covering index only
    seeker = SeekerProfile(1, date(1990, 1, 1), "F", "junior", "either", "none", 4000, frozenset({"welding"}))
    for trade_filter in (Vacancy.trade.in_(["welding"]), Vacancy.trade.not_in(["welding"]), literal(True)):
        with unit_of_work(engine, write=False) as session:
            stmt = _capture(session, lambda s, f=trade_filter: matching._ranked_ids(s, seeker, local_today(), f, 20))
            plan = " | ".join(r[-1] for r in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {stmt}"))
        assert "SEARCH vacancy USING COVERING INDEX ix_vacancy_match (status=? AND scope=?" in plan, plan


def _capture(session, call) -> str:
    """The SQL of the last statement `call(session)` runs, with its values inlined."""
    seen = []
    real = session.execute
    session.execute = lambda stmt, *a, **k: (seen.append(stmt), real(stmt, *a, **k))[1]
    try:
        call(session)
    finally:
        session.execute = real
    return str(seen[-1].compile(dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}))


def test_an_age_range_of_one_year_reads_as_one_age() -> None:
    from types import SimpleNamespace

    from services.recruiting.match_rules import SeekerProfile
    from services.recruiting.matching import rules_met

    seeker = SeekerProfile(1, date(1990, 1, 1), "M", None, None, None, None, frozenset())
    job = SimpleNamespace(trade="welding", wage_min=4000, wage_max=5000, housing=True, meals=True, scope="local",
                          age_min=30, age_max=30, min_education="none", gender="")
    first = rules_met(seeker, job)[0]  # type: ignore[arg-type]
    assert first.message == "Age {min} fits you" and first.values == {"min": 30}
    job.age_max = 45
    assert rules_met(seeker, job)[0].values == {"min": 30, "max": 45}  # type: ignore[arg-type]
