"""Vacancies. Recruiters: their own employer's vacancies with headcount / interested / interviewed /
offered / hired, a create-or-edit form, close and reopen. Organizers: every employer's vacancies,
filtered by employer, and may close or reopen any. Forms and lists live in components.vacancy_form."""

import streamlit as st

from components import auth, runtime, vacancy_form
from models import Role
from services.recruiting.vacancy_list import employer_filter_choices, employer_vacancies

_ = runtime.page()
user = auth.require(Role.RECRUITER, Role.ORGANIZER)
engine = runtime.engine()
organizer = user.role == Role.ORGANIZER

st.title(_("Vacancies"))
if organizer:
    st.caption(_("Every employer's vacancies. Close a vacancy that should not be on the job board."))
    employers = dict(employer_filter_choices(engine))
    chosen = st.selectbox(_("Employer"), [None, *employers], key="vac_employer_filter",
                          format_func=lambda e: _("All employers") if e is None else employers[e])
    rows = employer_vacancies(engine, employer_id=chosen)
    vacancy_form.vacancy_table(_, rows, show_employer=True)
    if rows:
        pick = vacancy_form.picker(_, rows, None, allow_new=False)
        vacancy_form.status_buttons(_, next((r for r in rows if r.id == pick), None), None, user.user_id)
    st.stop()

if user.employer_id is None:
    st.error(_("Your account is not linked to an employer. Please ask the organizers."))
    st.stop()

st.caption(_("Your vacancies on the public job board, with how many people are interested, interviewed, offered "
             "and hired. Closed vacancies and those past their closing date leave the board by themselves."))
rows = employer_vacancies(engine, employer_id=user.employer_id)
vacancy_form.vacancy_table(_, rows, show_employer=False)
pick = vacancy_form.picker(_, rows, user.employer_id, allow_new=True)
vacancy_form.status_buttons(_, next((r for r in rows if r.id == pick), None), user.employer_id, user.user_id)
vacancy_form.vacancy_form(_, user.employer_id, user.user_id)
