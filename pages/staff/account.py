"""My account: who I am, and changing my own password."""

import streamlit as st

from components import auth, runtime
from components.field_errors import FormErrors
from services.accounts.passwords import PASSWORDS_DIFFER
from services.accounts.staff import change_password, must_change_password
from services.core.errors import FieldErrors, PortalError

_ = runtime.page()
user = auth.require()
st.title(_("My account"))
st.text(_("{label}: {value}").format(label=_("Name"), value=user.display_name))
st.text(_("{label}: {value}").format(label=_("User name"), value=user.username))
if must_change_password(runtime.engine(), user.user_id):
    st.warning(_("Your password was set by an organizer. Please choose your own now."))

st.subheader(_("Change password"))
errors = FormErrors("change_password")
errors.flash()
with st.form("change_password", enter_to_submit=False):
    current = st.text_input(_("Current password"), type="password", autocomplete="current-password")
    errors.under(_, "current")
    new = st.text_input(_("New password"), type="password", max_chars=128, autocomplete="new-password",
                        help=_("At least 8 characters. A short sentence is easy to remember."))
    errors.under(_, "new")
    repeat = st.text_input(_("Repeat the password"), type="password", max_chars=128, autocomplete="new-password")
    errors.under(_, "repeat")
    errors.rest(_, ("current", "new", "repeat"))
    submitted = st.form_submit_button(_("Change password"), type="primary")

if submitted:
    try:
        if new != repeat:
            raise FieldErrors.one("repeat", PASSWORDS_DIFFER)
        change_password(runtime.engine(), principal=user, current=current, new=new, ip=auth.client_ip())
        errors.done(_("Password changed. Your other sign-ins have ended."))
    except FieldErrors as exc:  # the wrong current password, or the new one refused: under its field
        errors.keep(exc.errors)
    except PortalError as exc:
        st.error(_(exc.message).format(**exc.values))
