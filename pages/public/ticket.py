"""Get a ticket back with the mobile number and the last 4 characters of the ID number.

Failed tries are limited per phone and per client address (services/registration/lookup_limits.py);
each message is shown under its field, and what was typed stays in the form.
"""

import streamlit as st

from components import auth, outage, routes, runtime
from components.ticket_view import show_ticket
from services.core.errors import FieldErrors
from services.registration.lookup_limits import LookupRefused
from services.registration.tickets import find_ticket

_ = runtime.page()
st.title(_("Find my ticket"))
st.caption(_("Enter the mobile number you registered with and the last 4 characters of your ID number."))

with st.form("find_ticket", border=False, enter_to_submit=True):
    phone = st.text_input(_("Mobile number"), max_chars=20, type="phone", autocomplete="tel")
    under = {"phone": st.empty()}
    last4 = st.text_input(_("Last 4 characters of your ID number"), max_chars=4)
    under["id_last4"] = st.empty()
    submitted = st.form_submit_button(_("Find my ticket"), type="primary", width="stretch")

if submitted:
    try:
        with outage.guard(action=True):  # database down: the message above; what was typed stays
            lookup = find_ticket(runtime.engine(), runtime.vault(), phone=phone, id_last4=last4,
                                 address=auth.client_ip())
        st.session_state["found_ticket"] = lookup.ticket
        if lookup.failed is not None:
            under["id_last4"].error(_(lookup.failed.message, **lookup.failed.values), icon="⚠️")
    except FieldErrors as exc:  # the phone, the last 4 characters, or both
        for field, message in exc.errors.items():
            under[field].error(_(message), icon="⚠️")
    except LookupRefused as exc:
        under["id_last4"].error(_(exc.message, **exc.values), icon="⚠️")

found = st.session_state.get("found_ticket")
if found is not None:
    show_ticket(_, code=found.code, name=found.name)  # with "Jobs for you" and a link to all jobs
else:
    st.page_link(routes.file("jobs"), label=_("See all jobs"), icon=":material/work:")
st.page_link(routes.file("register"), label=_("Not registered yet? Register"), icon=":material/edit_note:")
