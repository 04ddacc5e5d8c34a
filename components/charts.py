"""Drawing the live dashboard: figures, target progress and Altair charts with CSV downloads.

Charts are meant for a projector as much as a laptop: large fonts, labels in the reader's
language (categories translated, township and place names as stored), one colour per
meaning. Every chart has a button to download its data as CSV, UTF-8 with a byte-order
mark so that Excel opens the Chinese correctly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import altair as alt
import pandas as pd
import streamlit as st

from components.text import literal
from services.core.i18n import N_, Translator
from services.core.reference import EDUCATION_LEVELS, GENDERS, POOR_HOUSEHOLD
from services.places.county import County
from services.registration.profile_labels import NOT_ANSWERED as NOT_ANSWERED_LABEL
from services.reporting.dashboard import (
    AGE_BANDS,
    INTENTION_SHORT,
    NOT_ANSWERED,
    Dashboard,
    TargetProgress,
)
from services.reporting.targets import METRIC_LABELS

FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
BLUE, ORANGE, GREEN = "#1f6fb2", "#e8833a", "#2e9e5b"
HEIGHT = 300

_DONE = {
    "registrations": N_("{count} registered"),
    "employed": N_("{count} employed"),
    "transferred_out": N_("{count} transferred out"),
}


def _fmt(n: int) -> str:
    return f"{n:,}"


def _style(chart: alt.Chart) -> alt.Chart:
    return (chart.properties(height=HEIGHT)
            .configure(font=FONT)
            .configure_axis(labelFontSize=16, titleFontSize=16, labelLimit=260, titleFontWeight="normal")
            .configure_legend(labelFontSize=16, titleFontSize=16, orient="top")
            .configure_view(strokeWidth=0))


def _csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8-sig")


def _block(_: Translator, title: str, df: pd.DataFrame, chart: Callable[[], alt.Chart], name: str,
           note: str = "") -> None:
    """A titled chart with its data download, or a short note when there is nothing to draw."""
    st.markdown(f"#### {title}")
    if note:
        st.caption(note)
    if df.empty or df.iloc[:, -1].sum() == 0:
        st.caption(_("Nothing to show for these filters."))
        return
    st.altair_chart(_style(chart()), width="stretch")
    st.download_button(_("Download data (CSV)"), _csv(df), file_name=f"{name}.csv", mime="text/csv",
                       on_click="ignore", key=f"csv_{name}", icon=":material/download:")


def _bars(df: pd.DataFrame, x: str, y: str, *, color: str = BLUE, horizontal: bool = False,
          sort: list[str] | str | None = None) -> alt.Chart:
    label = alt.Text(f"{y}:Q", format=",")
    if horizontal:  # largest first unless an order is given (the frames come sorted)
        enc = dict(y=alt.Y(f"{x}:N", sort=sort or list(df.sort_values(y, ascending=False)[x])),
                   x=alt.X(f"{y}:Q", axis=alt.Axis(format=",d")))
        text = dict(align="left", dx=4)
    else:
        enc = dict(x=alt.X(f"{x}:N", sort=sort, axis=alt.Axis(labelAngle=0)),
                   y=alt.Y(f"{y}:Q", axis=alt.Axis(format=",d")))
        text = dict(baseline="bottom", dy=-4)
    base = alt.Chart(df).encode(**enc, tooltip=[x, alt.Tooltip(y, format=",")])
    labels = base.mark_text(fontSize=15, **text).encode(text=label).transform_filter(alt.datum[y] > 0)
    return base.mark_bar(color=color) + labels


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


# --- figures ------------------------------------------------------------------------------------


def headline(_: Translator, d: Dashboard) -> None:
    """Registered today (new and returning), at this fair, in total, poor-household share, profiles incomplete."""
    cols = st.columns(5)
    with cols[0]:
        st.metric(_("Registered today"), _fmt(d.people_today), border=True,
                  help=_("People with a registration today (China time)."))
        st.caption(_("{new} new, {returning} returning").format(new=_fmt(d.new_today),
                                                                returning=_fmt(d.returning_today)))
    with cols[1]:
        if d.fair is None:
            st.metric(_("At this fair"), "—", border=True)
            st.caption(_("No fair is held today. Choose one above."))
        else:
            st.metric(_("At this fair"), _fmt(d.people_at_fair or 0), border=True,
                      help=_("People who registered at this fair, on all its days."))
            st.caption(literal(d.fair.name))
    with cols[2]:
        st.metric(_("In the chosen dates") if d.filter.dated else _("In total"), _fmt(d.people_total), border=True,
                  help=_("People, counted once each."))
    with cols[3]:
        share = d.profile.poor_share
        st.metric(_("Poor households (share)"), "—" if share is None else f"{share:.1f}%", border=True)
        st.caption(_("{n} people").format(n=_fmt(d.profile.poor["yes"])))
    with cols[4]:
        st.metric(_("Profiles incomplete"), _fmt(d.incomplete_profiles), border=True,
                  help=_("People who have not answered every profile question yet (the ticket comes first). "
                         "The exports page lists them: tick \"Only people whose profile is incomplete\"."))
        st.caption(_("{share} of the people").format(share=_percent(d.incomplete_share)))


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


# --- charts -------------------------------------------------------------------------------------


def _band_label(i: int) -> str:
    low, high = AGE_BANDS[i]
    return f"{low}–{high}" if high is not None else f"{low}+"


def _days(_: Translator, first: date | None, last: date) -> str:
    if first is None:
        return _("up to {date}").format(date=last.isoformat())
    return last.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"


def _hours(per_hour: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The working day (6:00-21:59), widened to any hour that has registrations."""
    busy = [h for h, n in per_hour if n]
    low, high = min([6, *busy]), max([21, *busy])
    return [(h, n) for h, n in per_hour if low <= h <= high]


