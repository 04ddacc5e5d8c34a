"""Placeholder: replaced in this change."""

import streamlit as st

from components import auth, runtime

_ = runtime.page()
st.title("dashboard")
