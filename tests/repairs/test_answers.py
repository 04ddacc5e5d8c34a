"""Profile answers given in the repair queue: saved by the registration's rules, each changed field in the
person's history (reason "repair", by whom), undoable; an answer that changes nothing records nothing;
township staff answer for their township's people only. Both backends."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from models import Seeker, SeekerChange
from services.core.errors import FieldErrors, PortalError
from services.repairs import changes
from services.repairs.answers import answer_in_queue
from tests.factories import register
from tests.repairs.support import register_staff


def test_changed_answers_are_in_the_history_and_undone_like_an_import(engine, vault) -> None:
    person = register(engine, vault, 0)  # junior school; trades cleaning and garment sewing
    staff = register_staff(engine)
    answer_in_queue(engine, ticket_code=person.ticket_code, group="education", answers={"education": "senior"},
                    staff_id=staff)
    answer_in_queue(engine, ticket_code=person.ticket_code, group="trades",
                    answers={"trades": ["welding", "cleaning"]}, staff_id=staff)
    lines = {line.field: line for line in changes.history(engine, seeker_id=person.seeker_id)}
    assert set(lines) == {"education", "trades"}
    assert (lines["education"].old, lines["education"].new, lines["education"].reason) == ("junior", "senior",
                                                                                             "repair")
    assert (lines["trades"].old, lines["trades"].new) == ("cleaning,garment_sewing", "cleaning,welding")
    assert lines["education"].by == "org1" and lines["education"].batch_id is None
    changes.undo_change(engine, change_id=lines["education"].change_id, staff_id=staff)
    with Session(engine) as s:
        assert s.exec(select(Seeker.education)).one() == "junior"


def test_an_answer_that_changes_nothing_records_nothing_and_a_refused_one_saves_nothing(engine, vault) -> None:
    person = register(engine, vault, 1)
    staff = register_staff(engine)
    answer_in_queue(engine, ticket_code=person.ticket_code, group="education", answers={"education": "junior"},
                    staff_id=staff)
    with pytest.raises(FieldErrors):
        answer_in_queue(engine, ticket_code=person.ticket_code, group="education",
                        answers={"education": "doctorate"}, staff_id=staff)
    with Session(engine) as s:
        assert s.exec(select(SeekerChange)).all() == []
        assert s.exec(select(Seeker.education)).one() == "junior"


def test_township_staff_answer_for_their_township_only(engine, vault) -> None:
    person = register(engine, vault, 2)
    staff = register_staff(engine)
    with Session(engine) as s:
        home = s.exec(select(Seeker.township)).one()
    other = "大河乡" if home != "大河乡" else "城关镇"
    with pytest.raises(PortalError):
        answer_in_queue(engine, ticket_code=person.ticket_code, group="education",
                        answers={"education": "senior"}, staff_id=staff, township=other)
    answer_in_queue(engine, ticket_code=person.ticket_code, group="education", answers={"education": "senior"},
                    staff_id=staff, township=home)
    with Session(engine) as s:
        assert s.exec(select(Seeker.education)).one() == "senior"
