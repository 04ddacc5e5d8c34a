"""Rows an import left out: kept encrypted when the import is saved, listed per township with their problems
(ID number and phone masked), fixed in place (checked with the import's rules, registered with channel
"import") or dismissed with a reason (kept). Both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from models import CheckIn, LeftOutRow, Seeker
from services.core.errors import FieldErrors, StateChanged
from services.core.validation import mask_id
from services.imports.saving import import_rows, submission_id
from services.places.sources import Source
from services.repairs import left_out, queue
from tests.factories import person_id, register
from tests.imports.saving_support import report, row
from tests.repairs.support import register_staff

NOW = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
CELLS = {"name": "李四", "id_number": person_id(7), "phone": "1391234567", "township": "城关镇", "village": "东门村"}


def _import_with_a_bad_row(engine, vault, county):
    bad = row(county, 7, invalid=True)
    bad.raw.update(CELLS)
    checked = report([row(county, 0), bad])
    summary = import_rows(engine, vault, checked, staff_id=None, source=Source.direct(), now=NOW)
    return checked, summary


def test_rows_left_out_are_kept_encrypted_and_listed_with_masked_problems(engine, vault, county) -> None:
    _checked, summary = _import_with_a_bad_row(engine, vault, county)
    assert summary.left_out == 1
    with Session(engine) as s:
        [item] = s.exec(select(LeftOutRow)).all()
        assert (item.batch_id, item.row, item.township, item.village) == (summary.batch_id, 9, "城关镇", "东门村")
        assert CELLS["id_number"] not in item.cells_enc + item.problems
        assert "1391234567" not in item.cells_enc + item.problems
        assert left_out.cells(vault, item) == CELLS
    items, total = queue.left_out_rows(engine, vault, township="城关镇", language="en")
    assert total == 1 and items[0].name == "李四"
    assert items[0].cells["id_number"] == mask_id(CELLS["id_number"]) and items[0].cells["phone"] == "139****4567"
    assert len(items[0].problems) == 1 and "139****4567" in items[0].problems[0]
    assert "Not a mobile number." in items[0].problems[0]
    assert queue.left_out_rows(engine, vault, township="大河乡")[1] == 0


def test_a_fixed_row_is_registered_with_channel_import_and_marked(engine, vault, county) -> None:
    checked, _summary = _import_with_a_bad_row(engine, vault, county)
    staff = register_staff(engine)
    items, _total = queue.left_out_rows(engine, vault, township=None)
    with pytest.raises(FieldErrors) as refused:
        left_out.fix_left_out(engine, vault, item_id=items[0].item_id, raw=CELLS, staff_id=staff, county=county)
    assert set(refused.value.errors) == {"phone"}
    seeker_id = left_out.fix_left_out(engine, vault, item_id=items[0].item_id, raw={**CELLS, "phone": "13912345678"},
                                      staff_id=staff, county=county, now=NOW)
    with Session(engine) as s:
        person = s.get(Seeker, seeker_id)
        assert person is not None and person.name == "李四" and person.village == "东门村"
        [checkin] = s.exec(select(CheckIn).where(CheckIn.seeker_id == seeker_id)).all()
        assert (checkin.channel, checkin.submission_id) == ("import", submission_id(checked.table.sha256, 9))
        item = s.get(LeftOutRow, items[0].item_id)
        assert item is not None and (item.outcome, item.closed_by, item.seeker_id) == ("fixed", staff, seeker_id)
    assert queue.left_out_rows(engine, vault, township=None)[1] == 0
    with pytest.raises(StateChanged):
        left_out.fix_left_out(engine, vault, item_id=items[0].item_id, raw={**CELLS, "phone": "13912345678"},
                              staff_id=staff, county=county)


def test_a_fix_of_an_id_number_registered_with_another_mobile_is_refused(engine, vault, county) -> None:
    _import_with_a_bad_row(engine, vault, county)
    register(engine, vault, 7)
    items, _total = queue.left_out_rows(engine, vault, township=None)
    with pytest.raises(FieldErrors) as refused:
        left_out.fix_left_out(engine, vault, item_id=items[0].item_id, raw={**CELLS, "phone": "13700000000"},
                              staff_id=register_staff(engine), county=county)
    assert set(refused.value.errors) == {"id_number"}


def test_a_dismissed_row_needs_a_reason_and_is_kept(engine, vault, county) -> None:
    _import_with_a_bad_row(engine, vault, county)
    staff = register_staff(engine)
    items, _total = queue.left_out_rows(engine, vault, township=None)
    with pytest.raises(FieldErrors) as refused:
        left_out.dismiss_left_out(engine, item_id=items[0].item_id, staff_id=staff, reason="  ")
    assert set(refused.value.errors) == {"reason"}
    left_out.dismiss_left_out(engine, item_id=items[0].item_id, staff_id=staff, reason="已外出 不在本村")
    with Session(engine) as s:
        item = s.get(LeftOutRow, items[0].item_id)
        assert item is not None
        assert (item.outcome, item.reason, item.closed_by) == ("dismissed", "已外出 不在本村", staff)
    assert queue.left_out_rows(engine, vault, township=None)[1] == 0


def test_a_fixed_row_joins_its_household_as_the_import_would(engine, vault, county) -> None:
    """Issue 12: a row fixed from the queue is registered with its household link (code, relation, members)."""
    from models import Household

    _import_with_a_bad_row(engine, vault, county)
    staff = register_staff(engine)
    [item], _total = queue.left_out_rows(engine, vault, township=None)
    cells = {**CELLS, "phone": "13912345678", "household_code": "DM-007", "relation": "户主", "household_size": "3"}
    seeker_id = left_out.fix_left_out(engine, vault, item_id=item.item_id, raw=cells, staff_id=staff,
                                      county=county, now=NOW)
    with Session(engine) as s:
        [household] = s.exec(select(Household)).all()
        assert (household.township, household.village, household.code) == ("城关镇", "东门村", "DM-007")
        assert (household.head_seeker_id, household.size) == (seeker_id, 3)
        person = s.get(Seeker, seeker_id)
        assert person is not None and (person.household_id, person.household_relation) == (household.id, "户主")
