"""The dashboard's drill-down: people in work and transferred out against the targets, county →
township → site → household, chosen with select boxes and shown as a breadcrumb and one table.

The counts and their definition: services/reporting/dashboard/employment.py.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components import runtime
from components.charts import _fmt, _percent
from components.text import literal
from services.core.i18n import Translator
from services.places.county import County
from services.reporting.dashboard import Dashboard
from services.reporting.dashboard.employment import OTHERS, Employment, Level, by_household, by_site

CACHE_SECONDS = 5
ALL = "*"  # the select boxes' "every township / site" choice
NO_SITE = "-"


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=50)
def _sites(db_url: str, township: str, today: date) -> list[Level]:
    return by_site(runtime.read_engine(), township=township, today=today)


@st.cache_data(ttl=CACHE_SECONDS, show_spinner=False, max_entries=50)
def _households(db_url: str, township: str, site_id: int | None, today: date) -> tuple[list[Level], int]:
    return by_household(runtime.read_engine(), township=township, site_id=site_id, today=today)


def _target(value: int | None) -> str:
    return "—" if value is None else _fmt(value)


def _table(_: Translator, place: str, rows: list[tuple[str, Level]], *, targets: bool) -> None:
    """One level: its rows with people in work and transferred out, and with targets their target and percent
    (as text: "—" where no target is set or it is 0)."""
    data: dict[str, list] = {place: [name for name, _r in rows], _("People in work"): [r.employed for _n, r in rows]}
    if targets:
        data[_("Target (in work)")] = [_target(r.employed_target) for _n, r in rows]
        data[_("% of the target (in work)")] = [_percent(r.employed_percent) for _n, r in rows]
    data[_("Transferred out")] = [r.transferred for _n, r in rows]
    if targets:
        data[_("Target (transferred out)")] = [_target(r.transferred_target) for _n, r in rows]
        data[_("% of the target (transferred out)")] = [_percent(r.transferred_percent) for _n, r in rows]
    config = {name: st.column_config.Column(width="small") for name in list(data)[1:]}
    st.dataframe(pd.DataFrame(data), hide_index=True, width="stretch", column_config=config)


def drilldown_section(_: Translator, d: Dashboard, county: County, language: str) -> None:
    """The drill-down (nothing when the panel is absent)."""
    emp = d.extra.get("employment")
    if not isinstance(emp, Employment):
        return
    st.subheader(_("People in work against the targets for {year}").format(year=emp.year), divider="gray")
    st.caption(_("People whose hire is in work today (the latest visit found them working, or no visit yet), by "
                 "home township, the site where they first registered, and household. Transferred out: working "
                 "outside the county's city. Fairs and dates do not narrow these figures."))
    names = {t.key: county.label(t.key, language) if t.key else _("Other places") for t in emp.townships}
    c1, c2 = st.columns(2)
    start = d.filter.township if d.filter.township in names else ALL
    township = c1.selectbox(_("Township"), [ALL, *names], index=[ALL, *names].index(start),
                            key=f"dash_drill_township_{d.filter.township or ''}",
                            format_func=lambda t: _("Whole county") if t == ALL else names[t])
    crumbs = [_("Whole county")]
    if township == ALL:
        st.caption(" › ".join(crumbs))
        total = (_("Whole county"), emp.county)
        _table(_, _("Township"), [total, *((names[t.key], t) for t in emp.townships)], targets=True)
        return
    crumbs.append(names[township])
    db_url, today = runtime.settings().effective_read_database_url, d.today
    sites = _sites(db_url, township, today)
    site_names = {NO_SITE if s.key is None else s.key: s.name if s.key is not None else _("No site")
                  for s in sites}
    site = c2.selectbox(_("Site"), [ALL, *site_names], key=f"dash_drill_site_{township}",
                        format_func=lambda s: _("Every site") if s == ALL else site_names[s])
    if site == ALL:
        level = next(t for t in emp.townships if t.key == township)
        rows = [(names[township], level), *((site_names[NO_SITE if s.key is None else s.key], s) for s in sites)]
        st.caption(" › ".join(crumbs))
        _table(_, _("Site where they first registered"), rows, targets=True)
        return
    crumbs.append(literal(site_names[site]))  # a site's name, typed by an organizer
    st.caption(" › ".join(crumbs))
    homes, total = _households(db_url, township, None if site == NO_SITE else site, today)

    def label(h: Level) -> str:
        if h.key is None:
            return _("Not in a household")
        if h.key == OTHERS:
            return _("{n} other households").format(n=_fmt(int(h.detail)))
        return f"{h.name} · {h.detail}"

    _table(_, _("Household"), [(label(h), h) for h in homes], targets=False)
    st.caption(_("{n} households with members in work.").format(n=_fmt(total)))
