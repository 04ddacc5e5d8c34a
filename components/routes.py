"""The one route table: every page's URL path, file, title, icon and who may see it, in menu order.

Read by app.py to build the navigation and by the sign-in gate (`components.auth`): a path is
public only if its route says so. Page files are grouped by audience under pages/ (public,
organizer, recruiter, staff = pages of several staff roles and the sign-in pages). Links between pages take
their file from here too: `st.page_link(routes.file("ticket"), ...)`.

Cold-start links: because a pages/ folder sits beside app.py, a fresh Streamlit process serves
its first request in the old "pages folder" mode, which knows only the files directly in pages/
by name; for a deep link such as /register?fair=X it would say "Page not found". So pages/ holds
one symbolic link per route, `pages/_<path>.py` -> its file (that mode drops the leading "_" from
the name); that bare run hands over to app.py (`components.runtime.page`). The links are made from
this table (`python -m components.routes`), and a test checks they match it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from models import Role
from services.core.i18n import N_


class Audience(StrEnum):
    PUBLIC = "public"  # anyone; the staff authenticator is never created on these
    ORGANIZER = "organizer"  # county labor bureau staff
    RECRUITER = "recruiter"  # an approved employer's staff
    RECRUITING = "recruiting"  # organizers and recruiters (vacancies, pipeline)
    DESK = "desk"  # the staff desk: registration desk staff (a site worker, fair staff) and organizers
    FOLLOWUPS = "followups"  # after the hire: organizers, township staff, labor-export workstation staff
    TOWNSHIPS = "townships"  # organizers and township staff (households, repairs, village lists)
    STAFF = "staff"  # any signed-in staff member
    SIGN_IN = "sign_in"  # staff addresses for someone not signed in yet (sign-in form, first-run setup)


# Who sees each staff audience's pages (one table: the menus and the tests read it).
ROLES: dict[Audience, frozenset[str]] = {
    Audience.ORGANIZER: frozenset({Role.ORGANIZER}),
    Audience.RECRUITER: frozenset({Role.RECRUITER}),
    Audience.RECRUITING: frozenset({Role.ORGANIZER, Role.RECRUITER}),
    Audience.DESK: frozenset({Role.DESK, Role.ORGANIZER}),
    Audience.FOLLOWUPS: frozenset({Role.ORGANIZER, Role.TOWNSHIP, Role.WORKSTATION}),
    Audience.TOWNSHIPS: frozenset({Role.ORGANIZER, Role.TOWNSHIP}),
    Audience.STAFF: frozenset(Role),
}


@dataclass(frozen=True)
class Route:
    path: str  # URL path ("/" opens the default page, DEFAULT)
    file: str  # page script, relative to app.py
    title: str  # message id, translated when the navigation is built
    audience: Audience
    icon: str | None = None  # none yet: the menus show titles only, as before


ROUTES: tuple[Route, ...] = (
    # public pages; the first is the default page, at "/"
    Route("home", "pages/public/home.py", N_("Job fair portal"), Audience.PUBLIC),
    Route("register", "pages/public/register.py", N_("Register"), Audience.PUBLIC),
    Route("ticket", "pages/public/ticket.py", N_("Find my ticket"), Audience.PUBLIC),
    Route("jobs", "pages/public/jobs.py", N_("Jobs"), Audience.PUBLIC),
    Route("join", "pages/public/join.py", N_("Employers: sign up"), Audience.PUBLIC),
    Route("kiosk", "pages/public/kiosk.py", N_("Registration kiosk"), Audience.PUBLIC),  # /kiosk?site=CODE
    # staff pages, in the order of the sidebar menu
    Route("dashboard", "pages/organizer/dashboard.py", N_("Live dashboard"), Audience.ORGANIZER),
    Route("fairs", "pages/organizer/fairs.py", N_("Fairs and sites"), Audience.ORGANIZER),
    Route("targets", "pages/organizer/targets.py", N_("Targets"), Audience.ORGANIZER),
    Route("exports", "pages/organizer/exports.py", N_("Exports"), Audience.ORGANIZER),
    Route("imports", "pages/staff/imports.py", N_("Import village lists"), Audience.TOWNSHIPS),
    Route("repairs", "pages/staff/repairs.py", N_("Data repair queue"), Audience.TOWNSHIPS),
    Route("followups", "pages/staff/followups.py", N_("Follow-up visits"), Audience.FOLLOWUPS),
    Route("households", "pages/staff/households.py", N_("Households"), Audience.TOWNSHIPS),
    Route("training", "pages/staff/training.py", N_("Training courses"), Audience.TOWNSHIPS),
    Route("employers", "pages/organizer/employers.py", N_("Employers"), Audience.ORGANIZER),
    Route("subsidies", "pages/organizer/subsidies.py", N_("Employer subsidies"), Audience.ORGANIZER),
    Route("booths", "pages/organizer/booths.py", N_("Booth activity"), Audience.ORGANIZER),
    Route("desk", "pages/staff/desk.py", N_("Registration desk"), Audience.DESK),
    Route("booth", "pages/recruiter/booth.py", N_("Booth: scan tickets"), Audience.RECRUITER),
    Route("vacancies", "pages/staff/vacancies.py", N_("Vacancies"), Audience.RECRUITING),
    Route("pipeline", "pages/staff/pipeline.py", N_("Pipeline"), Audience.RECRUITING),
    Route("candidates", "pages/recruiter/candidates.py", N_("Candidates who fit"), Audience.RECRUITER),
    Route("employer", "pages/recruiter/employer.py", N_("Our company"), Audience.RECRUITER),
    Route("accounts", "pages/organizer/accounts.py", N_("Staff accounts"), Audience.ORGANIZER),
    Route("reports", "pages/organizer/reports.py", N_("Meeting report (PDF)"), Audience.ORGANIZER),
    Route("training_results", "pages/organizer/training_results.py", N_("Training results"), Audience.ORGANIZER),
    Route("audit", "pages/organizer/audit.py", N_("Audit log"), Audience.ORGANIZER),
    Route("account", "pages/staff/account.py", N_("My account"), Audience.STAFF),
    # before signing in; the sign-in form answers at whichever staff address was asked for
    Route("setup", "pages/staff/setup.py", N_("First-run setup"), Audience.SIGN_IN),
    Route("signin", "pages/staff/signin.py", N_("Staff sign-in"), Audience.SIGN_IN),
)
# Shown at a staff address this account's role does not include; it answers at that address.
NO_ACCESS = Route("no-access", "pages/staff/no_access.py", N_("No access"), Audience.STAFF)

# The page a role's work starts on: shown at a staff address outside its menu (the sign-in page, another
# role's page such as /dashboard) instead of "no access". Other roles keep "no access" there.
LANDING: dict[str, str] = {Role.TOWNSHIP: "followups", Role.WORKSTATION: "followups"}

BY_PATH: dict[str, Route] = {r.path: r for r in ROUTES}
DEFAULT = ROUTES[0]
PUBLIC_PATHS: frozenset[str] = frozenset({""} | {r.path for r in ROUTES if r.audience == Audience.PUBLIC})
STAFF_PATHS: frozenset[str] = frozenset(r.path for r in ROUTES if r.audience != Audience.PUBLIC)
SIGN_IN_PATHS: frozenset[str] = frozenset(r.path for r in ROUTES if r.audience == Audience.SIGN_IN)


def route(path: str) -> Route:
    return BY_PATH[path]


def file(path: str) -> str:
    """The page file for a URL path, for `st.page_link` and `st.switch_page`."""
    return BY_PATH[path].file


def public_routes() -> list[Route]:
    return [r for r in ROUTES if r.audience == Audience.PUBLIC]


def staff_menu(role: str) -> list[Route]:
    """The pages of a signed-in staff member's menu, in order."""
    return [r for r in ROUTES if role in ROLES.get(r.audience, ())]


def cold_start_links(pages_dir: Path) -> dict[Path, str]:
    """The symbolic links pages/ must hold: `pages/_<path>.py` -> the route's file, relative to pages/."""
    return {pages_dir / f"_{r.path}.py": str(Path(r.file).relative_to("pages")) for r in ROUTES}


if __name__ == "__main__":  # (re)make the cold-start links after changing the table
    import os

    pages = Path(__file__).resolve().parent.parent / "pages"
    for old in pages.glob("*.py"):
        if old.is_symlink():
            old.unlink()
    for link, target in cold_start_links(pages).items():
        os.symlink(target, link)
