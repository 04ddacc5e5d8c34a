"""The dashboard's first steps for an empty county: each step ticked when done, with a link to do it."""

from __future__ import annotations

import streamlit as st

from components import routes
from services.core.i18n import Translator
from services.reporting.first_steps import FirstSteps

ICON = {True: ":material/check_circle:", False: ":material/radio_button_unchecked:",
        None: ":material/print:"}


def first_steps(_: Translator, steps: FirstSteps) -> None:
    with st.container(border=True, key="dash_first_steps"):
        st.subheader(_("First steps"))
        st.caption(_("Nobody has registered yet. These steps bring the first people and jobs; the figures "
                     "below fill in as people register."))
        for i, step in enumerate(steps.steps, start=1):
            label = f"{i}. {_(step.label)}"
            if step.done:
                label += " — " + _("done")
            st.page_link(routes.file(step.route), label=label, icon=ICON[step.done])
