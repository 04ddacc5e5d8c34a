"""One filter, one meaning (issue 13): what a chosen place counts for each group of figures, and the
figures that must agree do, on SQLite and PostgreSQL; the organizer's first steps."""

from __future__ import annotations

from datetime import date

import pytest

from services.places.sources import Source, create_site
from services.reporting.dashboard import DashboardFilter, build_dashboard
from services.reporting.dashboard.meaning import HIRES, HOME, REGISTERED, REGISTRATIONS, TARGETS, basis, says
from services.reporting.first_steps import first_steps
from services.reporting.targets import save_targets
from tests.reporting import test_dashboard_hires as hires_world
from tests.reporting.test_dashboard_hires import NOW, TODAY, VILLAGES, ZONE

world = hires_world.world  # the hires test's world: 24 people in three townships, two sites, two fairs


# --- the rule, without a database ---------------------------------------------------------------


@pytest.mark.parametrize(("flt", "registrations", "hires", "targets"), [
    (DashboardFilter(), None, None, None),
    (DashboardFilter(start=date(2026, 1, 1)), None, None, None),  # dates are not a place
    (DashboardFilter(township="大河乡"), REGISTERED, HOME, HOME),
    (DashboardFilter(site_id=3), REGISTERED, REGISTERED, None),
    (DashboardFilter(fair_id=2), REGISTERED, REGISTERED, None),
    (DashboardFilter(fair_id=2, township="大河乡"), REGISTERED, HOME, HOME),
])
def test_each_group_says_what_it_counts(flt, registrations, hires, targets) -> None:
    assert (basis(flt, REGISTRATIONS), basis(flt, HIRES), basis(flt, TARGETS)) == (registrations, hires, targets)
    for group, b in ((REGISTRATIONS, registrations), (HIRES, hires), (TARGETS, targets)):
        message = says(flt, group)
        assert (message is None) == (b is None)
        if message and b == HOME:
            assert message.startswith("Counted where people live")
        elif message and flt.fair_id is None:
            assert message.startswith("Counted where people registered")


def test_unknown_group() -> None:
    with pytest.raises(ValueError):
        basis(DashboardFilter(township="大河乡"), "weather")


# --- the figures that must agree ----------------------------------------------------------------


def _board(engine, **kw):
    return build_dashboard(engine, DashboardFilter(**kw), now=NOW, zone=ZONE, parallel=False)


def _employed(d) -> int:
    return next(p.count for p in d.targets if p.metric == "employed")


def test_a_townships_people_hired_agree_with_its_employment_target(engine, world) -> None:
    """Both count where people live: the people hired this year (the dates = the year so far) are the
    target's people employed, for every township and the county; the townships add up to the county."""
    year = {"start": date(TODAY.year, 1, 1), "end": TODAY}
    county = _board(engine, **year)
    assert county.hires.people == _employed(county) > 0
    per_township = []
    for township in VILLAGES:
        d = _board(engine, township=township, **year)
        assert d.hires.people == _employed(d), township
        per_township.append(_employed(d))
    assert sum(per_township) == _employed(county)  # every hired person lives in one of them


def test_registration_figures_of_a_place_agree(engine, world) -> None:
    """Counted where people registered: the breakdowns add up to the people, the registration points to the
    days, and a point's people are among its township's."""
    for flt in ({"township": "大河乡"}, {"township": "城关镇"}, {"site_id": world.sites["relocation"]}, {}):
        d = _board(engine, **flt)
        assert d.profile.total == d.people_total == sum(d.profile.age_gender.values()) \
            == sum(d.profile.by_township.values()) == sum(d.profile.education.values()), flt
        assert d.incomplete_profiles <= d.people_total
        assert sum(n for _p, n in d.by_place) == sum(n for _d, n in d.per_day), flt  # the same days, same check-ins
        assert sum(n for _h, n in d.per_hour) == d.per_day[-1][1]
    site = _board(engine, site_id=world.sites["relocation"])
    township = _board(engine, township="城关镇")  # the relocation site is in 城关镇
    assert 0 < site.people_total <= township.people_total


# --- first steps --------------------------------------------------------------------------------


def test_first_steps(engine, vault, county) -> None:
    from tests.factories import form, make_employer, person_id

    steps = first_steps(engine, year=2026)
    assert steps.show and not steps.has_data
    assert {s.key: s.done for s in steps.steps} == {"place": False, "posters": None, "employers": False,
                                                    "village_list": False, "targets": False}
    create_site(engine, name="城关镇幸福社区安置点", code="AZ-CG", township="城关镇")
    make_employer(engine, status="pending")
    save_targets(engine, 2025, {("", "employed"): 10}, county=county)
    steps = first_steps(engine, year=2026)
    assert {s.key: s.done for s in steps.steps} == {"place": True, "posters": None, "employers": False,
                                                    "village_list": False, "targets": False}  # last year's target
    make_employer(engine, serial=2)
    save_targets(engine, 2026, {("大河乡", "employed"): 10}, county=county)
    steps = first_steps(engine, year=2026)
    assert {s.key: s.done for s in steps.steps if s.done is not None} == {
        "place": True, "employers": True, "village_list": False, "targets": True}
    assert [s.route for s in steps.steps] == ["fairs", "fairs", "employers", "imports", "targets"]

    from services.registration.register import register_seeker, validate_registration

    draft = validate_registration(form(id_number=person_id(1, gender="F")), county=county, today=TODAY)
    register_seeker(engine, vault, draft, source=Source.direct(), submission_id="fs-1", now=NOW)
    assert first_steps(engine, year=2026).has_data and not first_steps(engine, year=2026).show

