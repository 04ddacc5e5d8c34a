"""Live dashboard for organizers: registrations and hires today, at the fair and in total, against the targets.

The filters sit outside the live fragment, in keyed widgets, so the 10-second refresh redraws
only the figures and keeps them. Figures come from services.reporting.dashboard (SQL aggregates),
cached for a few seconds per filter so that a projector and several laptops share one query.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import auth, charts, dash_live, replica_lag, runtime
from components.text import literal
from models import Role
from services.core.clock import local_today, local_zone
from services.reporting.dashboard import Dashboard, DashboardFilter, FilterOptions, build_dashboard, filter_options
from services.reporting.dashboard.meaning import says
from services.reporting.first_steps import FirstSteps
from services.reporting.first_steps import first_steps as first_steps_done

REFRESH_SECONDS = 10
ALL_FAIRS, ALL_PLACES = 0, ""
CACHE_SECONDS = 5

_ = runtime.page()
user = auth.require(Role.ORGANIZER)
st.set_page_config(layout="wide")  # a projector's width
st.html(charts.FIGURES_CSS)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=50)
def _figures(db_url: str, fair_id: int | None, site_id: int | None, township: str | None,
             start: date | None, end: date | None) -> Dashboard:
    """The figures for one filter, from the read engine (a replica with READ_DATABASE_URL); `db_url` only keys
    the cache (one per database)."""
    flt = DashboardFilter(fair_id=fair_id, site_id=site_id, township=township, start=start, end=end)
    return build_dashboard(runtime.read_engine(), flt, zone=local_zone())


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=10)
def _first_steps(db_url: str, year: int) -> FirstSteps:
    return first_steps_done(runtime.read_engine(), year=year)


@st.cache_data(ttl=30, show_spinner=False, max_entries=10)
def _options(db_url: str, today: date) -> FilterOptions:
    return filter_options(runtime.read_engine(), today=today)


db_url = runtime.settings().effective_read_database_url
language = runtime.language()
county = runtime.county()
today = local_today()
options = _options(db_url, today)
fair_names = {f.id: f.name for f in options.fairs}
sites = {s.id: s for s in options.sites}


def place_label(key: str | None) -> str:
    if not key:
        return _("Whole county")
    kind, value = key.split(":", 1)
    if kind == "t":
        return _("{township}: all fairs and points").format(township=county.label(value, language))
    return "└ " + sites[int(value)].name  # listed under its township


townships = [t.name for t in county.townships]
townships += sorted({s.township for s in options.sites if s.township} - set(townships))
place_keys = [ALL_PLACES]
for t in townships:
    place_keys.append(f"t:{t}")
    place_keys += [f"s:{s.id}" for s in options.sites if s.township == t]
place_keys += [f"s:{s.id}" for s in options.sites if not s.township]

head, toggle = st.columns([5, 2], vertical_alignment="bottom")
head.title(_("Live dashboard"))
paused = toggle.toggle(_("Pause live updates"), key="dash_paused", persist_state="session")

f1, f2, f3 = st.columns([4, 4, 3])  # the dates need room for "yyyy-mm-dd – yyyy-mm-dd"
# "all" is a value of its own (0, ""), not None: a None option showed as an empty "Choose an option" box
chosen_fair = f1.selectbox(_("Fair"), [ALL_FAIRS, *fair_names], key="dash_fair", persist_state="session",
                           format_func=lambda i: _("All fairs") if not i else fair_names.get(i, str(i)))
fair_id = chosen_fair or None
place = f2.selectbox(_("Township or registration point"), place_keys, key="dash_place", persist_state="session",
                     format_func=place_label)
dates = f3.date_input(_("Dates (China time)"), value=[], max_value=today, key="dash_dates",
                      persist_state="session", format="YYYY-MM-DD", help=_("Leave empty for all dates."))

kind, _sep, value = (place or "").partition(":")
flt = DashboardFilter(
    fair_id=fair_id, site_id=int(value) if kind == "s" else None, township=value if kind == "t" else None,
    start=dates[0] if len(dates) >= 1 else None, end=dates[1] if len(dates) == 2 else None,
)
target_place = literal(county.label(flt.township, language)) if flt.township else _("whole county")
chosen_place = literal(county.label(flt.township, language)) if flt.township else (
    literal(sites[flt.site_id].name) if flt.site_id in sites else "")


def basis(group: str) -> str:
    """What this group of figures counts under the chosen place ("" without one): one filter, one meaning."""
    message = says(flt, group)
    return _(message).format(place=chosen_place) if message else ""


@st.fragment(run_every=None if paused else REFRESH_SECONDS)
def live() -> None:
    replica_lag.lag_note(_)  # "figures from the replica, N s behind" when it lags
    d = _figures(db_url, flt.fair_id, flt.site_id, flt.township, flt.start, flt.end)
    dash_live.panels(_, d, _first_steps(db_url, d.year), basis, target_place, county, language)
    as_of = d.as_of.astimezone(local_zone()).strftime("%H:%M:%S")
    st.caption(_("Updated {time} (China time).").format(time=as_of) + " " + (
        _("Live updates are paused.") if paused else
        _("Updates every {seconds} seconds.").format(seconds=REFRESH_SECONDS)))


live()
