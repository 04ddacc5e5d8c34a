"""Yearly targets: registrations, people employed and people transferred out, for the county
and each township. Organizers edit a year's table and save it in one go."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import auth, runtime
from models import Role, TargetMetric
from services.core.clock import local_today
from services.core.errors import FieldErrors
from services.reporting.targets import (
    COUNTY,
    METRIC_LABELS,
    METRICS,
    save_targets,
    target_table,
    township_sums,
)

FLASH = "targets_saved"
VERSION = "targets_version"
REFUSED = "targets_refused"  # {"year", "cells" as typed, "errors"} after a refused save

_ = runtime.page()
user = auth.require(Role.ORGANIZER)
engine, county, language = runtime.engine(), runtime.county(), runtime.language()

st.title(_("Targets"))
st.caption(_("Set each year's targets for the whole county and for each township. Leave a cell empty for "
             "no target. The dashboard shows progress against them."))

this_year = local_today().year
year = st.selectbox(_("Year"), list(range(this_year - 2, this_year + 3)), index=2, key="targets_year")

rows = target_table(engine, year, county)
refused = st.session_state.get(REFUSED)
if refused is not None and refused["year"] != year:
    refused = None
typed = refused["cells"] if refused else {}
errors = refused["errors"] if refused else {}


def place_label(township: str) -> str:
    return _("Whole county") if township == COUNTY else county.label(township, language)


def problems(township: str) -> str:
    """The refused cells of a row, each with its message: shown in the row, beside its cells."""
    sep = "；" if language == "zh_CN" else "; "
    return sep.join(f"{_(METRIC_LABELS.get(m, m))}: {_(message)}" for (t, m), message in errors.items()
                    if t == township)


def shown(value: object) -> str:
    """A cell as text: the saved target, or what was typed (kept as typed after a refused save)."""
    return "" if value is None else str(value)


# Text cells, not number cells: a number cell's browser-side minimum and its refusal of letters would
# turn "-5" or "12人" away silently. What is typed reaches the service, which says what is wrong.
place, problem = _("Township"), _("To fix")
columns = [place, *METRICS, *([problem] if errors else [])]
table = pd.DataFrame(
    [{place: place_label(r.township), **{m: shown(typed.get((r.township, m), r.values[m])) for m in METRICS},
      problem: problems(r.township)} for r in rows],
    columns=columns,
)
editor_key = f"targets_editor_{year}_{st.session_state.get(VERSION, 0)}"
edited = st.data_editor(
    table, key=editor_key, hide_index=True, disabled=[place, problem], num_rows="fixed", width="stretch",
    placeholder="", column_config={
        place: st.column_config.TextColumn(place, width="medium"),
        problem: st.column_config.TextColumn(problem, width="large"),
        **{m: st.column_config.TextColumn(_(METRIC_LABELS[m]), max_chars=20,
                                          help=_("People, a whole number of 0 or more. Leave empty for no target."))
           for m in METRICS},
    },
)

if st.button(_("Save targets"), type="primary", icon=":material/save:"):
    cells = {(r.township, m): None if (v := edited.iloc[i][m]) is None or pd.isna(v) else v
             for i, r in enumerate(rows) for m in METRICS}
    try:
        changed = save_targets(engine, year, cells, county=county, actor=user.username)
    except FieldErrors as exc:  # a fresh editor shows what was typed, each problem in its row
        st.session_state[REFUSED] = {"year": year, "cells": cells, "errors": exc.errors}
    else:
        st.session_state.pop(REFUSED, None)
        st.session_state[FLASH] = changed
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1  # a fresh editor shows the saved values
    st.rerun()

for (township, metric), message in errors.items():
    st.error(f"{place_label(township)} · {_(METRIC_LABELS.get(metric, metric))}: {_(message)}")

changed = st.session_state.pop(FLASH, None)
if changed is not None:
    st.success(_("Saved: {n} target(s) changed.").format(n=changed) if changed else _("Nothing to save: no changes."))

for metric, (township_total, county_target) in township_sums(rows).items():
    if county_target is not None and township_total and township_total != county_target:
        st.caption(_("{metric}: the townships' targets add up to {sum}, the county's is {county}.").format(
            metric=_(METRIC_LABELS[metric]), sum=f"{township_total:,}", county=f"{county_target:,}"))

# issue 16: people trained this year against the "trained" targets, per township (services/training/figures.py)
if year <= this_year:
    from services.training.figures import Trained, trained, trained_by_township
    from services.training.labels import KIND_LABELS, trained_sentence

    st.subheader(_("People trained in {year}").format(year=year))
    st.caption(_("People who completed a course (not cancelled) in the year, counted once however many courses, "
                 "in the township where they live."))
    with engine.connect() as conn:
        county_trained, by_township = trained(conn, year), trained_by_township(conn, year)
    values = {r.township: r.values.get(TargetMetric.TRAINED) for r in rows}
    st.markdown(f"**{_('Whole county')}**: " + trained_sentence(
        _, county_trained.people, county_trained.poor, values.get(COUNTY)))
    st.dataframe(pd.DataFrame([{
        place: place_label(r.township), _("People trained"): t.people, _("Registered poor"): t.poor,
        _("Target"): values.get(r.township),
        _("Percent of the target"): round(100.0 * t.people / target, 1) if (target := values.get(r.township)) else None,
        **{_(label): t.by_kind.get(kind, 0) for kind, label in KIND_LABELS.items()},
    } for r in rows if r.township != COUNTY for t in [by_township.get(r.township, Trained())]]),
        hide_index=True, width="stretch", key="targets_trained")
