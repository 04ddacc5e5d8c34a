"""The route table (components/routes.py): files exist, and the sign-in gate follows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from components import auth, routes
from models import Role

ROOT = Path(__file__).resolve().parents[2]


def test_every_route_file_exists_under_its_audience_folder() -> None:
    for route in (*routes.ROUTES, routes.NO_ACCESS):
        assert (ROOT / route.file).is_file(), route
        folder = Path(route.file).parent.name
        expected = {"public": "public", "organizer": "organizer", "recruiter": "recruiter"}.get(route.audience, "staff")
        assert folder == expected, route


def test_paths_are_unique_and_the_default_is_public() -> None:
    paths = [r.path for r in routes.ROUTES]
    assert len(paths) == len(set(paths))
    assert routes.DEFAULT.audience == routes.Audience.PUBLIC
    assert routes.NO_ACCESS.path not in paths


@pytest.mark.parametrize("route", routes.ROUTES, ids=lambda r: r.path)
def test_the_gate_lets_exactly_the_public_routes_through(route: routes.Route, monkeypatch) -> None:
    monkeypatch.setattr(auth, "request_path", lambda: route.path)
    assert auth.is_public_request() == (route.audience == routes.Audience.PUBLIC)


@pytest.mark.parametrize("path", ["", "kiosks", auth.UNKNOWN_PAGE, "no-access", "admin"])
def test_the_gate_for_other_paths(path: str, monkeypatch) -> None:
    monkeypatch.setattr(auth, "request_path", lambda: path)
    assert auth.is_public_request() == (path == "")  # "/" is the portal's home; nothing else unlisted


def test_menus_follow_the_audience() -> None:
    organizer = [r.path for r in routes.staff_menu(Role.ORGANIZER)]
    recruiter = [r.path for r in routes.staff_menu(Role.RECRUITER)]
    desk = [r.path for r in routes.staff_menu(Role.DESK)]
    assert organizer == ["dashboard", "fairs", "targets", "exports", "imports", "repairs", "followups", "households",
                         "training",
                         "employers", "subsidies", "booths", "desk", "vacancies", "pipeline", "accounts", "reports",
                         "training_results", "audit", "account"]  # issue 16: training results
    assert recruiter == ["booth", "vacancies", "pipeline", "candidates", "employer", "account"]
    assert desk == ["desk", "account"]  # issue 11: the staff desk, for desk staff and organizers, not recruiters
    assert not {"setup", "signin"} & set(organizer + recruiter + desk)
    assert {"setup", "signin"} == routes.SIGN_IN_PATHS


def test_every_staff_audience_names_its_roles() -> None:
    staff = {routes.Audience.ORGANIZER, routes.Audience.RECRUITER, routes.Audience.RECRUITING, routes.Audience.DESK,
             routes.Audience.STAFF}
    assert staff <= set(routes.ROLES) and not {routes.Audience.PUBLIC, routes.Audience.SIGN_IN} & set(routes.ROLES)
    assert all(routes.ROLES[a] <= set(Role) for a in staff)
    assert routes.ROLES[routes.Audience.STAFF] == set(Role)  # "My account" for every role


def test_pages_holds_exactly_the_cold_start_links() -> None:
    """A cold server's first deep link finds its page by name directly in pages/ (see components/routes.py)."""
    pages = ROOT / "pages"
    expected = routes.cold_start_links(pages)
    top = {p for p in pages.iterdir() if p.is_file() or p.is_symlink()}
    assert top == set(expected), "run: python -m components.routes"
    for link, target in expected.items():
        assert link.is_symlink() and str(link.readlink()) == target, link
        assert link.resolve() == (ROOT / routes.file(link.stem.removeprefix("_"))).resolve()
        # Streamlit names the page by the file the link resolves to: another name is "Page not found" on a
        # cold process (a staff member's first page after a restart, at /account)
        assert Path(target).stem == link.stem.removeprefix("_"), f"{link.name} -> {target}: name the file as the path"
