"""Completing a profile at the staff desk: find the person by ticket code or ID number
(services.registration.desk.find_person), see which answers are missing (profile.missing_groups,
worded by profile_labels), and ask them (components.profile_groups: saved group by group).
Values live under `desk_pf_`."""

from __future__ import annotations

import streamlit as st

from components import profile_groups, runtime
from components.desk_parts import forget, found_person
from components.field_errors import FormErrors
from services.core.i18n import Translator
from services.registration.desk import DeskWorker
from services.registration.profile_labels import MISSING_LINE, missing_labels

P = "desk_pf_"
ERRORS = FormErrors(P + "find")


def _next() -> None:
    forget(P)


def render(_: Translator, worker: DeskWorker) -> None:
    person = found_person(_, worker, prefix=P, errors=ERRORS, button_key=P + "find")
    if person is None:
        return
    missing = profile_groups.profile_of(person.ticket_code).missing
    if missing:
        st.warning(_(MISSING_LINE).format(groups=missing_labels(missing, _, runtime.language())))
    else:
        st.success(_("The profile is complete."))
    st.button(_("Next person"), type="primary", on_click=_next, key=P + "next_person", icon=":material/person_add:")
    profile_groups.render(_, person.ticket_code)
