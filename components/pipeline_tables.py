"""The pipeline page's tables: the candidates at one stage, and one candidate's history and hires.

Drawn from what `services.recruiting.pipeline_view.vacancy_pipeline` returned; no reads, no rules. Sized for a
recruiter's 1024 px tablet beside the open menu: every column seen, none cut off. The candidates (ten columns)
in a plain table whose long cells wrap; the history (four) in a grid with widths.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

import pandas as pd
import streamlit as st

from components.text import literal
from services.core.i18n import Translator
from services.core.reference import EDUCATION_LEVELS, GENDERS, STAGES, TRADES
from services.registration.profile_labels import MISSING_HEADER, NOT_ANSWERED, missing_labels

HISTORY_WIDTHS = (130, 110, 160, 200)  # when, who, change, note
# less empty margin beside the content on a tablet, so the tables have the room
CSS = """<style>@media (max-width: 1200px) {
  [data-testid="stMainBlockContainer"] { padding-left: 1.5rem !important; padding-right: 1.5rem !important; }
}
[data-testid="stTable"] td:first-child { white-space: nowrap; }  /* a name on one line */
</style>"""


def fit_columns(table: pd.DataFrame, widths: tuple[int | None, ...]) -> dict:
    return {name: st.column_config.Column(width=w) for name, w in zip(table.columns, widths, strict=True) if w}


def when(value: datetime | None, zone: tzinfo) -> str:
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""


def candidates_table(_: Translator, candidates: list, *, county, language: str, zone: tzinfo) -> None:
    """The candidates at the chosen stage, one row each."""
    sep, gap = "、" if language == "zh_CN" else ", ", _(NOT_ANSWERED)
    table = pd.DataFrame([{
        _("Name"): literal(c.name), _("Age"): c.age,
        _("Gender"): _(GENDERS[c.gender]) if c.gender in GENDERS else c.gender,
        _("Education"): gap if c.education is None else _(EDUCATION_LEVELS.get(c.education, c.education)),
        _("Trades and skills"): gap if "trades" in c.missing else sep.join(_(TRADES.get(t, t)) for t in c.trades),
        _("Township"): county.label(c.township, language) if c.township else "", _("Mobile number"): c.phone,
        _("Note"): literal(c.note or ""), _("Last change"): when(c.last_change, zone),
        _(MISSING_HEADER): missing_labels(c.missing, _, language),
    } for c in candidates])
    st.table(table, hide_index=True)


def history(_: Translator, c, *, zone: tzinfo) -> None:
    """One candidate's stage changes, then every hire of this application (the cancelled ones with who, when,
    why) when one was cancelled."""
    changes = pd.DataFrame([{
        _("When"): when(h.at, zone), _("Who"): _(h.who) if h.by_seeker else h.who,
        _("Change"): (f"{_(STAGES[h.from_stage])} → " if h.from_stage else "") + _(STAGES[h.to_stage])
        + (" · " + _("hire cancelled") if h.cancels_hire else ""),
        _("Note"): h.note,
    } for h in c.history])
    st.markdown("**" + _("History") + "**")
    st.dataframe(changes, hide_index=True, width="stretch", column_config=fit_columns(changes, HISTORY_WIDTHS))
    if any(not h.active for h in c.hires):
        st.markdown("**" + _("Hires of this candidate for this vacancy") + "**")
        st.dataframe(pd.DataFrame([{
            _("Hired at"): when(h.hired_at, zone), _("Recorded by"): h.recorded_by,
            _("Start date"): h.terms.start_date.isoformat() if h.terms.start_date else "",
            _("Monthly wage (yuan)"): h.terms.monthly_wage, _("Contract (months)"): h.terms.contract_months,
            _("Status"): _("In effect") if h.active else _("Cancelled"), _("Cancelled at"): when(h.cancelled_at, zone),
            _("Cancelled by"): h.cancelled_by, _("Reason"): h.cancel_reason,
        } for h in c.hires]), hide_index=True, width="stretch")
