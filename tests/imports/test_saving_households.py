"""Households from an imported list (code per village, head, size, poor flag, members linked), a re-import
that changes nothing, a member moved, and a later registration joining a household. Both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from models import Household, Seeker, SeekerChange
from services.core.errors import FieldErrors, NotFound
from services.imports.households import join_household
from services.imports.saving import import_rows
from services.imports.types import HouseholdLine
from services.places.sources import Source
from tests.factories import register
from tests.imports.saving_support import report, row

NOW = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)


def village_list(county, *, moved: bool = False):
    """Two households of 东门村: 001 (head poor, 3 members: 2 in the list) and 002 (1 member, no head listed)."""
    return report([
        row(county, 0, household=HouseholdLine("001", "户主", 3), poor_household="yes"),
        row(county, 1, household=HouseholdLine("002" if moved else "001", "子女" if moved else "配偶", 3),
            poor_household="no"),
        row(county, 2, household=HouseholdLine("002", "配偶", 2)),
        row(county, 3),  # no household
    ])


def households(engine) -> dict[str, tuple[int | None, int | None, bool]]:
    with Session(engine) as s:
        return {h.code: (h.head_seeker_id, h.size, h.poor) for h in s.exec(select(Household))}


def members(engine) -> dict[str, tuple[str | None, str | None]]:
    with Session(engine) as s:
        codes = {h.id: h.code for h in s.exec(select(Household))}
        return {p.phone_masked: (codes.get(p.household_id), p.household_relation)
                for p in s.exec(select(Seeker))}


def test_households_are_built_from_the_list(engine, vault, county) -> None:
    summary = import_rows(engine, vault, village_list(county), staff_id=None, source=Source.direct(), now=NOW)
    assert summary.new == 4
    with Session(engine) as s:
        head = s.exec(select(Seeker.id).where(Seeker.phone_masked == "139****0000")).one()
        assert {(h.township, h.village) for h in s.exec(select(Household))} == {("城关镇", "东门村")}
    assert households(engine) == {"001": (head, 3, True), "002": (None, 2, False)}
    assert members(engine) == {"139****0000": ("001", "户主"), "139****0001": ("001", "配偶"),
                               "139****0002": ("002", "配偶"), "139****0003": (None, None)}


def test_a_re_import_changes_no_household_and_a_move_is_recorded(engine, vault, county) -> None:
    import_rows(engine, vault, village_list(county), staff_id=None, source=Source.direct(), now=NOW)
    with Session(engine) as s:
        stamps = sorted(s.exec(select(Household.updated_at)))
    again = import_rows(engine, vault, village_list(county), staff_id=None, source=Source.direct())
    assert (again.unchanged, again.updated) == (4, 0)
    with Session(engine) as s:
        assert sorted(s.exec(select(Household.updated_at))) == stamps
        assert s.exec(select(SeekerChange)).all() == []
    moved = import_rows(engine, vault, village_list(county, moved=True), staff_id=None, source=Source.direct())
    assert (moved.updated, moved.unchanged) == (1, 3)
    assert members(engine)["139****0001"] == ("002", "子女")
    with Session(engine) as s:
        assert {(c.field, c.old, c.new, c.batch_id) for c in s.exec(select(SeekerChange))} == {
            ("household", "东门村 001", "东门村 002", moved.batch_id),
            ("household_relation", "配偶", "子女", moved.batch_id)}


def test_a_later_registration_joins_a_household(engine, vault, county) -> None:
    import_rows(engine, vault, village_list(county), staff_id=None, source=Source.direct(), now=NOW)
    later = register(engine, vault, 7, poor_household="yes")
    with Session(engine) as s:
        second = s.exec(select(Household).where(Household.code == "002")).one()
        first = s.exec(select(Household).where(Household.code == "001")).one()
    with pytest.raises(FieldErrors) as refused:
        join_household(engine, seeker_id=later.seeker_id, household_id=first.id, relation="户主")
    assert refused.value.errors == {"relation": "This household already has a head of household."}
    with pytest.raises(NotFound):
        join_household(engine, seeker_id=later.seeker_id, household_id=9999, relation="子女")
    join_household(engine, seeker_id=later.seeker_id, household_id=second.id, relation=" 户主 ", now=NOW)
    assert households(engine)["002"] == (later.seeker_id, 2, True)
    assert members(engine)["139****0007"] == ("002", "户主")
    join_household(engine, seeker_id=later.seeker_id, household_id=second.id, relation="户主")  # nothing new
    with Session(engine) as s:
        assert {(c.field, c.old, c.new, c.reason) for c in s.exec(
            select(SeekerChange).where(SeekerChange.seeker_id == later.seeker_id))} == {
            ("household", None, "东门村 002", "household"), ("household_relation", None, "户主", "household")}
