"""Organizers manage staff accounts: create, disable or enable, reset a password."""

import streamlit as st

from components import auth, runtime
from components.account_role_form import role_form
from components.field_errors import FormErrors
from models import EmployerStatus, Role
from services.accounts.staff import OwnAccount, create_user, list_users, reset_password, set_active
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import N_
from services.places.sources import all_sites
from services.recruiting.employer_queries import list_employers

_ = runtime.page()
user = auth.require(Role.ORGANIZER)
engine = runtime.engine()
ROLES = {Role.ORGANIZER.value: _("Organizer"), Role.RECRUITER.value: _("Recruiter"),
         Role.DESK.value: _("Registration desk staff"), Role.TOWNSHIP.value: _("Township staff"),
         Role.WORKSTATION.value: _("Labor-export workstation staff")}
county, lang = runtime.county(), runtime.language()

st.title(_("Staff accounts"))
users = list_users(engine)
companies = {e.id: e for e in list_employers(engine)}
approved = {i: e.name for i, e in companies.items() if e.status == EmployerStatus.APPROVED}
sites = {s.id: s.name for s in all_sites(engine)}
st.dataframe(
    [{_("User name"): u.username, _("Name"): u.display_name, _("Role"): ROLES.get(u.role, u.role),
      _("Company"): companies[u.employer_id].name if u.employer_id in companies else "",
      _("Site"): sites.get(u.site_id, "") if u.site_id is not None else "",
      _("Works for"): county.label(u.township, lang) if u.township else u.city or "",
      _("Active"): u.active, _("Created"): u.created_at.astimezone(runtime.local_zone()).strftime("%Y-%m-%d")}
     for u in users],
    hide_index=True, width="stretch",
)

st.subheader(_("New account"))
new_errors = FormErrors("new_account")
new_errors.flash()
with st.form("new_account", enter_to_submit=False):
    left, right = st.columns(2)
    with left:
        username = st.text_input(_("User name"), max_chars=40)
        new_errors.under(_, "username")
        role = st.selectbox(_("Role"), list(ROLES), format_func=ROLES.get)
    with right:
        display_name = st.text_input(_("Name"), max_chars=60)
        new_errors.under(_, "display_name")
        email = st.text_input(_("Email (optional)"), max_chars=120)
    employer_id = st.selectbox(_("Company (recruiters only; approved companies)"), list(approved), index=None,
                               format_func=approved.get, placeholder=_("Choose one"))
    new_errors.under(_, "employer_id")
    site_id = st.selectbox(_("Site (registration desk staff of one site only; optional)"), list(sites), index=None,
                           format_func=sites.get, placeholder=_("Choose one"))
    st.caption(_("Registration desk staff (a site worker or fair staff) use the staff desk: they register people "
                 "without a smartphone, change a mobile after checking the ID card, and complete profiles. "
                 "Tied to a site, their registrations count for that site."))
    new_errors.under(_, "site_id")
    password = st.text_input(_("First password (the person changes it after signing in)"), type="password",
                             max_chars=128, autocomplete="new-password")
    new_errors.under(_, "password")
    left, right = st.columns(2)
    with left:
        township = st.selectbox(_("Township (township staff only)"), [t.name for t in county.townships], index=None,
                                format_func=lambda t: county.label(t, lang), placeholder=_("Choose one"))
        new_errors.under(_, "township")
    with right:
        city = st.text_input(_("Destination city (workstation staff only)"), max_chars=40,
                             placeholder="东莞市")
        new_errors.under(_, "city")
    st.caption(_("Township staff follow up the workers of their township; a labor-export workstation's staff "
                 "those working in its city. Both record follow-up visits."))
    new_errors.rest(_, ("username", "display_name", "employer_id", "site_id", "township", "city", "password"))
    if st.form_submit_button(_("Create account"), type="primary"):
        try:
            create_user(engine, username=username, display_name=display_name, role=role, password=password,
                        email=email, actor=user.username, must_change_password=True,
                        employer_id=employer_id if role == Role.RECRUITER else None,
                        site_id=site_id if role == Role.DESK else None,
                        township=township if role == Role.TOWNSHIP else None,
                        city=city if role == Role.WORKSTATION else None)
            new_errors.done(_("Account {name} created.").format(name=username.strip().lower()))
        except FieldErrors as exc:  # every wrong field, each under its field
            new_errors.keep(exc.errors)
        except PortalError as exc:
            st.error(_(exc.message).format(**exc.values))

st.subheader(_("Change an account"))
others = [u.username for u in users]
change_errors = FormErrors("change_account")
change_errors.flash()
with st.form("change_account", enter_to_submit=False):
    target = st.selectbox(_("Account"), others, index=None, placeholder=_("Choose one"))
    change_errors.under(_, "target")
    action = st.radio(_("Action"), ["disable", "enable", "reset"], horizontal=True, format_func={
        "disable": _("Disable"), "enable": _("Enable"), "reset": _("Set a new password")}.get)
    new_password = st.text_input(_("New password (for a reset)"), type="password", max_chars=128,
                                 autocomplete="new-password")
    change_errors.under(_, "new_password")
    change_errors.rest(_, ("target", "new_password"))
    if st.form_submit_button(_("Apply")):
        st.session_state.pop("own_disable", None)
        try:
            if target is None:
                raise FieldErrors.one("target", N_("Please choose an account."))
            if action == "reset":
                reset_password(engine, username=target, new_password=new_password, actor=user.username)
                change_errors.done(_("New password set. All sign-ins of {name} have ended.").format(name=target))
            set_active(engine, username=target, active=action == "enable", actor=user.username)
            change_errors.done(_("Account {name} updated.").format(name=target))
        except OwnAccount:  # asked below, in words, before anything happens
            st.session_state["own_disable"] = target
        except FieldErrors as exc:
            change_errors.keep(exc.errors)
        except PortalError as exc:
            st.error(_(exc.message).format(**exc.values))

if st.session_state.get("own_disable") == user.username:
    with st.container(key="own_disable_box", border=True):
        st.warning(_(OwnAccount.message), icon=":material/warning:")
        yes, no = st.columns(2)
        if yes.button(_("Disable my own account"), key="own_disable_yes", type="primary"):
            st.session_state.pop("own_disable", None)
            try:
                set_active(engine, username=user.username, active=False, actor=user.username, own_confirmed=True)
                st.rerun()  # signed out: the sign-in form
            except PortalError as exc:
                st.error(_(exc.message).format(**exc.values))
        if no.button(_("Keep my account"), key="own_disable_no"):
            st.session_state.pop("own_disable", None)
            st.rerun()

role_form(_, engine, me=user.username, users=users, roles=ROLES, companies=approved, sites=sites, county=county,
          language=lang)
