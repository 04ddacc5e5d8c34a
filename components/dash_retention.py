"""The dashboard's retention section: still working at k months, beside lost to follow-up and
pending, by employer, destination, trade, township or fair; and the open wage issues.

The figures and their definition: services/reporting/dashboard/retention.py and issues.py.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import _fmt, _percent
from services.core.i18n import N_, Translator
from services.core.reference import TRADES
from services.followups.labels import months_label
from services.places.county import County
from services.places.geography import province_label
from services.reporting.dashboard import Dashboard
from services.reporting.dashboard.issues import OpenIssues
from services.reporting.dashboard.retention import BREAKDOWNS, Retention, RetentionCounts, RetentionRow

BREAKDOWN_LABELS = {
    "employer": N_("Employer"),
    "destination": N_("Destination"),
    "trade": N_("Trade"),
    "township": N_("Home township"),
    "fair": N_("Fair"),
}
DEFINITION = N_(
    "Hires whose {k}-month visit date has passed; still working = that visit found them working for the "
    "same employer. Lost to follow-up (unreachable, or the visit window closed without a visit) and pending "
    "(the window is still open) are shown beside it, never counted as working or as not.")


def _label(_: Translator, breakdown: str, row: RetentionRow, county: County, language: str) -> str:
    if breakdown in ("employer", "fair"):
        return row.name or (_("Not at a fair") if breakdown == "fair" else str(row.key))
    if breakdown == "destination":
        province, city = row.key
        return f"{province_label(province, language)} {city}".strip()
    if breakdown == "trade":
        return _(TRADES[row.key]) if row.key in TRADES else str(row.key)
    return county.label(row.key, language) if row.key else _("Other places")


def _figures(_: Translator, r: Retention) -> None:
    cols = st.columns(len(r.months))
    for col, k in zip(cols, r.months, strict=True):
        c: RetentionCounts = r.overall[k]
        with col:
            st.metric(_("Still working at {months}").format(months=months_label(_, k)), _percent(c.percent),
                      border=True, help=_(DEFINITION).format(k=k))
            st.caption(_("{working} of {reached} hires; {lost} lost to follow-up, {pending} pending").format(
                working=_fmt(c.working), reached=_fmt(c.reached), lost=_fmt(c.lost), pending=_fmt(c.pending)))


def _table(_: Translator, r: Retention, county: County, language: str) -> None:
    left, right = st.columns([3, 2])
    breakdown = left.segmented_control(
        _("Retention by"), BREAKDOWNS, default="employer", key="dash_retention_by",
        format_func=lambda b: _(BREAKDOWN_LABELS[b])) or "employer"
    reached = [k for k in r.months if r.overall[k].reached]
    k = right.segmented_control(_("At"), reached, default=reached[-1], key="dash_retention_k",
                                format_func=lambda m: months_label(_, m)) or reached[-1]
    rows = [row for row in r.by[breakdown] if row.month == k]
    group = _(BREAKDOWN_LABELS[breakdown])
    df = pd.DataFrame({
        group: [_label(_, breakdown, row, county, language) for row in rows],
        _("Date passed"): [row.counts.reached for row in rows],
        _("Still working"): [row.counts.working for row in rows],
        _("Retention"): [row.counts.percent for row in rows],
        _("Changed job"): [row.counts.changed_job for row in rows],
        _("Returned home"): [row.counts.returned for row in rows],
        _("Dispute"): [row.counts.dispute for row in rows],
        _("Lost to follow-up"): [row.counts.lost for row in rows],
        _("Pending"): [row.counts.pending for row in rows],
    })
    st.dataframe(df, hide_index=True, width="stretch", key="dash_retention_table",
                 column_config={_("Retention"): st.column_config.NumberColumn(format="%.1f%%")})


def _issues(_: Translator, issues: OpenIssues) -> None:
    st.markdown("#### " + _("Open wage issues and disputes"))
    if not issues.count:
        st.caption(_("No open wage issues or disputes for these filters."))
        return
    cols = st.columns(3)
    with cols[0]:
        st.metric(_("Open issues"), _fmt(issues.count), border=True,
                  help=_("Unpaid wages, disputes and workers not safe, reported at visits and not yet resolved."))
        st.caption(_("{unpaid} unpaid wages, {disputes} disputes, {unsafe} not safe").format(
            unpaid=_fmt(issues.unpaid), disputes=_fmt(issues.disputes), unsafe=_fmt(issues.unsafe)))
    with cols[1]:
        st.metric(_("Wages owed (yuan)"), _fmt(issues.amount), border=True,
                  help=_("The amounts recorded at the visits; an issue without an amount adds nothing."))
        if issues.since is not None:
            st.caption(_("Unpaid since {date}").format(date=issues.since.isoformat()))
    with cols[2]:
        st.metric(_("Employers"), _fmt(issues.employers), border=True)
    employer, count, amount, since = _("Employer"), _("Open issues"), _("Owed (yuan)"), _("Unpaid since")
    st.dataframe(pd.DataFrame({
        employer: [e.name for e in issues.by_employer], count: [e.count for e in issues.by_employer],
        amount: [e.amount for e in issues.by_employer],
        since: [e.since.isoformat() if e.since else "" for e in issues.by_employer]}),
        hide_index=True, width="stretch", key="dash_issues_table")


def retention_section(_: Translator, d: Dashboard, county: County, language: str) -> None:
    """Retention at each k months, its breakdowns and the open wage issues (nothing when the panels are absent)."""
    r = d.extra.get("retention")
    if not isinstance(r, Retention):
        return
    st.subheader(_("After the hire: still working"), divider="gray")
    if not r.reached:
        st.caption(_("No hire has reached its first visit date yet for these filters."))
    else:
        _figures(_, r)
        _table(_, r, county, language)
    issues = d.extra.get("open_issues")
    if isinstance(issues, OpenIssues):
        _issues(_, issues)
