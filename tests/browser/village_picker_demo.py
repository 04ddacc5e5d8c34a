"""A page with only the village picker (and a name box beside it), for the browser test."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import streamlit as st

from components import runtime
from components.village_picker import village_picker

runtime.style()
runtime.language_switch()
_ = runtime.t()
st.text_input("Name", key="reg_name")
place = village_picker(_, key_prefix="reg_", county=runtime.county(), language=runtime.language(),
                       prefer_township="城关镇")
st.text(f"chosen={place} other={st.session_state.get('reg_village_other')}")
