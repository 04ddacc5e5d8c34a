"""Widgets on a Streamlit page as the protocol shows them, and the WidgetState each value is sent as.

Streamlit sends a selectbox's, radio's, multiselect's and pills' / segmented control's value as the
option's text as shown (after format_func), a number input's as a double, a button press as a one-shot trigger.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from streamlit.proto.WidgetStates_pb2 import WidgetState

WIDGET_KINDS = {
    "text_input", "text_area", "number_input", "checkbox", "radio", "selectbox", "multiselect",
    "button", "download_button", "button_group", "date_input", "time_input", "slider",
}


class SessionError(Exception):
    """The server refused, closed, or did not answer in time, or a script run failed."""


@dataclass(frozen=True)
class Widget:
    kind: str  # the Element field: "text_input", "button", ...
    proto: Any  # the widget's own proto (TextInput, Button, ...)
    path: tuple[int, ...]

    @property
    def id(self) -> str:
        return self.proto.id

    @property
    def label(self) -> str:
        return getattr(self.proto, "label", "")

    @property
    def key(self) -> str:
        """The user key: Streamlit ends a keyed widget's id with "-<key>"."""
        return self.id.rsplit("-", 1)[-1] if "-" in self.id else ""

    @property
    def options(self) -> list[str]:
        if self.kind == "button_group":  # pills, segmented control: options carry their text in `content`
            return [o.content for o in self.proto.options]
        return list(getattr(self.proto, "options", []))


def _option(widget: Widget, value: Any) -> str:
    """An option by index, by exact text, or the only one containing the text."""
    options = widget.options
    if isinstance(value, int):
        return options[value]
    if value in options:
        return value
    hits = [o for o in options if str(value) in o]
    if len(hits) != 1:
        raise SessionError(f"{len(hits)} options of {widget.label!r} match {value!r}")
    return hits[0]


def widget_state(widget: Widget, value: Any) -> WidgetState:
    state = WidgetState(id=widget.id)
    kind = widget.kind
    if kind in ("text_input", "text_area"):
        state.string_value = str(value)
    elif kind == "checkbox":
        state.bool_value = bool(value)
    elif kind == "number_input":
        state.double_value = float(value)
    elif kind in ("radio", "selectbox"):
        state.string_value = _option(widget, value)
    elif kind == "multiselect":
        state.string_array_value.data.extend(_option(widget, v) for v in value)
    elif kind == "button_group":  # pills / segmented control: the chosen options' text (one, or a list)
        chosen = value if isinstance(value, list | tuple) else [value]
        state.string_array_value.data.extend(_option(widget, v) for v in chosen)
    else:
        raise SessionError(f"setting a {kind} is not supported")
    return state
