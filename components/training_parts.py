"""Shared bits of the training pages (pages/organizer/training.py): the open course, a refusal or a success
shown once after the rerun, labels of kinds, states and townships."""

from __future__ import annotations

import streamlit as st

from components import runtime
from services.core.errors import PortalError
from services.core.i18n import N_, Translator
from services.training.course_rules import KIND_LABELS

COURSE = "training_course"  # the course open on the page (its id), None: the list
NOTE = "training_note"  # ("error" | "success" | "warning", message id, values), shown once
STATE_LABELS: dict[str, str] = {
    "upcoming": N_("Upcoming"), "running": N_("Running"), "over": N_("Over"), "cancelled": N_("Cancelled"),
}


def note(kind: str, message: str, **values: object) -> None:
    st.session_state[NOTE] = (kind, message, values)


def refused(exc: PortalError) -> None:
    note("error", exc.message, **exc.values)


def show_note(_: Translator) -> None:
    kept = st.session_state.pop(NOTE, None)
    if kept:
        kind, message, values = kept
        {"error": st.error, "warning": st.warning}.get(kind, st.success)(_(message).format(**values))


def kind_label(_: Translator, kind: str) -> str:
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def place_label(_: Translator, township: str) -> str:
    return runtime.county().label(township, runtime.language()) if township else _("Whole county")


def open_course(course_id: int | None) -> None:
    st.session_state[COURSE] = course_id
