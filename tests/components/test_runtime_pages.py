"""The navigation's st.Page objects are built once per process, not on every run (components.runtime)."""

from __future__ import annotations

import streamlit as st

from components import routes, runtime
from tests.apptest_support import open_page, visible_text


def test_pages_are_built_once_and_copied_per_run(monkeypatch) -> None:
    open_page("register", lang="en")  # fills the cache (or finds it filled by an earlier test)
    built: list[str] = []
    real_page = st.Page

    def counting_page(page, **kwargs):
        built.append(str(page))
        return real_page(page, **kwargs)

    monkeypatch.setattr(st, "Page", counting_page)
    at = open_page("register", lang="en")
    assert built == []  # every public page came from the cache
    assert "Job seeker registration" in visible_text(at)
    files = {key[1] for key in runtime._PAGES}
    assert {r.file for r in routes.public_routes()} <= files


def test_copies_are_separate_objects(monkeypatch) -> None:
    open_page(lang="en")
    template = next(iter(runtime._PAGES.values()))
    key = next(iter(runtime._PAGES))
    monkeypatch.setattr(runtime, "get_script_run_ctx", lambda: type("Ctx", (), {
        "pages_manager": type("PM", (), {"main_script_parent": key[0]})()})())
    first = runtime.nav_page(key[1], title=key[2], icon=key[3], url_path=key[4], default=key[5])
    second = runtime.nav_page(key[1], title=key[2], icon=key[3], url_path=key[4], default=key[5])
    assert first is not template and second is not first
    first._can_be_called = True  # what st.navigation does to the page it returns
    assert not second._can_be_called and not template._can_be_called
