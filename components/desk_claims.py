"""The open claims at the staff desk: people who registered from a phone with an ID number registered
with another mobile (services.registration.claims.list_open_claims), oldest first, each with a button
to handle it — check the ID card, change the mobile (components.desk_parts.mobile_change_form), which
closes that person's claims. Values live under `desk_cl_`."""

from __future__ import annotations

import streamlit as st

from components import runtime
from components.desk_parts import changed, forget, mobile_change_form, show_desk_ticket
from components.text import literal
from services.core.i18n import N_, Translator
from services.registration.claims import list_open_claims
from services.registration.desk import DeskWorker, count_open_claims, get_person
from services.registration.tickets import format_ticket_code

P = "desk_cl_"
PICKED = P + "picked"
OUTCOMES = {
    "refused": N_("Told on the phone; not proven"),
    "desk": N_("Chose to come to the desk"),
    "proven": N_("Proven with the previous mobile"),
}


def open_count() -> int:
    return count_open_claims(runtime.engine())


def _pick(claim_id: int, seeker_id: int) -> None:
    forget(P)
    st.session_state[PICKED] = (claim_id, seeker_id)


def _done() -> None:
    forget(P)


def _handle(_: Translator, worker: DeskWorker, seeker_id: int) -> None:
    change = changed(P)
    person = get_person(runtime.engine(), staff_id=worker.staff_id, seeker_id=seeker_id)
    if change is not None and person is not None:
        st.success(_("Mobile changed from {old} to {new}.").format(old=literal(change.old_masked),
                                                                        new=literal(change.new_masked)))
        show_desk_ticket(_, code=change.ticket_code, name=person.name, place_name="", key=P + "slip")
        st.button(_("Next person"), type="primary", on_click=_done, key=P + "next_person",
                  icon=":material/person_add:")
        return
    if person is None:
        st.error(_("No ticket with this code was found."))
    else:
        mobile_change_form(_, prefix=P, person=person, staff_id=worker.staff_id)
    st.button(_("Back to the list"), on_click=_done, key=P + "back")


def render(_: Translator, worker: DeskWorker) -> None:
    picked = st.session_state.get(PICKED)
    if picked is not None:
        _handle(_, worker, picked[1])
        return
    claims = list_open_claims(runtime.engine(), runtime.vault())
    if not claims:
        st.info(_("No open claims: nobody is waiting for a mobile change."))
        return
    st.caption(_("People whose ID number is registered with another mobile. Ask for the ID card, then handle."))
    zone = runtime.local_zone()
    for claim in claims:
        with st.container(border=True, key=f"{P}row_{claim.claim_id}"):
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.markdown(_("**{registered}** (ticket {code}) · typed on the phone: {typed}, mobile {mobile}  \n"
                            "{when} · {outcome}").format(
                registered=literal(claim.registered_name), code=format_ticket_code(claim.ticket_code),
                typed=literal(claim.claimed_name), mobile=literal(claim.claimed_mobile),
                when=claim.created_at.astimezone(zone).strftime("%m-%d %H:%M"),
                outcome=_(OUTCOMES.get(claim.outcome, claim.outcome))))
            right.button(_("Handle"), key=f"{P}pick_{claim.claim_id}", on_click=_pick,
                         args=(claim.claim_id, claim.seeker_id), width="stretch")
