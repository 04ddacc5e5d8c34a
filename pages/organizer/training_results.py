"""Training results (organizers): trained, then employed — of the people who completed a course in a period,
how many were hired within 3 and within 6 months, by course, kind, provider and (order-based courses) by the
ordering employer; an Excel file. The figures: services/training/outcomes.py; tables: services/training/workbook.py.
"""

from datetime import date

import pandas as pd
import streamlit as st

from components import auth, runtime
from models import Role
from services.core.clock import local_today
from services.training.outcomes import TrainingOutcomes, training_outcomes
from services.training.workbook import BREAKDOWNS, outcomes_workbook, table

_ = runtime.page()
user = auth.require(Role.ORGANIZER)
today = local_today()

st.title(_("Training results"))
st.caption(_("Of the people who completed a course (a course not cancelled) in the period: how many started work "
             "within 3 and within 6 months of the completion date. A cancelled hire never counts. A completion whose "
             "3 (6) months are not over yet is shown apart as \"not yet\", and the percentages are of the completions "
             "whose months are over. A person who completed two courses counts with each course."))

period = st.date_input(_("Completed between (China dates)"), value=(date(today.year - 1, 1, 1), today),
                       max_value=today, format="YYYY-MM-DD", key="tr_period")
if not isinstance(period, tuple) or len(period) != 2:
    st.info(_("Choose the first and the last day of the period."))
    st.stop()
start, end = period


@st.cache_data(ttl=60, show_spinner=False, max_entries=20)
def _outcomes(db_url: str, start: date, end: date, today: date) -> TrainingOutcomes:
    """One query per period and minute, shared by every organizer (`db_url` only keys the cache)."""
    return training_outcomes(runtime.read_engine(), start, end, today=today)


report = _outcomes(runtime.settings().effective_read_database_url, start, end, today)
total = report.total


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


cols = st.columns(3)
cols[0].metric(_("Completions"), f"{total.completed:,}", border=True)
cols[1].metric(_("Hired within 3 months"), pct(total.percent3), border=True)
cols[1].caption(_("{hired} of {closed}; not yet 3 months: {open}").format(
    hired=f"{total.hired3:,}", closed=f"{total.closed3:,}", open=f"{total.open3:,}"))
cols[2].metric(_("Hired within 6 months"), pct(total.percent6), border=True)
cols[2].caption(_("{hired} of {closed}; not yet 6 months: {open}").format(
    hired=f"{total.hired6:,}", closed=f"{total.closed6:,}", open=f"{total.open6:,}"))
if total.ordered:
    st.caption(_("Order-based courses: {hired} of {closed} hired by the ordering employer within 6 months "
                 "({percent}).").format(hired=f"{total.by_orderer:,}", closed=f"{total.ordered:,}",
                                        percent=pct(total.orderer_percent)))

if not report.courses:
    st.info(_("Nobody completed a course in this period."))
    st.stop()

breakdown = st.segmented_control(_("Show"), list(BREAKDOWNS), default="course", key="tr_breakdown",
                                 format_func=lambda b: _(BREAKDOWNS[b])) or "course"
header, rows = table(report, breakdown, _)
st.dataframe(pd.DataFrame(rows, columns=header), hide_index=True, width="stretch", key="tr_table")

st.download_button(_("Download the Excel file"), data=outcomes_workbook(report, _), icon=":material/download:",
                   file_name=f"training_results_{start:%Y%m%d}_{end:%Y%m%d}.xlsx",
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="tr_download")
st.caption(_("Figures only: no names, ID numbers or phone numbers."))
