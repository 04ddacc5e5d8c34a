"""Employer subsidies (organizers): what each employer is owed for a period, rule by rule, with the hires
behind each amount and an Excel file; the rules kept as data with their versions, and a form to change one
(a new version, audited). The work is services/subsidies; drawing is components/subsidy_*_view.py."""

from datetime import date

import streamlit as st

from components import auth, runtime, subsidy_report_view, subsidy_rules_view, training_subsidy_view
from models import Role
from services.core.clock import local_today
from services.core.errors import FieldErrors, message_parts
from services.subsidies.defaults import DEFAULT_RULES, ensure_default_rules
from services.subsidies.report import check_period, employers_with_hires, subsidy_report
from services.subsidies.rules import rule_versions
from services.training.subsidy import training_subsidy_report

_ = runtime.page()
user = auth.require(Role.ORGANIZER)
engine = runtime.engine()

st.title(_("Employer subsidies"))
st.caption(_("Amounts each employer is owed under the county's subsidy rules, with the hires behind each amount. "
             "The rules are kept as data: changing one adds a new version from a chosen day."))

versions = rule_versions(engine)
if {r.code for r in DEFAULT_RULES} - {v.code for v in versions}:  # a new database: the county's rules as first set
    ensure_default_rules(engine)
    versions = rule_versions(engine)

report_tab, training_tab, rules_tab = st.tabs([_("Amounts owed"), _("Training subsidies"),
                                               _("Rules and their versions")])

with report_tab:
    today = local_today()
    left, right = st.columns(2)
    start = left.date_input(_("First day of the period"), value=date(today.year, 1, 1), min_value=date(2000, 1, 1),
                            max_value=date(2100, 12, 31), key="subsidy_from")
    end = right.date_input(_("Last day of the period"), value=today, min_value=date(2000, 1, 1),
                           max_value=date(2100, 12, 31), key="subsidy_to")
    employers = dict(employers_with_hires(engine))
    employer = st.selectbox(_("Employer"), [0, *employers], key="subsidy_employer",
                            format_func=lambda e: employers.get(e, "") if e else _("All employers"))
    period = None  # the chosen period once it is valid (the training tab uses it too)
    try:
        period = check_period(start if isinstance(start, date) else None, end if isinstance(end, date) else None)
    except FieldErrors as exc:
        for message in exc.errors.values():
            text, values = message_parts(message)
            st.error(_(text).format(**values), icon="⚠️")
    else:
        # every employer: the amounts only (the hires behind them go to the Excel file); one: with its hires
        report = subsidy_report(engine, period, employer_id=employer or None, with_trace=bool(employer))
        subsidy_report_view.render(_, report, one_employer=bool(employer))
        subsidy_report_view.download(_, report, lambda: subsidy_report(engine, period, employer_id=employer or None))

with training_tab:  # issue 16: the same period, the training rules (services/training/subsidy.py)
    if period is not None:
        training_subsidy_view.period_caption(_, period)
        training_subsidy_view.render(_, training_subsidy_report(engine, period))

with rules_tab:
    subsidy_rules_view.versions_table(_, versions)
    subsidy_rules_view.change_form(_, versions, user_id=user.user_id, actor=user.username)
