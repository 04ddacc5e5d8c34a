"""The role × page matrix: every route of components/routes.py opened by every role (AppTest, Chinese).

The table below is the whole expectation, one row per route. A new route without a row fails
`test_every_route_has_a_row`, so a new page is covered the day it is added. Each cell is what that role gets
at that address:

- open     the page runs (no exception, no sign-in form, no "no access")
- sign-in  the staff sign-in form instead of the page (nobody signed in; a suspended employer's recruiter is
           signed out on their next run)
- no       the page is not in this account's navigation: the address answers "no access" (township and
           workstation staff get their landing page, the follow-ups)

Roles: `seeker` is a phone holding a ticket (the ticket cookie); `kiosk` is a relocation site's tablet on
/kiosk?site=CODE (a browser-side lock, not an account: the server treats it as anonymous); `suspended` is a
recruiter of a suspended employer who was signed in. While a page is open, the hostile text the world put in
every free-text field must show as text (tests.security.hostile.unescaped), and a refused page shows nothing
of the data behind it.
"""

from __future__ import annotations

import pytest

from components import routes
from tests.security import matrix_support
from tests.security.hostile import _protos, _strings
from tests.security.matrix_support import NO, OPEN, SIGN_IN, visit
from tests.security.world import ROLES, build

MATRIX = """
route        anonymous seeker  kiosk    recruiter suspended organizer desk     township workstation
home         open      open    open     open      open      open      open     open     open
register     open      open    open     open      open      open      open     open     open
ticket       open      open    open     open      open      open      open     open     open
jobs         open      open    open     open      open      open      open     open     open
join         open      open    open     open      open      open      open     open     open
kiosk        open      open    open     open      open      open      open     open     open
dashboard    sign-in   sign-in sign-in  no        sign-in   open      no       no       no
fairs        sign-in   sign-in sign-in  no        sign-in   open      no       no       no
targets      sign-in   sign-in sign-in  no        sign-in   open      no       no       no
exports      sign-in   sign-in sign-in  no        sign-in   open      no       no       no
imports      sign-in   sign-in sign-in  no        sign-in   open      no       open     no
repairs      sign-in   sign-in sign-in  no        sign-in   open      no       open     no
followups    sign-in   sign-in sign-in  no        sign-in   open      no       open     open
households   sign-in   sign-in sign-in  no        sign-in   open      no       open     no
training     sign-in   sign-in sign-in  no        sign-in   open      no       open     no
employers    sign-in   sign-in sign-in  no        sign-in   open      no       no       no
subsidies    sign-in   sign-in sign-in  no        sign-in   open      no       no       no
booths       sign-in   sign-in sign-in  no        sign-in   open      no       no       no
desk         sign-in   sign-in sign-in  no        sign-in   open      open     no       no
booth        sign-in   sign-in sign-in  open      sign-in   no        no       no       no
vacancies    sign-in   sign-in sign-in  open      sign-in   open      no       no       no
pipeline     sign-in   sign-in sign-in  open      sign-in   open      no       no       no
candidates   sign-in   sign-in sign-in  open      sign-in   no        no       no       no
employer     sign-in   sign-in sign-in  open      sign-in   no        no       no       no
accounts     sign-in   sign-in sign-in  no        sign-in   open      no       no       no
reports      sign-in   sign-in sign-in  no        sign-in   open      no       no       no
training_results sign-in sign-in sign-in no     sign-in   open      no       no       no
audit        sign-in   sign-in sign-in  no        sign-in   open      no       no       no
account      sign-in   sign-in sign-in  open      sign-in   open      open     open     open
setup        no        no      no       no        no        no        no       no       no
signin       open      open    open     no        open      no        no       no       no
"""
# setup: "no" for everyone because an organizer exists (the first-run page is gone, tests/pages/test_pages_access.py)

# What only some staff may see: none of it on a page a role is refused.
PRIVATE = ("丁待审公司", "欠薪", "去车间", "备注", "停业整顿")


def _table() -> dict[str, dict[str, str]]:
    lines = [line.split() for line in MATRIX.strip().splitlines()]
    header, rows = lines[0][1:], lines[1:]
    return {row[0]: dict(zip(header, row[1:], strict=True)) for row in rows}


def test_every_route_has_a_row_and_every_role_a_column() -> None:
    table = _table()
    assert sorted(table) == sorted(r.path for r in routes.ROUTES), "add the new route to MATRIX"
    assert all(list(cells) == list(ROLES) for cells in table.values())
    assert {c for cells in table.values() for c in cells.values()} <= {OPEN, SIGN_IN, NO}


def test_the_table_agrees_with_the_route_table() -> None:
    """Staff columns follow routes.ROLES (the menus); the matrix says it again, readably, and they must agree."""
    table = _table()
    for route in routes.ROUTES:
        for role in ("organizer", "desk", "township", "workstation", "recruiter"):
            if route.audience in routes.ROLES:
                assert (table[route.path][role] == OPEN) == (role in routes.ROLES[route.audience]), (route, role)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_what_the_matrix_says(app_env, role: str) -> None:
    world = build(app_env)
    expected = {path: cells[role] for path, cells in _table().items()}
    got, problems = {}, []
    for route in routes.ROUTES:
        seen = visit(world, role, route.path)
        got[route.path] = seen.outcome
        if seen.errors:
            problems.append(f"{route.path}: {seen.errors}")
        if seen.raw:
            problems.append(f"{route.path}: hostile text rendered as Markdown/HTML: {seen.raw}")
        if seen.outcome != OPEN and seen.outcome == expected[route.path]:
            # the suspended company's recruiter is told why they were signed out: their own company's note
            private = [p for p in PRIVATE if not (role == "suspended" and p == "停业整顿")]
            leaked = [p for p in private if any(p in t for t in seen.text)]
            if leaked:
                problems.append(f"{route.path}: refused, but shows {leaked}")
    wrong = {p: (expected[p], got[p]) for p in expected if expected[p] != got[p]}
    assert not wrong, f"{role}: (expected, got) {wrong}"
    assert not problems, problems


def test_the_refusals_say_so(app_env) -> None:
    """"no": the address itself answers "no access" (or a township's landing page), never the page."""
    world = build(app_env)
    at = matrix_support._app(world, "recruiter", "dashboard")
    at.run()
    at.switch_page(routes.NO_ACCESS.file).run()
    assert matrix_support.NO_ACCESS in [e.value for e in at.error]
    assert not any(p in s for proto in _protos(at._tree) for _k, _f, s in _strings(proto, "") for p in PRIVATE)
    at = matrix_support._app(world, "township", "dashboard")
    at.run()
    assert "跟踪回访" not in [t.value for t in at.title]  # the first run: the default page, then the landing page
    at.switch_page(routes.file("followups")).run()
    assert "城关镇的务工人员" in [c.value for c in at.caption]
