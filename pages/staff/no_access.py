"""Shown at a staff address this account's role does not include."""

import streamlit as st

from components import auth, runtime

_ = runtime.page()
auth.require()
st.title(_("No access"))
st.error(_("You do not have access to this page."))
st.caption(_("Use the menu on the left for the pages of your role."))
