"""Joining a household at the staff desk (issue 12: "later registrations can join a household"): found by
its code or by the head's name in its village, the relation chosen from the template's list, one head per
household, each change recorded and audited; desk staff and organizers only. Both backends."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from models import AuditEvent, Household, Seeker, SeekerChange
from services.accounts import passwords
from services.accounts.staff import create_user
from services.core.errors import FieldErrors
from services.imports.households import HEAD_TAKEN, RELATIONS
from services.imports.saving import import_rows
from services.imports.types import HouseholdLine
from services.places.sources import Source
from services.registration.desk import DeskRefused
from services.registration.desk_household import NONE_FOUND, find_households, join_at_desk
from tests.factories import register
from tests.imports.saving_support import report, row


@pytest.fixture(autouse=True)
def _fast_hashes(monkeypatch) -> None:
    monkeypatch.setattr(passwords, "BCRYPT_ROUNDS", 4)


def _staff(engine, username: str = "desk1", role: str = "desk") -> int:
    user = create_user(engine, username=username, display_name="安置点 李老师", role=role,
                       password="a long test passphrase", township="城关镇" if role == "township" else None)
    assert user.id is not None
    return user.id


def _imported_household(engine, vault, county) -> int:
    """Household 东门-012 of 城关镇东门村 from a list: 王秀兰 its head (person 1), 3 members on the list."""
    import_rows(engine, vault, report([row(county, 1, name="王秀兰", household=HouseholdLine("东门-012", "户主", 3))]),
                staff_id=None, source=Source.direct())
    with Session(engine) as s:
        [household] = s.exec(select(Household)).all()
        assert household.id is not None
        return household.id


def test_a_household_is_found_by_code_or_by_the_head_and_joined(engine, vault, county) -> None:
    hid = _imported_household(engine, vault, county)
    desk = _staff(engine)
    [found] = find_households(engine, staff_id=desk, township="城关镇", village="东门村", code=" 东门－012 ")
    assert (found.household_id, found.code, found.head_name, found.size, found.members) == (hid, "东门-012",
                                                                                           "王秀兰", 3, 1)
    assert [h.household_id for h in find_households(engine, staff_id=desk, township="城关镇", village="东门村",
                                                    head_name="秀兰")] == [hid]
    with pytest.raises(FieldErrors) as none:
        find_households(engine, staff_id=desk, township="城关镇", village="西街村", code="东门-012")
    assert none.value.errors == {"code": NONE_FOUND}
    with pytest.raises(FieldErrors) as empty:
        find_households(engine, staff_id=desk, township="", village="", code="")
    assert set(empty.value.errors) == {"village", "code"}

    later = register(engine, vault, 2, name="李春梅")  # registered later, on a phone
    with pytest.raises(FieldErrors) as refused:
        join_at_desk(engine, staff_id=desk, seeker_id=later.seeker_id, household_id=None, relation="表亲")
    assert set(refused.value.errors) == {"household", "relation"}
    with pytest.raises(FieldErrors) as second_head:
        join_at_desk(engine, staff_id=desk, seeker_id=later.seeker_id, household_id=hid, relation="户主")
    assert second_head.value.errors == {"relation": HEAD_TAKEN}
    join_at_desk(engine, staff_id=desk, seeker_id=later.seeker_id, household_id=hid, relation="配偶")
    with Session(engine) as s:
        person = s.get(Seeker, later.seeker_id)
        assert person is not None and (person.household_id, person.household_relation) == (hid, "配偶")
        changes = {c.field: (c.old, c.new, c.reason, c.staff_id) for c in s.exec(
            select(SeekerChange).where(SeekerChange.seeker_id == later.seeker_id))}
        assert changes == {"household": (None, "东门村 东门-012", "household", desk),
                           "household_relation": (None, "配偶", "household", desk)}
        [audit] = s.exec(select(AuditEvent).where(AuditEvent.action == "desk_household_joined")).all()
        assert audit.actor == "desk1" and audit.detail["household_id"] == hid
    assert find_households(engine, staff_id=desk, township="城关镇", village="东门村", code="东门-012")[0].members == 2
    assert "配偶" in RELATIONS and RELATIONS[0] == "户主"


def test_only_desk_staff_and_organizers(engine, vault, county) -> None:
    hid = _imported_household(engine, vault, county)
    person = register(engine, vault, 2)
    organizer = _staff(engine, "org1", "organizer")
    join_at_desk(engine, staff_id=organizer, seeker_id=person.seeker_id, household_id=hid, relation="子")
    township = _staff(engine, "tw1", "township")
    with pytest.raises(DeskRefused):
        find_households(engine, staff_id=township, township="城关镇", village="东门村", code="东门-012")
    with pytest.raises(DeskRefused):
        join_at_desk(engine, staff_id=township, seeker_id=person.seeker_id, household_id=hid, relation="子")
