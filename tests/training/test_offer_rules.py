"""The offer's rules in Python, without a database (the SQL twin is compared in test_offer.py)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from services.recruiting.match_rules import SeekerProfile
from services.training.offer_rules import CourseFacts, Person, offered, place_fits, targeted_ok, trade_fits

TODAY = date(2026, 12, 1)


def person(**overrides: object) -> Person:
    profile = SeekerProfile(seeker_id=1, birth_date=date(1980, 5, 17), gender="F", education="junior",
                            intention="nearby", leave_constraint="care", expected_wage=None,
                            trades=frozenset(overrides.pop("trades", {"garment_sewing"})))  # type: ignore[arg-type]
    values: dict[str, object] = dict(profile=profile, ticket_code="ABCD2345", township="城关镇", first_site_id=None,
                                     poor_household="yes", willing_to_train=True)
    values.update(overrides)
    return Person(**values)  # type: ignore[arg-type]


def course(**overrides: object) -> CourseFacts:
    values: dict[str, object] = dict(kind="guiding", trade=None, township="", site_id=None, status="open",
                                     ends_on=TODAY, capacity=10, enrolled=0)
    values.update(overrides)
    return CourseFacts(**values)  # type: ignore[arg-type]


def test_a_county_wide_course_is_offered_to_someone_willing():
    assert offered(course(), person(), TODAY, order_fits=False)
    assert offered(course(), person(willing_to_train=None), TODAY, order_fits=False)  # not answered: offered
    assert not offered(course(), person(willing_to_train=False), TODAY, order_fits=False)


def test_open_not_over_with_seats():
    assert not offered(course(status="cancelled"), person(), TODAY, order_fits=False)
    assert not offered(course(ends_on=TODAY - timedelta(days=1)), person(), TODAY, order_fits=False)
    assert not offered(course(enrolled=10), person(), TODAY, order_fits=False)
    assert offered(course(enrolled=9), person(), TODAY, order_fits=False)


def test_place():
    assert place_fits(course(township="城关镇"), person())
    assert not place_fits(course(township="石桥乡"), person())
    assert place_fits(course(township="石桥乡", site_id=5), person(first_site_id=5))
    assert not place_fits(course(site_id=5), person(first_site_id=6))
    assert not place_fits(course(site_id=5), person())


def test_trade_of_a_skills_course():
    assert trade_fits(course(kind="skills", trade="garment_sewing"), person())
    assert not trade_fits(course(kind="skills", trade="welding"), person())
    assert not trade_fits(course(kind="skills", trade="welding"), person(trades=set()))
    assert trade_fits(course(kind="guiding", trade="welding"), person())  # only skills courses have a trade


def test_targeted_only_for_registered_poor_households():
    assert targeted_ok(course(kind="targeted"), person())
    for answer in ("no", "unknown", None):
        assert not targeted_ok(course(kind="targeted"), person(poor_household=answer))
    assert targeted_ok(course(kind="entrepreneurship"), person(poor_household="no"))


def test_order_based_needs_a_fitting_vacancy():
    assert offered(course(order_based=True), person(), TODAY, order_fits=True)
    assert not offered(course(order_based=True), person(), TODAY, order_fits=False)


@given(enrolled=st.integers(0, 40), capacity=st.integers(1, 40), days=st.integers(-3, 3))
def test_availability_is_seats_and_dates(enrolled, capacity, days):
    fits = offered(course(enrolled=enrolled, capacity=capacity, ends_on=TODAY + timedelta(days=days)), person(),
                   TODAY, order_fits=False)
    assert fits == (enrolled < capacity and days >= 0)
