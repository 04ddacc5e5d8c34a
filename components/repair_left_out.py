"""The repair queue's left-out import rows: each with its problems (ID number and phone masked), a small form
to fix it in place (checked with the import's rules, then registered) and one to dismiss it with a reason."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.engine import Engine

from components.field_errors import FormErrors
from components.text import literal
from services.core.crypto import Vault
from services.core.errors import FieldErrors, PortalError, message_parts
from services.core.i18n import Translator
from services.imports.types import FIELD_BY_NAME
from services.places.county import County
from services.repairs import left_out
from services.repairs.queue import LeftOut

DONE = FormErrors("repair_left_out")  # the last fix or dismissal, said once after the rerun
SECRET = ("id_number", "phone")  # typed again only when wrong: left empty, the stored value is kept


def _fix(_: Translator, engine: Engine, vault: Vault, item: LeftOut, *, staff_id: int, county: County,
         township: str | None) -> None:
    errors = FormErrors(f"repair_fix_{item.item_id}")
    with st.form(f"repair_fix_{item.item_id}"):
        st.markdown(_("Fix the row and register the person"))
        typed: dict[str, str] = {}
        for field, shown in item.cells.items():
            label = _(FIELD_BY_NAME[field].label) if field in FIELD_BY_NAME else field
            if field in SECRET:
                typed[field] = st.text_input(label, key=f"repair_fix_{item.item_id}_{field}", placeholder=shown,
                                             help=_("Leave empty to keep the value in the list ({value}).")
                                             .format(value=shown))
            else:
                typed[field] = st.text_input(label, value=shown, key=f"repair_fix_{item.item_id}_{field}")
            errors.under(_, field)
        errors.rest(_, item.cells)
        if st.form_submit_button(_("Check and register")):
            _act(_, errors, lambda: left_out.fix_left_out(engine, vault, item_id=item.item_id, raw=typed,
                                                          staff_id=staff_id, county=county, township=township),
                 done=_("Row {row} is registered.").format(row=item.row))


def _dismiss(_: Translator, engine: Engine, item: LeftOut, *, staff_id: int, township: str | None) -> None:
    errors = FormErrors(f"repair_dismiss_{item.item_id}")
    with st.form(f"repair_dismiss_{item.item_id}"):
        reason = st.text_input(_("Why is this row dismissed?"), key=f"repair_dismiss_{item.item_id}_reason")
        errors.under(_, "reason")
        if st.form_submit_button(_("Dismiss")):
            _act(_, errors, lambda: left_out.dismiss_left_out(engine, item_id=item.item_id, staff_id=staff_id,
                                                              reason=reason, township=township),
                 done=_("Row {row} is dismissed.").format(row=item.row))


def _act(_: Translator, errors: FormErrors, action: Callable[[], object], *, done: str) -> None:
    """Run a row's fix or dismissal: messages beside the fields, a refusal above them, or `done`."""
    try:
        action()
    except FieldErrors as exc:
        errors.keep(exc.errors)
    except PortalError as exc:
        text, values = message_parts(exc.message)
        st.error(_(text).format(**values))
    else:
        errors.clear()
        DONE.done(done)


def render(_: Translator, engine: Engine, vault: Vault, items: list[LeftOut], *, staff_id: int,
           county: County, township: str | None = None) -> None:
    """`township`: township staff fix and dismiss their township's rows only."""
    DONE.flash()
    if not items:
        st.info(_("No rows left out of imports here."))
    for item in items:
        title = _("Batch {batch}, row {row}: {name} ({village})").format(
            batch=item.batch_id, row=item.row, name=literal(item.name) if item.name else _("(no name)"),
            village=literal(item.village or "—"))
        with st.expander(title):
            for line in item.problems or [_("Not chosen for the import, or the same ID number as an earlier row.")]:
                st.markdown(f"- {line}")
            _fix(_, engine, vault, item, staff_id=staff_id, county=county, township=township)
            _dismiss(_, engine, item, staff_id=staff_id, township=township)
