"""The import page's state in this browser session: the file read, its confirmed columns, the latest
check, the cells edited in place, the rows left out and the import's summary — kept across reruns,
dropped together when another file is chosen. Every key starts with "imp_"."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from services.core.i18n import Translator
from services.imports.types import CheckedRow, CheckReport, ImportSummary, ProblemKind

UPLOAD_GEN = "imp_upload_gen"  # a new uploader (empty) after "Import another list"
FILE = "imp_file"  # {"id": the uploader's file id, "table": RawTable, "mapping": HeaderMapping} or {"id", "error"}
CONFIRMED = "imp_confirmed"  # the columns were confirmed for this file
RUN_CHECK = "imp_run_check"  # a check is asked for (kept until it finished: a rerun in between repeats it)
REPORT = "imp_report"  # the latest CheckReport
CHECKS = "imp_checks"  # how many checks ran for this file: names the report the other entries belong to
CHECKED_EDITS = "imp_checked_edits"  # the edits the latest report was checked with
EDITS = "imp_edits"  # row number -> field -> the text typed in the editor (every edit so far)
LEFT_OUT = "imp_left_out"  # row numbers left out (to send back to the village)
EDITOR_GEN = "imp_editor_gen"  # a new editor after each check (it shows the checked rows afresh)
FRAME = "imp_frame"  # (editor key, the rows it was drawn from)
BOOK = "imp_book"  # the sealed error workbook (components.private_download)
SUMMARY = "imp_summary"  # (check number, ImportSummary) once imported

_FLOW = (FILE, CONFIRMED, RUN_CHECK, REPORT, CHECKS, CHECKED_EDITS, EDITS, LEFT_OUT, FRAME, BOOK, SUMMARY)


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def forget_file() -> None:
    """Another file (or none): everything read, checked, edited or imported for the last one goes."""
    for key in _FLOW:
        st.session_state.pop(key, None)


def start_over() -> None:
    """"Import another list": forget the file and show an empty uploader."""
    forget_file()
    st.session_state[UPLOAD_GEN] = get(UPLOAD_GEN, 0) + 1


def uploader_key() -> str:
    return f"imp_upload_{get(UPLOAD_GEN, 0)}"


def editor_key() -> str:
    return f"imp_editor_{get(EDITOR_GEN, 0)}"


def edits() -> dict[int, dict[str, str]]:
    return st.session_state.setdefault(EDITS, {})


def left_out() -> set[int]:
    return st.session_state.setdefault(LEFT_OUT, set())


def ask_check() -> None:
    st.session_state[RUN_CHECK] = True


def checked(report: CheckReport) -> None:
    """A check finished: keep its report; the editor starts again from its rows."""
    st.session_state[REPORT] = report
    fixable = {r.row for r in to_fix(report)}
    st.session_state[LEFT_OUT] = {row for row in left_out() if row in fixable}  # a fixed row is imported
    st.session_state[CHECKS] = get(CHECKS, 0) + 1
    st.session_state[CHECKED_EDITS] = {row: dict(cells) for row, cells in edits().items()}
    st.session_state[EDITOR_GEN] = get(EDITOR_GEN, 0) + 1
    st.session_state.pop(FRAME, None)
    st.session_state.pop(RUN_CHECK, None)


def unchecked_edits() -> bool:
    """Cells were changed since the latest check: the report does not show them yet."""
    return edits() != get(CHECKED_EDITS, {})


def imported() -> ImportSummary | None:
    """The ImportSummary of this check's rows, once imported (else None)."""
    done = get(SUMMARY)
    return done[1] if done is not None and done[0] == get(CHECKS) else None


def progress_bar(_: Translator, text: str) -> tuple[Any, Callable[[int, int], None]]:
    """A progress bar and the `progress(done, total)` callback a long service calls."""
    bar = st.progress(0.0, text=text)

    def progress(done: int, total: int) -> None:
        bar.progress(min(done / total, 1.0) if total else 1.0,
                     text=_("{text} {done} of {total} rows", text=text, done=f"{done:,}", total=f"{total:,}"))

    return bar, progress


# What the counts say about the rows (display only: the rules that make a row valid are the checking's).
def needs_review(row: CheckedRow) -> bool:
    """Only blocked by an ID number registered with another mobile: staff review it, editing cannot help."""
    blocking = [p for p in row.problems if p.blocking]
    return bool(blocking) and all(p.kind == ProblemKind.REGISTERED_OTHER_PHONE for p in blocking)


def to_fix(report: CheckReport) -> list[CheckedRow]:
    """The rows with blocking problems that an edit (or leaving them out) can settle."""
    return [r for r in report.rows if not r.valid and not needs_review(r)]


def chosen_rows(report: CheckReport) -> list[int]:
    """The rows to import: every valid row not left out."""
    out = left_out()
    return [r.row for r in report.valid_rows if r.row not in out]


def undecided(report: CheckReport) -> list[int]:
    """Rows with problems neither fixed nor left out: the import waits for a decision on each."""
    out = left_out()
    return [r.row for r in to_fix(report) if r.row not in out]
