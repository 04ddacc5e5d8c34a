"""Fix in place on the import page: an editor over the rows with blocking problems only (row number, what
is wrong, the cells as typed, a "leave out" tick), "Check again" with every edit kept in the session, and
the error workbook of the rows left out — an AES ZIP with a one-time password (components.private_download):
it holds ID numbers and phones, so never a plain download button. Those numbers are shown only here, on
this organizers' page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from components import import_state as state
from components import private_download
from components.import_report import say
from services.core.i18n import Translator
from services.imports import error_book
from services.imports.types import FIELD_BY_NAME, CheckReport

ROW, LEAVE_OUT, PROBLEMS = "row", "leave_out", "problems"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def _fields(report: CheckReport) -> list[str]:
    return [report.mapping.columns[i] for i in sorted(report.mapping.columns)]


def _frame(_: Translator, report: CheckReport) -> pd.DataFrame:
    """The rows to fix as the editor shows them: as checked, with the edits made since on top."""
    edits, out, fields = state.edits(), state.left_out(), _fields(report)
    records = []
    for r in state.to_fix(report):
        record: dict[str, object] = {
            ROW: r.row, LEAVE_OUT: r.row in out,
            PROBLEMS: "；".join(f"{p.column}：{say(_, p.message)}" for p in r.problems if p.blocking)}
        for f in fields:
            record[f] = edits.get(r.row, {}).get(f, r.raw.get(f, ""))
        records.append(record)
    return pd.DataFrame(records, columns=[ROW, LEAVE_OUT, PROBLEMS, *fields])


def _current_frame(_: Translator, report: CheckReport, key: str) -> pd.DataFrame:
    """The same frame while the editor lives (it keeps its own edits only while its data stays the same);
    drawn afresh when the editor is new (after a check, or after the page was left)."""
    kept = state.get(state.FRAME)
    if kept is None or kept[0] != key or key not in st.session_state:
        kept = (key, _frame(_, report))
        st.session_state[state.FRAME] = kept
    return kept[1]


def merge_editor(report: CheckReport) -> None:
    """Copy the editor's changes into the session's edits and left-out rows (idempotent: every run)."""
    kept, widget = state.get(state.FRAME), st.session_state.get(state.editor_key())
    if kept is None or kept[0] != state.editor_key() or not isinstance(widget, dict):
        return
    frame, fields = kept[1], set(_fields(report))
    raw = {r.row: r.raw for r in report.rows}
    edits, out, checked = state.edits(), state.left_out(), state.get(state.CHECKED_EDITS, {})
    for position, cells in (widget.get("edited_rows") or {}).items():
        row = int(frame.iloc[int(position)][ROW])
        for field, value in cells.items():
            if field == LEAVE_OUT:
                (out.add if value else out.discard)(row)
            elif field in fields:
                text = "" if value is None else str(value)
                if text != raw.get(row, {}).get(field, ""):
                    edits.setdefault(row, {})[field] = text
                elif field in checked.get(row, {}):
                    edits.setdefault(row, {})[field] = checked[row][field]
                else:
                    edits.get(row, {}).pop(field, None)
    for row in [r for r, cells in edits.items() if not cells]:
        del edits[row]


def _check_again(report: CheckReport) -> None:
    merge_editor(report)
    state.ask_check()


def _leave_out_all(report: CheckReport) -> None:
    merge_editor(report)
    state.left_out().update(r.row for r in state.to_fix(report))
    st.session_state.pop(state.FRAME, None)  # drawn again with every tick set
    st.session_state[state.EDITOR_GEN] = state.get(state.EDITOR_GEN, 0) + 1


def editor(_: Translator, report: CheckReport) -> None:
    rows = state.to_fix(report)
    st.subheader(_("4. Fix the rows with problems"))
    if not rows:
        st.success(_("No row needs fixing."), icon=":material/check_circle:")
        return
    st.caption(_("Only the rows with problems are shown ({n}). Correct a cell and press “Check again”, or tick "
                 "“Leave out” for a row that cannot be fixed now: it is not imported and goes into the error "
                 "workbook to send back to the village.", n=f"{len(rows):,}"))
    key = state.editor_key()
    frame = _current_frame(_, report, key)
    columns = {ROW: st.column_config.NumberColumn(_("Row"), disabled=True, format="%d", width="small"),
               LEAVE_OUT: st.column_config.CheckboxColumn(_("Leave out")),
               PROBLEMS: st.column_config.TextColumn(_("Problems"), disabled=True, width="large")}
    headers = {report.mapping.columns[i]: report.table.headers[i] for i in report.mapping.columns}
    for field in _fields(report):
        columns[field] = st.column_config.TextColumn(headers[field] or _(FIELD_BY_NAME[field].label))
    st.data_editor(frame, key=key, column_config=columns, hide_index=True, num_rows="fixed", width="stretch")
    merge_editor(report)
    left, right = st.columns(2)
    left.button(_("Check again"), key="imp_check_again", on_click=_check_again, args=(report,), type="primary",
                icon=":material/refresh:", disabled=not state.unchecked_edits())
    right.button(_("Leave out every row still with problems ({n})", n=f"{len(state.undecided(report)):,}"),
                 key="imp_leave_all", on_click=_leave_out_all, args=(report,), disabled=not state.undecided(report))
    if state.unchecked_edits():
        st.info(_("Changed cells are checked when you press “Check again”."), icon=":material/edit:")


def workbook(_: Translator, report: CheckReport) -> None:
    """The rows left out (or, with none ticked, every row that cannot be imported) as an encrypted workbook."""
    chosen = sorted(state.left_out()) or [r.row for r in report.rows if not r.valid]
    if not chosen:
        return
    match = (state.get(state.CHECKS), tuple(chosen))
    private_download.sealed(state.BOOK, match)  # forgets a workbook made for other rows
    st.markdown("**" + _("Error workbook for the village") + "**")
    st.caption(_("The original columns plus a column 问题 saying what is wrong, one row per row left out "
                 "({n} rows). It holds ID numbers and mobile numbers: it is an encrypted file.", n=f"{len(chosen):,}"))
    if st.button(_("Prepare the error workbook"), key="imp_book_prepare", icon=":material/lock:"):
        data = error_book.error_workbook(report, left_out_rows=chosen)
        stem = _UNSAFE.sub("_", Path(report.table.file_name).stem)[:60] or "list"
        private_download.seal(state.BOOK, io.BytesIO(data), filename=f"{stem}-问题行.xlsx", match=match,
                              rows=len(chosen))
    entry = state.get(state.BOOK)
    if entry is not None:
        private_download.offer(_, state.BOOK, label=_("Download {name}", name=entry["name"]),
                               button_key="imp_book_download", once=False)


def render(_: Translator, report: CheckReport) -> None:
    if state.imported() is None:  # once imported, the checked rows stay as they were
        editor(_, report)
    workbook(_, report)
