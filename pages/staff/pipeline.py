"""A vacancy's hiring pipeline: candidates by stage, each with its history and the stage buttons; CSV
(as an encrypted archive).

Recruiters see their own employer's vacancies only (the services check it again); organizers see
every employer's, with an employer filter. One stage is shown at a time (a segmented control with
the counts), its candidates in a table; the chosen candidate's history and buttons below it.
"""

from __future__ import annotations

import io

import streamlit as st

from components import auth, followup_confirm, pipeline_tables, private_download, runtime
from components.stage_controls import Target, stage_controls
from components.text import literal
from models import Role, Stage
from services.core.clock import local_today, local_zone
from services.core.reference import STAGES
from services.recruiting.pipeline_csv import pipeline_csv, pipeline_filename
from services.recruiting.pipeline_view import employers_with_vacancies, list_vacancies, vacancy_pipeline
from services.registration.profile_labels import MISSING_LINE, missing_labels

CSV_FILE = "pl_csv_file"  # the prepared archive of this vacancy's pipeline
STAGE_FOR = "pl_stage_for"  # the vacancy the stage choice was made for

_ = runtime.page()
user = auth.require(Role.RECRUITER, Role.ORGANIZER)
engine, vault, county, language = runtime.engine(), runtime.vault(), runtime.county(), runtime.language()
employer_id = None if user.is_organizer else user.employer_id
zone, today = local_zone(), local_today()

st.html(pipeline_tables.CSS)
st.title(_("Hiring pipeline"))
if user.is_organizer:
    employers = {e.id: e.name for e in employers_with_vacancies(engine)}
    employer_id = st.selectbox(_("Employer"), [None, *employers], key="pl_employer",
                               format_func=lambda i: _("All employers") if i is None else employers[i])
vacancies = {v.id: v for v in list_vacancies(engine, employer_id=employer_id)}
if not vacancies:
    st.info(_("No vacancies yet. Candidates appear here once a vacancy is posted."))
    st.stop()


def vacancy_label(i: int) -> str:
    v = vacancies[i]
    closed = "" if v.is_open(today) else " · " + _("closed")
    when = _("closes {date}").format(date=v.closing_date.isoformat())
    return f"{v.title} · {when}{closed}" + (f" · {v.employer_name}" if user.is_organizer else "")


vacancy_id = st.selectbox(_("Vacancy"), list(vacancies), key="pl_vacancy", format_func=vacancy_label)
# organizers: access as an organizer (None), whatever the employer filter
pipeline = vacancy_pipeline(engine, vault, vacancy_id=vacancy_id, employer_id=None if user.is_organizer
                            else user.employer_id)
counts = pipeline.counts
st.caption(_("Headcount {headcount} · {total} candidates", headcount=pipeline.headcount, total=pipeline.total))
if st.session_state.get(STAGE_FOR) != vacancy_id:  # another vacancy: open on its first stage with people
    st.session_state[STAGE_FOR] = vacancy_id
    st.session_state["pl_stage"] = pipeline.first_stage
stage = st.segmented_control(_("Stage"), list(Stage), key="pl_stage", required=True,
                             format_func=lambda s: f"{_(STAGES[s])} ({counts[s]})")
# phones: an encrypted archive, its password on this screen only (components.private_download)
csv_for = (vacancy_id, language)
if "data" not in (private_download.sealed(CSV_FILE, csv_for) or {}) and st.button(
        _("Prepare this pipeline as a file (CSV)"), key="pl_prepare_csv", icon=":material/download:"):
    private_download.seal(CSV_FILE, io.BytesIO(pipeline_csv(pipeline, language=language, county=county)),
                          filename=pipeline_filename(pipeline), match=csv_for)
private_download.offer(_, CSV_FILE, label=_("Download this pipeline (CSV)"), button_key="pl_download_csv",
                       once=True)

candidates = pipeline.by_stage.get(stage, [])
if not candidates:
    st.info(_("Nobody at this stage yet."))
    st.stop()

pipeline_tables.candidates_table(_, candidates, county=county, language=language, zone=zone)

by_app = {c.application_id: c for c in candidates}
chosen = st.selectbox(_("Candidate"), list(by_app), key=f"pl_candidate_{vacancy_id}_{stage}",
                      format_func=lambda i: f"{by_app[i].name} · {by_app[i].age} · {by_app[i].phone}")
c = by_app[chosen]
st.subheader(literal(c.name))
if c.missing:
    st.warning(_(MISSING_LINE, groups=missing_labels(c.missing, _, language)), icon=":material/edit_note:")
if c.hire:
    st.markdown(_("Hired: starts {start}, {wage} yuan a month, {months} months", start=c.hire.start_date,
                  wage=f"{c.hire.monthly_wage:,}", months=c.hire.contract_months))
    hired = next((h for h in c.hires if h.active), None)
    if hired is not None and not user.is_organizer:  # a visit due: the recruiter can confirm the worker stays
        followup_confirm.still_employed(_, engine, user, hire_id=hired.id, today=today, wage=c.hire.monthly_wage)
pipeline_tables.history(_, c, zone=zone)
v = vacancies[vacancy_id]


def follow(new_stage: str, application_id: int = c.application_id) -> None:
    """After a tap, show the stage the candidate moved to, with the candidate still chosen."""
    st.session_state["pl_stage"] = new_stage
    st.session_state[f"pl_candidate_{vacancy_id}_{new_stage}"] = application_id


stage_controls(_, engine, user, Target(
    key=f"pl_{c.application_id}", seeker_id=c.seeker_id, seeker_name=c.name, vacancy_id=vacancy_id,
    vacancy_title=v.title, current=c.stage, wage_default=v.wage_min, contract_default=v.contract_months,
    on_recorded=follow))