def _answers(_: Translator, counts: dict[str, int], labels: dict[str, str]) -> tuple[list[str], list[int], list[str]]:
    """A breakdown's labels and counts in the lists' order, "Not answered" last, and that order."""
    names = {**labels, NOT_ANSWERED: NOT_ANSWERED_LABEL}
    rank = {k: i for i, k in enumerate(names)}
    keys = sorted(counts, key=lambda k: (rank.get(k, len(rank)), k))
    return [_(names.get(k, k)) for k in keys], [counts[k] for k in keys], [_(v) for v in names.values()]


def charts(_: Translator, d: Dashboard, county: County, language: str) -> None:
    people, made = _("People"), _("Registrations made")
    hour, day = _("Hour"), _("Date")
    left, right = st.columns(2)
    with left:
        hours = _hours(d.per_hour)
        df = pd.DataFrame({hour: [f"{h:02d}:00" for h, _n in hours], made: [n for _h, n in hours]})
        _block(_, _("Registrations per hour"), df, lambda: _bars(df, hour, made), f"per-hour-{d.hour_day}",
               note=d.hour_day.isoformat())
    with right:
        df = pd.DataFrame({day: [x.isoformat() for x, _n in d.per_day], made: [n for _d, n in d.per_day]})
        _block(_, _("Registrations per day"), df, lambda: alt.Chart(df).mark_bar(color=BLUE).encode(
            x=alt.X(f"{day}:T", axis=alt.Axis(format="%m-%d", labelAngle=0), timeUnit="yearmonthdate", title=day),
            y=alt.Y(f"{made}:Q", axis=alt.Axis(format=",d")), tooltip=[day, alt.Tooltip(made, format=",")]),
               "per-day", note=_days(_, d.per_day[0][0], d.per_day[-1][0]))

    left, right = st.columns(2)
    township = _("Home township")
    with left:
        rows = sorted(d.profile.by_township.items(), key=lambda kv: -kv[1])
        df = pd.DataFrame({township: [county.label(t, language) if t else _("Other places") for t, _n in rows],
                           people: [n for _t, n in rows]})
        _block(_, _("People by home township"), df, lambda: _bars(df, township, people, horizontal=True),
               "by-township")
    with right:
        point = _("Registration point")
        names = [p.name if p.kind != "direct" else _("Direct (no QR code)") for p, _n in d.by_place]
        df = pd.DataFrame({point: names, made: [n for _p, n in d.by_place]})
        _block(_, _("Registrations by registration point"), df,
               lambda: _bars(df, point, made, color=ORANGE, horizontal=True), "by-registration-point",
               note=_days(_, *d.place_days))

    left, right = st.columns(2)
    with left:
        age, gender = _("Age"), _("Gender")
        bands = [_band_label(i) for i in range(len(AGE_BANDS))]
        genders = [_(GENDERS[g]) for g in ("M", "F")]
        df = pd.DataFrame([{age: bands[b], gender: _(GENDERS.get(g, g)), people: n}
                           for (b, g), n in sorted(d.profile.age_gender.items())], columns=[age, gender, people])
        _block(_, _("People by age and gender"), df, lambda: alt.Chart(df).mark_bar().encode(
            x=alt.X(f"{age}:N", sort=bands, axis=alt.Axis(labelAngle=0, labelOverlap=False)),
            xOffset=alt.XOffset(f"{gender}:N", sort=genders), y=alt.Y(f"{people}:Q", axis=alt.Axis(format=",d")),
            color=alt.Color(f"{gender}:N", sort=genders, scale=alt.Scale(range=[BLUE, ORANGE])),
            tooltip=[age, gender, alt.Tooltip(people, format=",")]), "age-gender")
    with right:
        level = _("Education")
        names, counts, order = _answers(_, d.profile.education, EDUCATION_LEVELS)
        df = pd.DataFrame({level: names, people: counts})
        _block(_, _("People by education"), df,
               lambda: _bars(df, level, people, color=GREEN, horizontal=True, sort=order), "education")

    left, right = st.columns(2)
    with left:
        wish = _("Work wish")
        names, counts, order = _answers(_, d.profile.intention, INTENTION_SHORT)
        df = pd.DataFrame({wish: names, people: counts})
        _block(_, _("Where people want to work"), df, lambda: _bars(df, wish, people, sort=order), "intention")
    with right:
        poor = _("Registered poor household")
        names, counts, order = _answers(_, d.profile.poor, POOR_HOUSEHOLD)
        df = pd.DataFrame({poor: names, people: counts})
        _block(_, _("Registered poor households"), df, lambda: _bars(df, poor, people, color=ORANGE, sort=order),
               "poor-households")
    if d.profile.unclassified:
        st.caption(_("{n} people with other recorded values are not in these charts.").format(
            n=_fmt(d.profile.unclassified)))
