"""Showing a seeker's personal ticket: big QR code, short code, PNG download, and the jobs that fit.

Used by the registration success page and the ticket look-up page. What does not change from one
rerun to the next is not made again: the QR picture and the saved card are cached process-wide by
what they show (the code, the masked name, the portal's name and the date: nothing else personal),
and "Jobs for you" is kept in the session per (ticket, profile version, day), read again only after a
profile answer is saved (components.profile_groups bumps the version).
"""

from __future__ import annotations

import html

import streamlit as st

from components import match_card, profile_groups, routes, runtime
from components.text import literal
from services.core.clock import local_today
from services.core.i18n import Translator
from services.recruiting.match_gaps import Explanation, explain_missing
from services.recruiting.matching import VacancyMatch, vacancies_for_ticket
from services.registration.tickets import format_ticket_code, mask_name, ticket_card_png, ticket_png

MY_TICKET = "my_ticket"  # the jobs page pre-fills its interest form with it
MATCHES_SHOWN = 5
_MATCHES = "jobs_for_you"  # (ticket code, profile version, day) -> the matches shown


@st.cache_data(max_entries=1000, show_spinner=False)
def _qr_png(code: str) -> bytes:
    return ticket_png(code)


def show_ticket(_: Translator, *, code: str, name: str, matches: bool = True, version: int = 0) -> None:
    """The ticket; `name` is shown as given in the heading (pass it masked where the person has not
    just proved who they are); the saved picture always carries it masked."""
    st.subheader(_("Ticket of {name}").format(name=literal(name)), anchor=False)
    st.image(_qr_png(code), width=300)
    # The code is from a fixed alphabet; escaped anyway since it is raw HTML.
    st.markdown(
        f"<div style='font-size:2.6rem;font-weight:700;letter-spacing:.2rem;text-align:center'>"
        f"{html.escape(format_ticket_code(code))}</div>",
        unsafe_allow_html=True,
    )
    st.info(_("Show this QR code at the employers' booths. Save it: press the button below."))
    portal = _("{county} job fair portal").format(county=runtime.county().display_name(runtime.language()))
    masked, day = mask_name(name), local_today().isoformat()
    # Drawn when "save" is pressed (Streamlit's deferred download), not for every ticket shown: most
    # people never save it, and drawing it was a third of the ticket screen's server time.
    def card() -> bytes:
        return ticket_card_png(code, name=masked, portal=portal, day=day)

    st.download_button(_("Save ticket picture"), data=card, file_name=f"ticket-{code}.png",
                       mime="image/png", type="primary", width="stretch", on_click="ignore",
                       icon="⬇️")
    st.session_state[MY_TICKET] = code
    if matches:
        show_matches(_, code, version=version)


def show_full_ticket(_: Translator, *, code: str, name: str) -> None:
    """The ticket, "Tell us more" (components.profile_groups) right under it, then "Jobs for you",
    which follows the answers."""
    show_ticket(_, code=code, name=name, matches=False)
    version = profile_groups.render(_, code)
    show_matches(_, code, version=version)


def _matches(code: str, version: int) -> tuple[list[VacancyMatch], Explanation]:
    """The matches for this ticket and these answers, and why a trade finds nothing, read once per
    session until an answer changes (or the day)."""
    key = (code, version, local_today())
    kept = st.session_state.get(_MATCHES)
    if kept is None or kept[0] != key:
        engine = runtime.engine()
        unanswered = profile_groups.profile_of(code).missing  # "tell us your trades to see jobs that fit them"
        kept = (key, vacancies_for_ticket(engine, ticket_code=code, today=key[2], limit=MATCHES_SHOWN),
                explain_missing(engine, ticket_code=code, today=key[2], missing_groups=unanswered))
        st.session_state[_MATCHES] = kept
    return kept[1], kept[2]


def show_matches(_: Translator, code: str, *, version: int = 0, links: bool = True) -> None:
    """"Jobs for you": the best few vacancies for the ticket's holder, each with its reasons (`links=False`:
    no links to the jobs page, as on the kiosk, which has no way out)."""
    st.subheader(_("Jobs for you"), anchor=False)
    found, missing = _matches(code, version)
    if not found:
        st.info(_("No job fits you yet. New jobs are added often: look at all jobs, or come back later."))
    language = runtime.language()
    for match in found:
        match_card.show_match_card(_, match, language, links=links)
    match_card.show_missing(_, missing, language, links=links)
    if links:
        st.page_link(routes.file("jobs"), label=_("See all jobs"), icon="💼", width="stretch")
