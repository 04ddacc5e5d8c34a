"""`?lang=en` on the very first requests after a server start, when several people open links at once.

A fresh server (no page opened yet: Streamlit's old `pages/` folder mode, see components.runtime.shell)
gets six phones opening deep links at the same moment, half of them with `?lang=en`. Each must show the
app shell (the 中文/English switch) and its own language on first paint — the first heading drawn is
already in that language, and stays so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from services.core.db import make_engine, migrate
from services.places.sources import create_fair
from tests.browser.conftest import FAIR_CODE, FAIR_NAME, FAIR_TOWNSHIP, UI_TIMEOUT_MS, phone_context, serve_app

pytestmark = pytest.mark.browser

CJK = re.compile(r"[\u3400-\u9fff]")
LINKS = [
    (f"/register?fair={FAIR_CODE}&lang=en", "en"),
    ("/ticket", "zh"),
    ("/jobs?lang=en", "en"),
    (f"/register?fair={FAIR_CODE}", "zh"),
    ("/ticket?lang=en", "en"),
    ("/join", "zh"),
]


@pytest.mark.parametrize("attempt", [1, 2])
def test_each_first_request_shows_its_own_language(browser, tmp_path: Path, artifacts_dir: Path,
                                                   attempt: int) -> None:
    database_url = f"sqlite:///{tmp_path / 'portal.db'}"
    engine = make_engine(database_url)
    migrate(engine)
    create_fair(engine, code=FAIR_CODE, name=FAIR_NAME, township=FAIR_TOWNSHIP)
    engine.dispose()
    with serve_app(database_url, tmp_path, artifacts_dir, f"first-language-{attempt}") as server:
        contexts = [phone_context(browser, locale="zh-CN") for _ in LINKS]
        try:
            pages = [context.new_page() for context in contexts]
            for page, (path, _lang) in zip(pages, LINKS, strict=True):  # all at once: nobody waits for a page
                page.goto(server.url(path), wait_until="commit")
            wrong = []
            for n, (page, (path, lang)) in enumerate(zip(pages, LINKS, strict=True)):
                heading = page.locator("h1").first
                heading.wait_for(timeout=UI_TIMEOUT_MS * 2)
                first = heading.inner_text()
                page.screenshot(path=artifacts_dir / f"2x-first-language-{attempt}-{n}.png")
                if bool(CJK.search(first)) != (lang == "zh"):
                    wrong.append(f"{path}: first heading {first!r}, expected {lang}")
                switch = page.get_by_role("radio", name="English" if lang == "en" else "中文")
                try:
                    expect(switch).to_be_checked(timeout=UI_TIMEOUT_MS)
                except AssertionError:
                    wrong.append(f"{path}: no language switch (the page ran without the app shell) or the wrong "
                                 "language chosen")
                final = heading.inner_text()
                if bool(CJK.search(final)) != (lang == "zh"):
                    wrong.append(f"{path}: heading {final!r} after the page settled, expected {lang}")
            assert not wrong, "\n".join(wrong) + "\n" + server.log_tail()
        finally:
            for context in contexts:
                context.close()
