"""Job-fair and recruitment portal: entry point (page config, settings, language, navigation).

Run with `streamlit run app.py`. Pages live in pages/; business logic in services/.
Public pages (registration, ticket) never create the staff authenticator; staff paths
sign in first, then get the pages of their role.
"""

import streamlit as st

from components import auth, runtime
from models import Role
from services.accounts import organizer_exists

runtime.shell()
_ = runtime.t()

public = [
    st.Page("pages/home.py", title=_("Job fair portal"), url_path="home"),

    st.Page("pages/register.py", title=_("Register"), url_path="register"),
    st.Page("pages/ticket.py", title=_("Find my ticket"), url_path="ticket"),
]

if auth.is_public_request():
    public[0] = st.Page("pages/home.py", title=_("Job fair portal"), url_path="home", default=True)
    st.navigation(public, position="hidden").run()
else:
    user = auth.sign_in(show_form=auth.request_path() != "setup")
    my_account = st.Page("pages/my_account.py", title=_("My account"), url_path="account")
    if user is None:
        staff = [st.Page("pages/signin.py", title=_("Staff sign-in"), url_path="signin", default=True)]
        if st.session_state.get("setup_done") or not organizer_exists(runtime.engine()):
            staff.append(st.Page("pages/setup.py", title=_("First-run setup"), url_path="setup"))
        st.navigation([*staff, *public], position="hidden").run()
    elif user.role == Role.ORGANIZER:
        st.navigation({
            _("Organizer"): [
                st.Page("pages/dashboard.py", title=_("Live dashboard"), url_path="dashboard", default=True),
                st.Page("pages/fairs.py", title=_("Fairs and sites"), url_path="fairs"),
                st.Page("pages/targets.py", title=_("Targets"), url_path="targets"),
                st.Page("pages/exports.py", title=_("Exports"), url_path="exports"),
                st.Page("pages/accounts.py", title=_("Staff accounts"), url_path="accounts"),
                my_account,
            ],
            _("Public pages"): public,
        }, position="sidebar").run()
    else:  # recruiters: booth and vacancy pages arrive with the recruiter features
        st.navigation({_("Recruiter"): [my_account], _("Public pages"): public}, position="sidebar").run()
