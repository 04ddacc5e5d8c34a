"""Pieces the staff desk's three tasks share (pages/staff/desk.py): forgetting a person, messages beside
fields, the ticket with its printable slip, and the mobile change after checking the ID card.

Every value of the person in front of the desk lives under one session-key prefix per task
(`desk_reg_`, `desk_cl_`, `desk_pf_`) plus the profile questions' `reg_pf_` keys
(components.profile_groups): "Next person" (`forget`) removes them all, so nothing of the previous
person stays on screen or in the session.
"""

from __future__ import annotations

import html

import streamlit as st

from components import outage, runtime
from components.field_errors import FormErrors
from components.print_slip import show_slip
from components.text import literal
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import Translator
from services.places.sources import Source
from services.registration.desk import DeskPerson, DeskWorker, find_person
from services.registration.desk_mobile import MAX_REASON, MobileChanged, change_mobile
from services.registration.forms import RegistrationDraft
from services.registration.slips import ticket_slip
from services.registration.tickets import format_ticket_code, ticket_png

PROFILE_KEYS = "reg_pf_"  # components.profile_groups


def forget(*prefixes: str) -> None:
    """Remove every session value of the person served under these prefixes (and their profile taps)."""
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith((*prefixes, PROFILE_KEYS)):
            del st.session_state[key]


def keep_errors(form: FormErrors, errors: dict) -> None:
    """Messages beside the fields, from a callback (FormErrors.keep reruns, which a callback may not)."""
    st.session_state[form.key] = dict(errors)


def show_desk_ticket(_: Translator, *, code: str, name: str, place_name: str, key: str) -> None:
    """The person's ticket: the printable slip (components.print_slip), or the QR and the big code."""
    st.subheader(_("Ticket of {name}").format(name=literal(name)), anchor=False)
    slip = ticket_slip(runtime.engine(), ticket_code=code, place_name=place_name)
    if slip is not None:  # None: the ticket is gone (data reset); its QR and code still show
        show_slip(_, slip, key=key)
        return
    st.image(ticket_png(code), width=220)
    st.markdown(f"<div style='font-size:2.4rem;font-weight:700;letter-spacing:.2rem'>"
                f"{html.escape(format_ticket_code(code))}</div>", unsafe_allow_html=True)


@outage.callback
def _on_find_person(worker: DeskWorker, prefix: str, errors: FormErrors) -> None:
    try:
        st.session_state[prefix + "person"] = find_person(runtime.engine(), runtime.vault(), staff_id=worker.staff_id,
                                                          query=st.session_state.get(prefix + "query") or "")
        errors.clear()
    except FieldErrors as exc:
        keep_errors(errors, exc.errors)


def found_person(_: Translator, worker: DeskWorker, *, prefix: str, errors: FormErrors,
                 button_key: str) -> DeskPerson | None:
    """A desk task's first step: the person found by ticket code or ID number (kept under `prefix + "person"`),
    shown in a few lines; None while the search box is shown."""
    person: DeskPerson | None = st.session_state.get(prefix + "person")
    if person is None:
        st.text_input(_("Ticket code or ID number"), key=prefix + "query", max_chars=24, autocomplete="off")
        errors.under(_, "query")
        st.button(_("Find"), type="primary", on_click=_on_find_person, args=(worker, prefix, errors),
                  key=button_key, icon=":material/search:")
        return None
    person_lines(_, person)
    return person


def person_lines(_: Translator, person: DeskPerson) -> None:
    st.markdown(_("**{name}** · ticket {code} · mobile {mobile} · {village}").format(
        name=literal(person.name), code=format_ticket_code(person.ticket_code), mobile=literal(person.phone_masked),
        village=literal(person.village)))


@outage.callback
def _on_change(prefix: str, person: DeskPerson, staff_id: int, draft: RegistrationDraft | None,
               source: Source | None, submission_id: str) -> None:
    s, errors = st.session_state, FormErrors(prefix + "change")
    if changed(prefix) is not None:  # a second tap: the first one's change stands
        return
    try:
        done = change_mobile(runtime.engine(), runtime.vault(), staff_id=staff_id, seeker_id=person.seeker_id,
                                new_mobile=s.get(prefix + "new_mobile") or "", reason=s.get(prefix + "reason") or "",
                                id_card_checked=bool(s.get(prefix + "id_card")), draft=draft, source=source,
                                submission_id=submission_id)
    except FieldErrors as exc:
        keep_errors(errors, exc.errors)
        return
    except PortalError as exc:
        keep_errors(errors, {"": (exc.message, exc.values)})
        return
    errors.clear()
    s[prefix + "changed"] = done


def changed(prefix: str) -> MobileChanged | None:
    return st.session_state.get(prefix + "changed")


def mobile_change_form(_: Translator, *, prefix: str, person: DeskPerson, staff_id: int, new_mobile: str = "",
                       draft: RegistrationDraft | None = None, source: Source | None = None,
                       submission_id: str = "") -> None:
    """Check the ID card, type the new mobile and why: the person's mobile changes (audited, claims closed)."""
    errors = FormErrors(prefix + "change")
    st.markdown(_("Registered: **{name}**, mobile {mobile}").format(name=literal(person.name),
                                                                   mobile=literal(person.phone_masked)))
    st.checkbox(_("I have checked the ID card: the name and the number are this person's."), key=prefix + "id_card")
    errors.under(_, "id_card")
    if prefix + "new_mobile" not in st.session_state:
        st.session_state[prefix + "new_mobile"] = new_mobile
    st.text_input(_("New mobile number (may be a family member's)"), key=prefix + "new_mobile", max_chars=20,
                  autocomplete="off")
    errors.under(_, "new_mobile")
    st.text_input(_("Why does the mobile number change?"), key=prefix + "reason", max_chars=MAX_REASON,
                  placeholder=_("e.g. the old phone was lost"), autocomplete="off")
    errors.under(_, "reason")
    errors.rest(_, ("id_card", "new_mobile", "reason"))
    st.button(_("Change the mobile number"), type="primary", key=prefix + "change_go", on_click=_on_change,
              args=(prefix, person, staff_id, draft, source, submission_id), icon=":material/phone_forwarded:")
