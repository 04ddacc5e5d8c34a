"""Drawing the live dashboard: figures, target progress and Altair charts with CSV downloads.

Charts are meant for a projector as much as a laptop: large fonts, labels in the reader's
language (categories translated, township and place names as stored), one colour per
meaning. Every chart has a button to download its data as CSV, UTF-8 with a byte-order
mark so that Excel opens the Chinese correctly.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.text import literal
from services.core.i18n import N_, Translator
from services.reporting.dashboard import Dashboard, TargetProgress
from services.reporting.exports.cells import neutralize
from services.reporting.targets import METRIC_LABELS

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
BLUE, ORANGE, GREEN = "#1f6fb2", "#e8833a", "#2e9e5b"
HEIGHT = 300
TEXT_PX = 16  # axis and legend text; a bar's value label is 15 px (the issue asks for at least 14)
LABEL_PX = 15
BAR_PX = 30  # a horizontal bar's row, so that 16 px labels never touch
LABEL_LIMIT = 200  # px of a category's name before "…" (the whole name is in the tooltip)
WIDE_LABEL_LIMIT = 320  # in a chart of the page's whole width (employers, registration points)
TOP = 10  # bars drawn by name; the rest are one figure under the chart, not a bar that squashes them
ROTATE_AFTER = 12  # vertical bars: more than this and the value labels stand upright

_DONE = {
    "registrations": N_("{count} registered"),
    "employed": N_("{count} employed"),
    "transferred_out": N_("{count} transferred out"),
    "trained": N_("{count} trained"),
}


def _fmt(n: int) -> str:
    return f"{n:,}"


def _style(chart: alt.Chart, height: int | None = None) -> alt.Chart:
    """Projector fonts (text at least 14 px), whole-number count axes, SVG (sharp, and measurable)."""
    return (chart.properties(height=height or HEIGHT, usermeta={"embedOptions": {"renderer": "svg"}})
            .configure(font=FONT)
            .configure_axis(labelFontSize=TEXT_PX, titleFontSize=TEXT_PX, labelLimit=LABEL_LIMIT,
                            titleFontWeight="normal", tickMinStep=1)
            .configure_legend(labelFontSize=TEXT_PX, titleFontSize=TEXT_PX, orient="top")
            .configure_view(strokeWidth=0))


def _csv(df: pd.DataFrame) -> bytes:
    """The chart's data for Excel: names a spreadsheet could run as formulas (a company called "=…") made inert."""
    safe = df.rename(columns=lambda c: neutralize(c) if isinstance(c, str) else c)
    safe = safe.map(lambda v: neutralize(v) if isinstance(v, str) else v)
    # CRLF rows: the csv module quotes a cell holding a character of the line ending only, and a bare CR left
    # unquoted starts a new row in Excel (where "=…" after it would be a formula again)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def split_top(df: pd.DataFrame, top: int = TOP) -> tuple[pd.DataFrame, int, int]:
    """The first `top` rows (the frame comes most first), and how many rows and how much the rest add up to."""
    rest = df.iloc[top:]
    return df.iloc[:top], len(rest), int(rest.iloc[:, -1].sum()) if len(rest) else 0


def _block(_: Translator, title: str, df: pd.DataFrame, chart: Callable[[], alt.Chart], name: str,
           note: str = "", others: str = "", height: int | None = None) -> None:
    """A titled chart with its data download (every row, also those under `others`), or a short note
    when there is nothing to draw."""
    st.markdown(f"#### {title}")
    if note:
        st.caption(note)
    if df.empty or df.iloc[:, -1].sum() == 0:
        st.caption(_("Nothing to show for these filters."))
        return
    st.altair_chart(_style(chart(), height), width="stretch")
    if others:
        st.markdown(others)
    st.download_button(_("Download data (CSV)"), _csv(df), file_name=f"{name}.csv", mime="text/csv",
                       on_click="ignore", key=f"csv_{name}", icon=":material/download:")


def others_note(message: str, rest: int, total: int) -> str:
    """The figure of the rows not drawn as bars, for under the chart ("" when every row is a bar);
    `message` (translated) has {n} (how many rows) and {total} (what they add up to)."""
    return message.format(n=_fmt(rest), total=_fmt(total)) if rest else ""


def bars_height(rows: int) -> int:
    """A horizontal chart's height: one row per bar, never squeezed."""
    return max(120, BAR_PX * rows + 50)


def count_scale(top: float, room: float = 1.18) -> alt.Scale:
    """A count axis from 0 with room after the largest bar for its label (never below 0)."""
    return alt.Scale(domain=[0, max(1, int(top * room) + 1)], nice=False)


