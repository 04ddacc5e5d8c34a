"""Showing a seeker's personal ticket: big QR code, short code, PNG download, and the jobs that fit.

Used by the registration success page and the ticket look-up page. Nothing personal is
cached: the matches are read for this session on each run (one small indexed query).
"""

from __future__ import annotations

import html

import streamlit as st

from components import match_card, routes, runtime
from components.text import literal
from services.core.clock import local_today
from services.core.i18n import Translator
from services.recruiting.match_gaps import explain_missing
from services.recruiting.matching import vacancies_for_ticket
from services.registration.tickets import format_ticket_code, ticket_card_png, ticket_png

MY_TICKET = "my_ticket"  # the jobs page pre-fills its interest form with it
MATCHES_SHOWN = 5


def show_ticket(_: Translator, *, code: str, name: str, matches: bool = True) -> None:
    st.subheader(_("Ticket of {name}").format(name=literal(name)))
    st.image(ticket_png(code), width=300)
    # The code is from a fixed alphabet; escaped anyway since it is raw HTML.
    st.markdown(
        f"<div style='font-size:2.6rem;font-weight:700;letter-spacing:.2rem;text-align:center'>"
        f"{html.escape(format_ticket_code(code))}</div>",
        unsafe_allow_html=True,
    )
    st.info(_("Show this QR code at the employers' booths. Save it: press the button below."))
    st.download_button(_("Save ticket picture"), data=ticket_card_png(code), file_name=f"ticket-{code}.png",
                       mime="image/png", type="primary", width="stretch", on_click="ignore")
    st.session_state[MY_TICKET] = code
    if matches:
        show_matches(_, code)


def show_matches(_: Translator, code: str) -> None:
    """"Jobs for you": the best few vacancies for the ticket's holder, each with its reasons."""
    st.subheader(_("Jobs for you"))
    found = vacancies_for_ticket(runtime.engine(), ticket_code=code, today=local_today(), limit=MATCHES_SHOWN)
    if not found:
        st.info(_("No job fits you yet. New jobs are added often: look at all jobs, or come back later."))
    language = runtime.language()
    for match in found:
        match_card.show_match_card(_, match, language)
    match_card.show_missing(_, explain_missing(runtime.engine(), ticket_code=code, today=local_today()), language)
    st.page_link(routes.file("jobs"), label=_("See all jobs"), icon=":material/work:", width="stretch")
