"""Placeholder: being built (issue 4)."""

import streamlit as st

from components import runtime

_ = runtime.page()
st.title(_("Coming soon"))
