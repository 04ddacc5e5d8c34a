"""A person's history of changes in the repair queue (who, when, old → new, reason, batch), with an Undo per
change not undone yet."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from components.field_errors import FormErrors
from components.text import literal
from services.core.errors import PortalError, message_parts
from services.core.i18n import Translator
from services.imports.types import FIELD_BY_NAME
from services.repairs import changes

ALIASES = {"household": "household_code", "household_relation": "relation"}  # history field -> list column

KEY = "repair_history_ticket"


def _field(_: Translator, field: str) -> str:
    column = FIELD_BY_NAME.get(ALIASES.get(field, field))
    return _(column.label) if column else field


def _undo(_: Translator, engine: Engine, line: changes.ChangeLine, staff_id: int, township: str | None) -> None:
    try:
        changes.undo_change(engine, change_id=line.change_id, staff_id=staff_id, township=township)
    except PortalError as exc:
        text, values = message_parts(exc.message)
        st.session_state["repair_undo_error"] = _(text).format(**values)
    else:
        st.session_state["repair_undo_error"] = None
        FormErrors("repair_undo").done(_("The change is undone."))


def render(_: Translator, engine: Engine, *, staff_id: int, township: str | None = None) -> None:
    """`township`: township staff see and undo their township's people only."""
    FormErrors("repair_undo").flash()
    error = st.session_state.pop("repair_undo_error", None)
    if error:
        st.error(error)
    code = st.text_input(_("Ticket code of the person"), key=KEY)
    if not code.strip():
        st.caption(_("Type a ticket code to see every change of that person and undo one."))
        return
    try:
        seeker_id, name = changes.find_person(engine, ticket_code=code, township=township)
    except PortalError as exc:
        text, values = message_parts(exc.message)
        st.warning(_(text).format(**values))
        return
    lines = changes.history(engine, seeker_id=seeker_id)
    st.markdown(_("**{name}**: {count} changes").format(name=literal(name), count=len(lines)))
    for line in lines:
        cols = st.columns([5, 1])
        batch = _(", batch {batch}").format(batch=line.batch_id) if line.batch_id else ""
        reason = _(changes.REASONS[line.reason]) if line.reason in changes.REASONS else line.reason
        text = _("{at}: {field} “{old}” → “{new}” ({reason}{batch}, by {by})").format(
            at=f"{line.at:%Y-%m-%d %H:%M}", field=_field(_, line.field), old=line.old or "—", new=line.new or "—",
            reason=reason, batch=batch, by=line.by or "—")
        if line.undone_at is not None:
            text += " " + _("(undone by {by})").format(by=line.undone_by or "—")
        cols[0].markdown(text)
        undoable = line.undone_at is None and line.field in changes.UNDOABLE
        if undoable and cols[1].button(_("Undo"), key=f"repair_undo_{line.change_id}"):
            _undo(_, engine, line, staff_id, township)
            st.rerun()
