"""The dashboard's transfer income section: wages earned so far by the hired, per home township.

The estimate and its definition: services/reporting/dashboard/income.py.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import GREEN, _bars, _block, _fmt
from services.core.i18n import Translator
from services.places.county import County
from services.reporting.dashboard import Dashboard
from services.reporting.dashboard.income import Income


def _yuan(n: int) -> str:
    return f"¥{n:,}"


def income_section(_: Translator, d: Dashboard, county: County, language: str) -> None:
    """The total estimate and the chart by township (nothing when the panel is absent)."""
    inc = d.extra.get("income")
    if not isinstance(inc, Income):
        return
    st.subheader(_("Transfer income estimate"), divider="gray")
    if not inc.hires:
        st.caption(_("No hire has started yet for these filters."))
        return
    left, right = st.columns([1, 2])
    with left:
        st.metric(_("Wages earned so far (estimate)"), _yuan(inc.total), border=True,
                  help=_("For each hire: the monthly wage (the latest a visit recorded, else the hire's) times the "
                         "whole months from the start to today, or to the last visit that found the worker in work "
                         "when a later visit found them returned, unreachable or in a dispute."))
        st.caption(_("{hires} hires, {months} months of work").format(hires=_fmt(inc.hires), months=_fmt(inc.months)))
    with right:
        township, yuan = _("Home township"), _("Yuan")
        rows = inc.by_township
        df = pd.DataFrame({township: [county.label(r.township, language) if r.township else _("Other places")
                                      for r in rows],
                           yuan: [r.income for r in rows]})
        _block(_, _("Wages earned by home township"), df,
               lambda: _bars(df, township, yuan, color=GREEN, horizontal=True), "income-by-township")
