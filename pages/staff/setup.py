"""One-time setup: create the first organizer account (only while none exists)."""

import streamlit as st

from components import routes, runtime
from services.accounts.staff import create_first_organizer, organizer_exists
from services.core.errors import FieldErrors, PortalError

_ = runtime.page()
st.title(_("First-run setup"))
if organizer_exists(runtime.engine()) and not st.session_state.get("setup_done"):
    st.info(_("An organizer account exists already. Please sign in."))
    st.page_link(routes.file("signin"), label=_("Staff sign-in"), icon=":material/login:")
    st.stop()

if st.session_state.get("setup_done"):
    st.success(_("The organizer account is ready. Sign in with it now."))
    st.page_link(routes.file("signin"), label=_("Staff sign-in"), icon=":material/login:")
    st.stop()

st.caption(_("Create the first organizer account of the county labor bureau. It can then create the others."))
with st.form("setup", enter_to_submit=False):
    username = st.text_input(_("User name"), max_chars=40, autocomplete="username")
    display_name = st.text_input(_("Name"), max_chars=60)
    password = st.text_input(_("Password"), type="password", max_chars=128, autocomplete="new-password",
                             help=_("At least 8 characters. A short sentence is easy to remember."))
    repeat = st.text_input(_("Repeat the password"), type="password", max_chars=128, autocomplete="new-password")
    submitted = st.form_submit_button(_("Create organizer account"), type="primary")

if submitted:
    if password != repeat:
        st.error(_("The two passwords are not the same."))
    else:
        try:
            create_first_organizer(runtime.engine(), username=username, display_name=display_name, password=password)
            st.session_state["setup_done"] = True
            st.rerun()
        except FieldErrors as exc:  # every wrong field, in the order of the form
            for message in exc.errors.values():
                st.error(_(message))
        except PortalError as exc:
            st.error(_(exc.message).format(**exc.values))
