"""Candidates who fit, when a profile is incomplete (issue 10): the values not answered are None, the
missing groups are named, and the rules shown never guess an answer. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from services.core.clock import local_today
from services.core.i18n import translator
from services.recruiting.candidates import _candidate, seekers_for_vacancy
from tests.factories import make_employer, make_vacancy, register
from tests.profile_support import ANSWERS, register_ticket_only


def test_a_partly_answered_candidate_names_what_is_missing(engine, vault) -> None:
    employer = make_employer(engine)
    vacancy = make_vacancy(engine, employer, scope="local", province="云南省", city="昭通市", trade="welding")
    birth = date(local_today().year - 30, 1, 1)
    register(engine, vault, 1, birth=birth)
    register_ticket_only(engine, vault, 2, birth=birth, answered={
        "place": {"intention": "nearby", "leave_constraint": "care"}, "education": ANSWERS["education"]})
    found = {c.rank: c for c in seekers_for_vacancy(engine, vacancy_id=vacancy, employer_id=employer,
                                                    today=local_today())}
    assert len(found) == 2
    newest = found[1]  # no trade and no wage for either: the newest first
    assert newest.missing == ("trades", "wage", "training", "poor_household") and not newest.complete
    assert (newest.education, newest.intention, newest.trades) == ("senior", "nearby", ())
    assert found[2].complete and found[2].missing == ()


def test_rules_of_a_candidate_without_education_or_place_say_so() -> None:
    """matching decides who passes without an answer; if it lets one through, nothing is guessed."""
    job = SimpleNamespace(trade="welding", age_min=18, age_max=45, scope="local", gender=None, wage_min=5000,
                          wage_max=6500)
    row = SimpleNamespace(id=7, name="赵小满", birth_date=date(1990, 1, 1), gender="F", education=None,
                          intention=None, leave_constraint=None, township="城关镇", expected_wage=None,
                          profile_answered="")
    c = _candidate(1, row, (), job, date(2026, 11, 23), known=False)
    _ = translator("en")
    rules = [r.text(_) for r in c.rules]
    assert rules[1:] == ["Education not answered yet: ask", "Where to work not answered yet: ask"]
    assert "None" not in "; ".join(rules)
    assert c.missing == ("trades", "place", "education", "wage", "training", "poor_household")
