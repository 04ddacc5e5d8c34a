"""Messages beside the fields of a staff form, kept across the rerun that shows them.

A page submits its form, calls a service, and on `FieldErrors` calls `keep(exc.errors)`: the
messages are stored in the session and the page reruns, so each one is drawn right under its
field (`under("password")`) while every widget keeps what was typed; on success `done(message)`
shows the message once after the rerun (`flash()`). A message for a field the form does not draw
is shown above the submit button (`rest(...)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st

from services.core.errors import Message, message_parts
from services.core.i18n import Translator


class FormErrors:
    def __init__(self, form: str):
        self.key = f"{form}__field_errors"

    @property
    def errors(self) -> dict[str, Message]:
        return st.session_state.get(self.key, {})

    def under(self, _: Translator, field: str) -> None:
        message = self.errors.get(field)
        if message:
            text, values = message_parts(message)
            st.error(_(text).format(**values), icon="⚠️")

    def rest(self, _: Translator, drawn: Iterable[str]) -> None:
        """Messages for fields not drawn by the form (shown once, together)."""
        for field, message in self.errors.items():
            if field not in set(drawn):
                text, values = message_parts(message)
                st.error(_(text).format(**values), icon="⚠️")

    def keep(self, errors: Mapping[str, Message]) -> None:
        st.session_state[self.key] = dict(errors)
        st.rerun()

    def clear(self) -> None:
        st.session_state.pop(self.key, None)

    def done(self, message: str) -> None:
        """The form was accepted: forget its messages and rerun, showing `message` (translated) once."""
        self.clear()
        st.session_state[self.key + "_done"] = message
        st.rerun()

    def flash(self) -> None:
        """Show the message of the last accepted submission, once (call above the form)."""
        message = st.session_state.pop(self.key + "_done", None)
        if message:
            st.success(message)
