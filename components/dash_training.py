"""The dashboard's training section: people trained this year against the target, the registered-poor
share and the split by course kind (services/reporting/dashboard/training.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import routes
from components.charts import _percent
from services.core.i18n import Translator
from services.reporting.dashboard import Dashboard
from services.reporting.dashboard.training import TrainingProgress
from services.training.labels import KIND_LABELS, trained_sentence


def training_section(_: Translator, d: Dashboard, place: str) -> None:
    """Nothing when the panel is absent."""
    p = d.extra.get("training")
    if not isinstance(p, TrainingProgress):
        return
    st.subheader(_("Skills training in {year}: {place}").format(year=p.year, place=place), divider="gray")
    t = p.trained
    st.markdown(trained_sentence(_, t.people, t.poor, p.target))
    with st.container():  # a slot drawn on every run (components/dash_live.py)
        if p.target:
            st.progress(min((p.percent or 0) / 100, 1.0))
    with st.container():
        if t.people:
            st.dataframe(pd.DataFrame({
                _("Course kind"): [_(KIND_LABELS[k]) for k in KIND_LABELS],
                _("People trained"): [t.by_kind.get(k, 0) for k in KIND_LABELS],
                _("Registered poor"): [t.poor_by_kind.get(k, 0) for k in KIND_LABELS],
            }), hide_index=True, key="dash_training_kinds")
            st.caption(_("Registered poor share: {share}. A person who completed courses of two kinds counts "
                         "in each.").format(share=_percent(t.poor_share)))
        else:
            st.caption(_("Nobody has completed a course this year yet."))
    st.page_link(routes.file("training_results"), label=_("Trained, then employed"), icon=":material/school:")


