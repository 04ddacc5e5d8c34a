"""The subsidy rules on pages/organizer/subsidies.py: every version in a table, and the form that changes a
rule (a new version from a chosen day; messages beside each field). The rules live in services/subsidies."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from components import outage, runtime
from components.field_errors import FormErrors
from services.core.clock import local_today
from services.core.errors import FieldErrors, StateChanged
from services.core.i18n import N_, Translator
from services.subsidies.kinds import BAND_FIELDS, KIND_LABELS, PARAMS, rule_words
from services.subsidies.rules import RuleChange, RuleVersion, change_rule, current_versions

ERRORS = FormErrors("subsidy_rule")
BAND_LABELS = {"min": N_("From (hires)"), "max": N_("To (hires; empty: no upper end)"), "amount": N_("Amount (yuan)")}


def description(_: Translator, rule: RuleVersion) -> str:
    """A default rule's description is a message id (translated); one typed by an organizer is shown as typed."""
    return _(rule.description) if rule.description else ""


def versions_table(_: Translator, versions: list[RuleVersion]) -> None:
    zone = runtime.local_zone()
    st.dataframe(pd.DataFrame([{
        _("Rule"): v.code, _("Version"): v.version, _("Kind"): _(KIND_LABELS.get(v.kind, v.kind)),
        _("Valid from"): v.valid_from.isoformat(), _("Valid to"): v.valid_to.isoformat() if v.valid_to else "—",
        _("Rule in words"): rule_words(v.kind, v.params, _), _("Description"): description(_, v),
        _("Changed by"): v.changed_by or (_("Default rules") if v.version == 1 else "—"),
        _("Changed on"): f"{v.changed_at.astimezone(zone):%Y-%m-%d %H:%M}",
    } for v in versions]), hide_index=True, key="subsidy_versions")


def _prefix(rule: RuleVersion) -> str:
    return f"sr_{rule.code}_{rule.version}_"  # a new version: fresh fields showing its values


@outage.callback
def _submit(rule: RuleVersion, user_id: int, actor: str, _: Translator) -> None:
    key = _prefix(rule)
    state = st.session_state
    if rule.kind in PARAMS and PARAMS[rule.kind]:
        params: dict[str, object] = {name: state.get(key + name, "") for name in PARAMS[rule.kind]}
    else:
        rows = int(state.get(key + "band_rows", 0))
        params = {"bands": [{f: state.get(f"{key}band_{i}_{f}", "") for f in BAND_FIELDS} for i in range(rows)]}
    typed = state.get(key + "description", "")
    text = rule.description if typed.strip() == description(_, rule).strip() else typed  # unchanged: the same id
    change = RuleChange(rule.code, rule.version, params, state.get(key + "valid_from"), text)
    try:
        new = change_rule(runtime.engine(), change, user_id=user_id, actor=actor)
    except FieldErrors as exc:
        st.session_state[ERRORS.key] = exc.errors
        return
    except StateChanged as exc:
        st.session_state[ERRORS.key] = {"state": (exc.message, exc.values)}
        return
    ERRORS.clear()
    st.session_state[ERRORS.key + "_done"] = _("Saved: version {version} of {code}, valid from {day}.").format(
        version=new.version, code=new.code, day=new.valid_from.isoformat())


def change_form(_: Translator, versions: list[RuleVersion], *, user_id: int, actor: str) -> None:
    current = current_versions(versions)
    if not current:
        return
    st.subheader(_("Change a rule"))
    st.caption(_("A change is a new version from the day you choose; the current version stays on record and ends "
                 "the day before. Each hire is judged by the version valid on its start date, the registered-poor "
                 "band by the version valid on the period's last day, so past reports keep their amounts."))
    ERRORS.flash()
    codes = sorted(current)
    code = st.selectbox(_("Rule"), codes, key="sr_code",
                        format_func=lambda c: f"{c} · {_(KIND_LABELS.get(current[c].kind, current[c].kind))}")
    rule = current[code or codes[0]]
    key = _prefix(rule)
    st.caption(_("Now (version {version}, from {day}): {words}").format(
        version=rule.version, day=rule.valid_from.isoformat(), words=rule_words(rule.kind, rule.params, _)))
    with st.form(f"subsidy_rule_form_{rule.code}", enter_to_submit=False):
        drawn = {"valid_from", "description", "state", "params", "bands"}
        if PARAMS.get(rule.kind):
            for name, param in PARAMS[rule.kind].items():
                st.text_input(_(param.label), value=str(rule.params.get(name, "")), key=key + name)
                ERRORS.under(_, name)
                drawn.add(name)
        else:
            bands = list(rule.params.get("bands", []))
            rows = len(bands) + 1  # one empty row to add a band
            st.session_state[key + "band_rows"] = rows
            for i in range(rows):
                band = bands[i] if i < len(bands) else {}
                cols = st.columns(3)
                for col, f in zip(cols, BAND_FIELDS, strict=True):
                    value = band.get(f)
                    with col:
                        st.text_input(_(BAND_LABELS[f]), value="" if value is None else str(value),
                                      key=f"{key}band_{i}_{f}")
                        ERRORS.under(_, f"band_{i}_{f}")
                        drawn.add(f"band_{i}_{f}")
            ERRORS.under(_, "bands")
        first = max(local_today(), rule.valid_from) + timedelta(days=1)
        st.date_input(_("Valid from"), value=first, min_value=date(2000, 1, 1), max_value=date(2100, 12, 31),
                      key=key + "valid_from")
        ERRORS.under(_, "valid_from")
        st.text_area(_("Description (how the policy's words are read)"), value=description(_, rule),
                     max_chars=1000, key=key + "description")
        ERRORS.under(_, "description")
        ERRORS.under(_, "params")
        ERRORS.under(_, "state")
        ERRORS.rest(_, drawn)
        st.form_submit_button(_("Save as a new version"), type="primary", on_click=_submit,
                              args=(rule, user_id, actor, _))
