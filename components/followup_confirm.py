"""The recruiter's "Still employed? Confirm" on the pipeline: a hired worker whose follow-up visit is due or
overdue can be confirmed as still working there, with the current wage if known
(`followups.visits.confirm_still_employed`: it fills the due visit, else records an extra one)."""

from __future__ import annotations

from datetime import date

import streamlit as st
from sqlalchemy.engine import Engine

from components.field_errors import FormErrors
from services.accounts.sessions import Principal
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import Translator
from services.followups.due import DueState
from services.followups.page_queries import due_visits_for_hires


def still_employed(_: Translator, engine: Engine, user: Principal, *, hire_id: int, today: date,
                   wage: int | None) -> None:
    """Nothing unless this hire has a visit due or overdue today; then a one-press form."""
    due = due_visits_for_hires(engine, [hire_id], today).get(hire_id)
    key = f"fu_confirm_{hire_id}"
    errors = FormErrors(key)
    errors.flash()
    if due is None or user.employer_id is None:
        return
    with st.form(key, enter_to_submit=False, border=True):
        when = _("overdue since {date}") if due.state == DueState.OVERDUE else _("due on {date}")
        st.markdown(_("A follow-up visit is {when}.").format(when=when.format(date=due.due_date.isoformat())))
        monthly_wage = st.number_input(_("Monthly wage now (yuan, optional)"), min_value=0, max_value=100_000,
                                       step=100, value=wage, key=f"{key}_wage")
        errors.under(_, "monthly_wage")
        errors.rest(_, ("monthly_wage",))
        sent = st.form_submit_button(_("Still employed? Confirm"), type="primary", icon=":material/task_alt:")
    if not sent:
        return
    from services.followups.visits import confirm_still_employed

    try:
        confirm_still_employed(engine, hire_id=hire_id, employer_id=user.employer_id, user_id=user.user_id,
                               monthly_wage=None if monthly_wage is None else int(monthly_wage))
    except FieldErrors as exc:
        errors.keep(exc.errors)
    except PortalError as exc:
        st.error(_(exc.message).format(**exc.values))
    else:
        errors.done(_("Confirmed: still employed. Thank you."))
