"""The subsidy report at the rules' edges, on both backends. Every expected amount is written out here
(400 / 1,000 / 20,000 …), never computed with the package's own helpers."""

from __future__ import annotations

from datetime import date

import pytest

from services.core.errors import FieldErrors
from services.subsidies.defaults import ensure_default_rules
from services.subsidies.report import Period, check_period, subsidy_report
from services.subsidies.rules import RuleChange, change_rule, rule_versions
from tests.factories import make_vacancy
from tests.subsidies.support import Employers, hire, seeker, visit

YEAR_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))


@pytest.fixture
def world(engine):
    ensure_default_rules(engine)
    return Employers(engine)


def amounts(engine, period: Period = YEAR_2024, **kw) -> dict[tuple[int, str], int]:
    """{(employer id, rule code): amount} of the report."""
    report = subsidy_report(engine, period, **kw)
    return {(e.employer_id, line.rule.code): line.amount for e in report.employers for line in e.lines}


def test_contract_more_than_12_months_and_the_older_worker_instead(engine, world) -> None:
    emp = world.add(1)
    young_13 = seeker(engine, 1, birth=date(1995, 3, 1), gender="M")
    young_12 = seeker(engine, 2, birth=date(1995, 3, 1), gender="F")
    older_12 = seeker(engine, 3, birth=date(1970, 3, 1), gender="M")  # 54 at the start
    older_11 = seeker(engine, 4, birth=date(1970, 3, 1), gender="F")
    older_24 = seeker(engine, 5, birth=date(1980, 3, 1), gender="F")  # 44 at the start
    start = date(2024, 4, 10)
    hire(engine, world, young_13, emp, start=start, contract=13)  # 400
    hire(engine, world, young_12, emp, start=start, contract=12)  # exactly 12 months: not "more than 12"
    hire(engine, world, older_12, emp, start=start, contract=12)  # 1,000 (at least 12: 12 included)
    hire(engine, world, older_11, emp, start=start, contract=11)  # too short for either
    hire(engine, world, older_24, emp, start=start, contract=24)  # 1,000 instead of 400, never both
    got = amounts(engine)
    assert got == {(emp, "hire_contract"): 400, (emp, "hire_older"): 2000}
    report = subsidy_report(engine, YEAR_2024)
    assert report.total == 2400 and report.employers[0].total == 2400


@pytest.mark.parametrize(("gender", "birth", "expected"), [
    ("M", date(1979, 4, 10), {"hire_contract": 400}),  # 45 exactly on the start date
    ("M", date(1978, 4, 11), {"hire_contract": 400}),  # 45 years and 364 days
    ("M", date(1978, 4, 10), {"hire_older": 1000}),  # 46 on the start date
    ("F", date(1989, 4, 10), {"hire_contract": 400}),  # 35 exactly
    ("F", date(1988, 4, 11), {"hire_contract": 400}),  # the day before her 36th birthday
    ("F", date(1988, 4, 10), {"hire_older": 1000}),  # 36 on the start date
    ("F", date(1979, 4, 10), {"hire_older": 1000}),  # a woman of 45
])
def test_age_on_the_start_date(engine, world, gender, birth, expected) -> None:
    emp = world.add(1)
    person = seeker(engine, 1, birth=birth, gender=gender)
    hire(engine, world, person, emp, start=date(2024, 4, 10), contract=13)
    assert amounts(engine) == {(emp, code): amount for code, amount in expected.items()}


def test_age_of_a_29_february_birth(engine, world) -> None:
    """Born 29 Feb 1980: 46 on 28 Feb 2026 (no 29th that year), not before."""
    emp = world.add(1)
    person = seeker(engine, 1, birth=date(1980, 2, 29), gender="M")
    hire(engine, world, person, emp, start=date(2026, 2, 27), contract=13)
    other = seeker(engine, 2, birth=date(1980, 2, 29), gender="M")
    hire(engine, world, other, emp, start=date(2026, 2, 28), contract=13)
    got = amounts(engine, Period(date(2026, 2, 1), date(2026, 2, 28)))
    assert got == {(emp, "hire_contract"): 400, (emp, "hire_older"): 1000}
    trace = {r.start_date: r.age_at_start for e in subsidy_report(engine, Period(date(2026, 2, 1), date(2026, 2, 28))
                                                                   ).employers for ln in e.lines for r in ln.trace}
    assert trace == {date(2026, 2, 27): 45, date(2026, 2, 28): 46}


