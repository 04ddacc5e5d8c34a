"""Registration page, opened from a QR poster: /register?fair=CODE or /register?site=CODE."""

import streamlit as st

from components import registration_form as form
from components import routes, runtime
from components.identity_claim import render_claim
from components.text import literal
from components.ticket_view import show_ticket
from services.registration.tickets import get_ticket

_ = runtime.page()
lookup = form.source_from_link()
source = lookup.source

st.title(_("Job seeker registration"))
if source.name:
    st.subheader(literal(source.name))
if lookup.problem:
    st.warning(_(lookup.problem) + " " + _("You can still register below."))

result = st.session_state.get(form.RESULT)
if result is not None:
    ticket = get_ticket(runtime.engine(), result.ticket_code)
    st.success(_("You are registered.") if result.created else
               _("You were already registered. Your details are updated; your ticket stays the same."))
    show_ticket(_, code=ticket.code, name=ticket.name)
    st.button(_("Register another person"), on_click=form.start_over, width="stretch")
elif st.session_state.get(form.CLAIM) is not None:
    render_claim(_, source)
elif st.session_state.get(form.DRAFT) is not None:
    form.render_confirmation(_, source)
else:
    st.caption(_("Fill in the form once and press the button at the bottom."))
    form.render_form(_, source)
    st.page_link(routes.file("ticket"), label=_("Already registered? Find my ticket"), icon=":material/qr_code_2:")
