"""Choices survive a language switch.

Streamlit sends a choice widget's value (selectbox, pills) as the option's *label*, and the labels are
translated: right after a switch the browser sends the old language's label, which the widget, drawn
again in the new language, cannot resolve — a tap not yet sent with a rerun would be lost, and a chosen
village would show in the old language. Read before the widgets are drawn, a value is still decoded
with the previous run's labels; writing it back pins it, so the widget shows it in the new language.
Call `keep_answers()` at the top of a page, before its widgets.
"""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from components import runtime

_SEEN = "answers_language"


def keep_answers(prefix: str = "reg_") -> None:
    """On the first run after a language switch, pin the values of the widgets keyed `prefix…`."""
    language = runtime.language()
    seen = st.session_state.get(_SEEN)
    st.session_state[_SEEN] = language
    if seen is None or seen == language:
        return
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        try:
            value = st.session_state[key]
        except (StreamlitAPIException, KeyError):
            continue
        # booleans (buttons, which cannot be set, and checkboxes, whose value has no label) stay as they are
        if value is not None and not isinstance(value, bool):
            st.session_state[key] = value
