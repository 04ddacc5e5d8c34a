"""Registering a person at the staff desk: the phone form's step 1 (forms.validate_identity, the same
rules and messages) in a desk layout — who (left) and the village (right) — then the consent, read to
the person and ticked by the worker; confirm; the ticket and its slip; "Next person".

An ID number registered with another mobile: the registered person is shown (name, masked mobile) and
the worker changes the mobile after checking the ID card (components.desk_parts.mobile_change_form).
A registered person can join a household there and then (components/desk_household.py).
Every value lives under `desk_reg_` (and the profile taps under `reg_pf_`): "Next person" forgets them.
"""

from __future__ import annotations

import uuid

import streamlit as st

from components import desk_household, outage, profile_groups, runtime
from components.desk_parts import changed, forget, keep_errors, mobile_change_form, show_desk_ticket
from components.field_errors import FormErrors
from components.registration_form import read_form
from components.text import literal
from components.village_picker import place_label, village_picker
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import Translator
from services.core.reference import CONSENT_TEXT, GENDERS
from services.places.sources import Source
from services.registration.claims import PendingClaim
from services.registration.desk import DeskWorker, find_person, register_at_desk
from services.registration.register import RegistrationResult, validate_identity

P = "desk_reg_"
SID, DRAFT, RESULT, CLAIM, PERSON = P + "sid", P + "draft", P + "result", P + "claim", P + "person"
ERRORS = FormErrors(P + "form")


def _submission_id() -> str:
    return st.session_state.setdefault(SID, uuid.uuid4().hex)


def _on_next() -> None:
    try:
        st.session_state[DRAFT] = validate_identity(read_form(P), county=runtime.county())
        ERRORS.clear()
    except FieldErrors as exc:
        keep_errors(ERRORS, exc.errors)


@outage.callback
def _on_confirm(worker: DeskWorker, source: Source | None) -> None:
    draft = st.session_state.get(DRAFT)
    if draft is None or st.session_state.get(RESULT) is not None:  # a second tap: the first one's answer stands
        return
    try:
        outcome = register_at_desk(runtime.engine(), runtime.vault(), draft, staff_id=worker.staff_id,
                                   source=source, submission_id=_submission_id())
    except PortalError as exc:
        keep_errors(ERRORS, {"": (exc.message, exc.values)})
        return
    if isinstance(outcome, PendingClaim):
        st.session_state[CLAIM] = outcome
        st.session_state[PERSON] = find_person(runtime.engine(), runtime.vault(), staff_id=worker.staff_id,
                                               query=draft.resident_id.number)
    else:
        st.session_state[RESULT] = outcome


def _on_back() -> None:
    for key in (DRAFT, CLAIM, PERSON):
        st.session_state.pop(key, None)
    forget(P + "cl_")


def next_person() -> None:
    forget(P)


def _form(_: Translator, source: Source) -> None:
    keep = {"persist_state": "page", "on_change": "ignore"}
    left, right = st.columns(2, gap="large")
    with left:
        st.text_input(_("Name (as on the ID card)"), key=P + "name", max_chars=30, autocomplete="off", **keep)
        ERRORS.under(_, "name")
        st.text_input(_("ID number (18 characters)"), key=P + "id_number", max_chars=24, autocomplete="off", **keep)
        ERRORS.under(_, "id_number")
        st.text_input(_("Mobile number"), key=P + "phone", max_chars=20, autocomplete="off",
                      placeholder=_("11 digits, starting with 1"), **keep)
        st.caption(_("The mobile may be a family member's: say so to the person. Employers call this number."))
        ERRORS.under(_, "phone")
    with right:
        village_picker(_, key_prefix=P, county=runtime.county(), language=runtime.language(),
                       prefer_township=source.township)
        ERRORS.under(_, "township")
        ERRORS.under(_, "village")
    with st.container(border=True):
        st.markdown(_("**Read this consent to the person:**"))
        st.markdown(_(CONSENT_TEXT))
    st.checkbox(_("I have read the consent to this person and they agree"), key=P + "consent", **keep)
    ERRORS.under(_, "consent")
    ERRORS.rest(_, ("name", "id_number", "phone", "township", "village", "consent"))
    st.button(_("Next: check the details"), type="primary", on_click=_on_next, key=P + "next")


def _confirmation(_: Translator, worker: DeskWorker, source: Source) -> None:
    draft = st.session_state[DRAFT]
    rid = draft.resident_id
    st.subheader(_("Check the details with the person"), anchor=False)
    village = (place_label(runtime.county(), f"{draft.township}/{draft.village}", runtime.language())
               if draft.township else draft.village)
    left, right = st.columns(2, gap="large")
    with left:
        for label, value in {_("Name"): draft.name, _("ID number"): rid.masked, _("Mobile number"): draft.phone,
                             _("Village"): village}.items():
            st.text(_("{label}: {value}").format(label=label, value=value))
    with right:
        st.markdown(_("From the ID number: born {birth}, **{age}** years old, **{gender}**.").format(
            birth=rid.birth_date.isoformat(), age=draft.age(), gender=_(GENDERS[rid.gender])))
        st.caption(_("Registered by {worker}; the consent was read to the person.").format(
            worker=literal(worker.display_name)))
    ERRORS.rest(_, ())
    st.button(_("Confirm and register"), type="primary", on_click=_on_confirm, args=(worker, source),
              key=P + "confirm", icon=":material/how_to_reg:")
    st.button(_("Back to edit"), on_click=_on_back, key=P + "back")


def _claim(_: Translator, worker: DeskWorker, source: Source) -> None:
    person = st.session_state[PERSON]
    draft = st.session_state[DRAFT]
    st.subheader(_("This ID number is already registered with another mobile"), anchor=False)
    st.warning(_("Check the person's ID card. If it is theirs, change the registered mobile to the new one."))
    mobile_change_form(_, prefix=P + "cl_", person=person, staff_id=worker.staff_id, new_mobile=draft.phone,
                       draft=draft, source=source, submission_id=_submission_id())
    st.button(_("Back to edit"), on_click=_on_back, key=P + "claim_back")


def _result(_: Translator, worker: DeskWorker, result: RegistrationResult, name: str, source: Source) -> None:
    st.success(_("Registered.") if result.created else
               _("Already registered: the details are updated; the ticket stays the same."))
    show_desk_ticket(_, code=result.ticket_code, name=name, place_name=source.name, key=P + "slip")
    st.button(_("Next person"), type="primary", on_click=next_person, key=P + "next_person",
              icon=":material/person_add:")
    with st.expander(_("Ask the profile questions now (optional)")):
        profile_groups.render(_, result.ticket_code)
    draft = st.session_state[DRAFT]
    with st.expander(_("Join a household (optional)")):
        desk_household.join_form(_, worker, seeker_id=result.seeker_id, township=draft.township or "",
                                 village=draft.village or "", prefix=P + "hh_")


def render(_: Translator, worker: DeskWorker, source: Source) -> None:
    draft = st.session_state.get(DRAFT)
    result = st.session_state.get(RESULT)
    change = changed(P + "cl_")
    if change is not None and change.registration is not None:
        result = change.registration
        st.info(_("Mobile changed from {old} to {new}.").format(old=literal(change.old_masked),
                                                                     new=literal(change.new_masked)))
    if result is not None and draft is not None:
        _result(_, worker, result, draft.name, source)
    elif st.session_state.get(CLAIM) is not None and draft is not None:
        _claim(_, worker, source)
    elif draft is not None:
        _confirmation(_, worker, source)
    else:
        _form(_, source)
