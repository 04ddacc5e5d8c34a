"""One-time setup: create the first organizer account (only while none exists)."""

import streamlit as st

from components import routes, runtime
from components.field_errors import FormErrors
from services.accounts.passwords import PASSWORDS_DIFFER
from services.accounts.staff import check_new_account, create_first_organizer, organizer_exists
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
errors = FormErrors("setup")
with st.form("setup", enter_to_submit=False):
    username = st.text_input(_("User name"), max_chars=40, autocomplete="username")
    errors.under(_, "username")
    display_name = st.text_input(_("Name"), max_chars=60)
    errors.under(_, "display_name")
    password = st.text_input(_("Password"), type="password", max_chars=128, autocomplete="new-password",
                             help=_("At least 8 characters. A short sentence is easy to remember."))
    errors.under(_, "password")
    repeat = st.text_input(_("Repeat the password"), type="password", max_chars=128, autocomplete="new-password")
    errors.under(_, "repeat")
    errors.rest(_, ("username", "display_name", "password", "repeat"))
    submitted = st.form_submit_button(_("Create organizer account"), type="primary")

if submitted:
    try:
        problems = check_new_account(username=username, display_name=display_name, password=password)
        if password != repeat:
            problems["repeat"] = PASSWORDS_DIFFER
        if problems:  # all at once: the account's fields and the repeated password
            raise FieldErrors(problems)
        create_first_organizer(runtime.engine(), username=username, display_name=display_name, password=password)
        errors.clear()
        st.session_state["setup_done"] = True
        st.rerun()
    except FieldErrors as exc:  # every wrong field, each under its field
        errors.keep(exc.errors)
    except PortalError as exc:
        st.error(_(exc.message).format(**exc.values))