def test_poor_hire_bands_at_their_edges(engine, world) -> None:
    """1, 2, 10, 11, 30, 31 registered-poor people hired: 0, 20,000, 20,000, 30,000, 30,000, 50,000."""
    n = 0
    employer_of: dict[int, int] = {}
    for serial, people in enumerate((1, 2, 10, 11, 30, 31), start=1):
        emp = world.add(serial)
        employer_of[people] = emp
        for _ in range(people):
            n += 1
            hire(engine, world, seeker(engine, n, poor=True), emp, start=date(2024, 6, 1), contract=6)
    got = {e: a for (e, code), a in amounts(engine).items() if code == "poor_hires"}
    assert got == {employer_of[2]: 20000, employer_of[10]: 20000, employer_of[11]: 30000,
                   employer_of[30]: 30000, employer_of[31]: 50000}
    report = subsidy_report(engine, YEAR_2024)
    line = next(ln for e in report.employers for ln in e.lines if e.employer_id == employer_of[11])
    assert line.count == 11 and len(line.trace) == 11 and all(r.poor for r in line.trace)
    assert (line.band.min, line.band.max) == (11, 30)


def test_what_the_poor_band_does_not_count(engine, world) -> None:
    """Not poor, cancelled, outside the period, the same person twice: one person counted, so no band."""
    emp = world.add(1)
    poor = seeker(engine, 1, poor=True)
    hire(engine, world, poor, emp, start=date(2024, 2, 1), contract=6)
    world.vacancies[emp] = make_vacancy(engine, emp)
    hire(engine, world, poor, emp, start=date(2024, 9, 1), contract=6)  # hired again: still one person
    hire(engine, world, seeker(engine, 2, poor=False), emp, start=date(2024, 2, 1), contract=6)
    hire(engine, world, seeker(engine, 3, poor=True), emp, start=date(2024, 2, 1), contract=6, cancelled=True)
    hire(engine, world, seeker(engine, 4, poor=True), emp, start=date(2023, 12, 31), contract=6)
    hire(engine, world, seeker(engine, 5, poor=True), emp, start=date(2025, 1, 1), contract=6)
    assert amounts(engine) == {}
    hire(engine, world, seeker(engine, 6, poor=True), emp, start=date(2024, 12, 31), contract=6)
    assert amounts(engine) == {(emp, "poor_hires"): 20000}


def test_cancelled_hires_and_other_employers_are_left_out(engine, world) -> None:
    one, two = world.add(1), world.add(2)
    hire(engine, world, seeker(engine, 1), one, start=date(2024, 3, 1), contract=24, cancelled=True)
    hire(engine, world, seeker(engine, 2), two, start=date(2024, 3, 1), contract=24)
    assert amounts(engine) == {(two, "hire_contract"): 400}
    assert amounts(engine, employer_id=one) == {}
    assert amounts(engine, employer_id=two) == {(two, "hire_contract"): 400}


def _change(engine, code: str, valid_from: date, **params) -> None:
    current = rule_versions(engine, code)[0]
    change_rule(engine, RuleChange(code, current.version, {**current.params, **params}, valid_from,
                                   current.description), user_id=None, actor="org1")


def test_a_rule_changed_mid_period_judges_each_hire_by_its_start_date(engine, world) -> None:
    emp = world.add(1)
    before = subsidy_report(engine, YEAR_2024)
    hire(engine, world, seeker(engine, 1), emp, start=date(2024, 6, 30), contract=13)
    hire(engine, world, seeker(engine, 2), emp, start=date(2024, 7, 1), contract=13)
    first_half = Period(date(2024, 1, 1), date(2024, 6, 30))
    old_half = amounts(engine, first_half)
    assert old_half == {(emp, "hire_contract"): 400}
    _change(engine, "hire_contract", date(2024, 7, 1), amount=600)
    report = subsidy_report(engine, YEAR_2024)
    lines = {(ln.rule.code, ln.rule.version): (ln.count, ln.amount) for ln in report.employers[0].lines}
    assert lines == {("hire_contract", 1): (1, 400), ("hire_contract", 2): (1, 600)}
    assert report.total == 1000
    assert amounts(engine, first_half) == old_half  # the past period recomputed: the old amount
    assert before.total == 0


