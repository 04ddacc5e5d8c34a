"""The follow-ups page's figures: visits overdue, due and upcoming per township, employer or workstation city
(`followups.lists.visit_counts`, GROUP BY in SQL), within the viewer's scope."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from components.text import literal
from services.core.i18n import N_, Translator
from services.followups.due import DueState
from services.followups.labels import STATE_LABELS
from services.places.county import County
from services.places.geography import city_label

BY: dict[str, str] = {"township": N_("By township"), "employer": N_("By employer"),
                      "city": N_("By workstation city")}
HEADER: dict[str, str] = {"township": N_("Township"), "employer": N_("Employer"), "city": N_("City")}


def render(_: Translator, engine: Engine, scope: Any, today: date, *, county: County, language: str) -> None:
    from services.followups import lists

    by = st.segmented_control(_("Count visits"), list(BY), key="fu_by", required=True, default="township",
                              format_func=lambda b: _(BY[b]))
    counts = lists.visit_counts(engine, scope, today, by=by)
    if not counts:
        st.caption(_("No visits to make here yet: they are scheduled when a hire is recorded."))
        return

    def label(c: Any) -> str:
        if by == "township":
            return county.label(c.key, language) if c.key else "—"
        if by == "city":
            return city_label(c.key, language) if c.key else "—"
        return c.label

    # a plain table: on a phone it scrolls sideways, with no toolbar over the controls below
    st.table(pd.DataFrame([{
        _(HEADER[by]): literal(label(c)), _(STATE_LABELS[DueState.OVERDUE]): c.overdue,
        _(STATE_LABELS[DueState.DUE]): c.due,
        _(STATE_LABELS[DueState.UPCOMING]): c.upcoming}
        for c in counts]), hide_index=True)
