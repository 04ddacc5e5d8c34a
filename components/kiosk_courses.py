"""The kiosk's training screen: courses near the site (services.training.offer.courses_near_site) in large
cards; "报名" on one asks for the ticket code, typed or scanned (a QR reader types the code the ticket's QR
holds), and enrols with channel `kiosk`. Everything under `kw_…` keys: the kiosk's reset forgets it."""

from __future__ import annotations

import streamlit as st

from components import kiosk_steps, outage, runtime
from components import kiosk_wizard as kw
from components.course_card import course_lines
from components.text import literal
from services.core.clock import local_today
from services.core.errors import PortalError
from services.core.i18n import Translator
from services.places.sources import Source
from services.training.offer import courses_near_site, enrol_with_ticket

COURSES = kiosk_steps.COURSES
CHOSEN, ENROLLED, ERROR = kw.P + "course_chosen", kw.P + "course_enrolled", kw.P + "course_error"


def _code_key() -> str:
    return kw.key("course_code")


def _choose(course: tuple[int, str] | None) -> None:
    s = st.session_state
    s[CHOSEN], s[ENROLLED], s[ERROR] = course, None, None


def _back() -> None:
    _choose(None)
    kw.on_screen(kw.START, at=COURSES)


@outage.callback
def _enrol() -> None:
    s = st.session_state
    chosen = s.get(CHOSEN)
    if chosen is None:
        return
    try:
        enrol_with_ticket(runtime.engine(), ticket_code=s.get(_code_key(), ""), course_id=chosen[0],
                          today=local_today(), channel="kiosk")
    except PortalError as exc:
        s[ERROR] = (exc.message, exc.values)
        return
    s[ENROLLED], s[CHOSEN], s[ERROR] = chosen[1], None, None


def screen(_: Translator, source: Source) -> None:
    s = st.session_state
    st.title("🎓 " + _("Training courses near here"), anchor=False)
    if s.get(ENROLLED):
        st.success(_("You are enrolled on “{title}”. Come on the first day with your ticket.")
                   .format(title=literal(s[ENROLLED])), icon="✅")
        st.button(_("Back"), key=kw.key("course_done_back"), on_click=_back, width="stretch", type="primary")
        return
    chosen = s.get(CHOSEN)
    if chosen is not None:
        st.subheader(_("Enrol on “{title}”").format(title=literal(chosen[1])), anchor=False)
        st.text_input(_("Type your ticket code, or scan the QR code on your ticket"), key=_code_key(),
                      max_chars=20, placeholder="7K3M 9QXA")
        if s.get(ERROR):
            message, values = s[ERROR]
            st.error(_(message).format(**values) if values else _(message), icon="⚠️")
        kiosk_steps.nav(_, "course", back=_choose, back_args=(None,), forward_label=_("Enrol"), forward=_enrol)
        return
    courses = courses_near_site(runtime.engine(), site_id=source.site_id, today=local_today()) \
        if source.site_id is not None else []
    if not courses:
        st.info(_("No training course near here at the moment. Ask the staff, or come back later."))
    language = runtime.language()
    for course in courses:
        with st.container(border=True):
            course_lines(_, course, language)
            st.button(_("Enrol"), key=kw.key(f"course_enrol_{course.course_id}"), type="primary", width="stretch",
                      icon="📝", on_click=_choose, args=((course.course_id, course.title),))
    st.button(_("Back"), key=kw.key("course_back"), on_click=_back, width="stretch")