def test_the_band_is_judged_by_the_version_valid_on_the_last_day(engine, world) -> None:
    emp = world.add(1)
    for n in range(1, 4):
        hire(engine, world, seeker(engine, n, poor=True), emp, start=date(2024, 3, n), contract=6)
    first_half = Period(date(2024, 1, 1), date(2024, 6, 30))
    assert amounts(engine, first_half) == {(emp, "poor_hires"): 20000}
    bands = rule_versions(engine, "poor_hires")[0].params["bands"]
    _change(engine, "poor_hires", date(2024, 7, 1), bands=[{**bands[0], "amount": 25000}, *bands[1:]])
    assert amounts(engine, first_half) == {(emp, "poor_hires"): 20000}  # recomputed: as before
    assert amounts(engine) == {(emp, "poor_hires"): 25000}  # the year ends under version 2
    line = subsidy_report(engine, YEAR_2024).employers[0].lines[0]
    assert line.rule.version == 2 and line.rule.params["bands"][0]["amount"] == 25000


def test_retained_nine_months(engine, world) -> None:
    emp = world.add(1)
    exactly = hire(engine, world, seeker(engine, 1), emp, start=date(2024, 1, 15), contract=6)
    visit(engine, exactly, on=date(2024, 10, 15))  # 9 months to the day
    early = hire(engine, world, seeker(engine, 2), emp, start=date(2024, 1, 15), contract=6)
    visit(engine, early, on=date(2024, 10, 14))  # a day short
    moved = hire(engine, world, seeker(engine, 3), emp, start=date(2024, 1, 15), contract=6)
    visit(engine, moved, on=date(2024, 10, 20), outcome="changed_job")  # works elsewhere: not retained here
    month_end = hire(engine, world, seeker(engine, 4), emp, start=date(2024, 5, 31), contract=6)
    visit(engine, month_end, on=date(2025, 2, 28))  # 31 May + 9 months = 28 Feb
    gone = hire(engine, world, seeker(engine, 5), emp, start=date(2024, 1, 15), contract=6, cancelled=True)
    visit(engine, gone, on=date(2024, 10, 15))
    october = Period(date(2024, 10, 1), date(2024, 10, 31))
    assert amounts(engine, october) == {(emp, "retained_9m"): 1000}
    trace = subsidy_report(engine, october).employers[0].lines[0].trace
    assert [(r.hire_id, r.qualified_on) for r in trace] == [(exactly, date(2024, 10, 15))]
    assert amounts(engine, Period(date(2025, 2, 1), date(2025, 2, 28))) == {(emp, "retained_9m"): 1000}


def test_retained_is_paid_once_in_the_period_of_the_first_qualifying_visit(engine, world) -> None:
    emp = world.add(1)
    h = hire(engine, world, seeker(engine, 1), emp, start=date(2024, 1, 15), contract=6)
    visit(engine, h, on=date(2024, 11, 2))
    visit(engine, h, on=date(2024, 12, 20))  # still working later: no second payment
    assert amounts(engine, Period(date(2024, 11, 1), date(2024, 11, 30))) == {(emp, "retained_9m"): 1000}
    assert amounts(engine, Period(date(2024, 12, 1), date(2024, 12, 31))) == {}
    # a report computed before the first visit was known could not see it; one covering both months pays once
    assert amounts(engine, Period(date(2024, 11, 1), date(2024, 12, 31))) == {(emp, "retained_9m"): 1000}


def test_the_trace_holds_masked_names_and_the_hire_facts(engine, world) -> None:
    emp = world.add(1, name="东莞市华丰电子有限公司")
    person = seeker(engine, 1, birth=date(1970, 1, 2), gender="M", poor=True, name="欧阳秀娜")
    h = hire(engine, world, person, emp, start=date(2024, 5, 6), contract=12)
    report = subsidy_report(engine, YEAR_2024)
    (employer,) = report.employers
    assert employer.name == "东莞市华丰电子有限公司"
    (line,) = employer.lines  # one poor person: below the first band
    assert line.rule.code == "hire_older" and line.rule.version == 1 and line.rule.params["amount"] == 1000
    (row,) = line.trace
    assert (row.hire_id, row.name, row.start_date, row.contract_months, row.age_at_start, row.gender, row.poor) == (
        h, "欧**娜", date(2024, 5, 6), 12, 54, "M", True)
    assert subsidy_report(engine, YEAR_2024, with_trace=False).employers[0].lines[0].trace == []


def test_the_period_is_checked() -> None:
    with pytest.raises(FieldErrors) as refused:
        check_period(date(2024, 2, 1), date(2024, 1, 31))
    assert set(refused.value.errors) == {"period_end"}
    with pytest.raises(FieldErrors) as refused:
        check_period(None, None)
    assert set(refused.value.errors) == {"period_start", "period_end"}
    assert check_period(date(2024, 1, 1), date(2024, 1, 1)) == Period(date(2024, 1, 1), date(2024, 1, 1))
