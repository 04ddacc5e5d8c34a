"""The check's result on the import page: the counts, the problems grouped by column and kind (a count
and the first examples each, from services.imports.checking.summarize — never one line per problem),
and the repairs made without doubt, listed apart."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import streamlit as st

from components import import_state as state
from components.text import literal
from services.core.errors import Message, message_parts
from services.core.i18n import N_, Translator
from services.imports import checking
from services.imports.types import CheckReport, ProblemKind, RepairKind

KIND_LABELS: dict[str, str] = {
    ProblemKind.BLANK: N_("Blank required cell"),
    ProblemKind.ID_LENGTH: N_("ID number of the wrong length"),
    ProblemKind.ID_BIRTH_DATE: N_("Impossible birth date in the ID number"),
    ProblemKind.ID_CHECK: N_("Wrong check character in the ID number"),
    ProblemKind.ID_OTHER: N_("Not a valid ID number"),
    ProblemKind.UNDER_16: N_("Under 16"),
    ProblemKind.AGE_MISMATCH: N_("Age does not match the ID number"),
    ProblemKind.GENDER_MISMATCH: N_("Gender does not match the ID number"),
    ProblemKind.PHONE: N_("Not a mobile number (digits missing or extra)"),
    ProblemKind.NAME: N_("Name not usable"),
    ProblemKind.UNKNOWN_TOWNSHIP: N_("Unknown township"),
    ProblemKind.UNKNOWN_VILLAGE: N_("Unknown village"),
    ProblemKind.OTHER_TOWNSHIP: N_("Another township's person"),
    ProblemKind.CHOICE: N_("Not one of the choices"),
    ProblemKind.WAGE: N_("Wage not understood"),
    ProblemKind.HOUSEHOLD_SIZE: N_("Household members disagree on its size"),
    ProblemKind.HOUSEHOLD_NO_HEAD: N_("Household without a head"),
    ProblemKind.DUPLICATE_IN_FILE: N_("Same ID number on two rows"),
    ProblemKind.REGISTERED_OTHER_PHONE: N_("Already registered with another mobile, needs review"),
    ProblemKind.LIKELY_DUPLICATE: N_("Maybe the same person as another (similar name, same village and birth date)"),
}
REPAIR_LABELS: dict[str, str] = {
    RepairKind.SPACES: N_("Stray or full-width spaces removed"),
    RepairKind.FULL_WIDTH: N_("Full-width digits or letters made half-width"),
    RepairKind.LOWER_X: N_("Lower-case x in the ID number made upper-case"),
    RepairKind.PHONE_FORMAT: N_("+86, dashes or spaces removed from the mobile number"),
}


def say(_: Translator, message: Message) -> str:
    """A message of the services (an id, or an id with values) in the page language."""
    if not message:
        return ""
    text, values = message_parts(message)
    return _(text, **values)


def counts(_: Translator, report: CheckReport) -> None:
    rows = report.rows
    valid = report.valid_rows
    figures = [
        (_("Rows"), len(rows), None),
        (_("Ready to import"), len(valid), None),
        (_("With problems"), len(state.to_fix(report)), _("Rows an edit can fix, or that you leave out.")),
        (_("Repaired"), sum(1 for r in rows if r.repairs), _("Rows where spaces or full-width digits were repaired.")),
        (_("Already registered"), sum(1 for r in valid if r.existing_seeker_id is not None),
         _("Same ID number and mobile as a person registered before: the import updates that person.")),
        (_("Needing review"), sum(1 for r in rows if state.needs_review(r)),
         _("ID number registered with another mobile: not imported, staff check the ID card first.")),
    ]
    for column, (label, figure, help_text) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, f"{figure:,}", help=help_text)


def problems(_: Translator, report: CheckReport) -> None:
    groups = checking.summarize(report, examples=5)
    if not groups:
        st.success(_("No problems found."), icon=":material/check_circle:")
        return
    st.markdown("**" + _("Problems by column ({groups} kinds, {n} in all)", groups=len(groups),
                             n=f"{sum(g.count for g in groups):,}") + "**")
    for g in groups:
        warning = bool(g.examples) and not g.examples[0].blocking
        title = _("{column} — {kind}: {n} rows", column=literal(g.column), kind=_(KIND_LABELS.get(g.kind, g.kind)),
                  n=f"{g.count:,}")
        if warning:
            title += " · " + _("warning only: these rows can still be imported")
        with st.expander(title, icon=":material/info:" if warning else ":material/error:"):
            st.dataframe(pd.DataFrame([{
                _("Row"): p.row, _("Value as typed"): p.value or _("(blank)"), _("What is wrong"): say(_, p.message),
                _("What is expected"): say(_, p.expected)} for p in g.examples]), hide_index=True, width="stretch")
            if g.count > len(g.examples):
                st.caption(_("The first {shown} of {n}. Every row with a problem is in the table below.",
                             shown=len(g.examples), n=f"{g.count:,}"))


def repairs(_: Translator, report: CheckReport) -> None:
    made = report.repairs
    if not made:
        return
    by_kind = Counter(x.kind for x in made)
    with st.expander(_("Repaired without doubt: {n} cells (not problems: nothing to do)", n=f"{len(made):,}"),
                     icon=":material/auto_fix_high:"):
        for kind, n in by_kind.most_common():
            st.markdown(f"- {_(REPAIR_LABELS.get(kind, kind))}: {n:,}")
        st.dataframe(pd.DataFrame([{_("Row"): x.row, _("Column"): x.column, _("As typed"): x.before,
                                    _("Repaired to"): x.after} for x in made[:10]]), hide_index=True, width="stretch")


def render(_: Translator, report: CheckReport) -> None:
    st.subheader(_("3. What the check found"))
    counts(_, report)
    problems(_, report)
    repairs(_, report)
