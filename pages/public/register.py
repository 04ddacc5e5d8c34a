"""Registration page, opened from a QR poster: /register?fair=CODE or /register?site=CODE.

Ticket first: who you are (step 1) → check it (confirmation) → the ticket, with the profile questions
and "Jobs for you" under it. This browser keeps the ticket (components.ticket_cookie): a reload, or the
next visit, shows it again until "This is not me" or "Register another person".
"""

import streamlit as st

from components import registration_form as form
from components import routes, runtime, ticket_cookie
from components.identity_claim import render_claim
from components.keep_answers import keep_answers
from components.kept_checkin import offer_check_in
from components.text import literal
from components.ticket_view import show_full_ticket
from services.registration.tickets import get_ticket, mask_name

_ = runtime.page()
keep_answers()  # a language switch keeps every choice (before the widgets are drawn)
lookup = form.source_from_link()
source = lookup.source

st.title(_("Job seeker registration"), anchor=False)
if source.name:
    st.subheader(literal(source.name), anchor=False)
if lookup.problem:
    st.warning(_(lookup.problem) + " " + _("You can still register below."))

result = st.session_state.get(form.RESULT)
saved = None if result is not None or st.session_state.get(form.DRAFT) is not None else ticket_cookie.saved_code()
if result is not None:
    ticket = get_ticket(runtime.engine(), result.ticket_code)
    ticket_cookie.remember(ticket.code)
    st.success(_("You are registered.") if result.created else
               _("You were already registered. Your details are updated; your ticket stays the same."))
    show_full_ticket(_, code=ticket.code, name=ticket.name)
    st.button(_("Register another person"), on_click=form.start_over, width="stretch",
              icon="👤")
elif saved is not None and (ticket := get_ticket(runtime.engine(), saved)) is not None:
    st.info(_("Your ticket, kept on this phone."))
    offer_check_in(_, code=ticket.code, source=source)  # opened from a fair's or site's poster: "I am here"
    st.button(_("This is not me: forget this ticket"), on_click=form.start_over, width="stretch",
              icon="↩️")
    show_full_ticket(_, code=ticket.code, name=mask_name(ticket.name))
elif st.session_state.get(form.CLAIM) is not None:
    render_claim(_, source)
elif st.session_state.get(form.DRAFT) is not None:
    form.render_confirmation(_, source)
else:
    if saved is not None:  # the remembered ticket is gone (data reset): forget it
        ticket_cookie.forget()
    st.caption(_("Four answers, then your ticket. More questions come after, if you like."))
    form.render_form(_, source)
    st.page_link(routes.file("ticket"), label=_("Already registered? Find my ticket"), icon="🎫")
ticket_cookie.sync()
