"""At the booth (recruiters, on a phone, tablet or laptop): a live scanner opens a seeker's card as soon as the
ticket's QR code is in view; the card and the stage buttons fit the screen without scrolling.

The scanner (components.qr_scanner) stays in the same place on every run, so the camera keeps running
between scans; while a card is open it shrinks to a strip with a big "Scan next", and the next ticket held
up still opens by itself. Its events are handled in a callback, before the page runs. Fallbacks below the
card: a photo or picture decoded on the server, and the typed code. Looking the same person up again
within a few minutes is not another scan (services.recruiting.booth_activity.counts_as_scan).
"""

from __future__ import annotations

import streamlit as st

from components import auth, outage, qr_scanner, routes, runtime
from components.seeker_card import label_colon, show_seeker_card
from components.stage_controls import Target, stage_controls
from components.text import literal
from models import Role
from services.core.errors import PortalError
from services.core.i18n import N_
from services.recruiting.booth import ScanMethod, decode_ticket_image, fairs_today, open_seeker_card, seeker_card
from services.recruiting.pipeline_view import list_vacancies

SEEKER = "booth_seeker"  # the seeker whose card is open
PROBLEM = "booth_problem"  # what the last scan could not do: (kind, message id, values), shown once
FAIR = "booth_fair"
NO_QR_IN_PHOTO = N_("No ticket QR code found in this photo. Hold the ticket closer and steady and try again, "
                    "or type the code.")
NOT_A_TICKET = N_("This QR code is not a job seeker's ticket.")

# this page only: less space above and between things, the stage buttons side by side even on a phone
_CSS = """<style>
.st-key-booth_page h1 { font-size: 1.35rem !important; padding: 0 0 .2rem 0; }
.st-key-booth_page [data-testid="stVerticalBlock"] { gap: .55rem; }
.st-key-booth_card [data-testid="stColumn"] { min-width: 0 !important; flex: 1 1 0 !important; }
.st-key-booth_card [data-testid="stHorizontalBlock"] { flex-wrap: nowrap !important; gap: .4rem; }
.st-key-booth_card [data-testid="stMarkdownContainer"] p { margin-bottom: .15rem; }
.st-key-booth_card [data-testid="stHorizontalBlock"] button { padding-left: .3rem; padding-right: .3rem; }
@media (max-width: 480px) {  /* a phone: the stage's words, without the icons, fit three a row */
  .st-key-booth_card [data-testid="stHorizontalBlock"] button span:has(> [data-testid="stIconMaterial"]) {
    display: none; }
  .st-key-booth_card [data-testid="stHorizontalBlock"] button p { font-size: 16px; }
}
</style>"""

_ = runtime.page()
user = auth.require(Role.RECRUITER)
engine, vault, county, language = runtime.engine(), runtime.vault(), runtime.county(), runtime.language()
fairs = fairs_today(engine)
fair_names = {f.id: f.name for f in fairs}


def _fair() -> int | None:
    chosen = st.session_state.get(FAIR, next(iter(fair_names), None))
    return chosen if chosen in fair_names else None


def _open(code: str, method: ScanMethod) -> None:
    try:
        card = open_seeker_card(engine, vault, employer_id=user.employer_id, user_id=user.user_id, code=code,
                                method=method, fair_id=_fair())
    except PortalError as exc:
        st.session_state.pop(SEEKER, None)  # never leave the last person's card under a failed scan
        st.session_state[PROBLEM] = ("error", exc.message, exc.values)
        return
    st.session_state.pop(PROBLEM, None)
    st.session_state[SEEKER] = card.seeker_id


@outage.callback  # database down: the message above, the typed code kept; the next scan works
def _scanned(event: qr_scanner.ScanEvent) -> None:
    """What the scanner sent (a callback: the run that follows draws the result)."""
    if event.next:
        st.session_state.pop(SEEKER, None)
        st.session_state.pop(PROBLEM, None)
        return
    code = event.code
    if event.photo is not None:
        code = decode_ticket_image(event.photo) if event.photo else None
        if code is None:
            st.session_state.pop(SEEKER, None)
            st.session_state[PROBLEM] = ("warning", NO_QR_IN_PHOTO, {})
            return
    if not code:
        st.session_state[PROBLEM] = ("warning", NOT_A_TICKET, {})
        return
    _open(code, ScanMethod.CAMERA)


@outage.callback
def _typed() -> None:
    _open(st.session_state.get("booth_code", ""), ScanMethod.TYPED)


st.html(_CSS)
page = st.container(key="booth_page")
with page:
    st.title(_("Booth: scan tickets"))
    seeker_id = st.session_state.get(SEEKER)
    card = seeker_card(engine, vault, employer_id=user.employer_id, seeker_id=seeker_id) if seeker_id else None
    qr_scanner.qr_scanner(_, key="booth_scanner", on_scan=_scanned, current=card.ticket_code if card else None,
                          compact=card is not None)
    problem = st.session_state.pop(PROBLEM, None)
    if problem:
        kind, message, values = problem
        (st.error if kind == "error" else st.warning)(_(message, **values))


def _fallbacks() -> None:
    """Typing the code, and the fair the scans are counted for."""
    with st.form("booth_code_form", border=False):
        st.text_input(_("Or type the code under the QR code"), key="booth_code", max_chars=20,
                      placeholder="7K3M 9QXA")
        st.form_submit_button(_("Open the card"), icon=":material/badge:", width="stretch", on_click=_typed)
    st.selectbox(_("Fair"), [*fair_names, None], key=FAIR,
                 format_func=lambda i: _("Not at a fair") if i is None else fair_names[i],
                 help=_("Scans and hires are counted for this fair."))


if card is None:
    with page:
        st.info(_("Scan a job seeker's ticket or type its code to see their card."))
        _fallbacks()
    st.stop()

with page, st.container(key="booth_card"):
    show_seeker_card(_, card, county=county, language=language)
    vacancies = list_vacancies(engine, employer_id=user.employer_id, open_only=True)
    if not vacancies:
        st.warning(_("Your company has no open vacancy. Post one to record interest, interviews and hires."))
        st.page_link(routes.file("vacancies"), label=_("Vacancies"), icon=":material/work:")
    else:
        by_id = {v.id: v for v in vacancies}
        stages = {a.vacancy_id: a.stage for a in card.applications}
        latest = next((a.vacancy_id for a in card.applications if a.vacancy_id in by_id), vacancies[0].id)
        if len(by_id) > 1:
            vacancy_id = st.selectbox(_("For which vacancy?"), list(by_id), index=list(by_id).index(latest),
                                      key=f"booth_vacancy_{card.seeker_id}", format_func=lambda i: by_id[i].title)
        else:
            vacancy_id = latest
            st.markdown(f"**{_('Vacancy')}**{label_colon(language)}{literal(by_id[latest].title)}")
        vacancy = by_id[vacancy_id]
        stage_controls(_, engine, user, Target(
            key=f"bo_{card.seeker_id}_{vacancy.id}", seeker_id=card.seeker_id, seeker_name=card.name,
            vacancy_id=vacancy.id, vacancy_title=vacancy.title, current=stages.get(vacancy.id),
            wage_default=vacancy.wage_min, contract_default=vacancy.contract_months, fair_id=_fair()))
with page:
    st.divider()
    _fallbacks()
