"""The dashboard's registration charts: per hour, per day (by week or month over a long range),
by home township, by registration point, and the people's profile, in the style of components/charts.py.

Every bar carries its value; a breakdown with more than `TOP` categories shows the first ones as bars
and the rest as one figure under the chart (the CSV has every row)."""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from components.charts import (
    BLUE,
    GREEN,
    LABEL_PX,
    ORANGE,
    TOP,
    WIDE_LABEL_LIMIT,
    _bars,
    _block,
    _fmt,
    bars_height,
    count_scale,
    others_note,
    split_top,
)
from services.core.i18n import Translator
from services.core.reference import EDUCATION_LEVELS, GENDERS, POOR_HOUSEHOLD
from services.places.county import County
from services.registration.profile_labels import NOT_ANSWERED as NOT_ANSWERED_LABEL
from services.reporting.dashboard import AGE_BANDS, INTENTION_SHORT, NOT_ANSWERED, Dashboard

DAYS_AS_DAYS = 31  # up to a month of days drawn day by day; longer ranges by week, then by month
WEEKS_AS_WEEKS = 31


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


def periods(per_day: list[tuple[date, int]]) -> tuple[str, list[tuple[date, int]]]:
    """The per-day counts as days, weeks (from Monday) or months, so that a long range stays a few dozen
    labelled bars: ("day" | "week" | "month", [(first day of the period, count)])."""
    if len(per_day) <= DAYS_AS_DAYS:
        return "day", per_day
    weeks = len({d - timedelta(days=d.weekday()) for d, _n in per_day})
    unit = "week" if weeks <= WEEKS_AS_WEEKS else "month"
    out: dict[date, int] = {}
    for d, n in per_day:
        key = d - timedelta(days=d.weekday()) if unit == "week" else d.replace(day=1)
        out[key] = out.get(key, 0) + n
    return unit, sorted(out.items())


def _answers(_: Translator, counts: dict[str, int], labels: dict[str, str]) -> tuple[list[str], list[int], list[str]]:
    """A breakdown's labels and counts in the lists' order, "Not answered" last, and that order."""
    names = {**labels, NOT_ANSWERED: NOT_ANSWERED_LABEL}
    rank = {k: i for i, k in enumerate(names)}
    keys = sorted(counts, key=lambda k: (rank.get(k, len(rank)), k))
    return [_(names.get(k, k)) for k in keys], [counts[k] for k in keys], [_(v) for v in names.values()]


def _per_day(_: Translator, d: Dashboard) -> None:
    made = _("Registrations made")
    unit, rows = periods(d.per_day)
    title = {"day": _("Registrations per day"), "week": _("Registrations per week"),
             "month": _("Registrations per month")}[unit]
    column = {"day": _("Date"), "week": _("Week from"), "month": _("Month")}[unit]
    shown = [x.strftime("%Y-%m") if unit == "month" else x.strftime("%m-%d") for x, _n in rows]
    df = pd.DataFrame({column: shown, made: [n for _d, n in rows]})
    csv = pd.DataFrame({column: [x.isoformat() for x, _n in rows], made: [n for _d, n in rows]})
    _block(_, title, csv, lambda: _bars(df, column, made, sort=shown), "per-day",
           note=_days(_, d.per_day[0][0], d.per_day[-1][0]))


