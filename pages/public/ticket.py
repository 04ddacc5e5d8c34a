"""Get a ticket back: the one this phone keeps (components.ticket_cookie), or found with the mobile
number and the last 4 characters of the ID number.

Failed tries are limited per phone and per client address (services/registration/lookup_limits.py);
each message is shown under its field, and what was typed stays in the form. A ticket found here is
shown with the profile questions, "Jobs for you" and the training courses offered (enrol, cancel),
and kept on this phone too.
"""

import streamlit as st

from components import auth, outage, routes, runtime, ticket_cookie
from components.course_offer import show_courses
from components.keep_answers import keep_answers
from components.ticket_view import show_full_ticket
from services.core.errors import FieldErrors
from services.registration.lookup_limits import LookupRefused
from services.registration.tickets import find_ticket, get_ticket, mask_name

FOUND = "found_ticket"


def _forget() -> None:
    st.session_state.pop(FOUND, None)
    ticket_cookie.forget()


_ = runtime.page()
keep_answers()  # a language switch keeps every choice (before the widgets are drawn)
st.title(_("Find my ticket"), anchor=False)

found = st.session_state.get(FOUND)
saved = ticket_cookie.saved_code() if found is None else None
mine = get_ticket(runtime.engine(), saved) if saved else None
if mine is not None:
    st.info(_("Your ticket, kept on this phone."))
    st.button(_("This is not me: forget this ticket"), on_click=_forget, width="stretch", icon="↩️")
    show_full_ticket(_, code=mine.code, name=mask_name(mine.name))
    show_courses(_, mine.code)
else:
    if saved:  # the remembered ticket is gone (data reset): forget it
        ticket_cookie.forget()
    st.markdown(_("**To find your ticket again:** save the ticket picture on your phone (the button under the "
                  "ticket); or find it here with your mobile number and the last 4 characters of your ID number."))
    with st.form("find_ticket", border=False, enter_to_submit=True):
        # The default type: type="phone" draws an American "+1 234 567 8900" placeholder.
        phone = st.text_input(_("Mobile number"), max_chars=20, autocomplete="tel",
                              placeholder=_("11 digits, starting with 1"))
        under = {"phone": st.empty()}
        last4 = st.text_input(_("Last 4 characters of your ID number"), max_chars=4, autocomplete="off")
        under["id_last4"] = st.empty()
        submitted = st.form_submit_button(_("Find my ticket"), type="primary", width="stretch")

    if submitted:
        try:
            with outage.guard(action=True):  # database down: the message above; what was typed stays
                lookup = find_ticket(runtime.engine(), runtime.vault(), phone=phone, id_last4=last4,
                                     address=auth.client_ip())
            st.session_state[FOUND] = found = lookup.ticket
            if lookup.failed is not None:
                under["id_last4"].error(_(lookup.failed.message, **lookup.failed.values), icon="⚠️")
        except FieldErrors as exc:  # the phone, the last 4 characters, or both
            for field, message in exc.errors.items():
                under[field].error(_(message), icon="⚠️")
        except LookupRefused as exc:
            under["id_last4"].error(_(exc.message, **exc.values), icon="⚠️")

    if found is not None:
        ticket_cookie.remember(found.code)
        show_full_ticket(_, code=found.code, name=found.name)
        show_courses(_, found.code)
    else:
        st.page_link(routes.file("jobs"), label=_("See all jobs"), icon="💼")
st.page_link(routes.file("register"), label=_("Not registered yet? Register"), icon="📝")
ticket_cookie.sync()
