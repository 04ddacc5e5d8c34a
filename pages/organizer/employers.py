"""Organizers vet employers: approve or reject sign-ups, see every company with its recruiters and
open vacancies, create a company (approved at once), suspend or reinstate one, add recruiters."""

import streamlit as st

from components import auth, followup_issues, outage, runtime
from components import employer_form as ef
from components.text import literal
from models import EmployerStatus, Role
from services.core.errors import PortalError
from services.core.i18n import N_
from services.core.reference import EMPLOYER_STATUSES, INDUSTRIES
from services.places.geography import city_label, province_label
from services.recruiting import employer_queries as queries
from services.recruiting import employers as svc

_ = runtime.page()
user = auth.require(Role.ORGANIZER)
engine = runtime.engine()
lang = runtime.language()
NEW, ADD = "emp_new_", "emp_add_"
STATUS = {code: _(label) for code, label in EMPLOYER_STATUSES.items()}


@outage.callback
def _review(action: str, employer_id: int, name: str) -> None:
    note = st.session_state.get(f"emp_note_{employer_id}") or ""
    try:
        if action == "approve":
            svc.approve_employer(engine, employer_id=employer_id, actor=user.username)
        elif action == "reject":
            svc.reject_employer(engine, employer_id=employer_id, note=note, actor=user.username)
        elif action == "suspend":
            svc.suspend_employer(engine, employer_id=employer_id, note=note, actor=user.username)
        else:
            svc.reinstate_employer(engine, employer_id=employer_id, actor=user.username)
    except PortalError as exc:
        return ef.fail(exc)
    ef.done(_("{name}: {status}.").format(name=name, status=STATUS[_NEXT[action]]))


_NEXT = {"approve": "approved", "reject": "rejected", "suspend": "suspended", "reinstate": "approved"}


@outage.callback
def _create() -> None:
    account = ef.read_account(NEW)
    try:
        row = svc.create_employer(engine, form=ef.read_company(NEW), actor=user.username, **account)
    except PortalError as exc:
        return ef.fail(exc, NEW)
    ef.done(_("{name} is created and approved; its recruiter can sign in now.").format(name=row.name), NEW)


@outage.callback
def _add_recruiter() -> None:
    employer_id = st.session_state.get(ADD + "employer")
    if employer_id is None:
        st.session_state[ADD + "errors"] = {"employer": N_("Please choose one of the options.")}
        return
    try:
        svc.add_recruiter(engine, employer_id=employer_id, actor=user.username, **ef.read_account(ADD))
    except PortalError as exc:
        return ef.fail(exc, ADD)
    ef.done(_("Recruiter account created."), ADD)


st.title(_("Employers"))
ef.show_flash()

flags = followup_issues.employer_section(_, engine, user_id=user.user_id, county=runtime.county(), language=lang)

rows = queries.list_employers(engine)
pending = [r for r in rows if r.status == EmployerStatus.PENDING]
st.subheader(_("Waiting for approval ({n})").format(n=len(pending)))
if not pending:
    st.caption(_("No company is waiting."))
accounts_of = queries.recruiters_by_employer(engine, employer_ids=[r.id for r in pending])
for r in pending:
    with st.container(border=True):
        st.markdown(f"**{literal(r.name)}**")
        st.text(_("Credit code: {code} · {province} {city} · {industry}").format(
            code=r.credit_code, province=province_label(r.province, lang), city=city_label(r.city, lang),
            industry=_(INDUSTRIES.get(r.industry, r.industry))))
        st.text(_("Contact: {name}, {phone} · signed up {date}").format(
            name=r.contact_name, phone=r.contact_phone,
            date=r.created_at.astimezone(runtime.local_zone()).strftime("%Y-%m-%d %H:%M")))
        accounts = "、".join(f"{c.display_name} ({c.username})" for c in accounts_of.get(r.id, []))
        st.text(_("Recruiter accounts: {accounts}").format(accounts=accounts or "—"))
        st.text_input(_("Note (needed to reject; the company is told)"), key=f"emp_note_{r.id}", max_chars=200)
        left, right = st.columns(2)
        left.button(_("Approve"), key=f"emp_ok_{r.id}", type="primary", on_click=_review,
                    args=("approve", r.id, r.name), width="stretch")
        right.button(_("Reject"), key=f"emp_no_{r.id}", on_click=_review, args=("reject", r.id, r.name),
                     width="stretch")

st.subheader(_("All employers"))
st.dataframe([{
    _("Company"): r.name, _("Status"): STATUS.get(r.status, r.status),
    _("Open wage issues"): followup_issues.flag_text(_, flags[r.id]) if r.id in flags else "",
    _("Recruiters"): r.recruiters,
    _("Open vacancies"): r.open_vacancies, _("Province"): province_label(r.province, lang),
    _("City"): city_label(r.city, lang), _("Industry"): _(INDUSTRIES.get(r.industry, r.industry)),
    _("Credit code"): r.credit_code, _("Contact"): f"{r.contact_name} {r.contact_phone}",
    _("Note"): r.status_note} for r in rows], hide_index=True, width="stretch")

names = {r.id: f"{r.name} ({STATUS.get(r.status, r.status)})" for r in rows}
with st.expander(_("Suspend or reinstate a company")):
    changeable = [r.id for r in rows if r.status in {EmployerStatus.APPROVED, EmployerStatus.SUSPENDED}]
    chosen = st.selectbox(_("Company"), changeable, index=None, format_func=names.get, key="emp_change",
                          placeholder=_("Choose one"))
    if chosen is not None:
        row = next(r for r in rows if r.id == chosen)
        if row.status == EmployerStatus.APPROVED:
            st.text_input(_("Reason (the company is told)"), key=f"emp_note_{chosen}", max_chars=200)
            st.button(_("Suspend: its recruiters are signed out at once"), key="emp_suspend",
                      on_click=_review, args=("suspend", chosen, row.name))
        else:
            st.button(_("Reinstate"), key="emp_reinstate", on_click=_review, args=("reinstate", chosen, row.name))

with st.expander(_("Create a company (approved at once) with its first recruiter")):
    errors = st.session_state.get(NEW + "errors") or {}
    with st.form("emp_new", enter_to_submit=False):
        ef.company_fields(_, NEW, errors)
        st.markdown(_("**First recruiter account**"))
        ef.account_fields(_, NEW, errors, repeat=False, first_password=True)
        st.form_submit_button(_("Create company"), type="primary", on_click=_create)

with st.expander(_("Add a recruiter to a company")):
    errors = st.session_state.get(ADD + "errors") or {}
    with st.form("emp_add", enter_to_submit=False):
        st.selectbox(_("Company"), list(names), index=None, format_func=names.get, key=ADD + "employer",
                     placeholder=_("Choose one"))
        ef.field_error(_, errors, "employer")
        ef.account_fields(_, ADD, errors, repeat=False, first_password=True)
        st.form_submit_button(_("Add recruiter"), on_click=_add_recruiter)
