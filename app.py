"""Job-fair and recruitment portal: entry point (page config, settings, language, navigation).

Run with `streamlit run app.py`. Pages live in pages/; business logic in services/.
Public pages (registration, ticket) never create the staff authenticator; staff paths
sign in first, then get the pages of their role. A staff address always exists in the
navigation (sign-in form when signed out, "no access" for another role's page), so the
browser keeps its URL instead of being sent to "/".
"""

import streamlit as st

from components import auth, runtime
from models import Role
from services.accounts.staff import organizer_exists

runtime.shell(staff=not auth.is_public_request())
_ = runtime.t()

public = [
    st.Page("pages/home.py", title=_("Job fair portal"), url_path="home"),
    st.Page("pages/register.py", title=_("Register"), url_path="register"),
    st.Page("pages/ticket.py", title=_("Find my ticket"), url_path="ticket"),
    st.Page("pages/jobs.py", title=_("Jobs"), url_path="jobs"),
    st.Page("pages/join.py", title=_("Employers: sign up"), url_path="join"),
]


def organizer_pages() -> list:
    return [
        st.Page("pages/dashboard.py", title=_("Live dashboard"), url_path="dashboard"),
        st.Page("pages/fairs.py", title=_("Fairs and sites"), url_path="fairs"),
        st.Page("pages/targets.py", title=_("Targets"), url_path="targets"),
        st.Page("pages/exports.py", title=_("Exports"), url_path="exports"),
        st.Page("pages/employers.py", title=_("Employers"), url_path="employers"),
        st.Page("pages/booths.py", title=_("Booth activity"), url_path="booths"),
        st.Page("pages/vacancies.py", title=_("Vacancies"), url_path="vacancies"),
        st.Page("pages/pipeline.py", title=_("Pipeline"), url_path="pipeline"),
        st.Page("pages/accounts.py", title=_("Staff accounts"), url_path="accounts"),
    ]


def recruiter_pages() -> list:
    return [
        st.Page("pages/booth.py", title=_("Booth: scan tickets"), url_path="booth"),
        st.Page("pages/vacancies.py", title=_("Vacancies"), url_path="vacancies"),
        st.Page("pages/pipeline.py", title=_("Pipeline"), url_path="pipeline"),
        st.Page("pages/candidates.py", title=_("Candidates who fit"), url_path="candidates"),
        st.Page("pages/employer.py", title=_("Our company"), url_path="employer"),
    ]


path = auth.request_path()
if auth.is_public_request():
    public[0] = st.Page("pages/home.py", title=_("Job fair portal"), url_path="home", default=True)
    st.navigation(public, position="hidden").run()
else:
    user = auth.sign_in(show_form=path != "setup")
    my_account = st.Page("pages/my_account.py", title=_("My account"), url_path="account")
    if user is None:
        staff = []
        if st.session_state.get("setup_done") or not organizer_exists(runtime.engine()):
            staff.append(st.Page("pages/setup.py", title=_("First-run setup"), url_path="setup"))
        # The sign-in page answers at the address asked for; not as the default page, which
        # the browser addresses as "/" (it would call /dashboard "not found").
        signin_path = path if path and path not in {"setup", "signin", "unknown-page"} else "signin"
        staff.append(st.Page("pages/signin.py", title=_("Staff sign-in"), url_path=signin_path))
        public[0] = st.Page("pages/home.py", title=_("Job fair portal"), url_path="home", default=True)
        st.navigation([*staff, *public], position="hidden").run()
    else:
        role_pages = organizer_pages() if user.role == Role.ORGANIZER else recruiter_pages()
        role_pages.append(my_account)
        public[0] = st.Page("pages/home.py", title=_("Job fair portal"), url_path="home", default=True)
        known = {p.url_path for p in role_pages} | auth.PUBLIC_PATHS | {"signin", "setup"}
        hidden = [st.Page("pages/no_access.py", title=_("No access"), url_path=path)] if path not in known else []
        section = _("Organizer") if user.role == Role.ORGANIZER else _("Recruiter")
        st.navigation({section: role_pages, _("Public pages"): public, " ": hidden} if hidden else
                      {section: role_pages, _("Public pages"): public}, position="sidebar", expanded=True).run()
