"""A household's plan (一户一策) on the households page: choose a household of the list shown, see every step
of its plan (kept, never overwritten), record the next step or close the open one. Errors beside the fields,
what was typed kept (components/field_errors.py); the rules are services/households/plans.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from components.field_errors import FormErrors
from components.text import literal
from models import PlanStatus
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import Translator
from services.households import scope
from services.households.lists import HouseholdRow
from services.households.plans import PlanForm, close_plan, plan_history, save_plan

FIELDS = ("cadre", "next_step", "by_whom", "due_on")
DONE_KEY = "hh_plan_done"  # the last action's message: the household may have left the list shown


def _done(errors: FormErrors, message: str) -> None:
    errors.clear()
    st.session_state[DONE_KEY] = message
    st.rerun()


def render(_: Translator, engine: Engine, rows: list[HouseholdRow], *, user_id: int, township: str | None,
           place: Callable[[str], str], today: date) -> None:
    st.subheader(_("Record or update a plan"))
    if message := st.session_state.pop(DONE_KEY, None):
        st.success(message)
    by_id = {r.household_id: r for r in rows}
    hid = st.selectbox(_("Household"), list(by_id), key="hh_pick", format_func=lambda h: (
        f"{place(by_id[h].village)} {by_id[h].code} · {by_id[h].head_name or '—'}"))
    if hid is None:
        return
    steps = plan_history(engine, hid)
    current = next((p for p in steps if p.status == PlanStatus.OPEN), None)
    status = {PlanStatus.OPEN: _("Open"), PlanStatus.DONE: _("Done"), PlanStatus.CANCELLED: _("Cancelled")}
    if steps:
        st.dataframe(pd.DataFrame([{
            _("Status"): status.get(PlanStatus(p.status), p.status), _("Responsible cadre"): p.cadre_name,
            _("Next step"): p.next_step, _("By whom"): p.by_whom, _("By when"): f"{p.due_on:%Y-%m-%d}",
            _("Note"): _(p.note) if p.note else "", _("Recorded"): f"{p.created_at:%Y-%m-%d}"} for p in steps]),
            hide_index=True, width="stretch")
    else:
        st.info(_("This household has no plan yet."))

    errors = FormErrors(f"hh_plan_{hid}")
    accounts = {c.user_id: c.name for c in scope.cadres(engine, township)}
    with st.form(f"hh_plan_form_{hid}", enter_to_submit=False):
        left, right = st.columns(2)
        cadre_id = left.selectbox(_("Responsible cadre (an account)"), list(accounts), index=None,
                                  format_func=accounts.get, placeholder=_("Choose one, or write a name"),
                                  key=f"hh_cadre_{hid}")
        cadre_name = right.text_input(_("Responsible cadre (a name)"), max_chars=60, key=f"hh_cadre_name_{hid}")
        errors.under(_, "cadre")
        next_step = st.text_area(_("Next step"), max_chars=500, key=f"hh_step_{hid}",
                                 placeholder=_("For example: recommend the son to the electronics plant in Dongguan"))
        errors.under(_, "next_step")
        left, right = st.columns(2)
        with left:
            by_whom = st.text_input(_("By whom"), max_chars=60, key=f"hh_who_{hid}")
            errors.under(_, "by_whom")
        with right:
            due_on = st.date_input(_("By when"), value=today + timedelta(days=14), key=f"hh_due_{hid}")
            errors.under(_, "due_on")
        previous_done = False
        if current is not None:
            previous_done = st.checkbox(_("The current step was done (otherwise the new step replaces it)"),
                                        key=f"hh_prev_done_{hid}")
        errors.rest(_, FIELDS)
        if st.form_submit_button(_("Save the plan"), type="primary"):
            form = PlanForm(cadre_user_id=cadre_id, cadre_name=cadre_name, next_step=next_step, by_whom=by_whom,
                            due_on=due_on if isinstance(due_on, date) else None)
            try:
                save_plan(engine, household_id=hid, form=form, replaces=current.id if current else None,
                          user_id=user_id, previous_done=previous_done, township=township, today=today)
                _done(errors, _("The plan of household {household} is saved.").format(
                    household=literal(f"{place(by_id[hid].village)} {by_id[hid].code}")))
            except FieldErrors as exc:
                errors.keep(exc.errors)
            except PortalError as exc:
                st.error(_(exc.message).format(**exc.values))

    if current is not None:
        close_errors = FormErrors(f"hh_close_{hid}")
        with st.expander(_("Close the current step without a new one")), \
                st.form(f"hh_close_form_{hid}", enter_to_submit=False):
            outcome = st.radio(_("How did it end?"), ["done", "cancelled"], horizontal=True,
                               key=f"hh_close_how_{hid}",
                               format_func=lambda k: _("Done") if k == "done" else _("Given up"))
            note = st.text_input(_("Note (why it was given up)"), max_chars=500, key=f"hh_close_note_{hid}")
            close_errors.under(_, "note")
            if st.form_submit_button(_("Close the step")):
                try:
                    close_plan(engine, plan_id=current.id, done=outcome == "done", note=note, user_id=user_id,
                               township=township)
                    _done(close_errors, _("The step is closed."))
                except FieldErrors as exc:
                    close_errors.keep(exc.errors)
                except PortalError as exc:
                    st.error(_(exc.message).format(**exc.values))
