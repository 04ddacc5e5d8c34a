"""A vacancy whose description carries a bare URL, a Markdown link, an image and HTML, on the public job board
in Chromium: every piece shows as typed text; the DOM holds no link and no image from it, and the browser
never asks the evil host for anything (issue 14)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import update

from models import Vacancy
from services.core.db import unit_of_work
from tests.browser.conftest import PortalServer, settled
from tests.factories import make_employer, make_vacancy

pytestmark = pytest.mark.browser

EVIL = "evil.example"
TRADE = "tea_art"  # no other browser test posts tea-art jobs
BOARD_CACHE_MS = 11_000  # pages/public/jobs.py caches a board page for 10 s
DESCRIPTION = (f"长白班。访问 http://{EVIL}/bare 或 www.{EVIL} 联系 boss@{EVIL}\n"
               f"[点我领红包](http://{EVIL}/link) ![x](http://{EVIL}/x.png)\n"
               f"<img src=http://{EVIL}/onerror.png onerror=alert(1)> <a href=http://{EVIL}/a>链接</a>\n"
               "# 不是标题\n**不是粗体**")


def _no_evil_elements(page) -> None:
    hrefs = page.eval_on_selector_all("[data-testid=stMain] a", "els => els.map(e => e.href)")
    srcs = page.eval_on_selector_all("[data-testid=stMain] img", "els => els.map(e => e.src)")
    assert not [h for h in hrefs if EVIL in h or h.startswith("mailto:")], hrefs
    assert not [s for s in srcs if EVIL in s or s.endswith("/x")], srcs
    assert page.locator("[data-testid=stMain] h1:has-text('不是标题')").count() == 0
    assert page.locator("[data-testid=stMain] strong:has-text('不是粗体')").count() == 0


def test_a_hostile_description_shows_as_text(portal_server: PortalServer, page, artifacts_dir) -> None:
    engine = portal_server.engine
    firm = make_employer(engine, name=f"[华丰](http://{EVIL}/firm) 电子厂", serial=1401)
    vacancy = make_vacancy(engine, firm, title=f"普工 <img src=http://{EVIL}/t.png>", description=DESCRIPTION,
                           trade=TRADE)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if EVIL in r.url else None)
    page.on("dialog", lambda d: (asked.append("dialog:" + d.message), d.dismiss()))

    # The board is cached for a few seconds per filter (pages/public/jobs.py): a trade no other test uses keeps
    # this test off the other tests' cached boards, and theirs off this one's.
    try:
        portal_server.open(page, f"/jobs?trade={TRADE}")
        settled(page)
        card = page.locator(f".st-key-card_{vacancy}")
        for _ in range(8):  # a board (or its trade list) cached before the vacancy was added: one cache lifetime
            if card.count():
                break
            page.wait_for_timeout(5_000)
            page.reload()
            settled(page)
        expect(card).to_contain_text("电子厂")
        text = card.inner_text().replace("\u2060", "")  # the word joiners that keep the auto-linker off
        assert f"普工 <img src=http://{EVIL}/t.png>" in text and f"[华丰](http://{EVIL}/firm) 电子厂" in text, text
        _no_evil_elements(page)

        portal_server.open(page, f"/jobs?vacancy={vacancy}")
        settled(page)
        main = page.locator("[data-testid=stMain]")
        shown = main.inner_text().replace("\u2060", "")  # the word joiners that keep the auto-linker off
        for piece in (f"http://{EVIL}/bare", f"www.{EVIL}", f"boss@{EVIL}", f"[点我领红包](http://{EVIL}/link)",
                      f"![x](http://{EVIL}/x.png)", f"<img src=http://{EVIL}/onerror.png onerror=alert(1)>",
                      f"<a href=http://{EVIL}/a>链接</a>", "# 不是标题", "**不是粗体**"):
            assert piece in shown, piece
        _no_evil_elements(page)
        page.screenshot(path=artifacts_dir / "14-literal-jobs.png", full_page=True)
        assert not asked, asked
    finally:  # off the board again: later tests open /jobs and look for Latin words (test_public_chinese)
        with unit_of_work(engine) as session:
            session.execute(update(Vacancy).where(Vacancy.id == vacancy).values(status="closed"))
        _board_without(page, portal_server, vacancy)


def _board_without(page, portal_server: PortalServer, vacancy: int) -> None:
    """Wait until the unfiltered board (cached a few seconds) no longer shows the vacancy."""
    for _ in range(8):
        portal_server.open(page, "/jobs")
        settled(page)
        if not page.locator(f".st-key-card_{vacancy}").count():
            # this load cached the board too: let it expire (ttl 10 s), so the next test's board is its own
            page.wait_for_timeout(BOARD_CACHE_MS)
            return
        page.wait_for_timeout(5_000)
    raise AssertionError("the closed vacancy is still on the board")
