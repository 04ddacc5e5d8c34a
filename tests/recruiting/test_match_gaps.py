"""Why a seeker's trades find nothing: the hard rules by name in SQL against Python (with answers not
given yet), the reasons per trade in plain words (English and Chinese), the closest jobs, the hints
for missing answers, and the number of queries (not one per trade)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import event, select

from models import Vacancy
from services.core.db import unit_of_work
from services.core.i18n import translator
from services.recruiting.match_gaps import NOTHING, explain_missing, failed_count_sql
from services.recruiting.match_reasons import answer_hints, failed_reasons
from services.recruiting.match_rules import (
    HARD_RULES,
    SeekerProfile,
    failed_rules,
    hard_rules_ok,
    rule_holds_sql,
    vacancy_conditions,
)
from tests.factories import make_employer, make_vacancy, register
from tests.recruiting.test_matching import (
    PROPERTY,
    TODAYS,
    clear,
    employers,
    seeker_strategy,
    store_vacancies,
    vacancy_values,
)

TODAY = date(2026, 3, 10)
SOON = TODAY + timedelta(days=20)
EN, ZH = translator("en"), translator("zh_CN")


# --- the rules by name: SQL against Python, answers not given yet included ------------------------

@PROPERTY
@given(data=st.data())
def test_each_hard_rule_in_sql_agrees_with_python(engine, data) -> None:
    clear(engine)
    today = data.draw(st.sampled_from(TODAYS))
    drawn = data.draw(st.lists(seeker_strategy(today, unanswered=(None,)), min_size=1, max_size=5))
    seekers = [SeekerProfile(seeker_id=i, **values) for i, values in enumerate(drawn, start=1)]
    stored = store_vacancies(engine, data.draw(st.lists(vacancy_values(today), min_size=1, max_size=10)),
                             employers(engine))
    sqlite = engine.dialect.name == "sqlite"
    with unit_of_work(engine, write=False) as session:
        for seeker in seekers:
            holds = rule_holds_sql(seeker, today)
            assert tuple(holds) == HARD_RULES
            for name, rule in holds.items():
                got = set(session.execute(select(Vacancy.id).where(rule)).scalars())
                assert got == {v.id for v, _s in stored if name not in failed_rules(seeker, v, today)}, name
            counts = dict(session.execute(select(Vacancy.id, failed_count_sql(seeker, today))).all())
            assert counts == {v.id: len(failed_rules(seeker, v, today)) for v, _s in stored}
            fitting = set(session.execute(select(Vacancy.id).where(*vacancy_conditions(seeker, today, sqlite=sqlite)))
                          .scalars())
            assert fitting == {v.id for v, status in stored if hard_rules_ok(seeker, v, today, employer_status=status)}


def test_missing_answers_count_as_the_spec_says() -> None:
    """No education: only jobs without a minimum; no intention: either; no leave constraint: can leave."""
    seeker = SeekerProfile(1, date(1990, 1, 1), "F", None, None, None, None, frozenset())
    job = dict(age_min=18, age_max=60, gender="", trade="welding", wage_min=4000, wage_max=5000, housing=False,
               meals=False)
    for scope in ("local", "province", "out"):
        assert failed_rules(seeker, SimpleNamespace(**job, scope=scope, min_education="none"), TODAY) == ()
    junior = SimpleNamespace(**job, scope="out", min_education="junior")
    assert failed_rules(seeker, junior, TODAY) == ("education",)
    assert [r.text(EN) for r in failed_reasons(seeker, junior, TODAY)] == [
        "Asks for Junior middle school or above; you have not told us your schooling"]


def test_hints_for_the_answers_that_find_better_jobs() -> None:
    hints = answer_hints(["trades", "training", "education", "poor_household", "wage"])
    assert [h.text(EN) for h in hints] == [
        "Tell us your trades to see the jobs that fit them first.",
        "Tell us your schooling: jobs that ask for some schooling are shown only then.",
        "Tell us the wage you expect to see the jobs that pay it first."]
    assert hints[0].text(ZH) == "告诉我们您会的手艺，先给您看对口的岗位。"
    assert answer_hints([]) == ()


# --- explain_missing on the database -------------------------------------------------------------

def _person(engine, vault, n: int = 1, **overrides):
    """56 on TODAY, primary schooling, cannot leave home (care duties)."""
    values = dict(birth=date(1969, 6, 1), gender="M", education="primary", intention="nearby",
                  leave_constraint="care", trades=["welding", "electronics_assembly", "cleaning", "catering"])
    values.update(overrides)
    return register(engine, vault, n, **values)


def _local(**values):
    return dict(scope="local", province="云南省", city="昭通市", distance_km=0, travel_hours=0, trip_fare=0,
                min_education="none", closing_date=SOON, **values)


def test_why_each_trade_finds_nothing_and_what_is_closest(engine, vault) -> None:
    employer = make_employer(engine)
    # welding: every job asks for 55 or under; the one that fails only the age comes first
    best = make_vacancy(engine, employer, title="焊工A", trade="welding", age_max=55, **_local())
    make_vacancy(engine, employer, title="焊工B", trade="welding", age_max=50, **_local(gender="F"))
    make_vacancy(engine, employer, title="焊工C", trade="welding", age_max=45, **_local(gender="F", wage_min=9000,
                                                                                        wage_max=9000))
    # electronics assembly: all ask for junior middle school or more
    make_vacancy(engine, employer, title="装配", trade="electronics_assembly", age_max=60,
                 **{**_local(), "min_education": "junior"})
    make_vacancy(engine, employer, title="装配2", trade="electronics_assembly", age_max=60,
                 **{**_local(), "min_education": "senior"})
    # cleaning: only in other provinces, for someone who cannot leave home
    make_vacancy(engine, employer, title="保洁", trade="cleaning", age_max=60, min_education="none",
                 closing_date=SOON)
    # catering: a job that fits, so catering is not explained
    make_vacancy(engine, employer, title="厨师", trade="catering", age_max=60, **_local())
    seeker = _person(engine, vault, trades=["welding", "electronics_assembly", "cleaning", "catering",
                                            "security_guard"])
    explanation = explain_missing(engine, ticket_code=seeker.ticket_code, today=TODAY,
                                  missing_groups=["wage", "training"])
    by_trade = {gap.trade: gap for gap in explanation.trades}
    assert sorted(by_trade) == ["cleaning", "electronics_assembly", "security_guard", "welding"]
    assert [r.text(EN) for r in by_trade["welding"].reasons] == ["Electric welding jobs all ask for age 55 or under"]
    assert [r.text(ZH) for r in by_trade["welding"].reasons] == ["电焊岗位都要求55岁以下"]
    assert [r.text(ZH) for r in by_trade["electronics_assembly"].reasons] == ["电子装配岗位都要求初中以上"]
    assert [r.text(EN) for r in by_trade["cleaning"].reasons] == ["Cleaning jobs are all in other provinces"]
    assert [r.text(ZH) for r in by_trade["cleaning"].reasons][0].endswith("岗位都在外省")
    assert [r.text(EN) for r in by_trade["security_guard"].reasons] == [
        "There are no Security guard jobs on the board right now."]
    assert by_trade["security_guard"].closest == ()
    welding = by_trade["welding"].closest
    assert [c.vacancy_id for c in welding][:1] == [best] and len(welding) == 2  # fewest failed rules first
    assert [r.text(EN) for r in welding[0].failed] == ["Asks for age 55 or under; you are 56"]
    # B and C both fail two rules: C leaves more pay
    assert [r.text(EN) for r in welding[1].failed] == ["Asks for age 45 or under; you are 56", "Women only"]
    assert [r.text(EN) for r in by_trade["cleaning"].closest[0].failed] == [
        "Away from home; you said you cannot leave home"]
    assert [h.message for h in explanation.hints] == ["Tell us the wage you expect to see the jobs that pay it first."]


def test_mixed_reasons_and_nothing_to_explain(engine, vault) -> None:
    employer = make_employer(engine)
    make_vacancy(engine, employer, trade="welding", age_max=50, **_local())
    make_vacancy(engine, employer, trade="welding", age_max=60, **{**_local(), "min_education": "senior"})
    seeker = _person(engine, vault, trades=["welding"])
    [gap] = explain_missing(engine, ticket_code=seeker.ticket_code, today=TODAY).trades
    assert [r.text(EN) for r in gap.reasons] == [
        "No Electric welding job fits all your answers; the closest are below."]
    assert explain_missing(engine, ticket_code="ZZZZZZZZ", today=TODAY) == NOTHING
    nobody = _person(engine, vault, 2, trades=[], name="李四")
    assert explain_missing(engine, ticket_code=nobody.ticket_code, today=TODAY, missing_groups=["trades"]).hints[0]\
        .message == "Tell us your trades to see the jobs that fit them first."


def test_two_queries_whatever_the_number_of_trades(engine, vault) -> None:
    employer = make_employer(engine)
    trades = ["welding", "electronics_assembly", "cleaning", "construction", "garment_sewing", "catering"]
    for trade in trades:
        make_vacancy(engine, employer, trade=trade, age_max=40, **_local())
    seeker = _person(engine, vault, trades=trades)
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        if "vacancy" in statement.lower():
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        explanation = explain_missing(engine, ticket_code=seeker.ticket_code, today=TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(explanation.trades) == len(trades)
    assert len(statements) == 2, statements
