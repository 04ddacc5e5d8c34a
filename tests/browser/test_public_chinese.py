"""Chinese everywhere: every public page, in Chinese on a 390x844 phone, shows no Latin word — neither in
the visible text nor in what a person or a screen reader meets in attributes (placeholder, title,
aria-label, alt) and in the tooltips of `help=` icons (tests/browser/latin.py says what counts).

Each page is looked at in the states a villager meets: empty, while typing in a field (form hints), with a
choice list open, and after a submit that shows errors. Every offending string is printed with where it was
found; screenshots go to tests/artifacts/2x-chinese-*.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from services.core.crypto import Vault
from tests.browser.conftest import DEEP_LINK, PortalServer, settled
from tests.browser.latin import latin_words
from tests.conftest import TEST_SECRET
from tests.factories import make_employer, make_vacancy, register

pytestmark = pytest.mark.browser

class Findings:
    """Latin words found in each state of one page; the test fails once, listing all of them."""

    def __init__(self, page: Page, artifacts: Path, name: str):
        self.page, self.artifacts, self.name = page, artifacts, name
        self.found: list[tuple[str, str, str]] = []
        self.states = 0

    def look(self, state: str, *, tooltips: bool = True) -> None:
        self.states += 1
        slug = re.sub(r"\W+", "-", state).strip("-")
        self.page.screenshot(path=self.artifacts / f"2x-chinese-{self.name}-{self.states}-{slug}.png",
                             full_page=True)
        self.found += [(state, where, word) for where, word in latin_words(self.page, tooltips=tooltips)]

    def check(self) -> None:
        report = "\n".join(f"  [{state}] {word!r:20} {where}" for state, where, word in self.found)
        if report:
            print(f"Latin words on {self.name}:\n{report}")
        assert not self.found, f"{len(self.found)} Latin word(s) on {self.name} in Chinese:\n{report}"


@pytest.fixture(scope="module")
def seeded(portal_server: PortalServer) -> dict[str, object]:
    """Two open vacancies (one far, one near home) and one registered person."""
    engine = portal_server.engine
    firm = make_employer(engine, name="东莞市华丰电子有限公司", serial=701)
    near = make_employer(engine, name="云岭县幸福扶贫车间", serial=702, province="云南省", city="昭通市",
                         industry="workshop")
    make_vacancy(engine, near, title="扶贫车间缝纫工", trade="garment_sewing", wage_min=2400, wage_max=3200,
                 scope="local", province="云南省", city="昭通市", trip_home_payer="worker", distance_km=12,
                 travel_hours=0.5, trip_fare=10)
    far = make_vacancy(engine, firm, title="电子厂普工（包吃住）", wage_min=5000, wage_max=6500, trip_fare=450,
                       travel_hours=20, description="长白班，每月10日发工资。")
    ticket = register(engine, Vault.from_secret(TEST_SECRET), 951).ticket_code
    return {"vacancy": far, "ticket": ticket}


def _open(server: PortalServer, page: Page, path: str) -> None:
    server.open(page, path)
    expect(page.get_by_role("radio", name="中文")).to_be_checked()


def _type_in(page: Page, label: str | int, text: str) -> None:
    """Type into a field (by its label, or the n-th text box on the page where the page is being rewritten
    on another branch) and keep the focus there (forms show their hints while a field is being typed in)."""
    box = page.get_by_role("textbox").nth(label) if isinstance(label, int) else page.get_by_role("textbox", name=label)
    box.click()
    box.press_sequentially(text)


def _press_main_button(page: Page) -> None:
    """The page's first primary button (the form's submit), whatever its words."""
    page.locator('[data-testid^="stBaseButton-primary"]:visible').first.click()
    settled(page)


def test_home_in_chinese(portal_server: PortalServer, page: Page, artifacts_dir: Path, seeded) -> None:
    findings = Findings(page, artifacts_dir, "home")
    _open(portal_server, page, "/")
    findings.look("home")
    findings.check()


def test_register_in_chinese(portal_server: PortalServer, page: Page, artifacts_dir: Path, seeded) -> None:
    findings = Findings(page, artifacts_dir, "register")
    _open(portal_server, page, DEEP_LINK)
    findings.look("the empty form")
    _type_in(page, 0, "王")
    findings.look("typing a name", tooltips=False)
    for combo in page.get_by_role("combobox").all():  # every choice list open once
        combo.click()
        findings.look("a choice list open", tooltips=False)
        page.keyboard.press("Escape")
    _press_main_button(page)
    findings.look("after submitting it empty")
    findings.check()


def test_streamlit_words_follow_the_language_switch(portal_server: PortalServer, page: Page, seeded) -> None:
    """The words components/frontend_text.py put in Chinese come back in English after a switch to English."""
    _open(portal_server, page, "/join")
    arrow = page.get_by_test_id("stSelectbox").first.locator("[aria-label]").last
    expect(arrow).to_have_attribute("aria-label", "展开选项")
    page.get_by_role("radio", name="English").click()
    settled(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Employers")
    expect(arrow).to_have_attribute("aria-label", "Open")
    assert page.get_by_test_id("stSkipToContent").text_content() == "Skip to main content"


def test_ticket_in_chinese(portal_server: PortalServer, page: Page, artifacts_dir: Path, seeded) -> None:
    findings = Findings(page, artifacts_dir, "ticket")
    _open(portal_server, page, "/ticket")
    findings.look("the empty look-up")
    _type_in(page, 0, "13900000000")
    findings.look("typing a mobile number", tooltips=False)
    _type_in(page, 1, "1234")
    _press_main_button(page)
    expect(page.get_by_role("alert").first).to_be_visible()
    findings.look("after a failed look-up")
    findings.check()


def test_jobs_in_chinese(portal_server: PortalServer, page: Page, artifacts_dir: Path, seeded) -> None:
    findings = Findings(page, artifacts_dir, "jobs")
    _open(portal_server, page, "/jobs")
    page.get_by_text("筛选：工种、地点、工资、住宿").first.click()  # the filters
    settled(page)
    housing = page.get_by_test_id("stCheckbox").filter(has_text="包住")
    housing.scroll_into_view_if_needed()
    expect(housing).to_be_in_viewport()
    page.wait_for_timeout(500)  # the expander has finished opening
    findings.look("the list with the filters open")
    for combo in page.get_by_role("combobox").all():
        combo.click()
        page.keyboard.type("zz")  # a search that finds nothing, where the list can be searched
        findings.look("a filter's choice list open", tooltips=False)
        page.keyboard.press("Escape")

    _open(portal_server, page, f"/jobs?vacancy={seeded['vacancy']}")
    expect(page.get_by_role("heading", name="外出还是就近？")).to_be_visible()
    findings.look("a vacancy's page")
    _type_in(page, "二维码下面的号码", "ZZZZ9999")
    findings.look("typing a ticket code", tooltips=False)
    page.get_by_role("button", name=re.compile("告诉")).click()
    settled(page)
    expect(page.get_by_role("alert").first).to_be_visible()
    findings.look("the interest form with an error")
    findings.check()


def test_join_in_chinese(portal_server: PortalServer, page: Page, artifacts_dir: Path, seeded) -> None:
    findings = Findings(page, artifacts_dir, "join")
    _open(portal_server, page, "/join")
    findings.look("the empty form")
    for combo in page.get_by_role("combobox").all():
        combo.click()
        page.keyboard.type("zz")
        findings.look("a choice list open", tooltips=False)
        page.keyboard.press("Escape")
    page.get_by_role("button", name="提交审核").click()
    settled(page)
    expect(page.get_by_role("alert").first).to_be_visible()
    findings.look("after submitting it empty")
    findings.check()
