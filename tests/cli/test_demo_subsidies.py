"""The demo's subsidy part: the rules, one changed rule, "still working" visits, a report with real amounts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.cli.demo import generate_demo
from services.cli.demo.subsidies import add_subsidy_demo
from services.subsidies.report import Period, subsidy_report
from services.subsidies.rules import rule_versions

NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)
TODAY = date(2026, 11, 23)


def test_the_demo_gives_the_subsidies_page_something_real(engine, vault, county) -> None:
    generate_demo(engine, vault, county, seekers=600, seed=3, fairs=2, batch=300, today=TODAY, now=NOW, out=None)
    versions = rule_versions(engine)
    assert {v.code for v in versions} == {"hire_contract", "hire_older", "poor_hires", "retained_9m",
                                             "train_person", "train_certificate", "train_provider"}  # issue 16
    assert [v.version for v in versions if v.code == "hire_contract"] == [2, 1]
    report = subsidy_report(engine, Period(date(2025, 11, 1), TODAY))
    assert report.total > 0
    kinds = {line.rule.kind for e in report.employers for line in e.lines}
    assert {"per_hire", "older_worker"} <= kinds, kinds  # no demo hire is 9 months old yet at this size
    again = add_subsidy_demo(engine, today=TODAY, seed=3, now=NOW)
    assert (again.rules, again.versions, again.visits) == (0, 0, 0)
