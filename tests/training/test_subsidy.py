"""The training subsidy report against the rule parameters: per course kind, the certificate instead of the
per-person amount, registered poor only, the provider's amount, the version valid on the completion date."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import RuleKind
from services.subsidies.defaults import ensure_default_rules
from services.subsidies.report import Period
from services.subsidies.rules import RuleChange, RuleVersion, change_rule, rule_versions
from services.training.subsidy import LEVEL_RANK, Completion, judge, training_subsidy_report
from tests.training.worlds import KINDS, LEVELS, C, E, P, World, write

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _v(id_: int, kind: str, params: dict, start: date = date(2019, 1, 1), end: date | None = None) -> RuleVersion:
    return RuleVersion(id_, f"r{id_}", kind, 1, start, end, params, "", "", NOW)


completions = st.builds(Completion, st.just(1), st.just(1), st.sampled_from(KINDS), st.just("王*兰"),
                        st.dates(date(2024, 1, 1), date(2026, 12, 31)), st.booleans(), st.sampled_from(LEVELS))
amounts = st.integers(0, 5000)


@given(completions, st.fixed_dictionaries({k: amounts for k in KINDS}), st.integers(0, 1), amounts,
       st.integers(1, 3), st.integers(0, 1), amounts)
def test_judge_follows_the_parameters(c: Completion, per_kind: dict, poor_only: int, cert_amount: int, level: int,
                                      cert_poor_only: int, provider: int) -> None:
    person = _v(1, RuleKind.TRAINED_PERSON, {**per_kind, "poor_only": poor_only})
    cert = _v(2, RuleKind.CERTIFIED, {"amount": cert_amount, "min_level": level, "poor_only": cert_poor_only})
    head = _v(3, RuleKind.PROVIDER_HEAD, {"amount": provider})
    paid = {p.rule.id: p.amount for p in judge(c, [person, cert, head])}
    certified = LEVEL_RANK[c.level] >= level and (c.poor or not cert_poor_only) and cert_amount > 0
    expected: dict[int, int] = {}
    if certified:
        expected[2] = cert_amount
    elif (c.poor or not poor_only) and per_kind[c.kind] > 0:
        expected[1] = per_kind[c.kind]
    if provider > 0:
        expected[3] = provider
    assert paid == expected


def test_a_completion_is_judged_by_the_version_valid_on_its_date() -> None:
    old = _v(1, RuleKind.PROVIDER_HEAD, {"amount": 300}, date(2019, 1, 1), date(2026, 5, 31))
    new = _v(2, RuleKind.PROVIDER_HEAD, {"amount": 500}, date(2026, 6, 1))
    c = Completion(1, 1, "skills", "王*兰", date(2026, 5, 31), False, "")
    assert [(p.rule.id, p.amount) for p in judge(c, [old, new])] == [(1, 300)]
    c2 = Completion(1, 1, "skills", "王*兰", date(2026, 6, 1), False, "")
    assert [(p.rule.id, p.amount) for p in judge(c2, [old, new])] == [(2, 500)]


@settings(max_examples=1, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.just(None))
def test_the_report_per_course_with_the_people_behind_each_amount(engine, _none) -> None:
    ensure_default_rules(engine)
    w = World([P("城关镇", True), P("城关镇", False), P("大河乡", False)],
              [C("skills", "县职业技术学校", False, None), C("guiding", "华丰培训中心", False, 0),
               C("targeted", "县职业技术学校", True, None)],
              [E(0, 0, "completed", date(2026, 3, 1), "intermediate"),  # certificate: 2,000 instead of 1,200
               E(1, 0, "completed", date(2026, 4, 1), "basic"),  # below the level: 1,200
               E(2, 0, "withdrawn", None, None),
               E(0, 1, "completed", date(2026, 7, 1), None),  # guiding 200 (after the change below: 250)
               E(1, 1, "completed", date(2025, 12, 1), None),  # outside the period
               E(2, 2, "completed", date(2026, 3, 1), None)],  # a cancelled course: nothing
              [])
    write(engine, w)
    current = rule_versions(engine, "train_person")[0]
    change_rule(engine, RuleChange("train_person", 1, {**current.params, "guiding": 250}, date(2026, 6, 1), "x"),
                user_id=None, actor="test")
    report = training_subsidy_report(engine, Period(date(2026, 1, 1), date(2026, 12, 31)))
    by = {c.title: c for c in report.courses}
    assert set(by) == {"课程0", "课程1"}
    skills = {(ln.rule.code, ln.rule.version): (ln.count, ln.amount) for ln in by["课程0"].lines}
    assert skills == {("train_certificate", 1): (1, 2000), ("train_person", 1): (1, 1200),
                      ("train_provider", 1): (2, 600)}
    guiding = {(ln.rule.code, ln.rule.version): (ln.count, ln.amount) for ln in by["课程1"].lines}
    assert guiding == {("train_person", 2): (1, 250), ("train_provider", 1): (1, 300)}
    assert (by["课程0"].to_people, by["课程0"].to_provider) == (3200, 600)
    assert report.total == 3200 + 600 + 250 + 300
    assert report.providers() == [("华丰培训中心", 250, 300), ("县职业技术学校", 3200, 600)]
    names = {t.name for c in report.courses for ln in c.lines for t in ln.trace}
    assert names == {"王*兰"}  # masked
