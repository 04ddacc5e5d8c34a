"""Real-browser fixtures: the app served by `streamlit run`, and Debian's Chromium driven by Playwright.

One Streamlit server per test session, on a free port, against a fresh SQLite
database that holds one open fair (SPRING26). The first page any test opens is
the QR-poster deep link `/register?fair=SPRING26` on the cold server, because a
cold Streamlit process runs a deep link as the bare page script until "/" has been
opened (see `components.runtime.shell` and `page`); `PortalServer.open` makes sure
of it, and fails when that first page comes without the app shell.

Without /usr/bin/chromium the tests are skipped, except in CI (CI set), where
that is a failure. Browsers are never downloaded.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from services.core.db import make_engine, migrate
from services.places.sources import create_fair
from tests.conftest import TEST_SECRET
from tests.conftest import _create_database as create_database

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
FAIR_CODE = "SPRING26"
FAIR_NAME = "2026年春风行动招聘会"
FAIR_TOWNSHIP = "城关镇"
DEEP_LINK = f"/register?fair={FAIR_CODE}"
SERVER_START_TIMEOUT = 60
UI_TIMEOUT_MS = 25_000  # a loaded CI machine: a sign-in's first run has taken over 15 s


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser tests, but {CHROMIUM} is missing (apt-get install chromium)")
    pytest.skip(f"{CHROMIUM} not found; apt-get install chromium fonts-noto-cjk to run the browser tests")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def settled(page) -> None:
    """The script run has finished: nothing stale (faded, left from before the run), nothing running."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stElementContainer][data-stale=true],"
        " [data-testid=stStatusWidgetRunningIcon]')",
        timeout=UI_TIMEOUT_MS,
    )


def expect_one_value(page, selector: str, value: str) -> None:
    """Eventually exactly one box matches `selector` and it shows `value`, checked in one look at the page.

    A rerun under load may briefly keep the old copy of a form beside the new one (a block that moved is
    drawn anew, and the old one goes when the run ends), so a count checked first and a value checked after
    can see two different pages."""
    page.wait_for_function(
        "([sel, want]) => { const found = document.querySelectorAll(sel);"
        " return found.length === 1 && found[0].value === want; }",
        arg=[selector, value],
        timeout=UI_TIMEOUT_MS,
    )


@dataclass
class PortalServer:
    base_url: str
    database_url: str
    engine: Engine
    log_path: Path
    cold: bool = True  # no page opened yet
    opened: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base_url + path

    def open(self, page, path: str = DEEP_LINK) -> None:
        """Open a page of the app; on a cold server the first request is always the QR deep link."""
        if self.cold and path != DEEP_LINK:
            self._goto(page, DEEP_LINK)
        self._goto(page, path)

    def _goto(self, page, path: str) -> None:
        from playwright.sync_api import expect

        was_cold, self.cold = self.cold, False
        self.opened.append(path)
        page.goto(self.url(path), wait_until="domcontentloaded")
        # The app shell ran: its language switch is on the page.
        where = "the first request to a cold server" if was_cold else "a later request"
        expect(page.get_by_test_id("stButtonGroup").get_by_role("radio", name="English").first,
               f"no 中文/English switch on {path} ({where}): the page ran without the app shell"
               ).to_be_visible(timeout=UI_TIMEOUT_MS)
        settled(page)
        # Streamlit's "Page not found" dialog: a cold server found no page for this address
        expect(page.get_by_role("dialog").filter(has_text="Page not found"),
               f"{path} ({where}): Streamlit says page not found").to_have_count(0)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def portal_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path
) -> Iterator[PortalServer]:
    """`streamlit run app.py` on a free port, with a migrated database and the fair SPRING26.

    SQLite in a temp dir; with TEST_DATABASE_URL (CI's second pass), a new database on that server.
    """
    _require_chromium()
    data_dir = tmp_path_factory.mktemp("portal")
    if os.environ.get("TEST_DATABASE_URL"):
        base_url = request.getfixturevalue("pg_base_url")
        database_url = create_database(base_url, f"portal_browser_{uuid.uuid4().hex[:8]}")
    else:
        database_url = f"sqlite:///{data_dir / 'portal.db'}"
    engine = make_engine(database_url)
    migrate(engine)
    create_fair(engine, code=FAIR_CODE, name=FAIR_NAME, township=FAIR_TOWNSHIP)

    try:
        with serve_app(database_url, data_dir, artifacts_dir, "streamlit") as server:
            yield server
    finally:
        engine.dispose()
        if engine.dialect.name == "postgresql":
            _drop_database(database_url)


