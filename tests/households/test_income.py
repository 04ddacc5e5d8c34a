"""A household's income per member against the poverty line at the boundary: exactly at the line reaches it
(both backends)."""

from __future__ import annotations

from datetime import date

from services.households.income import income_figures, income_list
from services.households.income_rule import household_income
from tests.households import support as mk

TODAY = date(2026, 3, 10)


def test_the_line_at_the_boundary_without_a_database() -> None:
    assert household_income(0, 7000, 2, 1, 3500).lifted  # 3,500 per member: reaches
    assert not household_income(0, 6999, 2, 1, 3500).lifted
    assert household_income(3500 * 365, None, 12, 1, 3500).lifted  # a whole year at 3,500 a month, 12 people
    assert not household_income(3500 * 365 - 1, None, 12, 1, 3500).lifted
    assert household_income(0, None, None, 0, 3500).members == 1  # never divided by zero
    assert household_income(0, 9000, 2, 3, 3500).members == 3  # more registered than the list said


def test_household_income_lifted_per_township(engine) -> None:
    employer = mk.Employer(engine)
    # declared 7,000 for 2 people in 2025: exactly the line, lifted
    at_line = mk.household(engine, size=2, declared=7000, declared_on=date(2025, 12, 20))
    mk.member(engine, at_line, head=True)
    # 6,999: not yet
    below = mk.household(engine, size=2, declared=6999, declared_on=date(2025, 11, 1))
    mk.member(engine, below, head=True)
    # declared for 2024 only: does not count for 2025; the hire's 45,279 for 3 people does (computed)
    computed = mk.household(engine, size=3, declared=90000, declared_on=date(2024, 12, 1))
    a = mk.hire(engine, employer, mk.member(engine, computed, head=True), start=date(2025, 3, 1))
    mk.visit(engine, a, on=date(2025, 6, 1), month=3, wage=4500)
    # another township, nothing
    other = mk.household(engine, township="大河乡", village="大河村", poor=False)
    mk.member(engine, other, head=True, township="大河乡", village="大河村")
    figures = {f.township: (f.households, f.lifted, f.not_yet) for f in income_figures(engine, year=2025, today=TODAY)}
    assert figures == {"城关镇": (3, 2, 1), "大河乡": (1, 0, 1)}
    assert [(f.township, f.lifted) for f in income_figures(engine, year=2025, today=TODAY, poor_only=True)] == [
        ("城关镇", 2)]
    rows, total = income_list(engine, year=2025, today=TODAY, township="城关镇")
    found = {r.household_id: r.income for r in rows}
    assert total == 3
    assert (found[at_line].income, found[at_line].per_member, found[at_line].lifted) == (7000, 3500, True)
    assert (found[below].income, found[below].lifted) == (6999, False)
    assert (found[computed].computed, found[computed].declared, found[computed].income) == (45271, None, 45271)
    not_yet, n = income_list(engine, year=2025, today=TODAY, lifted=False)
    assert n == 2 and {r.household_id for r in not_yet} == {below, other}
    # 2024: the declared 90,000 counts, nothing else was declared that year
    assert {f.township: f.lifted for f in income_figures(engine, year=2024, today=TODAY)} == {"城关镇": 1, "大河乡": 0}
