"""The demo sets this year's employment targets (county and townships) so the drill-down has percentages,
and keeps targets already set."""

from __future__ import annotations

from datetime import UTC, date, datetime

from services.cli.demo import generate_demo
from services.cli.demo.targets import _target
from services.reporting.dashboard import DashboardFilter, build_dashboard
from services.reporting.targets import get_targets, save_targets

NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)
TODAY = date(2026, 11, 23)


def test_demo_sets_the_missing_targets(engine, vault, county) -> None:
    save_targets(engine, 2026, {("城关镇", "employed"): 7}, county=county)
    generate_demo(engine, vault, county, seekers=200, seed=5, batch=100, today=TODAY, now=NOW, out=None, vacancies=200)
    targets = get_targets(engine, 2026)
    names = [t.name for t in county.townships]
    assert targets[("城关镇", "employed")] == 7  # kept
    for metric in ("employed", "transferred_out"):
        assert all((t, metric) in targets for t in names)
        assert targets[("", metric)] == sum(targets[(t, metric)] for t in names)
    employment = build_dashboard(engine, DashboardFilter(), now=NOW, parallel=False).extra["employment"]
    assert employment.county.employed_target == targets[("", "employed")]
    assert all(t.employed_target is not None for t in employment.townships if t.key in names)
    assert (_target(0), _target(7), _target(70)) == (10, 10, 100)
