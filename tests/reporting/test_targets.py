"""Yearly targets: parsing what organizers type, saving a year's table, on SQLite and PostgreSQL."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sqlalchemy import func, select

from models import AuditEvent, Target
from services.core.db import unit_of_work
from services.core.errors import FieldErrors
from services.core.validation import FieldError
from services.reporting.targets import (
    METRICS,
    TargetRow,
    get_targets,
    parse_target,
    save_targets,
    target_table,
    township_sums,
)


@pytest.mark.parametrize(("raw", "value"), [
    (None, None), ("", None), ("   ", None), (math.nan, None), (0, 0), ("0", 0), (24000, 24000),
    ("24,000", 24000), ("24，000", 24000), (" 1400 ", 1400), (1400.0, 1400), ("1400.0", 1400),
    (np.int64(7), 7), (np.float64(8.0), 8), ("１２", 12), (10_000_000, 10_000_000),
])
def test_parse_target_accepts(raw, value) -> None:
    assert parse_target(raw) == value


@pytest.mark.parametrize("raw", [-1, "-1", 2.5, "2.5", "abc", "1e3.5", True, 10_000_001, [], "12人"])
def test_parse_target_refuses(raw) -> None:
    with pytest.raises(FieldError):
        parse_target(raw)


def _audit(engine) -> list[AuditEvent]:
    with unit_of_work(engine, write=False) as s:
        return list(s.execute(select(AuditEvent).where(AuditEvent.action == "targets_saved")).scalars())


def test_save_and_read_back(engine, county) -> None:
    changed = save_targets(engine, 2026, {("", "registrations"): 30000, ("", "employed"): "24,000",
                                          ("大河乡", "transferred_out"): 1400}, county=county, actor="org1")
    assert changed == 3
    assert get_targets(engine, 2026) == {("", "registrations"): 30000, ("", "employed"): 24000,
                                         ("大河乡", "transferred_out"): 1400}
    assert get_targets(engine, 2025) == {}
    [event] = _audit(engine)
    assert event.actor == "org1" and event.detail["year"] == 2026 and len(event.detail["changes"]) == 3


def test_update_clear_and_unchanged(engine, county) -> None:
    save_targets(engine, 2026, {("", "registrations"): 100, ("城关镇", "employed"): 50}, county=county)
    assert save_targets(engine, 2026, {("", "registrations"): 100}, county=county) == 0  # same value
    assert len(_audit(engine)) == 1  # nothing changed, nothing recorded
    changed = save_targets(engine, 2026, {("", "registrations"): 120, ("城关镇", "employed"): None,
                                          ("城关镇", "registrations"): ""}, county=county)
    assert changed == 2  # 100 -> 120, 50 -> removed; the empty cell had no target
    assert get_targets(engine, 2026) == {("", "registrations"): 120}
    with unit_of_work(engine, write=False) as s:
        assert s.execute(select(func.count()).select_from(Target)).scalar_one() == 1
    changes = _audit(engine)[-1].detail["changes"]
    assert {"township": "城关镇", "metric": "employed", "old": 50, "new": None} in changes


def test_one_bad_cell_saves_nothing(engine, county) -> None:
    with pytest.raises(FieldErrors) as caught:
        save_targets(engine, 2026, {("", "registrations"): 100, ("城关镇", "employed"): -3,
                                    ("火星乡", "employed"): 5, ("", "trainings"): 9}, county=county)
    assert set(caught.value.errors) == {("城关镇", "employed"), ("火星乡", "employed"), ("", "trainings")}
    assert caught.value.errors[("城关镇", "employed")] == "A target is a whole number of people, 0 or more."
    assert get_targets(engine, 2026) == {}


def test_year_is_checked(engine, county) -> None:
    with pytest.raises(ValueError):
        save_targets(engine, 1999, {("", "registrations"): 1}, county=county)


def test_target_table_lists_county_then_townships(engine, county) -> None:
    save_targets(engine, 2026, {("", "registrations"): 300, ("大河乡", "registrations"): 120,
                                ("城关镇", "registrations"): 100}, county=county)
    with unit_of_work(engine) as s:  # a township no longer in the county file keeps its targets visible
        s.add(Target(year=2026, township="旧乡", metric="employed", value=7))
    rows = target_table(engine, 2026, county)
    assert [r.township for r in rows] == ["", *(t.name for t in county.townships), "旧乡"]
    assert rows[0].values == {"registrations": 300, "employed": None, "transferred_out": None, "trained": None}
    assert rows[-1].values["employed"] == 7
    sums = township_sums(rows)
    assert sums["registrations"] == (220, 300)  # townships add up to 220 against the county's 300
    assert sums["employed"] == (7, None)


def test_township_sums_without_targets() -> None:
    rows = [TargetRow("", dict.fromkeys(METRICS)), TargetRow("城关镇", dict.fromkeys(METRICS))]
    assert township_sums(rows) == dict.fromkeys(METRICS, (0, None))


def test_negative_and_non_numeric_cells_are_refused_cell_by_cell(engine, county) -> None:
    cells = {("", "registrations"): -1, ("城关镇", "employed"): "很多", ("大河乡", "employed"): "12"}
    with pytest.raises(FieldErrors) as caught:
        save_targets(engine, 2026, cells, county=county)
    assert caught.value.errors == {("", "registrations"): "A target is a whole number of people, 0 or more.",
                                   ("城关镇", "employed"): "A target is a whole number of people, 0 or more."}
    assert get_targets(engine, 2026) == {}


def test_saving_targets_joins_the_callers_transaction(engine, county) -> None:
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        assert save_targets(session, 2026, {("", "employed"): 100}, county=county, actor="zhang") == 1
        raise RuntimeError("the rest of the action failed")
    assert get_targets(engine, 2026) == {}  # rolled back with it
    with unit_of_work(engine) as session:
        save_targets(session, 2026, {("", "employed"): 100}, county=county, actor="zhang")
    assert get_targets(engine, 2026) == {("", "employed"): 100}
