"""Drawing the dashboard's hires and vacancies: the figures and the charts (with CSV downloads),
in the style of components/charts.py."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from components.charts import (
    GREEN,
    LABEL_PX,
    ORANGE,
    TOP,
    WIDE_LABEL_LIMIT,
    _bars,
    _block,
    _fmt,
    _percent,
    bars_height,
    count_scale,
    figure,
    figure_row,
    others_note,
    split_top,
)
from services.core.i18n import Translator
from services.core.reference import TRADES
from services.places.geography import province_label
from services.reporting.dashboard import Dashboard, EmployerRef

PALE = "#b9d3ea"  # positions posted, behind the hires

# --- hires --------------------------------------------------------------------------------------


def hire_figures(_: Translator, d: Dashboard, basis: str = "") -> None:
    """Hired today, in total (or in the dates), the poor-household share, positions filled.

    `basis` (a place chosen): what the hire figures count, said in each figure's help."""
    h, fill = d.hires, d.openings.total
    more = f"\n\n{basis}" if basis else ""
    row = figure_row("dash_hire_figures")
    figure(row, "hired_today", _("Hired today"), _fmt(h.today),
           help=_("Hires recorded today (China time). Someone hired twice counts twice.") + more)
    figure(row, "hired", _("Hired in the chosen dates") if d.filter.dated else _("Hired in total"), _fmt(h.total),
           help=_("Hires recorded by recruiters. Someone hired twice counts twice.") + more,
           caption=_("{n} people").format(n=_fmt(h.people)))
    figure(row, "hired_poor", _("Hires from poor households"), _percent(h.poor_share),
           help=_("Share of the hires whose household is a registered poor household.") + more,
           caption=_("{n} hires").format(n=_fmt(h.poor)))
    figure(row, "filled", _("Positions filled"), _percent(fill.percent),
           help=_("Hires into the vacancies posted, against the people they asked for."),
           caption=_("{hired} hired for {positions} positions in {vacancies} vacancies; {filled} vacancies full")
           .format(hired=_fmt(fill.hired), positions=_fmt(fill.positions), vacancies=_fmt(fill.vacancies),
                   filled=_fmt(fill.vacancies_filled)))


def _employer(_: Translator, ref: EmployerRef) -> str:
    return ref.name if ref.id is not None else _("Other employers ({n})").format(n=_fmt(ref.others))


def _named(rows: list, top: int = TOP) -> tuple[list, int, int]:
    """Employers' rows: the first `top` named ones, and how many employers and what value the rest
    (the service's "others" row included) add up to; a value is a count or a Fill's positions."""
    def value(x: object) -> int:
        return x if isinstance(x, int) else x.positions  # type: ignore[attr-defined]

    named = [(r, v) for r, v in rows if r.id is not None]
    rest = named[top:]
    extra = [(r, v) for r, v in rows if r.id is None]
    n = len(rest) + sum(r.others for r, _v in extra)
    return named[:top], n, sum(value(v) for _r, v in [*rest, *extra])


def hire_charts(_: Translator, d: Dashboard, language: str) -> None:
    """Hires by employer, destination province and trade; positions posted and filled per employer."""
    h, hired = d.hires, _("Number hired")
    employer = _("Employer")
    # the whole width: employers' names are long
    df = pd.DataFrame({employer: [_employer(_, r) for r, _n in h.by_employer],
                       hired: [n for _r, n in h.by_employer]})
    named, rest, rest_n = _named(h.by_employer)
    top = pd.DataFrame({employer: [r.name for r, _n in named], hired: [n for _r, n in named]})
    _block(_, _("Hires by employer"), df,
           lambda: _bars(top, employer, hired, color=GREEN, horizontal=True, sort=list(top[employer]),
                         label_limit=WIDE_LABEL_LIMIT),
           "hires-by-employer", height=bars_height(len(top)),
           note=_("The {n} employers with most hires.").format(n=TOP),
           others=others_note(_("Other employers ({n}): **{total}** hires (in the CSV)"), rest, rest_n))
    left, right = st.columns(2)
    with left:
        province = _("Destination province")
        df = pd.DataFrame({province: [province_label(p, language) for p, _n in h.by_province],
                           hired: [n for _p, n in h.by_province]})
        top, rest, rest_n = split_top(df)
        _block(_, _("Hires by destination province"), df,
               lambda: _bars(top, province, hired, color=ORANGE, horizontal=True), "hires-by-province",
               height=bars_height(len(top)),
               others=others_note(_("Other provinces ({n}): **{total}** hires (in the CSV)"), rest, rest_n))
    with right:
        trade = _("Trade")
        df = pd.DataFrame({trade: [_(TRADES[t]) if t in TRADES else t for t, _n in h.by_trade],
                           hired: [n for _t, n in h.by_trade]})
        top, rest, rest_n = split_top(df)
        _block(_, _("Hires by trade"), df, lambda: _bars(top, trade, hired, horizontal=True), "hires-by-trade",
               height=bars_height(len(top)),
               others=others_note(_("Other trades ({n}): **{total}** hires (in the CSV)"), rest, rest_n))
    _positions(_, d)  # the whole width too


def _positions(_: Translator, d: Dashboard) -> None:
    employer, posted, filled = _("Employer"), _("Positions posted"), _("Hired into them")
    rows = d.openings.by_employer
    df = pd.DataFrame({employer: [_employer(_, r) for r, _f in rows],
                       _("Vacancies posted"): [f.vacancies for _r, f in rows],
                       _("Vacancies full"): [f.vacancies_filled for _r, f in rows],
                       filled: [f.hired for _r, f in rows], posted: [f.positions for _r, f in rows]})
    named, rest, rest_n = _named(rows)
    top = pd.DataFrame({employer: [r.name for r, _f in named], posted: [f.positions for _r, f in named],
                        filled: [f.hired for _r, f in named]})
    shown = _("Hired / posted")
    top[shown] = [f"{f:,} / {p:,}" for f, p in zip(top[filled], top[posted], strict=True)]

    def chart() -> alt.Chart:  # one row per employer: the positions as a pale bar, the hires inside it
        base = alt.Chart(top).encode(
            y=alt.Y(f"{employer}:N", sort=list(top[employer]), title=employer,
                    axis=alt.Axis(labelLimit=WIDE_LABEL_LIMIT)),
            tooltip=[employer, alt.Tooltip(f"{posted}:Q", format=","), alt.Tooltip(f"{filled}:Q", format=",")])
        scale = count_scale(float(top[posted].max()) if len(top) else 0, 1.35)
        axis = alt.Axis(format=",d", tickMinStep=1, tickCount=5, title=_("People"))
        wanted = base.mark_bar(color=PALE).encode(x=alt.X(f"{posted}:Q", axis=axis, scale=scale))
        hired = base.mark_bar(color=GREEN, height=12).encode(x=alt.X(f"{filled}:Q", scale=scale))
        values = base.mark_text(fontSize=LABEL_PX, align="left", dx=4).encode(x=f"{posted}:Q", text=f"{shown}:N")
        return wanted + hired + values

    _block(_, _("Positions posted and filled"), df, chart, "positions-filled", height=bars_height(len(top)),
           note=_("The {n} employers with most positions. Vacancies are those posted at the chosen fair and "
                  "dates; a township or registration point does not narrow them.").format(n=TOP) + " " +
           _("Pale bar: positions posted; green: hired into them."),
           others=others_note(_("Other employers ({n}): **{total}** positions (in the CSV)"), rest, rest_n))
