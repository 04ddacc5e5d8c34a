"""Public employer sign-up (/join): the company and its first recruiter account, pending until the
county labor bureau approves it. Phones first, Chinese by default."""

import streamlit as st

from components import auth, outage, routes, runtime
from components import employer_form as ef
from components.text import literal
from services.core.errors import FieldErrors
from services.recruiting.employers import sign_up_employer

_ = runtime.page()
P, ERRORS, DONE = "join_", "join_errors", "join_done"


@outage.callback  # database down: the form stays as typed under the message
def _on_submit() -> None:
    account = ef.read_account(P)
    try:
        row = sign_up_employer(runtime.engine(), form=ef.read_company(P), **account,
                               password_repeat=st.session_state.get(P + "password_repeat") or "",
                               ip=auth.client_ip())
    except FieldErrors as exc:
        st.session_state[ERRORS] = exc.errors
        return
    st.session_state[ERRORS] = {}
    st.session_state[DONE] = (row.name, account["username"].strip().lower())


def _start_over() -> None:
    ef.clear(P)
    for key in (ERRORS, DONE):
        st.session_state.pop(key, None)


st.title(_("Employers: sign up to recruit at our fairs"))
done = st.session_state.get(DONE)
if done is not None:
    name, username = done
    st.success(_("Received. The county labor bureau will review your company; you can sign in once it is "
                 "approved."))
    st.markdown(_("Company: **{name}**").format(name=literal(name)))
    st.markdown(_("Your user name: **{username}**").format(username=literal(username)))
    st.caption(_("After approval, sign in at the staff sign-in page with this user name and your password."))
    st.link_button(_("Staff sign-in"), runtime.settings().base_url.rstrip("/") + "/employer",
                   icon="🔑", width="stretch")
    st.button(_("Sign up another company"), on_click=_start_over, width="stretch")
    st.stop()

st.caption(_("The labor bureau checks every company before it can recruit at the fairs. Fill in the form "
             "once; all fields are needed."))
errors = st.session_state.get(ERRORS) or {}
with st.form("join", border=False, enter_to_submit=False):
    st.subheader(_("Your company"))
    ef.company_fields(_, P, errors)
    st.subheader(_("Your recruiter account"))
    ef.account_fields(_, P, errors)
    st.form_submit_button(_("Send for approval"), type="primary", on_click=_on_submit, width="stretch")
if errors:
    st.error(_("Some answers need fixing. Please look at the messages above."))
st.page_link(routes.file("home"), label=_("Back to the public portal"), icon="🏠")