def _bars(df: pd.DataFrame, x: str, y: str, *, color: str = BLUE, horizontal: bool = False,
          sort: list[str] | str | None = None, label_limit: int = LABEL_LIMIT) -> alt.Chart:
    """Bars of counts, each with its value written on it (whole numbers, thousands separated)."""
    label = alt.Text(f"{y}:Q", format=",")
    count_axis = alt.Axis(format=",d", tickMinStep=1, tickCount=5)
    top = float(df[y].max()) if len(df) else 0.0
    if horizontal:  # largest first unless an order is given (the frames come sorted)
        enc = dict(y=alt.Y(f"{x}:N", sort=sort or list(df.sort_values(y, ascending=False)[x]),
                           axis=alt.Axis(labelLimit=label_limit)),
                   x=alt.X(f"{y}:Q", axis=count_axis, scale=count_scale(top, 1.35)))
        text = dict(align="left", dx=4)
    else:
        many = len(df) > ROTATE_AFTER
        enc = dict(x=alt.X(f"{x}:N", sort=sort, axis=alt.Axis(labelAngle=-90 if many else 0, labelOverlap=False)),
                   y=alt.Y(f"{y}:Q", axis=count_axis, scale=count_scale(top, 1.3 if many else 1.15)))
        text = dict(angle=270, align="left", baseline="middle", dx=4) if many else dict(baseline="bottom", dy=-4)
    base = alt.Chart(df).encode(**enc, tooltip=[x, alt.Tooltip(y, format=",")])
    labels = base.mark_text(fontSize=LABEL_PX, **text).encode(text=label).transform_filter(alt.datum[y] > 0)
    return base.mark_bar(color=color) + labels


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


# --- figures ------------------------------------------------------------------------------------


# Headline figures wrap onto a second line rather than shrink: a card is FIGURE_PX wide, so "123,456"
# and a two-line label fit at 1024 px; labels wrap instead of ending in "…".
FIGURE_PX = 178
FIGURES_CSS = """<style>
[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricLabel"] { height: auto !important; }
[data-testid="stMetricValue"] { font-size: 2rem; }
[data-testid="stMetricValue"] div { overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMainBlockContainer"] { padding-left: 2rem; padding-right: 2rem; }
</style>"""


def figure_row(key: str) -> DeltaGenerator:
    """A row of headline figures that wraps on a narrow screen (see FIGURES_CSS)."""
    return st.container(horizontal=True, key=key, gap="small")


def figure(row: DeltaGenerator, key: str, label: str, value: str, *, help: str | None = None,
           caption: str = "") -> None:
    """One headline figure: a bordered metric and its caption, in a card of `row`."""
    with row.container(key=f"dash_fig_{key}", width=FIGURE_PX):
        st.metric(label, value, border=True, help=help)
        if caption:
            st.caption(caption)


def headline(_: Translator, d: Dashboard, basis: str = "") -> None:
    """Registered today (new and returning), at this fair, in total, poor-household share, profiles incomplete.

    `basis` (a township chosen): what these figures count, said in each figure's help."""
    more = f"\n\n{basis}" if basis else ""
    row = figure_row("dash_figures")
    figure(row, "today", _("Registered today"), _fmt(d.people_today),
           help=_("People with a registration today (China time).") + more,
           caption=_("{new} new, {returning} returning").format(new=_fmt(d.new_today),
                                                                returning=_fmt(d.returning_today)))
    if d.fair is None:
        figure(row, "fair", _("At this fair"), "—", caption=_("No fair is held today. Choose one above."))
    else:
        figure(row, "fair", _("At this fair"), _fmt(d.people_at_fair or 0),
               help=_("People who registered at this fair, on all its days.") + more, caption=literal(d.fair.name))
    figure(row, "total", _("In the chosen dates") if d.filter.dated else _("In total"), _fmt(d.people_total),
           help=_("People, counted once each.") + more)
    share = d.profile.poor_share
    figure(row, "poor", _("Poor households (share)"), "—" if share is None else f"{share:.1f}%",
           help=_("Share of these people whose household is a registered poor household.") + more,
           caption=_("{n} people").format(n=_fmt(d.profile.poor["yes"])))
    figure(row, "incomplete", _("Profiles incomplete"), _fmt(d.incomplete_profiles),
           help=_("People who have not answered every profile question yet (the ticket comes first). "
                  "The exports page lists them: tick \"Only people whose profile is incomplete\".") + more,
           caption=_("{share} of the people").format(share=_percent(d.incomplete_share)))


def progress_text(_: Translator, p: TargetProgress) -> str:
    done = _(_DONE[p.metric]).format(count=_fmt(p.count))
    if p.target is None:
        rest = _("no target set")
    elif p.percent is None:
        rest = _("the target is 0")
    else:
        rest = _("{percent} of the target of {target}").format(percent=f"{p.percent:.1f}%", target=_fmt(p.target))
    return _("{done}, {rest}").format(done=done, rest=rest)


def targets(_: Translator, d: Dashboard, place: str) -> None:
    st.markdown("#### " + _("Targets for {year}: {place}").format(year=d.year, place=place))
    for col, p in zip(st.columns(len(d.targets)), d.targets, strict=True):
        with col:
            st.markdown(f"**{_(METRIC_LABELS[p.metric])}**")
            st.progress(min((p.percent or 0) / 100, 1.0), text=progress_text(_, p))


