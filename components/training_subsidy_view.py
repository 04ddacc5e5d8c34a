"""The training subsidy report on pages/organizer/subsidies.py (issue 16): totals, per provider, per course
with each rule version's line and the people behind it (masked names). The report: services/training/subsidy.py."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.text import literal
from services.core.i18n import Translator
from services.subsidies.kinds import KIND_LABELS, rule_words
from services.subsidies.report import Period
from services.training.labels import KIND_LABELS as COURSE_KINDS
from services.training.subsidy import TrainingSubsidyReport

TRACE_SHOWN = 500


def _yuan(_: Translator, amount: int) -> str:
    return _("{amount} yuan").format(amount=f"{amount:,}")


def render(_: Translator, report: TrainingSubsidyReport) -> None:
    cols = st.columns(3)
    cols[0].metric(_("Training subsidies"), _yuan(_, report.total))
    cols[1].metric(_("Following the person"), _yuan(_, sum(c.to_people for c in report.courses)))
    cols[2].metric(_("To the providers"), _yuan(_, sum(c.to_provider for c in report.courses)))
    if not report.courses:
        st.info(_("No training subsidy is due for this period: no completion meets a rule."))
        return
    provider, people, to_provider = _("Provider"), _("Following the person (yuan)"), _("To the provider (yuan)")
    st.dataframe(pd.DataFrame([{provider: p, people: a, to_provider: b} for p, a, b in report.providers()]),
                 hide_index=True, key="training_subsidy_providers")
    for c in report.courses:
        with st.expander(_("{provider} · {course} ({kind}): {amount}").format(
                provider=literal(c.provider), course=literal(c.title), kind=_(COURSE_KINDS.get(c.kind, c.kind)),
                amount=_yuan(_, c.total))):
            for line in c.lines:
                st.markdown(_("**{kind}** ({code}, version {version}): {amount} for {count}").format(
                    kind=_(KIND_LABELS.get(line.rule.kind, line.rule.kind)), code=line.rule.code,
                    version=line.rule.version, amount=_yuan(_, line.amount), count=line.count))
                st.caption(rule_words(line.rule.kind, line.rule.params, _))
            rows = [(line, t) for line in c.lines for t in line.trace][:TRACE_SHOWN]
            st.dataframe(pd.DataFrame([{
                _("Name"): t.name, _("Completed on"): t.completed_on.isoformat(),
                _("Registered poor household"): _("Yes") if t.poor else _("No"),
                _("Certificate level"): t.level or "—",
                _("Rule"): f"{line.rule.code} v{line.rule.version}",
            } for line, t in rows]), hide_index=True, key=f"training_subsidy_trace_{c.course_id}")


def period_caption(_: Translator, period: Period) -> None:
    st.caption(_("Completions of {start} – {end}; each judged by the rule version valid on its completion date. "
                 "Masked names only.").format(start=period.start.isoformat(), end=period.end.isoformat()))
