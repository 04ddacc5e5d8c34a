"""One chosen visit on the follow-ups page: who and where, the form that records its outcome, and a form for
an extra visit to the same worker. The services: followups.visits (`validate_report`, `record_visit`,
`record_extra_visit`); a visit someone else recorded first (StateChanged) is said once, with what they
recorded (`page_queries.visit_detail`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import streamlit as st
from sqlalchemy.engine import Engine

from components import followup_form
from components.field_errors import FormErrors
from components.text import literal
from services.core.errors import FieldErrors, PortalError, StateChanged
from services.core.i18n import Translator
from services.followups import page_queries
from services.followups.due import DueState
from services.followups.labels import STATE_LABELS as STATES

FLASH = "fu_flash"  # (kind, message) said once after the rerun
TAKEN = "fu_taken"  # the visit someone else recorded first: its id, shown once after the rerun
CHOSEN = "fu_chosen"  # (visit row, place) whose form is open


def forget(*keys: str) -> None:
    """Close the open visit (another list chosen, or the visit saved), and forget `keys` too."""
    picks = [k for k in st.session_state if isinstance(k, str) and k.startswith("fu_pick_")]
    for key in (CHOSEN, *keys, *picks):
        st.session_state.pop(key, None)


def visit_label(_: Translator, month: int | None) -> str:
    return _("Extra visit") if month is None else _("{k}-month visit").format(k=month)


def flash(_: Translator, engine: Engine) -> None:
    """Above the list: the last save, or the visit someone else recorded first with what they found."""
    said = st.session_state.pop(FLASH, None)
    if said:
        (st.success if said[0] == "success" else st.error)(said[1])
    taken = st.session_state.pop(TAKEN, None)
    if taken is not None:
        st.warning(_("Someone else recorded this visit first; nothing was changed."), icon=":material/group:")
        detail = page_queries.visit_detail(engine, taken)
        if detail is not None:
            st.markdown(recorded_text(_, detail))


def recorded_text(_: Translator, d: page_queries.VisitDetail) -> str:
    if d.outcome is None:
        return _("This visit is {state} now.").format(state=_(STATES.get(d.status, d.status)).lower())
    parts = [_(followup_form.OUTCOMES.get(d.outcome, d.outcome))]
    if d.monthly_wage is not None:
        parts.append(_("{wage} yuan a month").format(wage=f"{d.monthly_wage:,}"))
    if d.new_employer:
        parts.append(literal(d.new_employer))
    if d.wage_paid is not None:
        parts.append(_("paid in full and on time") if d.wage_paid else _("not paid in full or on time"))
    if d.safe is not None:
        parts.append(_("safe") if d.safe else _("not safe"))
    if d.note:
        parts.append(literal(d.note))
    when = d.visited_on.isoformat() if d.visited_on else ""
    return _("Recorded by {who}: visited {when} · {what}").format(
        who=literal(d.recorded_by) or "—", when=when, what=" · ".join(parts))


def _report(answers: followup_form.Answers) -> Any:
    from services.followups.visits import VisitReport

    return VisitReport(outcome=answers.outcome, visited_on=answers.visited_on, monthly_wage=answers.monthly_wage,
                       new_employer=answers.new_employer, wage_paid=answers.wage_paid, safe=answers.safe,
                       unpaid_amount=answers.unpaid_amount, unpaid_since=answers.unpaid_since, note=answers.note)


def _save(_: Translator, key: str, answers: followup_form.Answers, write: Callable[[Any], object],
          *, follow_up_id: int | None, done: str) -> None:
    """Record the answers (the service checks them: `followups.report.validate_report`)."""
    errors = FormErrors(key)
    try:
        write(_report(answers))
    except FieldErrors as exc:
        errors.keep(exc.errors)  # reruns: each message beside its field, what was typed kept
    except StateChanged:
        errors.clear()
        forget()
        st.session_state[TAKEN] = follow_up_id
        st.rerun()
    except PortalError as exc:
        errors.clear()
        st.session_state[FLASH] = ("error", _(exc.message).format(**exc.values))
        st.rerun()
    else:
        errors.clear()
        forget()
        st.session_state[FLASH] = ("success", done)
        st.rerun()


def chosen_visit(_: Translator, engine: Engine, row: Any, *, user_id: int, today: date, place: str) -> None:
    """The visit `row` (a `lists.VisitRow`): its card, the outcome form, the extra-visit form."""
    from services.followups import visits

    with st.container(border=True):
        st.markdown(f"**{literal(row.name)}** · {literal(place)} · {literal(row.phone_masked)}")
        st.text(_("{employer}, {city} · {visit} · due {due} (window {opens} to {closes}) · {state}").format(
            employer=row.employer, city=row.city, visit=visit_label(_, row.month), due=row.due_date.isoformat(),
            opens=row.window_opens.isoformat(), closes=row.window_closes.isoformat(),
            state=_(STATES.get(row.state, row.state))))
    key = f"fu_visit_{row.follow_up_id}"
    if row.state in (DueState.DONE, DueState.CANCELLED):
        detail = page_queries.visit_detail(engine, row.follow_up_id)
        if detail is not None:
            st.info(recorded_text(_, detail))
    else:
        answers = followup_form.visit_form(_, key, today=today, submit=_("Save the visit"))
        if answers is not None:
            _save(_, key, answers, lambda report: visits.record_visit(
                engine, follow_up_id=row.follow_up_id, report=report, user_id=user_id),
                follow_up_id=row.follow_up_id, done=_("Visit saved: {name}.").format(name=row.name))
    with st.expander(_("Record an extra visit for this worker")):
        st.caption(_("A visit outside the schedule. If its day falls in a scheduled visit's window, that visit "
                     "is filled instead: never a second one."))
        extra = f"fu_extra_{row.hire_id}"
        answers = followup_form.visit_form(_, extra, today=today, submit=_("Save the extra visit"))
        if answers is not None:
            _save(_, extra, answers, lambda report: visits.record_extra_visit(
                engine, hire_id=row.hire_id, report=report, user_id=user_id),
                follow_up_id=None, done=_("Extra visit saved: {name}.").format(name=row.name))
