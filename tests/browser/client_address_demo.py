"""A page that shows what the portal takes for the client's address, for the browser test."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st

from components import auth, connection

peer, forwarded = connection.peer_and_forwarded()
st.text(f"peer={peer} forwarded={','.join(forwarded)} client={auth.client_ip()}")
