"""Training courses on the ticket page: the ones the person is on first ("已报名", a way to cancel), then up
to 3 offered to them (services.training.offer), each with a big 报名 button, a confirmation, then 已报名.

The ticket the page shows identifies the person (components.ticket_cookie, or the look-up): the code is
passed in. What is read is kept in the session per (ticket, day, version), read again after an action.
"""

from __future__ import annotations

import streamlit as st

from components import outage, runtime
from components.course_card import course_lines
from components.text import literal
from services.core.clock import local_today
from services.core.errors import PortalError
from services.core.i18n import N_, Translator
from services.training.offer import TicketOffer, enrol_with_ticket, offer_for_ticket, withdraw_with_ticket

P = "co_"
ASK, CANCEL, NOTE, VERSION, KEPT = P + "ask", P + "cancel", P + "note", P + "version", P + "kept"


def _offer(code: str) -> TicketOffer:
    key = (code, local_today(), st.session_state.get(VERSION, 0))
    kept = st.session_state.get(KEPT)
    if kept is None or kept[0] != key:
        kept = (key, offer_for_ticket(runtime.engine(), ticket_code=code, today=key[1]))
        st.session_state[KEPT] = kept
    return kept[1]


def _changed(note: tuple[str, str, dict]) -> None:
    s = st.session_state
    s[VERSION] = s.get(VERSION, 0) + 1
    s[ASK] = s[CANCEL] = None
    s[NOTE] = note


def _ask(course_id: int | None) -> None:
    st.session_state[ASK], st.session_state[CANCEL], st.session_state[NOTE] = course_id, None, None


def _ask_cancel(course_id: int | None) -> None:
    st.session_state[CANCEL], st.session_state[ASK], st.session_state[NOTE] = course_id, None, None


@outage.callback
def _enrol(code: str, course_id: int, title: str) -> None:
    try:
        enrol_with_ticket(runtime.engine(), ticket_code=code, course_id=course_id, today=local_today())
        _changed(("success", N_("You are enrolled on “{title}”. Come on the first day with your ticket."),
                  {"title": title}))
    except PortalError as exc:
        _changed(("error", exc.message, exc.values))


@outage.callback
def _withdraw(code: str, course_id: int, title: str) -> None:
    try:
        withdraw_with_ticket(runtime.engine(), ticket_code=code, course_id=course_id)
        _changed(("info", N_("Your enrolment on “{title}” is cancelled."), {"title": title}))
    except PortalError as exc:
        _changed(("error", exc.message, exc.values))


def _note(_: Translator) -> None:
    note = st.session_state.get(NOTE)
    if not note:
        return
    kind, message, values = note
    text = _(message).format(**{k: literal(str(v)) for k, v in values.items()}) if values else _(message)
    {"success": st.success, "info": st.info}.get(kind, st.error)(text, icon="✅" if kind == "success" else "ℹ️")


def show_courses(_: Translator, code: str) -> None:
    """The training part of the ticket page, for the holder of ticket `code`."""
    try:
        offer = _offer(code)
    except PortalError:  # the ticket is gone (data reset): the page says so elsewhere
        return
    if not offer.enrolled and not offer.offered:
        return
    language = runtime.language()
    with st.container(key="course_offer"):
        st.subheader("🎓 " + _("Training courses for you"), anchor=False)
        _note(_)
        for course in offer.enrolled:
            with st.container(border=True, key=f"co_mine_{course.course_id}"):
                course_lines(_, course, language)
                if course.status == "completed":
                    st.success(_("Completed"), icon="🎓")
                    continue
                st.success(_("Enrolled"), icon="✅")
                if st.session_state.get(CANCEL) == course.course_id:
                    st.warning(_("Cancel your enrolment on this course?"), icon="❓")
                    st.button(_("Yes, cancel my enrolment"), key=f"co_withdraw_{course.course_id}", width="stretch",
                              icon="❌", on_click=_withdraw, args=(code, course.course_id, course.title))
                    st.button(_("No, keep it"), key=f"co_keep_{course.course_id}", width="stretch", icon="↩️",
                              on_click=_ask_cancel, args=(None,))
                else:
                    st.button(_("Cancel enrolment"), key=f"co_cancel_{course.course_id}", width="stretch",
                              icon="❌", on_click=_ask_cancel, args=(course.course_id,))
        for course in offer.offered:
            with st.container(border=True, key=f"co_offer_{course.course_id}"):
                course_lines(_, course, language)
                if st.session_state.get(ASK) == course.course_id:
                    st.info(_("Enrol on this course with your ticket?"), icon="❓")
                    st.button(_("Yes, enrol me"), key=f"co_yes_{course.course_id}", type="primary", width="stretch",
                              icon="✅", on_click=_enrol, args=(code, course.course_id, course.title))
                    st.button(_("Not now"), key=f"co_no_{course.course_id}", width="stretch", icon="↩️",
                              on_click=_ask, args=(None,))
                else:
                    st.button(_("Enrol"), key=f"co_enrol_{course.course_id}", type="primary", width="stretch",
                              icon="📝", on_click=_ask, args=(course.course_id,))
