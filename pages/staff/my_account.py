"""My account: who I am, and changing my own password."""

import streamlit as st

from components import auth, runtime
from services.accounts.staff import change_password, must_change_password
from services.core.errors import PortalError

_ = runtime.page()
user = auth.require()
st.title(_("My account"))
st.text(_("{label}: {value}").format(label=_("Name"), value=user.display_name))
st.text(_("{label}: {value}").format(label=_("User name"), value=user.username))
if must_change_password(runtime.engine(), user.user_id):
    st.warning(_("Your password was set by an organizer. Please choose your own now."))

st.subheader(_("Change password"))
with st.form("change_password", enter_to_submit=False):
    current = st.text_input(_("Current password"), type="password", autocomplete="current-password")
    new = st.text_input(_("New password"), type="password", max_chars=128, autocomplete="new-password",
                        help=_("At least 8 characters. A short sentence is easy to remember."))
    repeat = st.text_input(_("Repeat the password"), type="password", max_chars=128, autocomplete="new-password")
    submitted = st.form_submit_button(_("Change password"), type="primary")

if submitted:
    if new != repeat:
        st.error(_("The two passwords are not the same."))
    else:
        try:
            change_password(runtime.engine(), principal=user, current=current, new=new, ip=auth.client_ip())
            st.success(_("Password changed. Your other sign-ins have ended."))
        except PortalError as exc:  # the wrong current password or the new one refused (one field each)
            st.error(_(exc.message).format(**exc.values))
