"""Showing a seeker's personal ticket: big QR code, short code, PNG download."""

from __future__ import annotations

import html

import streamlit as st

from components.text import literal
from services.i18n import Translator
from services.tickets import format_ticket_code, ticket_card_png, ticket_png


def show_ticket(_: Translator, *, code: str, name: str) -> None:
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
