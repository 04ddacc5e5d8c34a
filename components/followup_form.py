"""The form that records what a follow-up visit found (one st.form: one rerun per save).

The outcome (still working, changed job, returned home, unpaid wages or dispute, unreachable), the
day of the visit, the current monthly wage, the new employer, a short description, and "Paid and
safe?": the last wage paid in full and on time, the worker safe, and an unpaid amount with since
when. Every field is drawn at once (a form cannot change while it is filled in); the captions say
which answers go with which outcome, and the service (`followups.visits.validate_report`) says
what is missing, each message beside its field, with everything typed kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from components.field_errors import FormErrors
from services.core.i18n import N_, Translator
from services.followups.labels import OUTCOME_LABELS as OUTCOMES

# "Paid and safe?": yes, no, or not asked (None)
ANSWERS: dict[str, str] = {"yes": N_("Yes"), "no": N_("No"), "": N_("Not asked")}
FIELDS = ("outcome", "visited_on", "monthly_wage", "new_employer", "note", "wage_paid", "safe", "unpaid_amount",
          "unpaid_since")


@dataclass(frozen=True)
class Answers:
    """What the form holds, as typed (the page turns it into a `VisitReport`)."""

    outcome: str
    visited_on: date
    monthly_wage: int | None
    new_employer: str
    note: str
    wage_paid: bool | None
    safe: bool | None
    unpaid_amount: int | None
    unpaid_since: date | None


def _yes_no(value: str | None) -> bool | None:
    return None if not value else value == "yes"


def visit_form(_: Translator, key: str, *, today: date, submit: str, wage: int | None = None) -> Answers | None:
    """Draw the form `key`; the answers when it was submitted on this run, else None.

    `wage`: the hire's monthly wage, offered as the current wage.
    """
    errors = FormErrors(key)
    with st.form(key, enter_to_submit=False):
        outcome = st.radio(_("What did the visit find?"), list(OUTCOMES), index=None, key=f"{key}_outcome",
                           format_func=lambda o: _(OUTCOMES[o]))
        errors.under(_, "outcome")
        visited_on = st.date_input(_("Day of the visit"), value=today, max_value=today, key=f"{key}_visited_on",
                                   format="YYYY-MM-DD")
        errors.under(_, "visited_on")
        left, right = st.columns(2)
        with left:
            monthly_wage = st.number_input(_("Monthly wage now (yuan)"), min_value=0, max_value=100_000, step=100,
                                           value=wage, key=f"{key}_monthly_wage",
                                           help=_("Still working or changed job: the wage the worker earns now."))
            errors.under(_, "monthly_wage")
        with right:
            new_employer = st.text_input(_("New employer (changed job)"), max_chars=120, key=f"{key}_new_employer")
            errors.under(_, "new_employer")
        note = st.text_area(_("What happened (unpaid wages or dispute: a short description; else any remark)"),
                            max_chars=500, height=80, key=f"{key}_note")
        errors.under(_, "note")
        st.markdown("**" + _("Paid and safe?") + "**")
        left, right = st.columns(2)
        with left:
            paid = st.radio(_("Last wage paid in full and on time?"), list(ANSWERS), index=2, horizontal=True,
                            key=f"{key}_wage_paid", format_func=lambda a: _(ANSWERS[a]))
            errors.under(_, "wage_paid")
        with right:
            safe = st.radio(_("Is the worker safe?"), list(ANSWERS), index=2, horizontal=True, key=f"{key}_safe",
                            format_func=lambda a: _(ANSWERS[a]))
            errors.under(_, "safe")
        left, right = st.columns(2)
        with left:
            amount = st.number_input(_("Unpaid amount (yuan)"), min_value=0, max_value=10_000_000, step=100,
                                     value=None, key=f"{key}_unpaid_amount")
            errors.under(_, "unpaid_amount")
        with right:
            since = st.date_input(_("Unpaid since"), value=None, max_value=today, key=f"{key}_unpaid_since",
                                  format="YYYY-MM-DD")
            errors.under(_, "unpaid_since")
        st.caption(_("Not paid, or not safe: the employer is flagged for the organizers until the issue is "
                     "resolved. Unreachable: the worker's phone goes to the data repair queue."))
        errors.rest(_, FIELDS)
        sent = st.form_submit_button(submit, type="primary", width="stretch")
    if not sent:
        return None
    return Answers(outcome or "", visited_on if isinstance(visited_on, date) else today,
                   None if monthly_wage is None else int(monthly_wage), new_employer.strip(), note.strip(),
                   _yes_no(paid), _yes_no(safe), None if amount is None else int(amount),
                   since if isinstance(since, date) else None)