@contextlib.contextmanager
def serve_app(database_url: str, data_dir: Path, artifacts_dir: Path, name: str,
              script: str = "app.py", env: dict[str, str] | None = None) -> Iterator[PortalServer]:
    """`streamlit run app.py` (or another `script`) on a free port against `database_url` (which may be
    down at start), with `env` added to its environment (e.g. PORTAL_KIOSK_IDLE_SECONDS); its log is kept
    in the artifacts as `<name>.log` for a look after a failed run."""
    engine = make_engine(database_url)
    port = _free_port()
    extra_env = env
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "STREAMLIT_"))}
    env.update(DATABASE_URL=database_url, PORTAL_DATA_DIR=str(data_dir), PORTAL_SECRET_KEY=TEST_SECRET,
               PYTHONUNBUFFERED="1")
    env.update(extra_env or {})
    log_path = data_dir / f"{name}.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    server = PortalServer(base_url=f"http://127.0.0.1:{port}", database_url=database_url, engine=engine,
                          log_path=log_path)
    try:
        _wait_healthy(proc, server)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
        engine.dispose()
        (artifacts_dir / f"{name}.log").write_bytes(log_path.read_bytes())


def _drop_database(url: str) -> None:
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def _wait_healthy(proc: subprocess.Popen, server: PortalServer) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with code {proc.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.url("/_stcore/health"), timeout=2) as resp:
                if resp.status == 200 and resp.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"streamlit did not answer /_stcore/health within {SERVER_START_TIMEOUT}s:\n{server.log_tail()}")


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[object]:
    """One Playwright driver for the whole session (a second sync_playwright() at once is refused)."""
    _require_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=UI_TIMEOUT_MS)
    with sync_playwright() as pw:
        yield pw


def launch_chromium(playwright_session, *extra_args: str):
    """Debian's Chromium with the usual arguments plus `extra_args` (e.g. a fake camera); close it after use."""
    return playwright_session.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=[*CHROMIUM_ARGS, *extra_args])


@pytest.fixture(scope="session")
def browser(playwright_session) -> Iterator[object]:
    chromium = launch_chromium(playwright_session)
    try:
        yield chromium
    finally:
        chromium.close()


def phone_context(browser, *, locale: str = "zh-CN"):
    """A browser context like a cheap Android phone: 390x844, touch, 2x pixels."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True,
        locale=locale, timezone_id="Asia/Shanghai", reduced_motion="reduce",
    )
    context.set_default_timeout(UI_TIMEOUT_MS)
    return context


_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call":
        item.stash[_FAILED] = report.failed
    return report


@pytest.fixture
def phones(browser, request: pytest.FixtureRequest, artifacts_dir: Path) -> Iterator[Callable[[], object]]:
    """Opens fresh phone-sized pages, each in its own context (no shared session); on failure, screenshots."""
    contexts = []

    def new_page():
        context = phone_context(browser)
        contexts.append(context)
        return context.new_page()

    yield new_page
    failed = request.node.stash.get(_FAILED, False)
    for n, context in enumerate(contexts):
        if failed:
            for page in context.pages:
                name = re.sub(r"[^\w.-]+", "_", request.node.name)
                with contextlib.suppress(Exception):  # the test already failed; keep its error
                    page.screenshot(path=artifacts_dir / f"FAILED-{name}-{n}.png")
        context.close()


@pytest.fixture
def page(phones: Callable[[], object]) -> object:
    """A fresh phone-sized page in Chinese."""
    return phones()
