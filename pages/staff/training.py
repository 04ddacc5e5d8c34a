"""Skills training (organizers and township staff; township staff their own township's courses): the course list
with seats left (filters: kind, township, upcoming / running / over), a new course, and one course's page:
sessions, roster and enrolment from a list, the attendance tap list and ticket scan, completion and certificates,
the printable attendance sheet and completion list. The rules are services.training's."""

import streamlit as st

from components import auth, runtime
from components.text import literal
from components.training_attendance import attendance
from components.training_completion import completion
from components.training_form import course_form
from components.training_parts import COURSE, STATE_LABELS, kind_label, note, open_course, place_label, show_note
from components.training_roster import enrol_people, roster_table, take_off
from components.training_sessions import sessions
from models import Role
from services.accounts.township import township_scope
from services.core.errors import PortalError
from services.core.i18n import N_
from services.training.choices import form_choices
from services.training.course_rules import KIND_LABELS, CourseForm
from services.training.courses import cancel_course, create_course, update_course
from services.training.queries import PER_PAGE, course_list, course_view, roster

_ = runtime.page()
user = auth.require(Role.ORGANIZER, Role.TOWNSHIP)
engine, county = runtime.engine(), runtime.county()
try:
    own = township_scope(engine, user.user_id).township
except PortalError as exc:
    st.error(_(exc.message).format(**exc.values))
    st.stop()


def _created(form: CourseForm) -> None:
    course_id = create_course(engine, form=form, by=user.user_id)
    note("success", N_("Course created."))
    open_course(course_id)
    st.rerun()


def course_page(course_id: int) -> None:
    try:
        view = course_view(engine, course_id=course_id, by=user.user_id)
    except PortalError as exc:
        open_course(None)
        st.error(_(exc.message).format(**exc.values))
        return
    st.button(_("All courses"), icon=":material/arrow_back:", key="training_back", on_click=open_course,
              args=(None,))
    st.title(literal(view.row.title))
    row = view.row
    st.caption(" · ".join(x for x in (
        kind_label(_, row.kind), literal(row.provider), place_label(_, row.township), literal(row.place),
        f"{row.starts_on:%Y-%m-%d} – {row.ends_on:%Y-%m-%d}", _(STATE_LABELS[row.state])) if x))
    if view.status == "cancelled":
        st.warning(_("Cancelled: {reason}").format(reason=literal(view.cancel_reason)))
    left, mid, right = st.columns(3)
    left.metric(_("Seats"), row.capacity)
    mid.metric(_("Enrolled"), row.enrolled)
    right.metric(_("Seats left"), row.seats_left)
    show_note(_)
    people = roster(engine, course_id=course_id, by=user.user_id)
    tabs = st.tabs([_("Attendance"), _("Roster"), _("Sessions"), _("Completion"), _("Edit or cancel")])
    with tabs[0]:
        attendance(_, view, people, by=user.user_id)
    with tabs[1]:
        roster_table(_, view, people)
        enrol_people(_, view, by=user.user_id)
        take_off(_, view, people, by=user.user_id)
    with tabs[2]:
        sessions(_, view, by=user.user_id)
    with tabs[3]:
        completion(_, view, people, by=user.user_id)
    with tabs[4]:
        if view.status == "cancelled":
            st.info(_("This course was cancelled."))
            return
        course_form(_, key=f"training_edit_{course_id}", start=view.form, choices=form_choices(engine),
                    own_township=own, submit_label=_("Save the course"),
                    save=lambda form: _saved(course_id, form))
        with st.expander(_("Cancel the course")):
            st.caption(_("Enrolments stay; no one can enrol any more and figures leave the course out."))
            reason = st.text_input(_("Why"), key=f"training_cancel_why_{course_id}", max_chars=200)
            if st.button(_("Cancel the course"), key=f"training_cancel_{course_id}", type="primary"):
                try:
                    cancel_course(engine, course_id=course_id, by=user.user_id, reason=reason)
                except PortalError as exc:
                    st.error(_(exc.message).format(**exc.values))
                else:
                    note("success", N_("Course cancelled."))
                    st.rerun()


def _saved(course_id: int, form: CourseForm) -> None:
    update_course(engine, course_id=course_id, form=form, by=user.user_id)
    note("success", N_("Course saved."))
    st.rerun()


def list_page() -> None:
    st.title(_("Training courses"))
    show_note(_)
    left, mid, right = st.columns(3)
    kind = left.selectbox(_("Kind of training"), ["", *KIND_LABELS], key="training_f_kind",
                          format_func=lambda k: kind_label(_, k) if k else _("All kinds"))
    if own is None:
        township = mid.selectbox(_("Township"), ["", *(t.name for t in county.townships)], key="training_f_town",
                                 format_func=lambda t: place_label(_, t) if t else _("All townships"))
    else:
        township = own
        mid.caption(_("Township: {township}").format(township=place_label(_, own)))
    state = right.segmented_control(_("When"), list(STATE_LABELS), key="training_f_state",
                                    format_func=lambda s: _(STATE_LABELS[s]))
    filters = {"kind": kind or None, "township": township or None, "state": state}
    page = st.session_state.get("training_f_page", 1) - 1
    rows, total = course_list(engine, by=user.user_id, page=page, **filters)
    if not rows and page:  # the filters changed under a later page: back to the first
        page, (rows, total) = 0, course_list(engine, by=user.user_id, **filters)
    if not rows:
        st.info(_("No courses yet."))
    elif total > len(rows):
        st.caption(_("Courses {first}–{last} of {total}, newest first.").format(
            first=page * PER_PAGE + 1, last=page * PER_PAGE + len(rows), total=total))
    for r in rows:
        label = (f"{literal(r.title)} · {kind_label(_, r.kind)} · {place_label(_, r.township)} · "
                 f"{r.starts_on:%m-%d} – {r.ends_on:%m-%d} · {_(STATE_LABELS[r.state])} · "
                 + _("{left} of {capacity} seats left", left=r.seats_left, capacity=r.capacity))
        st.button(label, key=f"training_open_{r.id}", on_click=open_course, args=(r.id,), width="stretch")
    if total > PER_PAGE:
        st.number_input(_("Page"), min_value=1, max_value=-(-total // PER_PAGE), value=page + 1,
                        key="training_f_page")
    with st.expander(_("New course"), expanded=not rows):
        course_form(_, key="training_new", start=None, choices=form_choices(engine), own_township=own,
                    save=_created, submit_label=_("Create the course"))


chosen = st.session_state.get(COURSE)
if chosen:
    course_page(chosen)
else:
    list_page()
