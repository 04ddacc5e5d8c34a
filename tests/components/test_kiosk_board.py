"""The kiosk's job board (components.kiosk_board) in an AppTest: pages of six with previous/next, the phone
board's filters, no way out of the kiosk (no page links, no "details" or "interested" that need a phone),
Chinese only, and "Back" (the caller's, or the kiosk's reset by default)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from services.core.db import make_engine
from tests.apptest_support import ENGLISH_WORD, visible_text
from tests.factories import make_employer, make_vacancy

JOBS = 11


@pytest.fixture
def board_db(app_env: str) -> str:
    engine = make_engine(app_env)
    factory = make_employer(engine)
    workshop = make_employer(engine, name="城关镇扶贫车间", serial=2, province="云南省", city="昭通市")
    for n in range(8):
        make_vacancy(engine, factory, title=f"电子厂普工{n + 1}号", wage_min=5000 + 100 * n, wage_max=6500)
    for n in range(JOBS - 8):
        make_vacancy(engine, workshop, title=f"缝纫工{n + 1}号", trade="garment_sewing", scope="local",
                     province="云南省", city="昭通市", wage_min=3800, wage_max=3800, housing=False)
    engine.dispose()
    return app_env


def _board_app(own_back: bool) -> None:
    import streamlit as st

    from components import runtime
    from components.kiosk_board import show_kiosk_board

    if st.session_state.get("left"):
        st.write("the start screen")
        return
    st.session_state.setdefault("kiosk_site", "SITE1")
    st.session_state.setdefault("visitor_name", "王秀梅")  # what a reset must forget
    show_kiosk_board(runtime.t(), key="kb",
                     on_back=(lambda: st.session_state.update(left=True)) if own_back else None)


def open_board(own_back: bool = True) -> AppTest:
    at = AppTest.from_function(_board_app, args=(own_back,), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def titles(at: AppTest) -> list[str]:
    return [m.value.split(" · ")[0] for m in at.markdown if "号" in m.value and " · " in m.value]


def test_pages_of_six_with_previous_and_next(board_db: str) -> None:
    at = open_board()
    first = titles(at)
    assert len(first) == 6
    assert at.button(key="kb_prev").disabled and not at.button(key="kb_next").disabled
    at.button(key="kb_next").click().run()
    second = titles(at)
    assert len(second) == JOBS - 6 and not set(first) & set(second)
    assert at.button(key="kb_next").disabled
    at.button(key="kb_prev").click().run()
    assert titles(at) == first


def test_filters_are_the_phone_boards(board_db: str) -> None:
    at = open_board()
    at.button(key="kb_next").click().run()
    at.button_group(key="kb_trade").set_value("garment_sewing").run()
    assert sorted(titles(at)) == ["缝纫工1号", "缝纫工2号", "缝纫工3号"]  # and the first page again
    at.button_group(key="kb_trade").set_value("").run()
    at.button_group(key="kb_min_wage").set_value("6000").run()  # pay can reach: the top of the range
    assert len(titles(at)) == 6 and all(t.startswith("电子厂普工") for t in titles(at))
    at.button_group(key="kb_min_wage").set_value("").run()
    at.checkbox(key="kb_housing").check().run()
    assert all(t.startswith("电子厂普工") for t in titles(at))
    at.button_group(key="kb_where").set_value("local").run()
    assert titles(at) == [] and any("没有" in i.value for i in at.info)


def test_nothing_leads_out_and_everything_is_chinese(board_db: str) -> None:
    at = open_board()
    assert not at.get("page_link") and not at.text_input
    assert {b.key for b in at.button} == {"kb_back", "kb_prev", "kb_next", "kb_back_bottom"}
    english = [t for t in visible_text(at) if ENGLISH_WORD.search(t)]
    assert not english, english
    how = [m.value for m in at.markdown if "登记" in m.value and "展位" in m.value]
    assert len(how) == 6  # each card: get a ticket here, show it at the booth


def test_back_calls_the_callers_back(board_db: str) -> None:
    at = open_board()
    at.button(key="kb_back_bottom").click().run()
    assert [m.value for m in at.markdown] == ["the start screen"]


def test_back_without_a_callback_starts_the_kiosk_over(board_db: str) -> None:
    at = open_board(own_back=False)
    at.button_group(key="kb_trade").set_value("garment_sewing").run()
    at.button(key="kb_back").click().run()
    assert at.session_state["kiosk_site"] == "SITE1" and at.session_state["kiosk_gen"] == 1
    assert at.session_state["kb_trade"] == ""  # the next person starts with every job
