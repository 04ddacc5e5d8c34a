"""One tap per stage (with an optional note), and the small form a hire needs.

Shared by the booth and the pipeline pages. Each button records its stage in an
`on_click` callback, which runs before the page script: the rerun that follows already
draws the updated card or pipeline, so one tap costs one rerun. "Hired" first opens a
form for the start date, monthly wage and contract length; refused terms are explained
beside their fields and everything typed is kept. Moving someone out of "Hired" cancels
the recorded hire: it first asks for confirmation and the reason (required; the hire stays
on record as cancelled, with who, when and why).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import streamlit as st

from components import outage
from components.text import literal
from models import Stage
from services.accounts.sessions import Principal
from services.core.clock import local_today
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import Translator
from services.core.reference import STAGES
from services.recruiting.hires import HireTerms
from services.recruiting.stages import record_stage

BUTTON_ICONS = {
    Stage.INTERESTED: ":material/thumb_up:", Stage.INTERVIEWED: ":material/forum:",
    Stage.OFFERED: ":material/mail:", Stage.HIRED: ":material/handshake:",
    Stage.NOT_SUITABLE: ":material/block:",
}


@dataclass(frozen=True)
class Target:
    """Whose stage is recorded, where: one seeker for one vacancy."""

    key: str  # widget-key prefix, unique per seeker and vacancy on the page
    seeker_id: int
    seeker_name: str
    vacancy_id: int
    vacancy_title: str
    current: str | None  # the application's stage now, None without an application
    wage_default: int
    contract_default: int
    fair_id: int | None = None
    on_recorded: Callable[[str], None] | None = None  # called with the new stage after a recorded tap


@outage.callback  # database down: the message above; the note and the hire's terms stay as typed
def _record(engine, user: Principal, target: Target, stage: str) -> None:
    k = target.key
    state = st.session_state
    terms = None
    if stage == Stage.HIRED:
        terms = HireTerms(state.get(f"{k}_start"), state.get(f"{k}_wage"), state.get(f"{k}_months"))
    reason = state.get(f"{k}_reason", "") if state.get(f"{k}_leaving") == stage else ""
    try:
        result = record_stage(engine, employer_id=None if user.is_organizer else user.employer_id,
                              user_id=user.user_id, seeker_id=target.seeker_id, vacancy_id=target.vacancy_id,
                              stage=stage, note=state.get(f"{k}_note", ""), hire=terms, fair_id=target.fair_id,
                              reason=reason)
    except FieldErrors as exc:
        state[f"{k}_errors"] = exc.errors
        if "reason" in exc.errors:  # a hire to cancel (perhaps recorded meanwhile): confirm, with a reason
            state[f"{k}_leaving"] = stage
        return
    except PortalError as exc:
        state[f"{k}_flash"] = ("error", exc.message, exc.values)
        return
    state.pop(f"{k}_errors", None)
    state[f"{k}_hiring"] = False
    state[f"{k}_leaving"] = None
    state[f"{k}_note"] = ""
    state[f"{k}_reason"] = ""
    state[f"{k}_flash"] = ("success", stage, {"changed": result.changed,
                                              "cancelled": result.cancelled_hire_id is not None})
    if target.on_recorded is not None:
        target.on_recorded(stage)


def _open_hire(key: str) -> None:
    st.session_state[f"{key}_hiring"] = True
    st.session_state[f"{key}_leaving"] = None


def _close_hire(key: str) -> None:
    st.session_state[f"{key}_hiring"] = False
    st.session_state.pop(f"{key}_errors", None)


def _open_leave(key: str, stage: str) -> None:
    """A tap that would take the seeker out of "Hired": ask first."""
    st.session_state[f"{key}_leaving"] = stage
    st.session_state[f"{key}_hiring"] = False
    st.session_state.pop(f"{key}_errors", None)


def _keep_hire(key: str) -> None:
    st.session_state[f"{key}_leaving"] = None
    st.session_state.pop(f"{key}_errors", None)


def _flash(_: Translator, target: Target) -> None:
    flash = st.session_state.pop(f"{target.key}_flash", None)
    if not flash:
        return
    kind, message, extra = flash
    if kind == "error":
        st.error(_(message, **extra))
        return
    elif extra.get("changed"):
        st.success(_("Recorded: {name} is now “{stage}” for {vacancy}.", name=literal(target.seeker_name),
                     stage=_(STAGES[message]), vacancy=literal(target.vacancy_title)), icon=":material/check:")
        if extra.get("cancelled"):
            st.info(_("The hire was cancelled. It stays on record with the reason."), icon=":material/undo:")
    else:
        st.info(_("{name} is already “{stage}” for this vacancy.", name=literal(target.seeker_name),
                  stage=_(STAGES[message])))


def stage_controls(_: Translator, engine, user: Principal, target: Target) -> None:
    """The stage buttons for `target`, with the note field and (after "Hired") the hire form."""
    k = target.key
    _flash(_, target)
    if target.current:
        st.markdown(_("Stage now: **{stage}**", stage=_(STAGES.get(target.current, target.current))))
    st.text_input(_("Note (optional)"), key=f"{k}_note", max_chars=500,
                  placeholder=_("e.g. can start next month; good at sewing"))
    # two rows (moving forward; the outcome), so the Chinese labels fit beside each other on a tablet
    columns = [*st.columns(3), *st.columns(2)]
    for column, stage in zip(columns, Stage, strict=True):
        if stage == Stage.HIRED:
            kwargs = dict(on_click=_open_hire, args=(k,))
        elif target.current == Stage.HIRED:
            kwargs = dict(on_click=_open_leave, args=(k, str(stage)))
        else:
            kwargs = dict(on_click=_record, args=(engine, user, target, str(stage)))
        column.button(_(STAGES[stage]), key=f"{k}_b_{stage}", icon=BUTTON_ICONS[stage], width="stretch",
                      type="primary" if stage == Stage.HIRED else "secondary", **kwargs)
    if st.session_state.get(f"{k}_hiring"):
        hire_form(_, engine, user, target)
    elif st.session_state.get(f"{k}_leaving"):
        cancel_hire_form(_, engine, user, target, st.session_state[f"{k}_leaving"])


def _field_error(_: Translator, errors: dict[str, str], field: str) -> None:
    message = errors.get(field)
    if message:
        st.error(_(message))


def hire_form(_: Translator, engine, user: Principal, target: Target) -> None:
    k = target.key
    errors: dict[str, str] = st.session_state.get(f"{k}_errors") or {}
    today: date = local_today()
    with st.form(f"{k}_hire_form", border=True):
        title = _("Hire {name} for {vacancy}", name=literal(target.seeker_name), vacancy=literal(target.vacancy_title))
        st.markdown(f"**{title}**")
        st.date_input(_("Start date"), value=today, key=f"{k}_start", format="YYYY-MM-DD")
        _field_error(_, errors, "start_date")
        st.number_input(_("Monthly wage (yuan)"), min_value=0, value=target.wage_default, step=100, key=f"{k}_wage")
        _field_error(_, errors, "monthly_wage")
        st.number_input(_("Contract length (months)"), min_value=0, value=target.contract_default, step=1,
                        key=f"{k}_months")
        _field_error(_, errors, "contract_months")
        st.form_submit_button(_("Record the hire"), type="primary", icon=":material/handshake:",
                              on_click=_record, args=(engine, user, target, str(Stage.HIRED)))
    st.button(_("Cancel"), key=f"{k}_hire_cancel", on_click=_close_hire, args=(k,))


def cancel_hire_form(_: Translator, engine, user: Principal, target: Target, stage: str) -> None:
    """Confirm taking the seeker out of "Hired", with the reason the hire is cancelled."""
    k = target.key
    errors: dict[str, str] = st.session_state.get(f"{k}_errors") or {}
    with st.form(f"{k}_cancel_form", border=True):
        st.warning(_("Moving {name} to “{stage}” cancels the recorded hire for {vacancy}. The hire stays on "
                     "record as cancelled, with your name, the time and the reason.",
                     name=literal(target.seeker_name), stage=_(STAGES.get(stage, stage)),
                     vacancy=literal(target.vacancy_title)), icon=":material/warning:")
        st.text_input(_("Why is the hire cancelled?"), key=f"{k}_reason", max_chars=500,
                      placeholder=_("e.g. did not come to start work; recorded for the wrong person"))
        _field_error(_, errors, "reason")
        st.form_submit_button(_("Cancel the hire"), type="primary", icon=":material/undo:",
                              on_click=_record, args=(engine, user, target, stage))
    st.button(_("Keep the hire"), key=f"{k}_keep_hire", on_click=_keep_hire, args=(k,))