def charts(_: Translator, d: Dashboard, county: County, language: str) -> None:
    people, made = _("People"), _("Registrations made")
    hour = _("Hour")
    # a row each: sixteen hours and a month of days keep their labels only at the page's whole width
    hours = _hours(d.per_hour)
    df = pd.DataFrame({hour: [f"{h:02d}:00" for h, _n in hours], made: [n for _h, n in hours]})
    _block(_, _("Registrations per hour"), df, lambda: _bars(df, hour, made), f"per-hour-{d.hour_day}",
           note=d.hour_day.isoformat())
    _per_day(_, d)

    point = _("Registration point")  # the whole width: the points' names are long
    names = [p.name if p.kind != "direct" else _("Direct (no QR code)") for p, _n in d.by_place]
    df = pd.DataFrame({point: names, made: [n for _p, n in d.by_place]}).sort_values(made, ascending=False,
                                                                                     kind="stable")
    top, rest, rest_n = split_top(df)
    _block(_, _("Registrations by registration point"), df,
           lambda: _bars(top, point, made, color=ORANGE, horizontal=True, label_limit=WIDE_LABEL_LIMIT),
           "by-registration-point", note=_days(_, *d.place_days), height=bars_height(len(top)),
           others=others_note(_("Other registration points ({n}): **{total}** registrations made (in the CSV)"),
                              rest, rest_n))

    township = _("Home township")
    left, right = st.columns(2)
    with left:
        rows = sorted(d.profile.by_township.items(), key=lambda kv: -kv[1])
        df = pd.DataFrame({township: [county.label(t, language) if t else _("Other places") for t, _n in rows],
                           people: [n for _t, n in rows]})
        _block(_, _("People by home township"), df, lambda: _bars(df, township, people, horizontal=True),
               "by-township", height=bars_height(len(df)))  # the county's townships: a few bars
    with right:
        age, gender = _("Age"), _("Gender")
        bands = [_band_label(i) for i in range(len(AGE_BANDS))]
        genders = [_(GENDERS[g]) for g in ("M", "F")]
        df = pd.DataFrame([{age: bands[b], gender: _(GENDERS.get(g, g)), people: n}
                           for (b, g), n in sorted(d.profile.age_gender.items())], columns=[age, gender, people])

        def age_gender() -> alt.Chart:  # rows, not columns: ten values side by side collide at 1024 px
            base = alt.Chart(df).encode(
                y=alt.Y(f"{age}:N", sort=bands),
                yOffset=alt.YOffset(f"{gender}:N", sort=genders),
                x=alt.X(f"{people}:Q", axis=alt.Axis(format=",d", tickMinStep=1),
                        scale=count_scale(float(df[people].max()), 1.35)),
                tooltip=[age, gender, alt.Tooltip(people, format=",")])
            bars = base.mark_bar().encode(color=alt.Color(f"{gender}:N", sort=genders,
                                                          scale=alt.Scale(range=[BLUE, ORANGE])))
            values = base.mark_text(fontSize=LABEL_PX, align="left", dx=4).encode(
                text=alt.Text(f"{people}:Q", format=",")).transform_filter(alt.datum[people] > 0)
            return bars + values

        _block(_, _("People by age and gender"), df, age_gender, "age-gender",
               height=bars_height(len(bands) * 2) - 30)
    left, right = st.columns(2)
    with left:
        level = _("Education")
        names, counts, order = _answers(_, d.profile.education, EDUCATION_LEVELS)
        df = pd.DataFrame({level: names, people: counts})
        _block(_, _("People by education"), df,
               lambda: _bars(df, level, people, color=GREEN, horizontal=True, sort=order), "education",
               height=bars_height(len(df)))

    with right:
        wish = _("Work wish")
        names, counts, order = _answers(_, d.profile.intention, INTENTION_SHORT)
        df = pd.DataFrame({wish: names, people: counts})
        _block(_, _("Where people want to work"), df, lambda: _bars(df, wish, people, horizontal=True, sort=order),
               "intention", height=bars_height(len(df)))
    left, _right = st.columns(2)
    with left:
        poor = _("Registered poor household")
        names, counts, order = _answers(_, d.profile.poor, POOR_HOUSEHOLD)
        df = pd.DataFrame({poor: names, people: counts})
        _block(_, _("Registered poor households"), df, lambda: _bars(df, poor, people, color=ORANGE, sort=order),
               "poor-households")
    if d.profile.unclassified:
        st.caption(_("{n} people with other recorded values are not in these charts.").format(
            n=_fmt(d.profile.unclassified)))


__all__ = ["TOP", "charts", "periods"]
