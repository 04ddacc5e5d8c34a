"""The matching rules: the SQL forms of the hard rules (vacancies for a seeker, seekers for a
vacancy) and of the points against the Python forms on generated rows, on both backends; the
score function and the candidate points without a database."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from models import Employer, Seeker, Vacancy
from services.core.db import unit_of_work
from services.recruiting.match_rules import (
    HOUSING_POINTS,
    MEALS_POINTS,
    NEAR_HOME_POINTS,
    OTHER_TRADE_MAX,
    TRADE_POINTS,
    WAGE_BOTTOM_POINTS,
    WAGE_TOP_POINTS,
    SeekerProfile,
    candidate_points,
    hard_rules_ok,
    score,
    score_sql,
    seeker_conditions,
    vacancy_conditions,
)
from services.recruiting.rules import is_on_board
from tests.recruiting.test_matching import (
    PROPERTY,
    TODAYS,
    TRADES,
    clear,
    employers,
    seeker_strategy,
    store_seekers,
    store_vacancies,
    vacancy_values,
)

SEEKER = SeekerProfile(1, date(1990, 5, 1), "F", "junior", "either", "none", 4500, frozenset({"welding"}))


def job(**overrides: object) -> SimpleNamespace:
    values = dict(trade="welding", wage_min=4000, wage_max=5000, housing=False, meals=False, scope="out")
    values.update(overrides)
    return SimpleNamespace(**values)


# --- the score without a database ---------------------------------------------------------------

def test_score_points_and_reasons() -> None:
    points, reasons = score(SEEKER, job())
    assert points == TRADE_POINTS + WAGE_TOP_POINTS
    assert [r.message for r in reasons] == ["Your trade: {trade}", "Wage {wage} ≥ your {expected}"]
    points, reasons = score(SEEKER, job(trade="cleaning", wage_min=4500, housing=True, meals=True, scope="local"))
    assert points == WAGE_TOP_POINTS + WAGE_BOTTOM_POINTS + HOUSING_POINTS + MEALS_POINTS + NEAR_HOME_POINTS
    assert points == OTHER_TRADE_MAX and len(reasons) == 4  # wage, housing, meals, near home
    assert score(SEEKER, job(wage_max=4499))[0] == TRADE_POINTS  # the top of the range does not reach 4,500


@given(trade=st.sampled_from(TRADES), wage_min=st.integers(1000, 9000), extra=st.integers(0, 3000),
       housing=st.booleans(), meals=st.booleans(), scope=st.sampled_from(("local", "province", "out")),
       expected=st.one_of(st.none(), st.integers(1000, 12000)),
       intention=st.sampled_from(("nearby", "go_out", "either")),
       trades=st.frozensets(st.sampled_from(TRADES), max_size=3))
def test_score_is_the_sum_of_its_parts(trade: str, wage_min: int, extra: int, housing: bool, meals: bool,
                                       scope: str, expected: int | None, intention: str,
                                       trades: frozenset[str]) -> None:
    seeker = SeekerProfile(1, date(1990, 1, 1), "M", "junior", intention, "none", expected, trades)
    vacancy = job(trade=trade, wage_min=wage_min, wage_max=wage_min + extra, housing=housing, meals=meals,
                  scope=scope)
    points, reasons = score(seeker, vacancy)
    top = expected is not None and wage_min + extra >= expected
    assert points == (TRADE_POINTS * (trade in trades) + WAGE_TOP_POINTS * top
                      + WAGE_BOTTOM_POINTS * (top and wage_min >= expected) + HOUSING_POINTS * housing
                      + MEALS_POINTS * meals + NEAR_HOME_POINTS * (intention == "either" and scope == "local"))
    assert len(reasons) == (trade in trades) + top + housing + meals + (intention == "either" and scope == "local")
    if trade not in trades:
        assert points <= OTHER_TRADE_MAX


def test_candidate_points() -> None:
    assert candidate_points(("welding",), None, job()) == 60
    assert candidate_points(("welding",), 5001, job()) == 40
    assert candidate_points((), 5000, job()) == 20


# --- the SQL forms against the Python forms -----------------------------------------------------

@PROPERTY
@given(data=st.data())
def test_hard_rules_sql_agree_with_python(engine, data) -> None:
    clear(engine)
    today = data.draw(st.sampled_from(TODAYS))
    seekers = store_seekers(engine, data.draw(st.lists(seeker_strategy(today), min_size=1, max_size=6)))
    stored = store_vacancies(engine, data.draw(st.lists(vacancy_values(today), min_size=1, max_size=10)),
                             employers(engine))
    sqlite = engine.dialect.name == "sqlite"
    with unit_of_work(engine, write=False) as session:
        for seeker in seekers:
            got = set(session.execute(select(Vacancy.id).where(*vacancy_conditions(seeker, today, sqlite=sqlite)))
                      .scalars())
            assert got == {v.id for v, status in stored if hard_rules_ok(seeker, v, today, employer_status=status)}
            points = dict(session.execute(select(Vacancy.id, score_sql(seeker))).all())
            assert points == {v.id: score(seeker, v)[0] for v, _status in stored}
        statuses = dict(session.execute(select(Employer.id, Employer.status)).all())
        for vacancy, status in stored:
            if not is_on_board(vacancy.status, vacancy.closing_date, statuses[vacancy.employer_id], today):
                continue  # seeker_conditions is the seekers' half: the vacancy is on the board first
            got = set(session.execute(select(Seeker.township).where(*seeker_conditions(vacancy, today))).scalars())
            assert got == {f"T{s.seeker_id}" for s in seekers
                           if hard_rules_ok(s, vacancy, today, employer_status=status)}
