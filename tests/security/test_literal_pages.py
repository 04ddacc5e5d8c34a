"""Hostile text on the pages that show it to the public and to staff (AppTest): the signed-in name in the
sidebar, a vacancy's title and description on /jobs (list and detail), on the kiosk board and in the match
cards under a ticket, a company's name on the organizer's employers page and the recruiter's own page.
Each time the text is on the page, in its escaped form, and no Markdown or HTML element carries it as typed.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.security import matrix_support
from tests.security.hostile import EVIL, shown, unescaped
from tests.security.world import World, build

ESCAPED_LINK = "\\[点我\\]\\(http\\:\u2060//evil\\.example/a\\)"


@pytest.fixture
def world(app_env) -> World:
    return build(app_env)


def _open(world: World, role: str, path: str, **query: str) -> AppTest:
    at = matrix_support._app(world, role, path)
    at.query_params.update(query)
    at.run()
    from components import routes

    at.switch_page(routes.file(path)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _markdown(at: AppTest) -> list[str]:
    return [str(e.value) for kind in ("markdown", "caption", "title", "header", "subheader", "info", "success",
                                       "warning", "error") for e in getattr(at, kind)]


def _literal(at: AppTest) -> None:
    assert shown(at), "the hostile text is not on the page at all"
    assert not unescaped(at), unescaped(at)


def test_the_sidebar_name_is_text(world: World) -> None:
    at = _open(world, "organizer", "account")
    captions = [c.value for c in at.sidebar.caption]
    assert any(c.startswith("当前用户：县人社局 张科长" + ESCAPED_LINK) for c in captions), captions
    _literal(at)


def test_a_vacancy_on_the_public_board_and_its_page(world: World) -> None:
    at = _open(world, "anonymous", "jobs", trade="garment_sewing")
    assert any(ESCAPED_LINK in m for m in _markdown(at))
    _literal(at)
    at = _open(world, "anonymous", "jobs", vacancy=str(world.vacancy_a))
    bodies = _markdown(at)
    assert any("包吃住。  \n" + ESCAPED_LINK in m for m in bodies), bodies  # the description, lines kept
    assert any("\\# 月薪  \n1\\. 长白班" in m for m in bodies)  # no heading, no list
    _literal(at)


def test_the_kiosk_board(world: World) -> None:
    at = _open(world, "kiosk", "kiosk")
    at.button(key="kw_0_start_jobs").click().run()
    assert not at.exception, [e.value for e in at.exception]
    _literal(at)


def test_the_match_cards_under_the_ticket(world: World) -> None:
    at = _open(world, "seeker", "ticket")
    assert "适合您的工作" in [s.value for s in at.subheader]
    assert any(m.startswith("**普工" + ESCAPED_LINK) for m in _markdown(at))  # A's job, matched to this seeker
    _literal(at)


def test_company_names_for_the_organizer_and_the_recruiter(world: World) -> None:
    at = _open(world, "organizer", "employers")
    assert any("丁待审公司" + ESCAPED_LINK in m for m in _markdown(at))  # the pending company, waiting
    _literal(at)
    at = _open(world, "recruiter", "employer")
    assert any("甲电子厂" + ESCAPED_LINK in s.value for s in at.subheader)
    _literal(at)


def test_no_evil_link_in_any_staff_page_of_the_pipeline(world: World) -> None:
    at = _open(world, "recruiter", "pipeline")
    _literal(at)
    assert all(EVIL not in str(t.value) or "evil\\.example" in str(t.value) for t in at.table)
