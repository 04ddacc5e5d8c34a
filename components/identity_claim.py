"""The screen shown when the ID number is registered with another mobile: nothing was changed and
no ticket is shown; the person may prove it with the previous mobile's full number, or go to a
staff desk with the ID card, or go back and correct what they typed (the ID's field marked).

State lives under the registration form's keys (components.registration_form: CLAIM, DESK, the
`reg_` widget prefix), so "Register another person" clears it with the rest.
"""

from __future__ import annotations

import streamlit as st

from components import outage, runtime
from components.registration_form import CLAIM, DESK, DRAFT, ERRORS, RESULT, P, start_over, submission_id
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import N_, Translator
from services.places.sources import Source
from services.registration.claims import PendingClaim, prove_claim, send_to_desk

PROOF = P + "previous_mobile"  # the proof field's widget key (and its message's field name)
WRONG = N_("This is not the mobile number registered before. Tries left: {tries}.")
NO_MORE = N_("Too many wrong numbers. Please go to a staff desk with your ID card.")
DESK_ADVICE = N_("Or go to a staff desk at the fair and bring your ID card. The staff will check that it is "
                 "you and change the mobile number for you.")


def _errors() -> dict:
    return st.session_state.setdefault(ERRORS, {})


@outage.callback  # database down: the message above, the proof typed stays
def _on_prove(source: Source) -> None:
    claim: PendingClaim | None = st.session_state.get(CLAIM)
    draft = st.session_state.get(DRAFT)
    if claim is None or draft is None:
        return
    _errors().pop("previous_mobile", None)
    try:
        outcome = prove_claim(runtime.engine(), runtime.vault(), draft, claim_id=claim.claim_id,
                              previous_mobile=st.session_state.get(PROOF) or "", source=source,
                              submission_id=submission_id())
    except FieldErrors as exc:
        _errors()["previous_mobile"] = exc.errors.get("previous_mobile", exc.message)
        return
    except PortalError as exc:  # the attempt is gone or the details changed: start from the form again
        _errors()["previous_mobile"] = exc.message
        return
    if isinstance(outcome, PendingClaim):
        st.session_state[CLAIM] = outcome
        if outcome.wrong:
            _errors()["previous_mobile"] = (WRONG, {"tries": outcome.tries_left}) if outcome.tries_left else NO_MORE
        return
    st.session_state[RESULT] = outcome
    for key in (CLAIM, DESK, ERRORS, PROOF):
        st.session_state.pop(key, None)


@outage.callback
def _on_desk() -> None:
    claim: PendingClaim | None = st.session_state.get(CLAIM)
    if claim is not None:
        send_to_desk(runtime.engine(), claim_id=claim.claim_id)
    st.session_state[DESK] = True


def _on_back() -> None:
    """Back to the form, everything typed kept, the message beside the ID number."""
    for key in (CLAIM, DESK, DRAFT, PROOF):
        st.session_state.pop(key, None)
    _errors().pop("previous_mobile", None)


def _proof_error(_: Translator) -> None:
    message = _errors().get("previous_mobile")
    if message:
        text, values = message if isinstance(message, tuple) else (message, {})
        st.error(_(text).format(**values), icon="⚠️")


def render_claim(_: Translator, source: Source) -> None:
    claim: PendingClaim = st.session_state[CLAIM]
    st.subheader(_("This ID number is already registered"))
    st.warning(_(claim.message).format(end=claim.phone_end) + "\n\n" +
               _("Nothing was changed and no ticket is shown here."))
    if st.session_state.get(DESK):
        st.info(_("Please bring your ID card to a staff desk at the fair. The staff will check that it is you "
                  "and give you your ticket."))
        st.button(_("Register another person"), on_click=start_over, width="stretch")
        st.button(_("Back to edit"), on_click=_on_back, width="stretch")
        return
    if claim.tries_left > 0:
        st.markdown(_("**Is it you?** Enter the full mobile number you registered with before:"))
        st.text_input(_("Previous mobile number"), key=PROOF, max_chars=20, type="phone",
                      persist_state="page")
        _proof_error(_)
        st.button(_("Check the number and get my ticket"), type="primary", on_click=_on_prove, args=(source,),
                  width="stretch")
    elif _errors().get("previous_mobile"):
        _proof_error(_)
    else:
        st.error(_(NO_MORE), icon="⚠️")
    st.info(_(DESK_ADVICE))
    st.button(_("I will go to the staff desk"), on_click=_on_desk, width="stretch")
    st.button(_("Back to edit"), on_click=_on_back, width="stretch")
