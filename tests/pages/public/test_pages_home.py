"""The home page's three big buttons, and the seekers' tap-target style: on public pages only (AppTest).

The sizes themselves are measured in a real browser: tests/browser/test_tap_targets.py.
"""

from __future__ import annotations

import pytest

from components import seeker_style
from tests.apptest_support import open_page
from tests.auth_support import open_staff_page


def _styles(at) -> list[str]:
    return [h.proto.body for h in at.get("html")]


def test_home_has_three_big_buttons_in_order(app_env) -> None:
    at = open_page()
    buttons = [p for p in at.page_link if p.label in ("求职登记", "找回我的二维码", "查看全部工作")]
    assert [p.label for p in buttons] == ["求职登记", "找回我的二维码", "查看全部工作"]
    assert [p.proto.page for p in buttons] == ["register", "ticket", "jobs"]  # the URL paths
    assert all(p.proto.icon for p in buttons)  # an icon beside each short label
    assert seeker_style.HOME_CSS in _styles(at)


def test_home_in_english(app_env) -> None:
    at = open_page(lang="en")
    assert {p.label for p in at.page_link} >= {"Register as a job seeker", "Find my ticket", "See all jobs"}


@pytest.mark.parametrize("page", [None, "register", "ticket", "jobs", "join"])
def test_every_public_page_gets_the_seeker_style_once(app_env, page) -> None:
    at = open_page(page, **({"fair": "NOPE"} if page == "register" else {}))
    assert _styles(at).count(seeker_style.CSS) == 1


def test_staff_pages_do_not(app_env) -> None:
    at = open_staff_page(app_env, "dashboard")
    assert not at.exception
    assert seeker_style.CSS not in _styles(at)


def test_the_style_is_small() -> None:
    """Sent on every public page's run: a few hundred bytes, not kilobytes."""
    assert len(seeker_style.CSS.encode()) < 1200
    assert "\n" not in seeker_style.CSS and "  " not in seeker_style.CSS
