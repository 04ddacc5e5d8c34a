"""Below the staff sign-in form: first-run setup when no organizer exists, and the way back."""

import streamlit as st

from components import routes, runtime
from services.accounts.staff import organizer_exists

_ = runtime.page()
if not organizer_exists(runtime.engine()):
    st.info(_("No organizer account exists yet. Create the first one to start."))
    st.page_link(routes.file("setup"), label=_("First-run setup"), icon=":material/admin_panel_settings:")
st.caption(_("Organizer accounts are created by the county labor bureau; companies sign up below and can sign "
             "in once the bureau approves them. Ask an organizer if you forgot your password."))
st.page_link(routes.file("join"), label=_("A company that wants to recruit at our fairs? Sign up here"),
             icon=":material/apartment:")
st.page_link(routes.file("home"), label=_("Back to the public portal"), icon=":material/home:")
