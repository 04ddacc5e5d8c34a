"""The accounts page's "Give an account another role" form, and the question asked first when an
organizer gives their own account another role. The rules: services/accounts/roles.py."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st
from sqlalchemy.engine import Engine

from components.field_errors import FormErrors
from models import Role, StaffUser
from services.accounts.roles import OwnRole, change_role
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import N_, Translator
from services.places.county import County

FIELDS = ("target", "role", "employer_id", "site_id", "township", "city")


def role_form(_: Translator, engine: Engine, *, me: str, users: list[StaffUser], roles: Mapping[str, str],
              companies: Mapping[int, str], sites: Mapping[int, str], county: County, language: str) -> None:
    st.subheader(_("Give an account another role"))
    st.caption(_("The person is signed out at once and signs in again with the new role's pages."))
    errors = FormErrors("role_account")
    errors.flash()
    current = {u.username: u for u in users}
    with st.form("role_account", enter_to_submit=False):
        left, right = st.columns(2)
        target = left.selectbox(_("Account"), list(current), index=None, placeholder=_("Choose one"),
                                key="role_target", format_func=lambda n: f"{n} ({roles.get(current[n].role, '')})")
        with left:
            errors.under(_, "target")
        role = right.selectbox(_("New role"), list(roles), format_func=roles.get, key="role_new")
        with right:
            errors.under(_, "role")
        employer_id = left.selectbox(_("Company (for the recruiter role)"), list(companies),
                                     index=None, format_func=companies.get, placeholder=_("Choose one"),
                                     key="role_employer")
        site_id = right.selectbox(_("Site (for the registration desk role; optional)"), list(sites),
                                  index=None, format_func=sites.get, placeholder=_("Choose one"), key="role_site")
        with left:
            errors.under(_, "employer_id")
        with right:
            errors.under(_, "site_id")
        township = left.selectbox(_("Township (for the township staff role)"), [t.name for t in county.townships],
                                  index=None, format_func=lambda t: county.label(t, language),
                                  placeholder=_("Choose one"), key="role_township")
        city = right.text_input(_("Destination city (for the workstation role)"), max_chars=40, placeholder="东莞市",
                                key="role_city")
        with left:
            errors.under(_, "township")
        with right:
            errors.under(_, "city")
        errors.rest(_, FIELDS)
        if st.form_submit_button(_("Change the role")):
            st.session_state.pop("own_role", None)
            request = {"username": target, "role": role, "actor": me,
                       "employer_id": employer_id if role == Role.RECRUITER else None,
                       "site_id": site_id if role == Role.DESK else None,
                       "township": township if role == Role.TOWNSHIP else None,
                       "city": city if role == Role.WORKSTATION else None}
            try:
                if target is None:
                    raise FieldErrors.one("target", N_("Please choose an account."))
                change_role(engine, **request)
                errors.done(_("{name} is now: {role}. Their sign-ins have ended.").format(
                    name=target, role=roles.get(role, role)))
            except OwnRole:  # asked below, in words, before anything happens
                st.session_state["own_role"] = request
            except FieldErrors as exc:
                errors.keep(exc.errors)
            except PortalError as exc:
                st.error(_(exc.message).format(**exc.values))
    _confirm_own(_, engine, me)


def _confirm_own(_: Translator, engine: Engine, me: str) -> None:
    request = st.session_state.get("own_role")
    if not request or request.get("username") != me:
        return
    with st.container(key="own_role_box", border=True):
        st.warning(_(OwnRole.message), icon="⚠️")
        yes, no = st.columns(2)
        if yes.button(_("Give my own account the new role"), key="own_role_yes", type="primary"):
            st.session_state.pop("own_role", None)
            try:
                change_role(engine, **request, own_confirmed=True)
                st.rerun()  # signed out: the sign-in form
            except PortalError as exc:
                st.error(_(exc.message).format(**exc.values))
        if no.button(_("Keep my role"), key="own_role_no"):
            st.session_state.pop("own_role", None)
            st.rerun()
