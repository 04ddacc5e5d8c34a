"""Job-fair and recruitment portal: entry point (page config, settings, language, navigation).

Run with `streamlit run app.py`. Pages live in pages/ (by audience), listed once in
components/routes.py; business logic in services/. Public pages (registration, ticket)
never create the staff authenticator; staff paths sign in first, then get the pages of
their role. A staff address always exists in the navigation (sign-in form when signed
out, "no access" for another role's page), so the browser keeps its URL instead of
being sent to "/".
"""

import streamlit as st

from components import auth, gc_policy, outage, routes, runtime
from models import Role
from services.accounts.staff import organizer_exists

gc_policy.start_stats_log()
gc_policy.freeze_new_modules()  # full collections skip the modules' objects (components.gc_policy)
runtime.shell(staff=not auth.is_public_request())
_ = runtime.t()


def page(route: routes.Route, *, url_path: str | None = None, hidden: bool = False) -> st.Page:
    return runtime.nav_page(route.file, title=_(route.title), icon=route.icon, url_path=url_path or route.path,
                            default=route is routes.DEFAULT, cached=url_path is None,
                            visibility="hidden" if hidden else "visible")


public = [page(r) for r in routes.public_routes()]
path = auth.request_path()
if auth.is_public_request():
    outage.run(st.navigation(public, position="hidden"))  # database down: a message, not an error box
else:
    with outage.guard():
        user = auth.sign_in(show_form=path != "setup")
    if user is None:
        staff = []
        if st.session_state.get("setup_done") or not organizer_exists(runtime.engine()):
            staff.append(page(routes.route("setup")))
        # The sign-in page answers at the address asked for; not as the default page, which
        # the browser addresses as "/" (it would call /dashboard "not found").
        signin_path = path if path and path not in routes.SIGN_IN_PATHS | {auth.UNKNOWN_PAGE} else "signin"
        staff.append(page(routes.route("signin"), url_path=signin_path))
        outage.run(st.navigation([*staff, *public], position="hidden"))
    else:
        menu = routes.staff_menu(user.role)
        known = {r.path for r in menu} | routes.PUBLIC_PATHS | routes.SIGN_IN_PATHS
        hidden = [page(routes.NO_ACCESS, url_path=path)] if path not in known else []
        section = {Role.ORGANIZER: _("Organizer"), Role.DESK: _("Registration desk"),
                   Role.TOWNSHIP: _("Township staff"),
                   Role.WORKSTATION: _("Labor-export workstation")}.get(user.role, _("Recruiter"))
        # the kiosk answers at its address but is no menu entry: without its site link it only says so
        listed = [page(r, hidden=True) if r.path == "kiosk" else p for r, p in zip(routes.public_routes(), public,
                                                                                  strict=True)]
        nav = {section: [page(r) for r in menu], _("Public pages"): listed}
        if hidden:
            nav[" "] = hidden
        outage.run(st.navigation(nav, position="sidebar", expanded=True))
