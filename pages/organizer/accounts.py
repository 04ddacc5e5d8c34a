"""Organizers manage staff accounts: create, disable or enable, reset a password."""

import streamlit as st

from components import auth, runtime
from models import EmployerStatus, Role
from services.accounts.staff import create_user, list_users, reset_password, set_active
from services.core.errors import FieldErrors, PortalError
from services.recruiting.employer_queries import list_employers

_ = runtime.page()
user = auth.require(Role.ORGANIZER)
engine = runtime.engine()
ROLES = {Role.ORGANIZER.value: _("Organizer"), Role.RECRUITER.value: _("Recruiter")}

st.title(_("Staff accounts"))
users = list_users(engine)
companies = {e.id: e for e in list_employers(engine)}
approved = {i: e.name for i, e in companies.items() if e.status == EmployerStatus.APPROVED}
st.dataframe(
    [{_("User name"): u.username, _("Name"): u.display_name, _("Role"): ROLES.get(u.role, u.role),
      _("Company"): companies[u.employer_id].name if u.employer_id in companies else "",
      _("Active"): u.active, _("Created"): u.created_at.astimezone(runtime.local_zone()).strftime("%Y-%m-%d")}
     for u in users],
    hide_index=True, width="stretch",
)

st.subheader(_("New account"))
with st.form("new_account", enter_to_submit=False):
    left, right = st.columns(2)
    username = left.text_input(_("User name"), max_chars=40)
    display_name = right.text_input(_("Name"), max_chars=60)
    role = left.selectbox(_("Role"), list(ROLES), format_func=ROLES.get)
    email = right.text_input(_("Email (optional)"), max_chars=120)
    employer_id = st.selectbox(_("Company (recruiters only; approved companies)"), list(approved), index=None,
                               format_func=approved.get, placeholder=_("Choose one"))
    password = st.text_input(_("First password (the person changes it after signing in)"), type="password",
                             max_chars=128, autocomplete="new-password")
    if st.form_submit_button(_("Create account"), type="primary"):
        try:
            create_user(engine, username=username, display_name=display_name, role=role, password=password,
                        email=email, actor=user.username, must_change_password=True,
                        employer_id=employer_id if role == Role.RECRUITER else None)
            st.success(_("Account {name} created.").format(name=username.strip().lower()))
        except FieldErrors as exc:  # every wrong field, in the order of the form
            for message in exc.errors.values():
                st.error(_(message))
        except PortalError as exc:
            st.error(_(exc.message).format(**exc.values))

st.subheader(_("Change an account"))
others = [u.username for u in users]
with st.form("change_account", enter_to_submit=False):
    target = st.selectbox(_("Account"), others, index=None, placeholder=_("Choose one"))
    action = st.radio(_("Action"), ["disable", "enable", "reset"], horizontal=True, format_func={
        "disable": _("Disable"), "enable": _("Enable"), "reset": _("Set a new password")}.get)
    new_password = st.text_input(_("New password (for a reset)"), type="password", max_chars=128,
                                 autocomplete="new-password")
    if st.form_submit_button(_("Apply")):
        try:
            if target is None:
                st.error(_("Please choose an account."))
            elif action == "reset":
                reset_password(engine, username=target, new_password=new_password, actor=user.username)
                st.success(_("New password set. All sign-ins of {name} have ended.").format(name=target))
            else:
                set_active(engine, username=target, active=action == "enable", actor=user.username)
                st.success(_("Account {name} updated.").format(name=target))
        except PortalError as exc:
            st.error(_(exc.message).format(**exc.values))
