"""Enrolling a person on a course at the staff desk: find them (ticket code or ID number, as the other desk
tasks), then a select of the courses offered to them and every other open course with seats
(services.training.offer.desk_course_choices); enrolled with channel `desk` and the worker recorded.
Values live under `desk_tr_`."""

from __future__ import annotations

import streamlit as st

from components import outage, runtime
from components.desk_parts import forget, found_person
from components.field_errors import FormErrors
from components.text import literal
from services.core.clock import local_today
from services.core.errors import PortalError
from services.core.i18n import N_, Translator
from services.registration.desk import DeskPerson, DeskWorker
from services.training.offer import OfferedCourse, desk_course_choices, enrol_at_desk
from services.training.offer_words import dates_text, kind_text, place_text

P = "desk_tr_"
ERRORS = FormErrors(P + "find")
COURSE, DONE, REFUSED = P + "course", P + "done", P + "refused"


def _next() -> None:
    forget(P)


@outage.callback
def _enrol(worker: DeskWorker, person: DeskPerson, titles: dict[int, str]) -> None:
    s = st.session_state
    course_id = s.get(COURSE)
    if not course_id:
        s[REFUSED] = (N_("Choose a course."), {})
        return
    try:
        enrol_at_desk(runtime.engine(), staff_id=worker.staff_id, seeker_id=person.seeker_id, course_id=course_id,
                      today=local_today())
    except PortalError as exc:
        s[REFUSED] = (exc.message, exc.values)
        return
    s[DONE], s[REFUSED] = titles.get(course_id, ""), None
    s.pop(COURSE, None)


def _label(_: Translator, course: OfferedCourse, language: str, *, offered: bool) -> str:
    mark = "★ " if offered else ""
    return (f"{mark}{course.title} · {kind_text(_, course.kind, course.trade)} · "
            f"{place_text(_, course.place_name, course.township, course.address)} · "
            f"{dates_text(_, course.starts_on, course.ends_on, language)} · "
            + _("{n} seats left").format(n=course.seats_left))


def render(_: Translator, worker: DeskWorker) -> None:
    person = found_person(_, worker, prefix=P, errors=ERRORS, button_key=P + "find")
    if person is None:
        return
    s, language = st.session_state, runtime.language()
    mine, matching, others = desk_course_choices(runtime.engine(), staff_id=worker.staff_id,
                                                 seeker_id=person.seeker_id, today=local_today())
    if s.get(DONE):
        st.success(_("Enrolled on “{title}”.").format(title=literal(s[DONE])), icon="✅")
    for course in mine:
        st.markdown("✅ " + _("Already enrolled: {title}").format(title=literal(course.title)))
    labels = {c.course_id: _label(_, c, language, offered=True) for c in matching}
    labels.update({c.course_id: _label(_, c, language, offered=False) for c in others})
    titles = {c.course_id: c.title for c in (*matching, *others)}
    if not labels:
        st.info(_("No open course has seats left."))
    else:
        st.selectbox(_("Course (★: fits this person)"), [0, *labels], key=COURSE,
                     format_func=lambda c: labels[c] if c else _("Choose a course"))
        if s.get(REFUSED):
            message, values = s[REFUSED]
            st.error(_(message).format(**values) if values else _(message), icon="⚠️")
        st.button(_("Enrol"), type="primary", on_click=_enrol, args=(worker, person, titles), key=P + "enrol",
                  icon=":material/school:")
    st.button(_("Next person"), on_click=_next, key=P + "next_person", icon=":material/person_add:")
