"""Open wage issues (unpaid wages, disputes, a worker not safe) found at follow-up visits: the employer's flag
(count, amount owed, since when), the issues one by one, and the organizers' form that resolves one with a
note (`followups.issues.resolve_issue`). Used by the employers page and the follow-ups page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from components.field_errors import FormErrors
from components.text import literal
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import N_, Translator
from services.followups import issues as wage_issues
from services.followups.issues import OpenIssue
from services.followups.labels import ISSUE_LABELS as KINDS
from services.places.county import County


def flag_text(_: Translator, flag: Any) -> str:
    """"3 open wage issues · 12,000 yuan owed · since 2026-09-01" (an `issues.EmployerIssues`)."""
    parts = [_("{n} open wage issues").format(n=flag.count)]
    if flag.amount:
        parts.append(_("{amount} yuan owed").format(amount=f"{flag.amount:,}"))
    if flag.since:
        parts.append(_("since {date}").format(date=flag.since.isoformat()))
    return " · ".join(parts)


def flags(_: Translator, flagged: Sequence[Any]) -> None:
    """The employers flagged (`issues.EmployerIssues`): one warning, then a row each (owed, since when)."""
    said = (_("One employer has open wage issues (unpaid wages, a dispute or a worker not safe) found at follow-up "
              "visits.") if len(flagged) == 1 else
            _("{n} employers have open wage issues (unpaid wages, disputes or a worker not safe) found at "
              "follow-up visits.").format(n=len(flagged)))
    st.warning(said, icon=":material/flag:")
    st.table(pd.DataFrame([{
        _("Employer"): literal(f.name), _("Open issues"): f.count,
        _("Owed (yuan)"): f"{f.amount:,}" if f.amount else "",
        _("Owed since"): f.since.isoformat() if f.since else ""} for f in flagged]), hide_index=True)


def table(_: Translator, issues: Sequence[OpenIssue], *, county: County, language: str,
          employer: bool = True) -> None:
    rows = []
    for i in issues:
        row = {_("Kind"): _(KINDS.get(i.kind, i.kind)), _("Worker"): literal(i.seeker_name),
               _("Township"): county.label(i.township, language) if i.township else "",
               _("Amount (yuan)"): i.amount, _("Since"): i.since.isoformat() if i.since else "",
               _("What happened"): literal(i.description or ""), _("Reported"): f"{i.reported_at:%Y-%m-%d}"}
        if employer:
            row = {_("Employer"): literal(i.employer_name), **row}
        rows.append(row)
    st.table(pd.DataFrame(rows), hide_index=True)


def resolve_form(_: Translator, engine: Engine, issues: Sequence[OpenIssue], *, user_id: int, key: str) -> None:
    """Organizers: choose an open issue and resolve it with a note (what was done)."""
    from services.followups.issues import resolve_issue

    errors = FormErrors(key)
    errors.flash()
    by_id = {i.issue_id: i for i in issues}
    with st.form(key, enter_to_submit=False):
        chosen = st.selectbox(_("Issue"), list(by_id), index=None, key=f"{key}_issue", placeholder=_("Choose one"),
                              format_func=lambda i: f"{_(KINDS.get(by_id[i].kind, by_id[i].kind))} · "
                                                    f"{by_id[i].seeker_name} · {by_id[i].employer_name}")
        errors.under(_, "issue_id")
        note = st.text_area(_("How it was resolved"), max_chars=500, height=80, key=f"{key}_note")
        errors.under(_, "resolution")
        errors.rest(_, ("issue_id", "resolution"))
        sent = st.form_submit_button(_("Resolve the issue"))
    if not sent:
        return
    try:
        if chosen is None:
            raise FieldErrors.one("issue_id", N_("Please choose one of the options."))
        resolve_issue(engine, issue_id=chosen, user_id=user_id, resolution=note)
    except FieldErrors as exc:
        errors.keep(exc.errors)
    except PortalError as exc:
        st.error(_(exc.message).format(**exc.values))
    else:
        errors.done(_("Issue resolved."))


def employer_section(_: Translator, engine: Engine, *, user_id: int, county: County, language: str) -> dict[int, Any]:
    """The employers page's first section: employers flagged by open wage issues found at follow-up visits
    (until resolved), the issues one by one and the form to resolve one. Returns the flags by employer id."""
    flagged = {f.employer_id: f for f in wage_issues.open_issues_by_employer(engine)}
    if flagged:
        st.subheader(_("Open wage issues"))
        flags(_, list(flagged.values()))
        with st.expander(_("The issues one by one, and resolve one")):
            issues = wage_issues.open_issues(engine)
            table(_, issues, county=county, language=language)
            resolve_form(_, engine, issues, user_id=user_id, key="emp_resolve")
    return flagged
