"""Joining a household at the staff desk with AppTest (issue 12: "later registrations can join a household"):
the desk's task (find the person, find the household by its code or its head, the relation from the list,
messages beside the fields), and the same form right after registering a person at the desk."""

from __future__ import annotations

from sqlmodel import select

from components.text import literal
from models import Household, Seeker
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.core.settings import ROOT
from services.imports.saving import import_rows
from services.imports.types import HouseholdLine
from services.places.county import load_county
from services.places.sources import Source
from tests.conftest import TEST_SECRET
from tests.factories import person_id, register
from tests.imports.saving_support import report, row
from tests.pages.staff.test_pages_desk import P, _errors, _fill, _open, _press, zh

CODE = "东门-012"


def _household(url: str) -> int:
    """Household 东门-012 of 城关镇东门村 from a village list, its head 王秀兰 (person 1)."""
    county = load_county(ROOT / "config" / "county.toml")
    import_rows(make_engine(url), Vault.from_secret(TEST_SECRET),
                report([row(county, 1, name="王秀兰", household=HouseholdLine(CODE, "户主", 3))]),
                staff_id=None, source=Source.direct())
    with unit_of_work(make_engine(url), write=False) as session:
        [household] = session.exec(select(Household)).all()
        assert household.id is not None
        return household.id


def _member(url: str, seeker_id: int) -> tuple[int | None, str | None]:
    with unit_of_work(make_engine(url), write=False) as session:
        person = session.get(Seeker, seeker_id)
        assert person is not None
        return person.household_id, person.household_relation


def test_a_person_registered_later_joins_a_household_at_the_desk(app_env) -> None:
    hid = _household(app_env)
    later = register(make_engine(app_env), Vault.from_secret(TEST_SECRET), 2, name="李春梅")
    at = _open(app_env)
    at.button_group(key="desk_task").set_value("household").run()
    at.text_input(key="desk_hh_query").input(later.ticket_code)
    _press(at, "desk_hh_find_person")
    assert at.selectbox(key="desk_hh_village_城关镇").value == "东门村"  # the person's own village first
    _press(at, "desk_hh_find")
    assert zh("Write the household code, or the name of the head of household.") in _errors(at)
    at.text_input(key="desk_hh_head").input("秀兰")
    _press(at, "desk_hh_find")
    assert at.radio(key="desk_hh_household").value == hid
    assert "王秀兰" in at.radio(key="desk_hh_household").options[0]
    _press(at, "desk_hh_join")
    assert zh("Choose the relation to the head of household.") in _errors(at)
    at.selectbox(key="desk_hh_relation").set_value("户主").run()
    _press(at, "desk_hh_join")
    assert zh("This household already has a head of household.") in _errors(at)
    at.selectbox(key="desk_hh_relation").set_value("配偶").run()
    _press(at, "desk_hh_join")
    assert zh("Joined household {code} of {village}.").format(code=literal(CODE), village="东门村") in [
        s.value for s in at.success]
    assert _member(app_env, later.seeker_id) == (hid, "配偶")
    _press(at, "desk_hh_next_person")
    assert at.text_input(key="desk_hh_query").value == ""


def test_the_household_form_follows_a_registration_at_the_desk(app_env) -> None:
    hid = _household(app_env)
    at = _open(app_env)
    _fill(at, id_number=person_id(5), phone="13955556666")
    _press(at, P + "next")
    _press(at, P + "confirm")
    at.text_input(key=P + "hh_code").input(CODE.replace("-", "－"))  # full width, as a list may write it
    _press(at, P + "hh_find")
    at.selectbox(key=P + "hh_relation").set_value("子").run()
    _press(at, P + "hh_join")
    with unit_of_work(make_engine(app_env), write=False) as session:
        [person] = [p for p in session.exec(select(Seeker)).all() if p.phone_masked == "139****6666"]
    assert _member(app_env, person.id) == (hid, "子")
