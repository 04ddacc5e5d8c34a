"""Signing staff in for page tests: a real account and server-side session in the test database."""

from __future__ import annotations

import time

from streamlit.testing.v1 import AppTest

from components import routes
from components.auth import SESSION_KEY
from services.accounts import passwords
from services.accounts.sessions import Principal, start_session
from services.accounts.staff import create_user
from services.core.db import make_engine
from tests.apptest_support import APP

PASSWORD = "a long test passphrase"


def _go(at: AppTest, path: str) -> AppTest:
    """AppTest routes by page file, not URL: after the first run, switch to the page /<path> names.

    Raises ValueError when that page is not in the navigation this user gets.
    """
    at.run()
    if path in routes.STAFF_PATHS:
        at.switch_page(routes.file(path)).run()
    return at


def make_staff(db_url: str, *, username: str = "org1", role: str = "organizer",
               display_name: str = "县人社局 张科长", employer_id: int | None = None,
               township: str | None = None, city: str | None = None) -> Principal:
    """A staff account with a live session. A recruiter needs `employer_id` (an approved employer);
    township staff work for a township (城关镇 unless given), workstation staff in a city (宁波市)."""
    passwords.BCRYPT_ROUNDS = 4  # tests only: fast hashes
    engine = make_engine(db_url)
    if role == "township":
        township = township or "城关镇"
    if role == "workstation":
        city = city or "宁波市"
    create_user(engine, username=username, display_name=display_name, role=role, password=PASSWORD,
                employer_id=employer_id, township=township, city=city)
    return start_session(engine, username=username, cookie_exp=time.time() + 3600)


def open_staff_page(db_url: str, path: str, *, role: str = "organizer", username: str = "org1",
                    principal: Principal | None = None, **query: str) -> AppTest:
    """Run app.py as a signed-in staff member opening /<path> (e.g. "dashboard")."""
    if principal is None:  # a recruiter acts for an approved employer
        principal = (make_recruiter(db_url, username=username) if role == "recruiter"
                     else make_staff(db_url, username=username, role=role))
    at = AppTest.from_file(APP, default_timeout=60)
    at.context = {"url": f"http://localhost:8501/{path}"}
    at.query_params.update(query)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = principal.username
    at.session_state["name"] = principal.display_name
    at.session_state["roles"] = [principal.role]
    at.session_state[SESSION_KEY] = principal.session_id
    return _go(at, path)


def open_anonymous_staff_path(path: str) -> AppTest:
    """An anonymous visitor opening a staff URL: the sign-in form (setup while no organizer exists)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.context = {"url": f"http://localhost:8501/{path}"}
    at.run()
    at.switch_page(routes.file("setup" if path == "setup" else "signin")).run()
    return at


def make_recruiter(db_url: str, *, username: str = "rec1", employer_id: int | None = None,
                   employer_name: str = "东莞市华丰电子有限公司", serial: int | None = None) -> Principal:
    """A recruiter with a live session, acting for `employer_id` (a new approved employer if None)."""
    from tests.factories import make_employer

    engine = make_engine(db_url)
    if employer_id is None:
        employer_id = make_employer(engine, name=employer_name, serial=serial or abs(hash(username)) % 10**8)
    return make_staff(db_url, username=username, role="recruiter", display_name=f"招聘专员 {username}",
                      employer_id=employer_id)
