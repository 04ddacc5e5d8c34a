"""Our company (recruiters): the employer's details and status, colleagues, and its contact person."""

import streamlit as st

from components import auth, outage, runtime
from components import employer_form as ef
from components.text import literal
from models import Role
from services.core.errors import FieldErrors
from services.core.reference import EMPLOYER_STATUSES, INDUSTRIES
from services.places.geography import city_label, province_label
from services.recruiting.employer_queries import get_employer, list_recruiters
from services.recruiting.employers import update_employer_contact

_ = runtime.page()
user = auth.require(Role.RECRUITER)
engine = runtime.engine()
lang = runtime.language()
P, ERRORS, SAVED = "emp_contact_", "emp_contact_errors", "emp_contact_saved"

employer = get_employer(engine, user.employer_id) if user.employer_id is not None else None
if employer is None:  # cannot happen while signed in (sign-in needs an approved employer)
    st.error(_("You do not have access to this page."))
    st.stop()


@outage.callback  # database down: the message above, the contact kept as typed
def _save() -> None:
    try:
        update_employer_contact(engine, employer_id=employer.id, actor=user.username,
                                contact_name=st.session_state.get(P + "contact_name") or "",
                                contact_phone=st.session_state.get(P + "contact_phone") or "")
    except FieldErrors as exc:
        st.session_state[ERRORS] = exc.errors
        return
    st.session_state[ERRORS] = {}
    st.session_state[SAVED] = True
    for field in ("contact_name", "contact_phone"):  # show the stored (normalized) values next time
        st.session_state.pop(P + field, None)


st.title(_("Our company"))
st.subheader(literal(employer.name))
rows = {
    _("Status"): _(EMPLOYER_STATUSES.get(employer.status, employer.status)),
    _("Unified social credit code"): employer.credit_code,
    _("Place"): f"{province_label(employer.province, lang)} {city_label(employer.city, lang)}",
    _("Industry"): _(INDUSTRIES.get(employer.industry, employer.industry)),
    _("Contact person"): employer.contact_name,
    _("Contact phone"): employer.contact_phone,
    _("Open vacancies"): str(employer.open_vacancies),
}
for label, value in rows.items():
    st.text(_("{label}: {value}").format(label=label, value=value))
st.caption(_("To change the company name, credit code or place, please contact the county labor bureau."))

st.subheader(_("Colleagues"))
st.dataframe([{_("Name"): c.display_name, _("User name"): c.username, _("Active"): c.active}
              for c in list_recruiters(engine, employer_id=employer.id)], hide_index=True, width="stretch")

st.subheader(_("Change the contact person"))
if st.session_state.pop(SAVED, False):
    st.success(_("Contact saved."))
for field in ("contact_name", "contact_phone"):
    st.session_state.setdefault(P + field, getattr(employer, field))
with st.form("emp_contact", enter_to_submit=False):
    ef.contact_fields(_, P, st.session_state.get(ERRORS) or {})
    st.form_submit_button(_("Save contact"), type="primary", on_click=_save)
