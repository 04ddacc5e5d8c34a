"""A course's roster (who is enrolled, attendance per session, certificate) and enrolling people found by name,
mobile number or ticket code (masked as in the follow-up lists), several at once; taking someone off."""

from __future__ import annotations

import streamlit as st

from components import outage, runtime
from components.text import literal
from components.training_parts import note, refused
from models.training import EnrolChannel
from services.core.errors import PortalError
from services.core.i18n import N_, Translator
from services.training.enrolment import enrol_many, withdraw
from services.training.queries import CourseView, RosterRow, find_people

STATUS_LABELS = {"enrolled": N_("Enrolled"), "completed": N_("Completed"), "withdrawn": N_("Withdrawn")}
FOUND = "training_found"  # the people the last search found


def roster_table(_: Translator, view: CourseView, people: list[RosterRow]) -> None:
    if not people:
        st.info(_("No one is enrolled yet."))
        return
    rows = []
    for p in people:
        row = {_("Name"): p.name, _("Village"): p.village, _("Mobile"): p.phone,
               _("Status"): _(STATUS_LABELS.get(p.status, p.status))}
        for s in view.sessions:
            row[_("Session {number}", number=s.number)] = "✓" if s.id in p.attended else ""
        row[_("Certificate no.")] = p.certificate or ""
        rows.append(row)
    st.dataframe(rows, hide_index=True, width="stretch", key="training_roster")


@outage.callback
def _search(by: int) -> None:
    try:
        st.session_state[FOUND] = find_people(runtime.engine(), runtime.vault(), by=by,
                                              query=st.session_state.get("training_query", ""))
    except PortalError as exc:
        refused(exc)


@outage.callback
def _enrol(course_id: int, by: int) -> None:
    found = st.session_state.get(FOUND) or []
    chosen = [p.seeker_id for p in found if st.session_state.get(f"training_pick_{p.seeker_id}")]
    if not chosen:
        note("warning", N_("Tick the people to enrol."))
        return
    try:
        result = enrol_many(runtime.engine(), course_id=course_id, seeker_ids=chosen, by=by,
                            channel=EnrolChannel.LIST)
    except PortalError as exc:
        refused(exc)
        return
    st.session_state.pop(FOUND, None)
    note("success" if not result.full else "warning",
         N_("Enrolled: {enrolled}. Already on the course: {already}. No seat left for: {full}."),
         enrolled="、".join(result.enrolled) or "—", already="、".join(result.already) or "—",
         full="、".join(result.full) or "—")


def enrol_people(_: Translator, view: CourseView, *, by: int) -> None:
    if view.row.state not in ("upcoming", "running"):
        st.info(_("This course was cancelled or is over: no one can enrol."))
        return
    st.caption(_("Seats left: {left} of {capacity}", left=view.row.seats_left, capacity=view.row.capacity))
    with st.form("training_search", border=False):
        st.text_input(_("Find people: name, mobile number or ticket code"), key="training_query", max_chars=40)
        st.form_submit_button(_("Find"), on_click=_search, args=(by,), icon=":material/search:")
    found = st.session_state.get(FOUND)
    if found is None:
        return
    if not found:
        st.info(_("No one registered was found."))
        return
    for p in found:
        st.checkbox(literal(f"{p.name} · {p.phone} · {p.village} · {p.ticket_code}"),
                    key=f"training_pick_{p.seeker_id}")
    st.button(_("Enrol the people ticked"), key="training_enrol", type="primary", on_click=_enrol,
              args=(view.row.id, by))


@outage.callback
def _withdraw(course_id: int, by: int) -> None:
    try:
        withdraw(runtime.engine(), course_id=course_id, seeker_id=st.session_state.get("training_leaver"), by=by,
                 reason=st.session_state.get("training_leave_reason", ""))
    except PortalError as exc:  # FieldErrors too: no reason given
        refused(exc)
        return
    note("success", N_("Taken off the course: the seat is free again."))


def take_off(_: Translator, view: CourseView, people: list[RosterRow], *, by: int) -> None:
    enrolled = {p.seeker_id: f"{p.name} · {p.village}" for p in people if p.status == "enrolled"}
    if not enrolled:
        return
    with st.expander(_("Take someone off the course")):
        st.selectbox(_("Person"), list(enrolled), key="training_leaver", format_func=enrolled.get)
        st.text_input(_("Why"), key="training_leave_reason", max_chars=200)
        st.button(_("Take off the course"), key="training_withdraw", on_click=_withdraw, args=(view.row.id, by))
