"""Joining a household at the staff desk (issue 12: "later registrations can join a household"): after
registering a person (components/desk_register.py) or finding one (the desk's "Join a household" task), the
worker chooses the household's township and village (the person's own to start with), writes the list's
household code or the head's name, picks the household found and the relation to its head, and confirms.
The services: registration/desk_household.py (`find_households`, `join_at_desk`). Values live under the
caller's prefix (`desk_reg_hh_`, `desk_hh_`): "Next person" forgets them with the person."""

from __future__ import annotations

import streamlit as st

from components import outage, runtime
from components.desk_parts import forget, found_person, keep_errors
from components.field_errors import FormErrors
from components.text import literal
from services.core.errors import FieldErrors
from services.core.i18n import Translator
from services.imports.households import RELATION_LABELS, RELATIONS
from services.registration.desk import DeskWorker
from services.registration.desk_household import HouseholdChoice, find_households, join_at_desk

P = "desk_hh_"
FIND_PERSON = FormErrors(P + "find")


def _errors(prefix: str) -> FormErrors:
    return FormErrors(prefix + "join")


@outage.callback
def _on_find_household(worker: DeskWorker, prefix: str, township: str, village: str) -> None:
    s = st.session_state
    try:
        s[prefix + "found"] = find_households(runtime.engine(), staff_id=worker.staff_id, township=township,
                                              village=village, code=s.get(prefix + "code") or "",
                                              head_name=s.get(prefix + "head") or "")
        _errors(prefix).clear()
    except FieldErrors as exc:
        s.pop(prefix + "found", None)
        keep_errors(_errors(prefix), exc.errors)


@outage.callback
def _on_join(worker: DeskWorker, prefix: str, seeker_id: int) -> None:
    s = st.session_state
    found: list[HouseholdChoice] = s.get(prefix + "found") or []
    chosen = next((h for h in found if h.household_id == s.get(prefix + "household")), None)
    try:
        join_at_desk(runtime.engine(), staff_id=worker.staff_id, seeker_id=seeker_id,
                     household_id=chosen.household_id if chosen else None, relation=s.get(prefix + "relation") or "")
    except FieldErrors as exc:
        keep_errors(_errors(prefix), exc.errors)
        return
    _errors(prefix).clear()
    s[prefix + "joined"] = chosen


def _household_label(_: Translator, h: HouseholdChoice) -> str:
    head = _("head {name}").format(name=literal(h.head_name)) if h.head_name else _("no head yet")
    size = _("{n} people on the list").format(n=h.size) if h.size else _("size not given")
    return _("{code} · {head} · {size}, {members} registered").format(code=literal(h.code), head=head, size=size,
                                                                      members=h.members)


def join_form(_: Translator, worker: DeskWorker, *, seeker_id: int, township: str, village: str,
              prefix: str) -> None:
    """The household search and the join, for the registered person `seeker_id` (living in `village`)."""
    joined: HouseholdChoice | None = st.session_state.get(prefix + "joined")
    if joined is not None:
        st.success(_("Joined household {code} of {village}.").format(code=literal(joined.code),
                                                                      village=literal(joined.village)))
        return
    errors = _errors(prefix)
    county, lang = runtime.county(), runtime.language()
    names = [t.name for t in county.townships]
    left, right = st.columns(2)
    chosen_township = left.selectbox(_("Township"), names, index=names.index(township) if township in names else 0,
                                     key=prefix + "township", format_func=lambda t: county.label(t, lang))
    place = county.township(chosen_township)
    villages = [v.name for v in place.villages] if place else []
    chosen_village = right.selectbox(_("Village"), villages, key=f"{prefix}village_{chosen_township}",
                                     index=villages.index(village) if village in villages else 0,
                                     format_func=lambda v: county.label(v, lang))
    errors.under(_, "village")
    left.text_input(_("Household code"), key=prefix + "code", max_chars=40,
                    help=_("As on the village's list (户编号)."))
    right.text_input(_("Or the name of the head of household"), key=prefix + "head", max_chars=30)
    errors.under(_, "code")
    st.button(_("Find the household"), key=prefix + "find", on_click=_on_find_household,
              args=(worker, prefix, chosen_township, chosen_village or ""), icon=":material/search:")
    found: list[HouseholdChoice] = st.session_state.get(prefix + "found") or []
    if found:
        labels = {h.household_id: _household_label(_, h) for h in found}
        st.radio(_("Household"), list(labels), key=prefix + "household", format_func=labels.__getitem__,
                 index=0 if len(found) == 1 else None)
        errors.under(_, "household")
        st.selectbox(_("Relation to the head of household"), RELATIONS, key=prefix + "relation", index=None,
                     format_func=lambda r: _(RELATION_LABELS[r]), placeholder=_("Choose the relation"))
        errors.under(_, "relation")
        errors.rest(_, ("village", "code", "household", "relation"))
        st.button(_("Join this household"), type="primary", key=prefix + "join", on_click=_on_join,
                  args=(worker, prefix, seeker_id), icon=":material/family_restroom:")
    else:
        errors.rest(_, ("village", "code"))


def _next() -> None:
    forget(P)


def render(_: Translator, worker: DeskWorker) -> None:
    """The desk's "Join a household" task: find a registered person, then the join form."""
    person = found_person(_, worker, prefix=P, errors=FIND_PERSON, button_key=P + "find_person")
    if person is None:
        return
    join_form(_, worker, seeker_id=person.seeker_id, township=person.township, village=person.village, prefix=P)
    st.button(_("Next person"), on_click=_next, key=P + "next_person", icon=":material/person_add:")
