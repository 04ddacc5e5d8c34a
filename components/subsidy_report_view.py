"""The subsidy report on pages/organizer/subsidies.py: totals, one line per rule version with an expander
holding the hires behind it (trace), the employers' totals, and the Excel file (masked names only, so an
ordinary download)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from components.text import literal
from services.core.i18n import Translator
from services.core.reference import GENDERS
from services.subsidies.kinds import KIND_LABELS, rule_words
from services.subsidies.report import Line, SubsidyReport, TraceRow
from services.subsidies.workbook import report_workbook

TRACE_SHOWN = 500  # rows of a trace drawn on the page; the Excel file has them all
FILE = "subsidy_file"


def _yuan(_: Translator, amount: int) -> str:
    return _("{amount} yuan").format(amount=f"{amount:,}")


def _trace_table(_: Translator, rows: list[tuple[str, TraceRow]], *, employer: bool) -> None:
    shown = rows[:TRACE_SHOWN]
    if len(rows) > len(shown):
        st.caption(_("The first {shown} of {total}; the Excel file has them all.").format(
            shown=len(shown), total=len(rows)))
    st.dataframe(pd.DataFrame([{
        **({_("Employer"): name} if employer else {}),
        _("Hire"): r.hire_id, _("Name"): r.name, _("Start date"): r.start_date.isoformat(),
        _("Contract (months)"): r.contract_months, _("Age at start"): r.age_at_start,
        _("Gender"): _(GENDERS.get(r.gender, r.gender)),
        _("Registered poor household"): _("Yes") if r.poor else _("No"),
        **({_("Still working on"): r.qualified_on.isoformat()} if r.qualified_on else {}),
    } for name, r in shown]), hide_index=True)


def render(_: Translator, report: SubsidyReport, *, one_employer: bool) -> None:
    left, right = st.columns(2)
    left.metric(_("Total owed"), _yuan(_, report.total))
    right.metric(_("Employers with an amount"), len(report.employers))
    if not report.employers:
        st.info(_("No subsidy is due for this period: no hire meets a rule."))
        return
    if not one_employer:
        amount = _("Amount (yuan)")
        st.dataframe(pd.DataFrame([{_("Employer"): e.name, amount: e.total} for e in report.employers]),
                     hide_index=True, key="subsidy_employers",
                     column_config={amount: st.column_config.NumberColumn(amount, format="localized")})
    st.subheader(_("Amounts by rule"))
    lines: dict[int, list[tuple[str, Line]]] = {}
    for e in report.employers:
        for line in e.lines:
            lines.setdefault(line.rule.id, []).append((e.name, line))
    for rule, count, amount in report.rule_totals():
        kind = _(KIND_LABELS.get(rule.kind, rule.kind))
        title = _("{kind} ({code}, version {version}): {amount} for {count}").format(
            kind=kind, code=rule.code, version=rule.version, amount=_yuan(_, amount), count=count)
        with st.expander(title):
            st.markdown(rule_words(rule.kind, rule.params, _))
            st.caption(_("Version {version}, valid {start} – {end}.").format(
                version=rule.version, start=rule.valid_from.isoformat(),
                end=rule.valid_to.isoformat() if rule.valid_to else _("until changed")))
            for name, line in lines.get(rule.id, []):
                if line.band is not None:
                    st.caption(_("{employer}: {count} registered-poor people, band from {low}: {amount}").format(
                        employer=literal(name), count=line.count, low=line.band.min, amount=_yuan(_, line.amount)))
            if one_employer:
                _trace_table(_, [(name, r) for name, line in lines.get(rule.id, []) for r in line.trace],
                             employer=False)
    if not one_employer:
        st.caption(_("Choose one employer to see the hires behind each amount; the Excel file has them for every "
                     "employer."))


def download(_: Translator, report: SubsidyReport, with_trace: Callable[[], SubsidyReport]) -> None:
    """Prepare the Excel file on request (kept while the report shows the same lines), then offer it;
    `with_trace` gives the report with every hire behind it when the page's own has none."""
    if not report.employers:
        return
    key = (report.period, tuple((e.employer_id, tuple((ln.rule.id, ln.count, ln.amount) for ln in e.lines))
                                for e in report.employers), getattr(_, "language", ""))
    ready = st.session_state.get(FILE)
    if (ready is None or ready["key"] != key) and st.button(
            _("Prepare the Excel file"), icon=":material/table_view:", key="subsidy_prepare"):
        full = report if any(ln.trace for e in report.employers for ln in e.lines) else with_trace()
        st.session_state[FILE] = ready = {"key": key, "data": report_workbook(full, _)}
    if ready is not None and ready["key"] == key:
        period = report.period
        st.download_button(_("Download the Excel file"), data=ready["data"], icon=":material/download:",
                           file_name=f"subsidies_{period.start:%Y%m%d}_{period.end:%Y%m%d}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key="subsidy_download")
        st.caption(_("The file holds masked names only (no ID numbers, no phone numbers)."))
