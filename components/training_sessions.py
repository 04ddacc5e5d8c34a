"""A course's sessions: the list (times in the county's zone) and the form to add or change one."""

from __future__ import annotations

from datetime import time

import streamlit as st

from components import runtime
from components.field_errors import FormErrors
from components.training_parts import note, refused
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import N_, Translator
from services.training.courses import remove_session, save_session
from services.training.queries import CourseView

FORM = "training_session_form"


def sessions(_: Translator, view: CourseView, *, by: int) -> None:
    zone = runtime.local_zone()
    if view.sessions:
        st.dataframe([{_("No."): s.number, _("Time"): f"{s.starts_at.astimezone(zone):%Y-%m-%d %H:%M}",
                       _("Hours"): s.hours, _("Topic"): s.topic} for s in view.sessions],
                     hide_index=True, width="stretch", key="training_sessions")
    else:
        st.info(_("No sessions yet. Add the first one below."))
    if view.status == "cancelled":
        return
    errors = FormErrors(FORM)
    errors.flash()
    with st.form(FORM):
        st.markdown("**" + _("Add or change a session") + "**")
        left, mid, right = st.columns(3)
        number = left.number_input(_("Session number"), min_value=1, max_value=200, step=1,
                                   value=len(view.sessions) + 1, key="training_s_number")
        day = mid.date_input(_("Day"), value=view.row.starts_on, key="training_s_day")
        at = right.time_input(_("Start time"), value=time(9, 0), key="training_s_at", step=900)
        errors.under(_, "day")
        left, right = st.columns([1, 3])
        hours = left.text_input(_("Hours"), value="3", key="training_s_hours", max_chars=4)
        topic = right.text_input(_("Topic"), key="training_s_topic", max_chars=200)
        errors.under(_, "hours")
        errors.rest(_, ("day", "hours"))
        submitted = st.form_submit_button(_("Save the session"))
    if submitted:
        try:
            save_session(runtime.engine(), course_id=view.row.id, number=int(number), day=day, at=at, hours=hours,
                         topic=topic, by=by)
        except FieldErrors as exc:
            errors.keep(exc.errors)
        except PortalError as exc:
            refused(exc)
        else:
            errors.done(_("Session saved."))
    if view.sessions:
        with st.expander(_("Remove a session added by mistake")):
            by_id = {s.id: s.number for s in view.sessions}
            chosen = st.selectbox(_("Session"), list(by_id), key="training_s_remove",
                                  format_func=lambda i: _("Session {number}", number=by_id[i]))
            if st.button(_("Remove"), key="training_s_remove_button"):
                try:
                    remove_session(runtime.engine(), session_id=chosen, by=by)
                except PortalError as exc:
                    refused(exc)
                else:
                    note("success", N_("Session removed."))
                st.rerun()
