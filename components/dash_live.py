"""The dashboard's live figures, drawn by the page's refreshing fragment.

Every part that comes and goes (first steps, a place's caption, the link to incomplete profiles, the
charts or their "nothing yet" note) sits in a slot that is drawn on every run. A refresh then replaces
each figure in place; when the layout shifted between runs, Streamlit drew the headline a second time
further down while the old one lingered until the run ended.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from components import (
    charts,
    dash_drilldown,
    dash_income,
    dash_retention,
    dash_training,
    hire_charts,
    registration_charts,
    routes,
)
from components.first_steps import first_steps
from services.core.i18n import Translator
from services.places.county import County
from services.reporting.dashboard import Dashboard
from services.reporting.dashboard.meaning import HIRES, REGISTRATIONS, TARGETS
from services.reporting.first_steps import FirstSteps


def say_basis(text: str) -> None:
    """What a group of figures counts under the chosen place; an empty slot without one."""
    with st.container():
        if text:
            st.caption(":material/place: " + text)


def panels(_: Translator, d: Dashboard, steps: FirstSteps, basis: Callable[[str], str], target_place: str,
           county: County, language: str) -> None:
    with st.container():
        if steps.show:
            first_steps(_, steps)
    registered_basis = basis(REGISTRATIONS)
    say_basis(registered_basis)
    charts.headline(_, d, registered_basis)
    with st.container():
        if d.incomplete_profiles:
            st.page_link(routes.file("exports"), label=_("List the people with an incomplete profile, to call them"),
                         icon=":material/contact_phone:")
    charts.targets(_, d, target_place)
    say_basis(basis(TARGETS))
    st.page_link(routes.file("targets"), label=_("Set the targets"), icon=":material/flag:")
    dash_training.training_section(_, d, target_place)  # issue 16
    with st.container():
        if d.empty:
            st.info(_("No registrations yet for these filters. Figures appear here as people register."))
        else:
            registration_charts.charts(_, d, county, language)
            say_basis(registered_basis)
    st.subheader(_("Hires and vacancies"), divider="gray")
    hires_basis = basis(HIRES)
    say_basis(hires_basis)
    hire_charts.hire_figures(_, d, hires_basis)
    with st.container():
        if d.hires.total or d.openings.total.vacancies:
            hire_charts.hire_charts(_, d, language)
        else:
            st.info(_("No hires or vacancies yet for these filters. "
                      "Figures appear here as recruiters record them."))
    # after the hire (issue 13)
    dash_retention.retention_section(_, d, county, language)
    dash_income.income_section(_, d, county, language)
    dash_drilldown.drilldown_section(_, d, county, language)
