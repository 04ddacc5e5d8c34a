"""The import itself on the import page: where the people were registered (a fair, a site, or none), one
press that saves the chosen rows in one transaction (services.imports.saving.import_rows: all or nothing),
and the summary. A second press — a double tap, or a press on a stale screen — sees the batch done and
imports nothing again."""

from __future__ import annotations

import logging

import streamlit as st
from sqlalchemy.engine import Engine

from components import import_state as state
from components import outage
from services.core.crypto import Vault
from services.core.errors import PortalError
from services.core.i18n import Translator
from services.imports import saving
from services.imports.types import CheckReport, ImportSummary
from services.places.sources import Source
from services.registration.desk import desk_sources


def _place(_: Translator, engine: Engine) -> Source:
    places = {f"{s.kind}:{s.code}": s for s in desk_sources(engine)}
    code = st.selectbox(_("Where were these people registered?"), ["", *places], key="imp_place",
                        format_func=lambda c: places[c].name if c else _("No fair or site (direct)"),
                        help=_("A relocation site or a fair when the list was made there; otherwise none."))
    return places.get(code or "") or Source.direct()


def _run(_: Translator, engine: Engine, vault: Vault, report: CheckReport, *, staff_id: int, source: Source,
         rows: list[int], township: str | None) -> None:
    bar, progress = state.progress_bar(_, _("Importing…"))
    try:
        summary = saving.import_rows(engine, vault, report, staff_id=staff_id, source=source, rows=rows,
                                     progress=progress, township=township)
    except PortalError as exc:
        bar.empty()
        st.error(_(exc.message, **exc.values) + " " + _("Nothing was saved."), icon="⚠️")
        return
    except Exception as exc:
        if outage.is_unavailable(exc):
            raise  # "briefly unavailable" (components.outage), the page keeps its state and retries
        logging.getLogger(__name__).exception("import failed")
        bar.empty()
        st.error(_("The import failed and nothing was saved. Please try again."), icon="⚠️")
        return
    st.session_state[state.SUMMARY] = (state.get(state.CHECKS), summary)  # first, before anything is drawn
    st.rerun()  # the screen shows the batch done (the button disabled) at once


def summary(_: Translator, result: ImportSummary) -> None:
    st.success(_("Imported: batch {batch}, {rows} rows in the file.", batch=result.batch_id,
                 rows=f"{result.rows:,}"), icon=":material/task_alt:")
    figures = [(_("New"), result.new), (_("Updated"), result.updated), (_("Unchanged"), result.unchanged),
               (_("Left out"), result.left_out), (_("Needing review"), result.needing_review)]
    for column, (label, figure) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, f"{figure:,}")
    if result.needing_review:
        st.caption(_("Needing review: ID numbers already registered with another mobile. Staff check the ID "
                     "card at the registration desk before the mobile is changed."))
    st.button(_("Import another list"), key="imp_again", on_click=state.start_over, icon=":material/upload_file:")


def render(_: Translator, engine: Engine, vault: Vault, report: CheckReport, *, staff_id: int,
           township: str | None = None) -> None:
    """`township`: the list is imported for this township only (the check said so too)."""
    st.subheader(_("5. Import"))
    already = state.imported()
    rows, waiting = state.chosen_rows(report), state.undecided(report)
    if already is None:
        if state.unchecked_edits():
            st.warning(_("Some cells were changed after the check: press “Check again” first."), icon="⚠️")
        elif waiting:
            st.warning(_("{n} rows still have problems: fix them and check again, or tick “Leave out”.",
                         n=f"{len(waiting):,}"), icon="⚠️")
        elif not rows:
            st.info(_("No row can be imported."))
    source = _place(_, engine)
    blocked = bool(waiting) or state.unchecked_edits() or not rows
    pressed = st.button(_("Import {n} rows", n=f"{len(rows):,}"), key="imp_import", type="primary",
                        disabled=already is not None or blocked, icon=":material/save:")
    # A second tap that reached the server during the import runs after it: the batch is done, the button is
    # drawn disabled, and Streamlit drops a press of a disabled button; `already` guards it all the same.
    if pressed and already is None and not blocked:
        _run(_, engine, vault, report, staff_id=staff_id, source=source, rows=rows, township=township)
    done = state.imported()
    if done is not None:
        summary(_, done)
