"""The vacancies page's pieces (pages/staff/vacancies.py): the list with its five counts, the create/edit
form (one st.form; a refused form keeps everything typed and shows each message beside its field),
and closing / reopening.

`employer_id` is the signed-in recruiter's employer; None for an organizer (who may close any).
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import timedelta

import streamlit as st

from components import outage, runtime
from components.text import literal
from services.core.clock import local_today
from services.core.errors import FieldErrors, NotFound, PortalError
from services.core.i18n import N_, Translator
from services.core.reference import EDUCATION_LEVELS, SCOPES, TRADES, TRIP_PAYERS
from services.places.geography import CITIES, PROVINCES, city_label, province_label
from services.recruiting.rules import wage_figure
from services.recruiting.vacancies import (
    close_vacancy,
    create_vacancy,
    get_vacancy_for_edit,
    reopen_vacancy,
    update_vacancy,
)
from services.recruiting.vacancy_list import VacancyRow, fair_choices
from services.recruiting.vacancy_validation import VacancyForm

P, NEW = "vac_", 0
PLAIN = "%g"  # numbers as people write them: 8, 8.5 (not 8.00)
FIELDS = [f.name for f in fields(VacancyForm)]
GENDER_LABELS = {"": N_("No requirement"), "M": N_("Men only"), "F": N_("Women only")}
GENDER_HELP = N_(
    "Asking for men or women only is generally unlawful in China (Employment Promotion Law, art. 27; Labor Law, "
    "art. 12). Choose it only where the law allows it, e.g. work the Special Provisions on Labor Protection of "
    "Female Employees forbid for women (mining underground, heavy lifting), and write the legal basis below."
)


def status_label(_: Translator, row: VacancyRow) -> str:
    if row.status == "closed":
        return _("Closed, off the board")
    if row.on_board:
        return _("On the board")
    if row.closing_date >= local_today():
        return _("Off the board: the employer is not approved")
    return _("Past closing date")


def vacancy_table(_: Translator, rows: list[VacancyRow], *, show_employer: bool) -> None:
    if not rows:
        st.info(_("No vacancies yet."))
        return
    lang = runtime.language()
    st.dataframe([{
        **({_("Employer"): r.employer_name} if show_employer else {}),
        _("Vacancy"): r.title, _("Status"): status_label(_, r),
        _("Place"): f"{province_label(r.province, lang)} {city_label(r.city, lang)} ({_(SCOPES[r.scope])})",
        _("Monthly wage"): wage_figure(r.wage_min, r.wage_max), _("Closing date"): r.closing_date.isoformat(),
        _("Headcount"): r.headcount, _("Interested"): r.interested, _("Interviewed"): r.interviewed,
        _("Offered"): r.offered, _("Hired"): r.hired,
    } for r in rows], hide_index=True, key="vacancy_table")


def _defaults() -> dict:
    return asdict(VacancyForm(closing_date=local_today() + timedelta(days=30), province=None))


def _fill(values: dict) -> None:
    for name in FIELDS:
        st.session_state[P + name] = values.get(name)
    st.session_state[P + "city"] = values.get("city") or None  # a selectbox: None, not "", when empty
    st.session_state[P + "errors"] = {}


@outage.callback
def _load(employer_id: int | None) -> None:
    pick = st.session_state.get(P + "pick") or NEW
    st.session_state.pop(P + "saved", None)
    if pick == NEW:
        _fill(_defaults())
        return
    try:
        _fill(asdict(get_vacancy_for_edit(runtime.engine(), vacancy_id=pick, employer_id=employer_id)))
    except NotFound:
        st.session_state[P + "pick"] = NEW
        _fill(_defaults())


def _read() -> VacancyForm:
    s = st.session_state
    values = {name: s.get(P + name) for name in FIELDS}
    values["fair_ids"] = list(values["fair_ids"] or [])
    for text in ("title", "description", "city", "gender_basis", "gender"):
        values[text] = values[text] or ""
    values["housing"], values["meals"] = bool(values["housing"]), bool(values["meals"])
    return VacancyForm(**values)


@outage.callback  # database down: the message above, every field kept as typed
def _save(employer_id: int, actor_id: int) -> None:
    s, pick = st.session_state, st.session_state.get(P + "pick") or NEW
    args = dict(form=_read(), county=runtime.county(), actor_id=actor_id)
    try:
        if pick == NEW:
            vacancy = create_vacancy(runtime.engine(), employer_id=employer_id, **args)
        else:
            vacancy = update_vacancy(runtime.engine(), vacancy_id=pick, employer_id=employer_id, **args)
    except FieldErrors as exc:
        s[P + "errors"], s[P + "saved"] = exc.errors, None
        return
    except NotFound as exc:
        s[P + "errors"], s[P + "saved"] = {"title": exc.message}, None
        return
    s[P + "pick"], s[P + "errors"] = vacancy.id, {}
    s[P + "saved"] = ("created" if pick == NEW else "updated", vacancy.title)


def _error(_: Translator, *names: str) -> None:
    errors = st.session_state.get(P + "errors") or {}
    for name in names:
        if errors.get(name):
            st.error(_(errors[name]), icon="⚠️")


def picker(_: Translator, rows: list[VacancyRow], employer_id: int | None, *, allow_new: bool) -> int:
    by_id = {r.id: r for r in rows}
    first = [NEW] if allow_new else []
    if st.session_state.get(P + "pick") not in (*first, *by_id):
        st.session_state[P + "pick"] = first[0] if first else (next(iter(by_id)) if by_id else None)
        if allow_new:
            _load(employer_id)
    options = [*first, *by_id]
    label = _("Create or edit a vacancy") if allow_new else _("Choose a vacancy")
    return st.selectbox(label, options, key=P + "pick", on_change=_load, args=(employer_id,),
                        format_func=lambda i: _("New vacancy") if i == NEW else
                        f"{by_id[i].title} · {by_id[i].employer_name} · {status_label(_, by_id[i])}")


def vacancy_form(_: Translator, employer_id: int, actor_id: int) -> None:
    lang, editing = runtime.language(), (st.session_state.get(P + "pick") or NEW) != NEW
    fairs = dict(fair_choices(runtime.engine(), include=st.session_state.get(P + "fair_ids") or []))
    cities = list(CITIES)
    if st.session_state.get(P + "city") and st.session_state[P + "city"] not in cities:
        cities.append(st.session_state[P + "city"])
    money = {"min_value": 0, "max_value": 1_000_000, "step": 100}
    with st.form("vacancy_form", enter_to_submit=False):
        st.text_input(_("Job title"), key=P + "title", max_chars=80, placeholder=_("e.g. Electronics line worker"))
        _error(_, "title")
        st.selectbox(_("Trade"), list(TRADES), index=None, key=P + "trade", format_func=lambda c: _(TRADES[c]),
                     placeholder=_("Choose one"))
        _error(_, "trade")
        left, right = st.columns(2)
        left.selectbox(_("Province of the work place"), list(PROVINCES), index=None, key=P + "province",
                       format_func=lambda p: province_label(p, lang), placeholder=_("Choose one"))
        right.selectbox(_("City"), cities, index=None, key=P + "city", accept_new_options=True,
                        format_func=lambda c: city_label(c, lang), placeholder=_("Choose, or type another city"))
        _error(_, "province", "city")
        left, right = st.columns(2)
        left.number_input(_("Lowest monthly wage (yuan)"), key=P + "wage_min", value=None, **money)
        right.number_input(_("Highest monthly wage (yuan)"), key=P + "wage_max", value=None, **money)
        _error(_, "wage")
        left, mid, right = st.columns(3)
        left.number_input(_("People needed"), key=P + "headcount", value=None, min_value=0, step=1)
        mid.number_input(_("Lowest age"), key=P + "age_min", min_value=0, max_value=120, step=1)
        right.number_input(_("Highest age"), key=P + "age_max", min_value=0, max_value=120, step=1)
        _error(_, "headcount", "age")
        st.selectbox(_("Minimum education"), list(EDUCATION_LEVELS), key=P + "min_education",
                     format_func=lambda c: _(EDUCATION_LEVELS[c]))
        _error(_, "min_education")
        left, right = st.columns(2)
        left.checkbox(_("Housing provided"), key=P + "housing")
        left.number_input(_("Housing: the worker pays (yuan/month, 0 = free)"), key=P + "housing_cost", **money)
        right.checkbox(_("Meals provided"), key=P + "meals")
        right.number_input(_("Meals: the worker pays (yuan/month, 0 = free)"), key=P + "meals_cost", **money)
        _error(_, "housing_cost", "meals_cost")
        left, mid, right = st.columns(3)
        left.number_input(_("Contract (months)"), key=P + "contract_months", min_value=0, max_value=1000, step=1)
        mid.number_input(_("Hours a day"), key=P + "hours_per_day", min_value=0.0, max_value=24.0, step=0.5,
                         format=PLAIN)
        right.number_input(_("Days a week"), key=P + "days_per_week", min_value=0.0, max_value=7.0, step=0.5,
                           format=PLAIN)
        _error(_, "contract_months", "hours_per_day", "days_per_week")
        left, mid, right = st.columns(3)
        left.number_input(_("Distance from the county (km), empty = estimate"), key=P + "distance_km", value=None,
                          min_value=0, step=10)
        mid.number_input(_("Travel time one way (hours)"), key=P + "travel_hours", value=None, min_value=0.0,
                         step=0.5, format=PLAIN)
        right.number_input(_("Fare one way (yuan)"), key=P + "trip_fare", value=None, min_value=0, step=10)
        _error(_, "distance_km", "travel_hours", "trip_fare")
        st.radio(_("Who pays the trip home"), list(TRIP_PAYERS), key=P + "trip_home_payer", horizontal=True,
                 format_func=lambda c: _(TRIP_PAYERS[c]))
        st.radio(_("Gender requirement"), list(GENDER_LABELS), key=P + "gender", horizontal=True,
                 format_func=lambda g: _(GENDER_LABELS[g]))
        st.caption(_(GENDER_HELP))
        st.text_input(_("Legal basis for a gender requirement"), key=P + "gender_basis", max_chars=200)
        _error(_, "gender")
        st.multiselect(_("Offered at the job fairs"), list(fairs), key=P + "fair_ids", format_func=fairs.get,
                       placeholder=_("Choose any"))
        _error(_, "fair_ids")
        st.date_input(_("Closing date"), key=P + "closing_date", format="YYYY-MM-DD")
        _error(_, "closing_date")
        st.text_area(_("Description (work, shifts, pay days, benefits)"), key=P + "description", max_chars=2000)
        _error(_, "description")
        st.form_submit_button(_("Save changes") if editing else _("Publish vacancy"), type="primary",
                              on_click=_save, args=(employer_id, actor_id))
    if st.session_state.get(P + "errors"):
        st.error(_("Some fields need fixing: see the messages above. Nothing you typed is lost."))
    saved = st.session_state.get(P + "saved")
    if saved:
        message = _("Published {title}.") if saved[0] == "created" else _("Saved {title}.")
        st.success(message.format(title=literal(saved[1])))


@outage.callback
def _set_status(action: str, vacancy_id: int, employer_id: int | None, actor_id: int) -> None:
    s = st.session_state
    try:
        if action == "close":
            close_vacancy(runtime.engine(), vacancy_id=vacancy_id, employer_id=employer_id, actor_id=actor_id)
        else:
            new_date = s.get(P + "closing_date")
            reopen_vacancy(runtime.engine(), vacancy_id=vacancy_id, employer_id=employer_id, actor_id=actor_id,
                           closing_date=new_date if new_date and new_date >= local_today() else None)
        s[P + "status_msg"] = ("ok", N_("Vacancy closed.") if action == "close" else N_("Vacancy reopened."))
    except PortalError as exc:
        s[P + "status_msg"] = ("error", exc.message)


def status_buttons(_: Translator, row: VacancyRow | None, employer_id: int | None, actor_id: int) -> None:
    if row is None:
        return
    if row.status == "open":
        st.button(_("Close this vacancy"), on_click=_set_status, args=("close", row.id, employer_id, actor_id))
    else:
        st.button(_("Reopen this vacancy"), on_click=_set_status, args=("reopen", row.id, employer_id, actor_id))
    msg = st.session_state.pop(P + "status_msg", None)
    if msg:
        (st.success if msg[0] == "ok" else st.error)(_(msg[1]))
