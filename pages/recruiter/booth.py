"""At the booth (recruiters, on a laptop, tablet or phone): scan a ticket or type its code, see the
seeker's card, and record a stage for one of the employer's open vacancies with one tap.

A photo is read once (its file id is remembered), so the reruns that follow a tap do not count
another scan; the card itself is read again after each tap and shows the new stage and phone.
"""

from __future__ import annotations

import streamlit as st

from components import auth, routes, runtime
from components.seeker_card import camera_photo, show_seeker_card
from components.stage_controls import Target, stage_controls
from models import Role
from services.core.errors import PortalError
from services.recruiting.booth import (
    ScanMethod,
    decode_ticket_image,
    fairs_today,
    open_seeker_card,
    seeker_card,
)
from services.recruiting.pipeline_view import list_vacancies

SEEKER = "booth_seeker"  # the seeker whose card is open
PHOTO = "booth_photo_id"  # the last photo read

_ = runtime.page()
user = auth.require(Role.RECRUITER)
engine, vault, county, language = runtime.engine(), runtime.vault(), runtime.county(), runtime.language()

st.title(_("Booth: scan tickets"))
fairs = fairs_today(engine)
fair_names = {f.id: f.name for f in fairs}
fair_id = st.selectbox(_("Fair"), [*fair_names, None], key="booth_fair",
                       format_func=lambda i: _("Not at a fair") if i is None else fair_names[i],
                       help=_("Scans and hires are counted for this fair."))


def _open(code: str, method: ScanMethod) -> None:
    try:
        card = open_seeker_card(engine, vault, employer_id=user.employer_id, user_id=user.user_id, code=code,
                                method=method, fair_id=fair_id)
    except PortalError as exc:
        st.session_state.pop(SEEKER, None)  # never leave the last person's card under a failed scan
        st.error(_(exc.message, **exc.values))
        return
    st.session_state[SEEKER] = card.seeker_id


scan, typed = st.columns([3, 2])
with scan:
    photo = camera_photo(_("Scan the ticket: point the camera at the QR code and take a photo"), key="booth_camera")
    if photo is not None and st.session_state.get(PHOTO) != photo.file_id:
        st.session_state[PHOTO] = photo.file_id
        code = decode_ticket_image(photo.getvalue())
        if code is None:
            st.session_state.pop(SEEKER, None)
            st.warning(_("No ticket QR code found in this photo. Hold the ticket closer and steady, "
                         "clear the photo and try again, or type the code."))
        else:
            _open(code, ScanMethod.CAMERA)
with typed, st.form("booth_code_form", border=False):
    st.text_input(_("Or type the code under the QR code"), key="booth_code", max_chars=20, placeholder="7K3M 9QXA")
    if st.form_submit_button(_("Open the card"), icon=":material/badge:", width="stretch"):
        _open(st.session_state.get("booth_code", ""), ScanMethod.TYPED)

seeker_id = st.session_state.get(SEEKER)
card = seeker_card(engine, vault, employer_id=user.employer_id, seeker_id=seeker_id) if seeker_id else None
if card is None:
    st.info(_("Scan a job seeker's ticket or type its code to see their card."))
    st.stop()

show_seeker_card(_, card, county=county, language=language)

vacancies = list_vacancies(engine, employer_id=user.employer_id, open_only=True)
if not vacancies:
    st.warning(_("Your company has no open vacancy. Post one to record interest, interviews and hires."))
    st.page_link(routes.file("vacancies"), label=_("Vacancies"), icon=":material/work:")
    st.stop()
by_id = {v.id: v for v in vacancies}
stages = {a.vacancy_id: a.stage for a in card.applications}
latest = next((a.vacancy_id for a in card.applications if a.vacancy_id in by_id), vacancies[0].id)
vacancy_id = st.selectbox(_("For which vacancy?"), list(by_id), index=list(by_id).index(latest),
                          key=f"booth_vacancy_{card.seeker_id}", format_func=lambda i: by_id[i].title)
vacancy = by_id[vacancy_id]
stage_controls(_, engine, user, Target(
    key=f"bo_{card.seeker_id}_{vacancy.id}", seeker_id=card.seeker_id, seeker_name=card.name, vacancy_id=vacancy.id,
    vacancy_title=vacancy.title, current=stages.get(vacancy.id), wage_default=vacancy.wage_min,
    contract_default=vacancy.contract_months, fair_id=fair_id))
