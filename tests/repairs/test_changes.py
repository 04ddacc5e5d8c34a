"""A person's history of changes and the undo of one: the field set back as the import recorded it, the
change marked undone, the undo itself recorded; refused when the field has changed since. Both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from models import Seeker, SeekerChange, SeekerTrade
from services.core.errors import StateChanged
from services.imports.saving import import_rows
from services.imports.types import HouseholdLine
from services.places.sources import Source
from services.registration.profile import save_profile_group
from services.repairs import changes
from tests.factories import register
from tests.imports.saving_support import report, row
from tests.repairs.support import register_staff

NOW = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)


def _imported_changes(engine, vault, county) -> tuple[int, dict[str, int]]:
    person = register(engine, vault, 0)
    import_rows(engine, vault, report([row(county, 0, education="senior", trades=["cleaning", "welding"],
                                           name="王秀英", expected_wage=6000, willing_to_train="no")]),
                staff_id=None, source=Source.direct(), now=NOW)
    lines = changes.history(engine, seeker_id=person.seeker_id)
    return person.seeker_id, {line.field: line.change_id for line in lines}


def test_history_lists_every_change_with_old_and_new(engine, vault, county) -> None:
    seeker_id, ids = _imported_changes(engine, vault, county)
    assert set(ids) == {"name", "education", "trades", "expected_wage", "willing_to_train"}
    by_field = {line.field: line for line in changes.history(engine, seeker_id=seeker_id)}
    assert (by_field["name"].old, by_field["name"].new, by_field["name"].reason) == ("王秀兰", "王秀英", "import")
    assert by_field["trades"].old == "cleaning,garment_sewing" and by_field["trades"].new == "cleaning,welding"
    assert by_field["name"].batch_id is not None and by_field["name"].undone_at is None


def test_undo_sets_each_field_back_and_records_the_undo(engine, vault, county) -> None:
    seeker_id, ids = _imported_changes(engine, vault, county)
    staff = register_staff(engine)
    for field in ("name", "education", "trades", "expected_wage", "willing_to_train"):
        changes.undo_change(engine, change_id=ids[field], staff_id=staff, now=NOW)
    with Session(engine) as s:
        person = s.get(Seeker, seeker_id)
        assert person is not None
        assert (person.name, person.education, person.expected_wage, person.willing_to_train) == (
            "王秀兰", "junior", 4500, True)
        assert sorted(s.exec(select(SeekerTrade.trade).where(SeekerTrade.seeker_id == seeker_id))) == [
            "cleaning", "garment_sewing"]
        undone = s.exec(select(SeekerChange).where(SeekerChange.reason == "import")).all()
        assert {(c.undone_by, c.undone_at is not None) for c in undone} == {(staff, True)}
        undos = s.exec(select(SeekerChange).where(SeekerChange.reason == "undo")).all()
        assert {(c.field, c.old, c.new, c.staff_id) for c in undos} >= {("name", "王秀英", "王秀兰", staff)}
        assert len(undos) == 5
    with pytest.raises(StateChanged):  # undone already
        changes.undo_change(engine, change_id=ids["name"], staff_id=staff)


def test_undo_is_refused_when_the_field_has_changed_since(engine, vault, county) -> None:
    seeker_id, ids = _imported_changes(engine, vault, county)
    staff = register_staff(engine)
    with Session(engine) as s:
        code = s.get(Seeker, seeker_id).ticket_code  # type: ignore[union-attr]
    save_profile_group(engine, ticket_code=code, group="education", answers={"education": "college"})
    with pytest.raises(StateChanged):
        changes.undo_change(engine, change_id=ids["education"], staff_id=staff)
    with Session(engine) as s:
        person = s.get(Seeker, seeker_id)
        assert person is not None and person.education == "college"
        change = s.get(SeekerChange, ids["education"])
        assert change is not None and change.undone_at is None


def test_undo_of_a_household_sets_the_person_back_to_no_household(engine, vault, county) -> None:
    person = register(engine, vault, 0)
    import_rows(engine, vault, report([row(county, 0, household=HouseholdLine("H01", "户主", 3))]), staff_id=None,
                source=Source.direct(), now=NOW)
    ids = {line.field: line.change_id for line in changes.history(engine, seeker_id=person.seeker_id)}
    assert set(ids) == {"household", "household_relation"}
    staff = register_staff(engine)
    changes.undo_change(engine, change_id=ids["household"], staff_id=staff)
    changes.undo_change(engine, change_id=ids["household_relation"], staff_id=staff)
    with Session(engine) as s:
        again = s.get(Seeker, person.seeker_id)
        assert again is not None and (again.household_id, again.household_relation) == (None, None)


def test_undoing_the_first_answer_of_a_group_makes_it_unanswered_again(engine, vault, county) -> None:
    """A person who got the ticket without answering education; the import answered it; undoing that leaves
    education unanswered again (the booth card and the queue say so), not answered with nothing."""
    from services.registration.forms import split_groups
    from services.registration.register import register_seeker, validate_identity
    from tests.factories import form, person_id

    draft = validate_identity(form(id_number=person_id(7), phone="13900000007"), county=county)
    person = register_seeker(engine, vault, draft, source=Source.direct(), submission_id="ticket-first-7")
    import_rows(engine, vault, report([row(county, 7, education="senior")]), staff_id=None, source=Source.direct(),
                now=NOW)
    ids = {line.field: line.change_id for line in changes.history(engine, seeker_id=person.seeker_id)}
    with Session(engine) as s:
        seeker = s.get(Seeker, person.seeker_id)
        assert seeker is not None and "education" in split_groups(seeker.profile_answered)
    changes.undo_change(engine, change_id=ids["education"], staff_id=register_staff(engine), now=NOW)
    with Session(engine) as s:
        seeker = s.get(Seeker, person.seeker_id)
        assert seeker is not None and seeker.education is None
        assert "education" not in split_groups(seeker.profile_answered)
