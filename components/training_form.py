"""The course form (create or edit, one st.form): each refused field's message beside it, every value kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import streamlit as st

from components import runtime
from components.field_errors import FormErrors
from components.training_parts import kind_label, place_label
from services.core.clock import local_today
from services.core.errors import FieldErrors
from services.core.i18n import Translator
from services.core.reference import TRADES
from services.training.choices import Choices
from services.training.course_rules import KIND_LABELS, CourseForm

FIELDS = ("title", "kind", "trade", "provider", "township", "site_id", "fair_id", "address", "starts_on",
          "ends_on", "capacity", "employer_id", "vacancy_ids", "description")


def course_form(_: Translator, *, key: str, start: CourseForm | None, choices: Choices, own_township: str | None,
                save: Callable[[CourseForm], object], submit_label: str) -> None:
    """Draw the form; on submit call `save(form)` (a service call); FieldErrors are shown beside the fields."""
    errors = FormErrors(key)
    errors.flash()
    start = start or CourseForm(starts_on=local_today() + timedelta(days=7), ends_on=local_today() + timedelta(days=11),
                                capacity="30", township=own_township or "")
    townships = [t.name for t in runtime.county().townships]
    if own_township:
        townships = [own_township]
    vacancy_names = {vid: f"{choices.employers[eid]} · {title}"
                     for eid, vacs in choices.vacancies.items() for vid, title in vacs.items()}
    with st.form(key, border=True):
        st.text_input(_("Course title"), value=start.title, max_chars=100, key=f"{key}_title")
        errors.under(_, "title")
        left, right = st.columns(2)
        with left:
            kinds = list(KIND_LABELS)
            st.selectbox(_("Kind of training"), kinds, key=f"{key}_kind", format_func=lambda k: kind_label(_, k),
                         index=kinds.index(start.kind) if start.kind in kinds else 0)
            errors.under(_, "kind")
        with right:
            trades = ["", *TRADES]
            st.selectbox(_("Trade (skills courses)"), trades, key=f"{key}_trade",
                         index=trades.index(start.trade) if start.trade in trades else 0,
                         format_func=lambda t: _(TRADES[t]) if t else _("No trade"))
            errors.under(_, "trade")
        st.text_input(_("Provider (school or company)"), value=start.provider, max_chars=100, key=f"{key}_provider")
        errors.under(_, "provider")
        left, mid, right = st.columns(3)
        with left:
            places = ["", *townships] if not own_township else townships
            st.selectbox(_("Township"), places, key=f"{key}_township", format_func=lambda t: place_label(_, t),
                         index=places.index(start.township) if start.township in places else 0)
            errors.under(_, "township")
        with mid:
            sites = [None, *choices.sites]
            st.selectbox(_("Site"), sites, key=f"{key}_site_id",
                         format_func=lambda i: choices.sites[i] if i else "—",
                         index=sites.index(start.site_id) if start.site_id in sites else 0)
            errors.under(_, "site_id")
        with right:
            fairs = [None, *choices.fairs]
            st.selectbox(_("Job fair"), fairs, key=f"{key}_fair_id",
                         format_func=lambda i: choices.fairs[i] if i else "—",
                         index=fairs.index(start.fair_id) if start.fair_id in fairs else 0)
            errors.under(_, "fair_id")
        st.text_input(_("Address"), value=start.address, max_chars=200, key=f"{key}_address")
        errors.under(_, "address")
        left, mid, right = st.columns(3)
        with left:
            st.date_input(_("First day"), value=start.starts_on, key=f"{key}_starts_on")
            errors.under(_, "starts_on")
        with mid:
            st.date_input(_("Last day"), value=start.ends_on, key=f"{key}_ends_on")
            errors.under(_, "ends_on")
        with right:
            st.text_input(_("Seats"), value=str(start.capacity), max_chars=4, key=f"{key}_capacity")
            errors.under(_, "capacity")
        st.checkbox(_("Order-based training (for an employer's vacancies)"), value=start.order_based,
                    key=f"{key}_order_based")
        employers = [None, *choices.employers]
        st.selectbox(_("Employer"), employers, key=f"{key}_employer_id",
                     format_func=lambda i: choices.employers.get(i, "") if i else "—",
                     index=employers.index(start.employer_id) if start.employer_id in employers else 0)
        errors.under(_, "employer_id")
        st.multiselect(_("Vacancies it trains for"), list(vacancy_names), key=f"{key}_vacancy_ids",
                       default=[v for v in start.vacancy_ids if v in vacancy_names],
                       format_func=lambda i: vacancy_names[i], placeholder=_("Choose vacancies"))
        errors.under(_, "vacancy_ids")
        st.text_area(_("Description"), value=start.description, max_chars=1000, key=f"{key}_description")
        errors.under(_, "description")
        errors.rest(_, FIELDS)
        submitted = st.form_submit_button(submit_label, type="primary")
    if submitted:
        values = {name: st.session_state.get(f"{key}_{name}") for name in (*FIELDS, "order_based")}
        values["vacancy_ids"] = list(values["vacancy_ids"] or [])
        values["township"] = values["township"] or ""
        try:
            save(CourseForm(**values))  # type: ignore[arg-type]
        except FieldErrors as exc:
            errors.keep(exc.errors)
        else:
            errors.clear()
