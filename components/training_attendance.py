"""A session's attendance: the TAP LIST (one large button per person, for a tablet: attended ones marked, ≥ 56 px
high), the ticket SCAN with the booth's scanner (components/qr_scanner.py) or the typed code, undoing a mistaken
tap, and the printable attendance sheet (an encrypted download: components/private_download.py)."""

from __future__ import annotations

import io

import streamlit as st

from components import outage, private_download, qr_scanner, runtime
from components.text import literal
from components.training_parts import note, refused
from models.training import AttendanceMethod
from services.core.errors import PortalError
from services.core.i18n import N_, Translator
from services.training.attendance import cancel_attendance, record_attendance
from services.training.queries import CourseView, RosterRow, SessionRow
from services.training.sheets import attendance_sheet

SESSION = "training_session"  # the session whose attendance is taken (its id)
SHEET = "training_sheet"  # the prepared attendance sheet (private_download entry)
CSS = """<style>
.st-key-training_tap button { min-height: 56px; width: 100%; font-size: 1.15rem; justify-content: flex-start; }
.st-key-training_tap [data-testid="stHorizontalBlock"] { gap: .6rem; }
</style>"""


def _record(session_id: int, by: int, method: str, seeker_id: int | None = None, code: str | None = None) -> None:
    try:
        done = record_attendance(runtime.engine(), session_id=session_id, by=by, method=method,
                                 seeker_id=seeker_id, ticket_code=code)
    except PortalError as exc:
        refused(exc)
        return
    if done.new:
        note("success", N_("{name}: attendance recorded."), name=done.name)
    else:
        note("warning", N_("{name} was already recorded for this session."), name=done.name)


@outage.callback
def _tapped(session_id: int, by: int, seeker_id: int) -> None:
    _record(session_id, by, AttendanceMethod.TAP, seeker_id=seeker_id)


def _scanner(session_id: int, by: int):
    @outage.callback
    def scanned(event: qr_scanner.ScanEvent) -> None:
        if event.next:
            return
        code = event.code
        if event.photo is not None:
            from services.recruiting.booth import decode_ticket_image

            code = decode_ticket_image(event.photo) if event.photo else None
        if not code:
            note("warning", N_("No ticket QR code was found. Hold the ticket closer, or type its code."))
            return
        _record(session_id, by, AttendanceMethod.SCAN, code=code)

    return scanned


@outage.callback
def _typed(session_id: int, by: int) -> None:
    _record(session_id, by, AttendanceMethod.SCAN, code=st.session_state.get("training_code", ""))
    st.session_state["training_code"] = ""


@outage.callback
def _undo(session_id: int, by: int) -> None:
    seeker_id = st.session_state.get("training_undo")
    if seeker_id is None:
        return
    try:
        cancel_attendance(runtime.engine(), session_id=session_id, seeker_id=seeker_id, by=by, reason="mistaken tap")
    except PortalError as exc:
        refused(exc)
        return
    note("success", N_("The attendance was taken back."))


def attendance(_: Translator, view: CourseView, people: list[RosterRow], *, by: int) -> None:
    if not view.sessions:
        st.info(_("Add the course's sessions first."))
        return
    by_id = {s.id: s for s in view.sessions}
    zone = runtime.local_zone()
    chosen = st.session_state.get(SESSION)
    if chosen not in by_id:
        st.session_state[SESSION] = view.sessions[0].id
    session_id = st.selectbox(
        _("Session"), list(by_id), key=SESSION,
        format_func=lambda i: _("Session {number}", number=by_id[i].number)
        + f" · {by_id[i].starts_at.astimezone(zone):%m-%d %H:%M} · {by_id[i].topic}")
    lesson: SessionRow = by_id[session_id]
    active = [p for p in people if p.status != "withdrawn"]
    here = sum(1 for p in active if session_id in p.attended)
    present = _("Present: {here} of {total}", here=here, total=len(active))
    st.markdown(f"**{present}**")
    tap, scan = st.tabs([_("Tap list"), _("Scan tickets")])
    with tap:
        st.html(CSS)
        st.caption(_("Tap a name when the person arrives. Names marked ✓ are recorded."))
        with st.container(key="training_tap"):
            columns = st.columns(3)
            for n, person in enumerate(active):
                present = session_id in person.attended
                label = ("✓ " if present else "") + literal(f"{person.name} · {person.village}")
                columns[n % 3].button(label, key=f"training_tap_{session_id}_{person.seeker_id}",
                                      type="primary" if present else "secondary", width="stretch",
                                      on_click=None if present else _tapped,
                                      args=None if present else (session_id, by, person.seeker_id))
        if here:
            with st.expander(_("Undo a mistaken tap")):
                marked = {p.seeker_id: f"{p.name} · {p.village}" for p in active if session_id in p.attended}
                st.selectbox(_("Person"), list(marked), key="training_undo", format_func=marked.get)
                st.button(_("Take the attendance back"), key="training_undo_button", on_click=_undo,
                          args=(session_id, by))
    with scan:
        qr_scanner.qr_scanner(_, key="training_scanner", on_scan=_scanner(session_id, by))
        with st.form("training_code_form", border=False):
            st.text_input(_("Or type the code under the QR code"), key="training_code", max_chars=20,
                          placeholder="7K3M 9QXA")
            st.form_submit_button(_("Record attendance"), on_click=_typed, args=(session_id, by))
    _sheet(_, view, lesson, people)


def _sheet(_: Translator, view: CourseView, lesson: SessionRow, people: list[RosterRow]) -> None:
    st.divider()
    match = (view.row.id, lesson.id, tuple((p.seeker_id, p.status, p.attended) for p in people))
    if st.button(_("Prepare the attendance sheet (Excel)"), key="training_sheet_make", icon=":material/print:"):
        data = attendance_sheet(view, lesson, people, _)
        private_download.seal(SHEET, io.BytesIO(data), filename=f"attendance-{view.row.id}-{lesson.number}.xlsx",
                              match=match)
    if private_download.sealed(SHEET, match):
        private_download.offer(_, SHEET, label=_("Download the attendance sheet"), button_key="training_sheet_dl",
                               once=True)
