"""Completion (the 80 % attendance rule, or anyway with a reason) and certificates, and the printable completion
list (an encrypted download: components/private_download.py)."""

from __future__ import annotations

import io

import streamlit as st

from components import outage, private_download, runtime
from components.text import literal
from components.training_parts import note, refused
from services.core.errors import PortalError
from services.core.i18n import N_, Translator
from services.training.completion import LEVEL_LABELS, complete, issue_certificate, needed
from services.training.queries import CourseView, RosterRow, completion_list
from services.training.sheets import completion_sheet

LIST = "training_completion_list"


@outage.callback
def _complete(enrolment_id: int, by: int) -> None:
    try:
        complete(runtime.engine(), enrolment_id=enrolment_id, by=by,
                 reason=st.session_state.get(f"training_why_{enrolment_id}", ""))
    except PortalError as exc:
        refused(exc)
        return
    note("success", N_("Completed."))


@outage.callback
def _certify(enrolment_id: int, by: int) -> None:
    try:
        number = issue_certificate(runtime.engine(), enrolment_id=enrolment_id, by=by,
                                   level=st.session_state.get(f"training_level_{enrolment_id}") or "")
    except PortalError as exc:
        refused(exc)
        return
    note("success", N_("Certificate {number} issued."), number=number)


def completion(_: Translator, view: CourseView, people: list[RosterRow], *, by: int) -> None:
    total = len(view.sessions)
    st.caption(_("A person completes the course after attending {needed} of its {total} sessions (80 %). Staff may "
                 "complete someone anyway with a reason.", needed=needed(total), total=total))
    if view.status == "cancelled":
        st.info(_("This course was cancelled."))
    for p in people:
        if p.status == "withdrawn":
            continue
        with st.container(border=True, key=f"training_done_{p.enrolment_id}"):
            left, right = st.columns([2, 3])
            left.markdown(f"**{literal(p.name)}** · {literal(p.village)}  \n"
                          + _("Attended {attended} of {total}", attended=len(p.attended), total=total))
            with right:
                if p.status == "enrolled" and view.status != "cancelled":
                    if len(p.attended) < needed(total) or not total:
                        st.text_input(_("Reason to complete anyway"), key=f"training_why_{p.enrolment_id}",
                                      max_chars=200)
                    st.button(_("Complete"), key=f"training_complete_{p.enrolment_id}", on_click=_complete,
                              args=(p.enrolment_id, by))
                elif p.status == "completed" and not p.certificate:
                    st.selectbox(_("Level"), list(LEVEL_LABELS), key=f"training_level_{p.enrolment_id}",
                                 format_func=lambda lv: _(LEVEL_LABELS[lv]))
                    st.button(_("Issue the certificate"), key=f"training_certify_{p.enrolment_id}", type="primary",
                              on_click=_certify, args=(p.enrolment_id, by))
                elif p.certificate:
                    st.markdown(_("Certificate no. {number}", number=p.certificate))
    st.divider()
    match = (view.row.id, tuple((p.enrolment_id, p.status, p.certificate) for p in people))
    if st.button(_("Prepare the completion list (Excel)"), key="training_list_make", icon=":material/print:"):
        course, rows = completion_list(runtime.engine(), course_id=view.row.id, by=by)
        private_download.seal(LIST, io.BytesIO(completion_sheet(course, rows, _)),
                              filename=f"completion-{view.row.id}.xlsx", match=match)
    if private_download.sealed(LIST, match):
        private_download.offer(_, LIST, label=_("Download the completion list"), button_key="training_list_dl",
                               once=True)
