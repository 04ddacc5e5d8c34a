"""Live booth activity for organizers: scans and hires per booth in the last hour and today.

The fair filter sits outside the live fragment, which redraws every 10 seconds (as the dashboard
does); the counts come from SQL (services.recruiting.booth_activity), cached for a few seconds per fair so
several screens share one query.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from components import auth, runtime
from models import Role
from models.base import utcnow
from services.core.clock import local_zone
from services.places.sources import all_fairs
from services.recruiting.booth import fairs_today
from services.recruiting.booth_activity import BoothActivity, booth_activity

REFRESH_SECONDS = 10
CACHE_SECONDS = 5
CHART_ROWS = 20

_ = runtime.page()
user = auth.require(Role.ORGANIZER)
st.set_page_config(layout="wide")


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=50)
def _activity(db_url: str, fair_id: int | None) -> BoothActivity:
    """`db_url` only keys the cache (one per database)."""
    return booth_activity(runtime.engine(), now=utcnow(), fair_id=fair_id)


engine = runtime.engine()
db_url = runtime.settings().effective_database_url
fairs = {f.id: f.name for f in all_fairs(engine)}
running = [f.id for f in fairs_today(engine)]

head, toggle = st.columns([5, 2], vertical_alignment="bottom")
head.title(_("Live booth activity"))
paused = toggle.toggle(_("Pause live updates"), key="booths_paused")
options = [None, *running, *[i for i in fairs if i not in running]]
fair_id = st.selectbox(_("Fair"), options, key="booths_fair", index=1 if running else 0,
                       format_func=lambda i: _("All fairs and booths") if i is None else fairs[i])


@st.fragment(run_every=None if paused else REFRESH_SECONDS)
def live() -> None:
    activity = _activity(db_url, fair_id)
    total = activity.totals
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(_("Scans in the last hour"), f"{total.scans_last_hour:,}")
    m2.metric(_("Hires in the last hour"), f"{total.hires_last_hour:,}")
    m3.metric(_("Scans today"), f"{total.scans_today:,}")
    m4.metric(_("Hires today"), f"{total.hires_today:,}")
    if not activity.rows:
        st.info(_("No scans or hires yet today. Booths appear here as recruiters scan tickets."))
    else:
        employer, hour_scans, hour_hires = _("Employer"), _("Scans in the last hour"), _("Hires in the last hour")
        df = pd.DataFrame([{employer: r.employer_name, hour_scans: r.scans_last_hour, hour_hires: r.hires_last_hour,
                            _("Scans today"): r.scans_today, _("Hires today"): r.hires_today} for r in activity.rows])
        long = df.head(CHART_ROWS).melt(id_vars=[employer], value_vars=[hour_scans, hour_hires],
                                        var_name=_("What"), value_name=_("Count"))
        chart = alt.Chart(long).mark_bar().encode(
            y=alt.Y(f"{employer}:N", sort=None, title=None, axis=alt.Axis(labelLimit=260, labelFontSize=14)),
            x=alt.X(f"{_('Count')}:Q", title=None),
            color=alt.Color(f"{_('What')}:N", scale=alt.Scale(domain=[hour_scans, hour_hires],
                                                                range=["#1f6fb2", "#2e9e5b"]),
                            legend=alt.Legend(orient="top", title=None, labelFontSize=14)),
            yOffset=f"{_('What')}:N",
        ).properties(height=max(160, 44 * min(len(df), CHART_ROWS)))
        st.altair_chart(chart, width="stretch")
        st.dataframe(df, hide_index=True, width="stretch")
    as_of = activity.as_of.astimezone(local_zone()).strftime("%H:%M:%S")
    st.caption(_("Updated {time} (China time).").format(time=as_of) + " " + (
        _("Live updates are paused.") if paused else
        _("Updates every {seconds} seconds.").format(seconds=REFRESH_SECONDS)))


live()
