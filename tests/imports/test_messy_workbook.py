"""The generated messy list as a real workbook: written to .xlsx (shared strings, as Excel and WPS write
them), read back through the command line's import (`import-seekers FILE --dry-run`, then for real), with
the exact count of every problem and repair kind the in-memory check finds (tests/imports/
test_checking_messy.py: EXPECTED_*). Both backends."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
from sqlalchemy import func
from sqlmodel import Session, select

from models import LeftOutRow, Seeker
from services.imports import checking
from services.imports.types import FIELDS
from tests.cli.test_import_cli import cli, run  # noqa: F401 (the fixture: the CLI on the test database)
from tests.imports.checking_rows import HEADERS, TODAY
from tests.imports.test_checking_messy import BLOCKED_ROWS, EXPECTED_PROBLEMS, EXPECTED_REPAIRS, messy_rows


def _workbook(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("名单")
    sheet.write_row(0, 0, HEADERS)
    for r, row in enumerate(messy_rows(), start=1):
        for c, field in enumerate(FIELDS):
            if row.get(field.name):
                sheet.write_string(r, c, row[field.name])
    book.close()
    return path


def test_the_messy_workbook_counts_exactly_dry_and_real(engine, cli, capsys, tmp_path,  # noqa: F811
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checking, "local_today", lambda: TODAY)  # the ages in the list are as of this day
    path = _workbook(tmp_path / "村名单.xlsx")
    problems = {kind.value: n for kind, n in EXPECTED_PROBLEMS.items()}
    repairs = {kind.value: n for kind, n in EXPECTED_REPAIRS.items()}
    rows = sum(1 for row in messy_rows() if row)

    code, dry, _err = run(capsys, str(path), "--dry-run")
    assert code == 0 and dry is not None
    assert (dry["rows"], dry["problems"], dry["repairs"], dry["dry_run"]) == (rows, problems, repairs, True)
    assert dry["left_out"] + dry["needing_review"] == BLOCKED_ROWS and dry["valid"] == rows - BLOCKED_ROWS
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Seeker)).one() == 0  # a dry run saves nothing

    code, real, _err = run(capsys, str(path))
    assert code == 0 and real is not None
    assert {k: real[k] for k in ("rows", "valid", "new", "left_out", "problems", "repairs")} == {
        "rows": rows, "valid": dry["valid"], "new": dry["valid"], "left_out": dry["left_out"], "problems": problems,
        "repairs": repairs}
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Seeker)).one() == dry["valid"]
        assert s.exec(select(func.count()).select_from(LeftOutRow)).one() == real["left_out"]

    code, again, _err = run(capsys, str(path))  # the same file again: nothing new, nothing changed
    assert code == 0 and again is not None and (again["new"], again["updated"]) == (0, 0)
