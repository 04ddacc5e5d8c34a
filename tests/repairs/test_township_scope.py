"""The repair queue for township staff (issue 12, "a page per township"): the figures, the left-out rows,
a fix, a dismissal, a person's history and an undo are of their township only. Both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.core.errors import FieldErrors, PortalError
from services.imports.saving import import_rows
from services.places.sources import Source
from services.repairs import changes, left_out, queue
from tests.factories import person_id, register
from tests.imports.saving_support import report, row
from tests.repairs.support import register_staff

NOW = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)


def _left_out(engine, vault, county) -> dict[str, int]:
    """Two rows left out (a wrong phone): 李四 of 城关镇, 赵六 of 大河乡; their queue ids by township."""
    rows = []
    for n, name, township, village in ((7, "李四", "城关镇", "东门村"), (8, "赵六", "大河乡", "岩脚村")):
        bad = row(county, n, invalid=True)
        bad.raw.update(name=name, id_number=person_id(n), phone="1391234567", township=township, village=village)
        rows.append(bad)
    import_rows(engine, vault, report(rows), staff_id=None, source=Source.direct(), now=NOW)
    items, _total = queue.left_out_rows(engine, vault, township=None)
    return {i.township: i.item_id for i in items}


def test_township_staff_see_and_fix_their_township_only(engine, vault, county) -> None:
    ids = _left_out(engine, vault, county)
    assert [f.township for f in queue.figures(engine, township="大河乡")] == ["大河乡"]
    assert {f.township for f in queue.figures(engine)} == {"大河乡", "城关镇"}
    staff = register_staff(engine)
    with pytest.raises(PortalError) as refused:
        left_out.fix_left_out(engine, vault, item_id=ids["城关镇"], raw={"phone": "13912345678"}, staff_id=staff,
                              county=county, township="大河乡")
    assert refused.value.values == {"township": "大河乡"} and not isinstance(refused.value, FieldErrors)
    with pytest.raises(PortalError):
        left_out.dismiss_left_out(engine, item_id=ids["城关镇"], staff_id=staff, reason="不是本乡", township="大河乡")
    with pytest.raises(FieldErrors) as moved:  # fixed into another township: refused beside the township
        left_out.fix_left_out(engine, vault, item_id=ids["大河乡"], raw={"phone": "13912345678", "township": "城关镇",
                                                                        "village": "东门村"},
                              staff_id=staff, county=county, township="大河乡")
    assert set(moved.value.errors) == {"township"}
    left_out.fix_left_out(engine, vault, item_id=ids["大河乡"], raw={"phone": "13912345678"}, staff_id=staff,
                          county=county, township="大河乡", now=NOW)
    left_out.dismiss_left_out(engine, item_id=ids["城关镇"], staff_id=staff, reason="已外出", now=NOW)  # organizer
    assert queue.left_out_rows(engine, vault, township=None)[1] == 0


def test_township_staff_find_and_undo_their_township_only(engine, vault, county) -> None:
    person = register(engine, vault, 0)  # 城关镇
    import_rows(engine, vault, report([row(county, 0, name="王秀英")]), staff_id=None, source=Source.direct(), now=NOW)
    [line] = changes.history(engine, seeker_id=person.seeker_id)
    staff = register_staff(engine)
    with pytest.raises(PortalError):
        changes.find_person(engine, ticket_code=person.ticket_code, township="大河乡")
    assert changes.find_person(engine, ticket_code=person.ticket_code, township="城关镇")[0] == person.seeker_id
    with pytest.raises(PortalError):
        changes.undo_change(engine, change_id=line.change_id, staff_id=staff, township="大河乡")
    changes.undo_change(engine, change_id=line.change_id, staff_id=staff, township="城关镇", now=NOW)
