"""People in work and transferred out against the targets, drilled down county → township → site →
household: hand counts from after_hire_support.py, and every level adds up to the one above."""

from __future__ import annotations

from services.reporting.dashboard import DashboardFilter, build_dashboard
from services.reporting.dashboard.employment import Employment, Level, by_household, by_site
from services.reporting.targets import save_targets
from tests.reporting.after_hire_support import NOW, TODAY, ZONE, build


def _employment(engine) -> Employment:
    return build_dashboard(engine, DashboardFilter(fair_id=None), now=NOW, zone=ZONE, parallel=False).extra[
        "employment"]


def test_drill_down_by_hand(engine, vault, county) -> None:
    world = build(engine, vault)
    save_targets(engine, 2026, {("", "employed"): 10, ("城关镇", "employed"): 6, ("城关镇", "transferred_out"): 4,
                                ("龙泉镇", "employed"): 2, ("", "transferred_out"): 0}, county=county)
    got = _employment(engine)
    # in work today: h1 and h9 (p1, counted once), h2 (p2, changed job), h5 (p5), h7 (p7); not h3 (returned),
    # h4 (dispute), h6 (cancelled), h8 (not started). Transferred out (scope province/out): p1, p2, p5.
    assert got.year == 2026
    assert got.county == Level("", "", 4, 3, 10, 0)
    assert got.county.employed_percent == 40.0 and got.county.transferred_percent is None  # a target of 0
    assert got.townships == [Level("城关镇", "", 3, 2, 6, 4), Level("大河乡", "", 1, 1, None, None),
                             Level("龙泉镇", "", 0, 0, 2, None)]
    assert got.townships[0].employed_percent == 50.0 and got.townships[0].transferred_percent == 50.0
    assert sum(t.employed for t in got.townships) == got.county.employed
    assert sum(t.transferred for t in got.townships) == got.county.transferred

    sites = by_site(engine, township="城关镇", today=TODAY)
    assert sites == [Level(world.sites["S1"], "城关镇幸福社区安置点", 2, 2), Level(None, "", 1, 0)]  # p1 p2; p7
    assert sum(s.employed for s in sites) == got.townships[0].employed
    homes, n = by_household(engine, township="城关镇", site_id=world.sites["S1"], today=TODAY)
    assert n == 1 and homes == [Level(world.households["CG-001"], "CG-001", 2, 2, detail="东门村")]
    homes, n = by_household(engine, township="城关镇", site_id=None, today=TODAY)
    assert n == 0 and homes == [Level(None, "", 1, 0)]  # p7: in no household
    assert by_site(engine, township="龙泉镇", today=TODAY) == []


def test_every_level_adds_up(engine, vault) -> None:
    build(engine, vault)
    got = _employment(engine)
    for township in got.townships:
        sites = by_site(engine, township=township.key, today=TODAY)
        assert sum(s.employed for s in sites) == township.employed
        assert sum(s.transferred for s in sites) == township.transferred
        for site in sites:
            homes, _n = by_household(engine, township=township.key, site_id=site.key, today=TODAY)
            assert sum(h.employed for h in homes) == site.employed
            assert sum(h.transferred for h in homes) == site.transferred


def test_empty_county(engine) -> None:
    got = _employment(engine)
    assert got.county == Level("", "", 0, 0) and got.townships == []
