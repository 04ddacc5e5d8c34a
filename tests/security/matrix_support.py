"""Opening one page as one role with AppTest, and telling what the role got: the page, the sign-in form, or no
way to it (the address answers "no access", or the role's landing page)."""

from __future__ import annotations

from dataclasses import dataclass, field

from streamlit.testing.v1 import AppTest

from components import routes
from components.auth import SESSION_KEY
from tests.apptest_support import APP, visible_text
from tests.security.hostile import unescaped
from tests.security.world import World

OPEN, SIGN_IN, NO = "open", "sign-in", "no"
SIGN_IN_TITLE = "工作人员登录"
NO_ACCESS = "您没有权限打开这个页面。"


@dataclass
class Visit:
    outcome: str
    text: list[str] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)  # hostile text shown as Markdown/HTML (should be empty)
    errors: list[str] = field(default_factory=list)


def _app(world: World, role: str, path: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.context = {"url": f"http://localhost:8501/{path}"}
    if path == "kiosk" or role == "kiosk":
        at.query_params["site"] = world.site_code
    if path == "register":
        at.query_params["fair"] = world.fair_code
    if role == "seeker":
        at.session_state["ticket_cookie_code"] = world.ticket  # the phone's ticket cookie (components.ticket_cookie)
    if role not in {"anonymous", "seeker", "kiosk"}:
        principal = world.session(role)
        at.session_state["authentication_status"] = True
        at.session_state["username"] = principal.username
        at.session_state["name"] = principal.display_name
        at.session_state["roles"] = [principal.role]
        at.session_state[SESSION_KEY] = principal.session_id
    return at


def _signed_out(at: AppTest) -> bool:
    return SIGN_IN_TITLE in [t.value for t in at.title]


def visit(world: World, role: str, path: str) -> Visit:
    """Open /<path> as `role`: the first run at that address, then the route's page as the browser would."""
    at = _app(world, role, path)
    at.run()
    first_errors = [str(e.value) for e in at.exception]
    if first_errors:
        return Visit("exception", errors=first_errors)
    try:
        at.switch_page(routes.file(path))
    except ValueError:  # not in this user's navigation
        outcome = SIGN_IN if _signed_out(at) else NO
        return Visit(outcome, visible_text(at), unescaped(at))
    at.run()
    errors = [str(e.value) for e in at.exception]
    text = visible_text(at)
    if errors:
        return Visit("exception", text, unescaped(at), errors)
    if _signed_out(at) and path not in routes.SIGN_IN_PATHS:
        return Visit(SIGN_IN, text, unescaped(at))
    if NO_ACCESS in [e.value for e in at.error]:
        return Visit(NO, text, unescaped(at))
    return Visit(OPEN, text, unescaped(at))
