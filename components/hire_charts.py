"""Drawing the dashboard's hires and vacancies: the figures and the charts (with CSV downloads),
in the style of components/charts.py."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from components.charts import BLUE, GREEN, ORANGE, _bars, _block, _fmt, _percent
from services.core.i18n import Translator
from services.core.reference import TRADES
from services.places.geography import province_label
from services.reporting.dashboard import Dashboard, EmployerRef

# --- hires --------------------------------------------------------------------------------------


def hire_figures(_: Translator, d: Dashboard) -> None:
    """Hired today, in total (or in the dates), the poor-household share, positions filled."""
    h, fill = d.hires, d.openings.total
    cols = st.columns(4)
    with cols[0]:
        st.metric(_("Hired today"), _fmt(h.today), border=True,
                  help=_("Hires recorded today (China time). Someone hired twice counts twice."))
    with cols[1]:
        st.metric(_("Hired in the chosen dates") if d.filter.dated else _("Hired in total"), _fmt(h.total),
                  border=True, help=_("Hires recorded by recruiters. Someone hired twice counts twice."))
        st.caption(_("{n} people").format(n=_fmt(h.people)))
    with cols[2]:
        st.metric(_("Hires from poor households"), _percent(h.poor_share), border=True,
                  help=_("Share of the hires whose household is a registered poor household."))
        st.caption(_("{n} hires").format(n=_fmt(h.poor)))
    with cols[3]:
        st.metric(_("Positions filled"), _percent(fill.percent), border=True,
                  help=_("Hires into the vacancies posted, against the people they asked for."))
        st.caption(_("{hired} hired for {positions} positions in {vacancies} vacancies; {filled} vacancies full")
                   .format(hired=_fmt(fill.hired), positions=_fmt(fill.positions),
                           vacancies=_fmt(fill.vacancies), filled=_fmt(fill.vacancies_filled)))


def _employer(_: Translator, ref: EmployerRef) -> str:
    return ref.name if ref.id is not None else _("Other employers ({n})").format(n=_fmt(ref.others))


def hire_charts(_: Translator, d: Dashboard, language: str) -> None:
    """Hires by employer, destination province and trade; positions posted and filled per employer."""
    h, hired = d.hires, _("Number hired")
    employer = _("Employer")
    left, right = st.columns(2)
    with left:
        df = pd.DataFrame({employer: [_employer(_, r) for r, _n in h.by_employer],
                           hired: [n for _r, n in h.by_employer]})
        _block(_, _("Hires by employer"), df,
               lambda: _bars(df, employer, hired, color=GREEN, horizontal=True, sort=list(df[employer])),
               "hires-by-employer", note=_("The 15 employers with most hires, then the others together."))
    with right:
        province = _("Destination province")
        df = pd.DataFrame({province: [province_label(p, language) for p, _n in h.by_province],
                           hired: [n for _p, n in h.by_province]})
        _block(_, _("Hires by destination province"), df,
               lambda: _bars(df, province, hired, color=ORANGE, horizontal=True), "hires-by-province")
    left, right = st.columns(2)
    with left:
        trade = _("Trade")
        df = pd.DataFrame({trade: [_(TRADES[t]) if t in TRADES else t for t, _n in h.by_trade],
                           hired: [n for _t, n in h.by_trade]})
        _block(_, _("Hires by trade"), df, lambda: _bars(df, trade, hired, horizontal=True), "hires-by-trade")
    with right:
        posted, filled = _("Positions posted"), _("Hired into them")
        rows = d.openings.by_employer
        df = pd.DataFrame({employer: [_employer(_, r) for r, _f in rows],
                           _("Vacancies posted"): [f.vacancies for _r, f in rows],
                           _("Vacancies full"): [f.vacancies_filled for _r, f in rows],
                           filled: [f.hired for _r, f in rows], posted: [f.positions for _r, f in rows]})
        kind, people = _("Figure"), _("People")
        _block(_, _("Positions posted and filled"), df, lambda: alt.Chart(df).transform_fold(
            [posted, filled], as_=[kind, people]).mark_bar().encode(
            y=alt.Y(f"{employer}:N", sort=list(df[employer]), title=employer),
            yOffset=alt.YOffset(f"{kind}:N", sort=[posted, filled]),
            x=alt.X(f"{people}:Q", axis=alt.Axis(format=",d")),
            color=alt.Color(f"{kind}:N", sort=[posted, filled], scale=alt.Scale(range=[BLUE, GREEN])),
            tooltip=[employer, f"{kind}:N", alt.Tooltip(f"{people}:Q", format=",")]), "positions-filled",
               note=_("The 15 employers with most positions, then the others together. Vacancies are those "
                      "posted at the chosen fair and dates; a township or registration point does not narrow "
                      "them."))
