"""A township staff member's list (issue 12): rows of another township are refused row by row, saying whose
they are; the save leaves them out whatever it is given, and the left-out rows whose township is unknown wait
in the uploader's repair queue. Both backends."""

from __future__ import annotations

from sqlmodel import Session, select

from models import LeftOutRow, Seeker
from services.imports.checking import check_table
from services.imports.messages import OTHER_TOWNSHIP
from services.imports.saving import import_rows
from services.imports.types import ProblemKind
from services.places.sources import Source
from tests.imports.checking_rows import MAPPING, TODAY, cells, table


def _rows():
    return [cells(1), cells(2, township="城关镇", village="东门村"), cells(3, township="某某乡", village="某村")]


def test_rows_of_other_townships_are_refused(engine, vault, county) -> None:
    report = check_table(engine, vault, table(_rows()), MAPPING, county=county, today=TODAY, township="大河乡")
    ours, other, unknown = report.rows
    assert ours.valid and not other.valid
    [problem] = other.problems
    assert (problem.kind, problem.field, problem.row, problem.column) == (ProblemKind.OTHER_TOWNSHIP, "township",
                                                                          3, "乡镇")
    assert problem.message == (OTHER_TOWNSHIP, {"township": "城关镇", "yours": "大河乡"}) and problem.blocking
    assert ProblemKind.OTHER_TOWNSHIP not in {p.kind for p in unknown.problems}  # unknown: said as unknown
    assert all(r.valid for r in check_table(engine, vault, table(_rows()[:2]), MAPPING, county=county,
                                            today=TODAY).rows)  # no township: the whole county


def test_the_save_keeps_to_the_township(engine, vault, county) -> None:
    everywhere = check_table(engine, vault, table(_rows()), MAPPING, county=county, today=TODAY)
    summary = import_rows(engine, vault, everywhere, staff_id=None, source=Source.direct(), township="大河乡")
    assert (summary.new, summary.left_out) == (1, 2)
    with Session(engine) as s:
        assert [p.township for p in s.exec(select(Seeker)).all()] == ["大河乡"]
        kept = sorted((r.row, r.township) for r in s.exec(select(LeftOutRow)).all())
    assert kept == [(3, "城关镇"), (4, "大河乡")]  # another township's row waits there; an unknown one here
