"""Completing a profile at the staff desk: find the person by ticket code or ID number
(services.registration.desk.find_person), see which answers are missing (profile.missing_groups,
worded by profile_labels), and ask them (components.profile_groups: saved group by group).
Values live under `desk_pf_`."""

from __future__ import annotations

import streamlit as st

from components import outage, profile_groups, runtime
from components.desk_parts import forget, keep_errors, person_lines
from components.field_errors import FormErrors
from services.core.errors import FieldErrors
from services.core.i18n import Translator
from services.registration.desk import DeskWorker, find_person
from services.registration.profile_labels import MISSING_LINE, missing_labels

P = "desk_pf_"
PERSON = P + "person"
ERRORS = FormErrors(P + "find")


@outage.callback
def _on_find(worker: DeskWorker) -> None:
    try:
        st.session_state[PERSON] = find_person(runtime.engine(), runtime.vault(), staff_id=worker.staff_id,
                                               query=st.session_state.get(P + "query") or "")
        ERRORS.clear()
    except FieldErrors as exc:
        keep_errors(ERRORS, exc.errors)


def _next() -> None:
    forget(P)


def render(_: Translator, worker: DeskWorker) -> None:
    person = st.session_state.get(PERSON)
    if person is None:
        st.text_input(_("Ticket code or ID number"), key=P + "query", max_chars=24, autocomplete="off")
        ERRORS.under(_, "query")
        st.button(_("Find"), type="primary", on_click=_on_find, args=(worker,), key=P + "find",
                  icon=":material/search:")
        return
    person_lines(_, person)
    missing = profile_groups.profile_of(person.ticket_code).missing
    if missing:
        st.warning(_(MISSING_LINE).format(groups=missing_labels(missing, _, runtime.language())))
    else:
        st.success(_("The profile is complete."))
    st.button(_("Next person"), type="primary", on_click=_next, key=P + "next_person", icon=":material/person_add:")
    profile_groups.render(_, person.ticket_code)
