"""Chromium through HAProxy in front of two processes: the poster's link, a registration on one process seen
on the other's dashboard, a process killed under its users, and the CSP not breaking any page.

Which process a browser context talks to is decided by the proxy's SRV cookie: a test sets it before the
first request (`stick`), and every answer says who served it (`X-Served-By`, test mode of the cluster)."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from components.auth import COOKIE_NAME
from models import Seeker
from scripts.cluster import Cluster
from services.accounts.staff import create_user
from services.core.crypto import Vault
from services.core.validation import make_resident_id
from services.registration.tickets import format_ticket_code, ticket_png
from tests.browser.conftest import DEEP_LINK, UI_TIMEOUT_MS, PortalServer, launch_chromium, phone_context, settled
from tests.browser.test_booth_browser import PASSWORD, write_y4m
from tests.browser.test_register_browser import Villager, register
from tests.conftest import TEST_SECRET
from tests.deploy.conftest import cluster as cluster  # the fixture (this file lives with the browser fixtures)
from tests.factories import make_employer, make_vacancy
from tests.factories import register as register_seeker

pytestmark = [pytest.mark.deploy, pytest.mark.browser]
RECONNECT_S = 90  # a killed process's users work again on the other within this (health check 2 s x 2, reruns)


def villager(n: int, name: str) -> Villager:
    from datetime import date

    return Villager(name=name, id_number=make_resident_id("530627", date(1980, 1, 1 + n), 300 + n, "M"),
                    mobile=f"137 0000 {n:04d}", village_search="东门", village_option="东门村（城关镇）")


def stick(context, cluster: Cluster, index: int) -> None:
    """The context's requests go to process `index`: the proxy's cookie, as if it had set it already."""
    context.add_cookies([{"name": "SRV", "value": cluster.processes[index].name, "url": cluster.url}])


def served_by(page: Page, cluster: Cluster, path: str) -> str:
    response = page.goto(cluster.url + path, wait_until="domcontentloaded")
    assert response is not None and response.ok
    return response.headers["x-served-by"]


def as_server(cluster: Cluster) -> PortalServer:
    """The cluster as the browser tests' server object (their helpers take one)."""
    return PortalServer(base_url=cluster.url, database_url=cluster.database_url, engine=cluster.engine,
                        log_path=cluster.processes[0].log, cold=False)


def seekers_named(cluster: Cluster, name: str) -> list[Seeker]:
    with Session(cluster.engine) as s:
        return list(s.exec(select(Seeker).where(Seeker.name == name)))


@pytest.fixture(scope="module")
def warm(cluster: Cluster, browser) -> Cluster:
    """The poster's link (/register?fair=CODE) through the proxy, as the first page of each cold process."""
    for i in range(len(cluster.processes)):
        context = phone_context(browser)
        stick(context, cluster, i)
        page = context.new_page()
        assert served_by(page, cluster, DEEP_LINK) == cluster.processes[i].name
        expect(page.get_by_role("heading", name="求职登记")).to_be_visible()
        settled(page)
        assert "fair=SPRING26" in page.url
        context.close()
    create_user(cluster.engine, username="chief1", display_name="王科长", role="organizer", password=PASSWORD)
    register_seeker(cluster.engine, Vault.from_secret(TEST_SECRET), 951, name="杨春梅")  # the dashboard has data
    return cluster


def staff_sign_in(page: Page, username: str) -> None:
    """Sign in, and wait for the staff cookie (written by a component a moment later) so a reload keeps it.

    Like tests/browser/test_booth_browser.sign_in, with more patience: a press of "登录" is sometimes lost
    (known, reported there), more often on a busy machine; up to three presses, 20 s each. The form may take
    long to come: a process the kill tests restarted draws its first page cold (imports, the first run)."""
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible(timeout=RECONNECT_S * 1000)
    settled(page)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    settled(page)
    signed_in = page.get_by_text("当前用户：", exact=False)
    for attempt in range(3):
        fields = (page.get_by_label("用户名"), page.get_by_label("密码"))
        if fields[1].count() and not all(field.input_value() for field in fields):
            fields[0].fill(username)
            fields[1].fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        try:
            expect(signed_in).to_be_visible(timeout=20_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    settled(page)
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE_NAME}=')", timeout=30_000)


def total_on_dashboard(page: Page) -> int:
    settled(page)  # the run after signing in can leave the previous run's figure for a moment
    value = page.locator(".st-key-dash_fig_total [data-testid=stMetricValue]").last
    expect(value).to_be_visible()
    return int(re.sub(r"\D", "", value.inner_text()))


def test_sessions_are_spread_and_stay(warm: Cluster, browser) -> None:
    """New visitors go to both processes; each one's every request goes to the same one."""
    seen: dict[str, int] = {}
    contexts = [phone_context(browser) for _ in range(6)]
    try:
        for context in contexts:
            page = context.new_page()
            first = served_by(page, warm, "/jobs")
            [srv] = [c["value"] for c in context.cookies() if c["name"] == "SRV"]
            assert srv == first
            for path in ("/register", "/ticket", "/jobs"):
                assert served_by(page, warm, path) == first
            seen[first] = seen.get(first, 0) + 1
    finally:
        for context in contexts:
            context.close()
    assert set(seen) == {"app1", "app2"}, seen


WIRE_LIMIT = 1_000_000  # issue 14: a cold /register through the proxy at most 1 MB on the wire
ICON_FONT = "MaterialSymbols"  # 367 KiB: public seeker pages draw emoji instead of Material Symbols


def cold_load(browser, url: str) -> dict[str, tuple[str, int]]:
    """`url` loaded cold (fresh phone context, cache off) until the page is usable and every request is done:
    request id -> (URL, bytes on the wire, headers included: CDP's encodedDataLength), as
    bench/slow_network.py counts them (without the emulated slow network: the bytes are the same)."""
    context = phone_context(browser)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        urls: dict[str, str] = {}
        wire: dict[str, int] = {}
        cdp.on("Network.requestWillBeSent", lambda e: urls.setdefault(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: wire.__setitem__(e["requestId"], int(e["encodedDataLength"])))
        cdp.on("Network.loadingFailed", lambda e: wire.__setitem__(e["requestId"], 0))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.goto(url, wait_until="load")
        expect(page.locator("[data-testid=stMain] h1").first).to_be_visible()
        settled(page)
        page.evaluate("document.fonts.ready.then(() => true)")  # fonts the first draw asked for
        deadline = time.monotonic() + 60
        while set(urls) - set(wire) and time.monotonic() < deadline:
            page.wait_for_timeout(100)  # events arrive while Playwright waits
        assert not set(urls) - set(wire), [urls[r] for r in set(urls) - set(wire)]
        return {r: (urls[r], wire[r]) for r in urls}
    finally:
        context.close()


def test_a_cold_register_through_the_proxy_is_under_1_mb(warm: Cluster, browser) -> None:
    """The poster's link on a phone that never saw the portal: at most 1 MB on the wire (Streamlit's bundle
    precompressed with gzip -9 and sent by the proxy's Lua service, no icon font). The public seeker pages
    never fetch the Material Symbols font."""
    loaded = cold_load(browser, warm.url + DEEP_LINK)
    total = sum(size for _url, size in loaded.values())
    largest = sorted(loaded.values(), key=lambda r: -r[1])[:8]
    assert total <= WIRE_LIMIT, f"{total:,} bytes on the wire; the largest: {largest}"
    urls = [url for url, _size in loaded.values()]
    for path in ("/", "/ticket", "/jobs"):
        urls += [url for url, _size in cold_load(browser, warm.url + path).values()]
    assert [url for url in urls if ICON_FONT in url] == []


def test_registration_on_one_process_shows_on_the_other_and_survives_a_kill(warm: Cluster, browser,
                                                                           artifacts_dir) -> None:
    cluster, server = warm, as_server(warm)
    organizer = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                    timezone_id="Asia/Shanghai")
    phone = phone_context(browser)
    try:
        stick(organizer, cluster, 1)
        board = organizer.new_page()
        assert served_by(board, cluster, "/dashboard") == "app2"
        staff_sign_in(board, "chief1")
        before = total_on_dashboard(board)

        stick(phone, cluster, 0)
        page = phone.new_page()
        v = villager(1, "赵永福")
        assert served_by(page, cluster, DEEP_LINK) == "app1"
        code = register(page, server, v, expect_text="登记成功！")
        [stored] = seekers_named(cluster, v.name)
        assert code == format_ticket_code(stored.ticket_code)

        board.reload(wait_until="domcontentloaded")  # the dashboard on process 2 counts her
        settled(board)
        expect(board.locator(".st-key-dash_fig_total [data-testid=stMetricValue]")).to_have_text(
            re.compile(rf"^\s*{before + 1:,}\s*$"))

        # process 1 dies under her; her page reconnects to process 2 and works again
        cluster.kill(0)
        started = time.monotonic()
        page.reload(wait_until="domcontentloaded")
        expect(page.get_by_role("radio", name="English").first).to_be_visible(timeout=RECONNECT_S * 1000)
        settled(page)
        assert served_by(page, cluster, "/ticket") == "app2"
        expect(page.get_by_text(code).first).to_be_visible(timeout=RECONNECT_S * 1000)  # her ticket, from the database
        reconnected = time.monotonic() - started
        assert reconnected < RECONNECT_S
        page.screenshot(path=artifacts_dir / "deploy-ticket-after-kill.png")
        assert len(seekers_named(cluster, v.name)) == 1
    finally:
        organizer.close()
        phone.close()
        cluster.restart(0)


def test_an_open_page_reconnects_by_itself_when_its_process_is_killed(warm: Cluster, browser) -> None:
    """No reload: Streamlit's frontend says "connecting", reconnects through the proxy to the other process
    and reruns the page, which works again (the form takes input and a press)."""
    cluster = warm
    context = phone_context(browser)
    try:
        stick(context, cluster, 0)
        page = context.new_page()
        assert served_by(page, cluster, "/jobs") == "app1"
        settled(page)
        cluster.kill(0)
        cluster.wait_proxy_state(0, "DOWN")
        # the page is usable again: its language switch answers (a rerun on process 2)
        english = page.get_by_role("radio", name="English").first
        page.wait_for_function("() => !document.querySelector('[data-testid=stConnectionStatus]')",
                               timeout=RECONNECT_S * 1000)
        english.click(timeout=RECONNECT_S * 1000)
        expect(page.get_by_role("heading", name=re.compile("Jobs", re.I)).first).to_be_visible(
            timeout=RECONNECT_S * 1000)
        [srv] = [c["value"] for c in context.cookies() if c["name"] == "SRV"]
        assert srv == "app2"
    finally:
        context.close()
        cluster.restart(0)


CSP_WORDS = ("Content Security Policy", "Content-Security-Policy", "Refused to")


@pytest.fixture
def csp_log() -> Iterator[list[str]]:
    found: list[str] = []
    yield found
    assert not found, "\n".join(found)


def watch(page: Page, found: list[str]) -> None:
    page.on("console", lambda m: found.append(f"{page.url}: {m.text}")
            if any(w in m.text for w in CSP_WORDS) else None)
    page.on("pageerror", lambda e: found.append(f"{page.url}: page error {e}"))


def test_the_csp_breaks_no_page(warm: Cluster, browser, playwright_session, tmp_path, csp_log) -> None:
    """Every kind of page through the proxy's CSP, with nothing refused in the console: the public pages,
    the kiosk (read aloud), the village picker, the organizer's dashboard (charts) and the booth's live
    QR scanner on a fake camera."""
    from services.places.sites import create_site

    cluster = warm
    create_site(cluster.engine, name="岩脚易地搬迁安置点", code="CSPKIOSK", township="城关镇")
    context = phone_context(browser)
    try:
        page = context.new_page()
        watch(page, csp_log)
        for path in (DEEP_LINK, "/ticket", "/jobs", "/kiosk?site=CSPKIOSK"):
            page.goto(cluster.url + path, wait_until="domcontentloaded")
            expect(page.locator("[data-testid=stMain] [data-testid=stElementContainer]").first).to_be_visible()
            settled(page)
        # the village picker and the kiosk's read-aloud button do their work in the browser
        page.goto(cluster.url + DEEP_LINK, wait_until="domcontentloaded")
        box = page.locator(".st-key-reg_village_query input")
        box.fill("dongmen")
        box.press("Enter")
        settled(page)
        page.goto(cluster.url + "/kiosk?site=CSPKIOSK", wait_until="domcontentloaded")
        settled(page)
        read = page.get_by_role("button", name=re.compile("朗读|Read aloud"))
        if read.count():
            read.first.click()
            page.wait_for_timeout(500)
    finally:
        context.close()

    employer = make_employer(cluster.engine, name="东莞市华丰电子有限公司", serial=4499)
    make_vacancy(cluster.engine, employer, title="电子厂普工")
    create_user(cluster.engine, username="booth9", display_name="招聘专员 小李", role="recruiter", password=PASSWORD,
                employer_id=employer)
    seeker = register_seeker(cluster.engine, Vault.from_secret(TEST_SECRET), 952, name="罗光明")
    video = write_y4m(tmp_path / "ticket.y4m", Image.open(io.BytesIO(ticket_png(seeker.ticket_code))))
    chromium = launch_chromium(playwright_session, "--use-fake-ui-for-media-stream",
                               "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={video}")
    try:
        staff = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN",
                                     timezone_id="Asia/Shanghai")
        staff.set_default_timeout(UI_TIMEOUT_MS)
        staff.grant_permissions(["camera"], origin=cluster.url)
        page = staff.new_page()
        watch(page, csp_log)
        page.goto(cluster.url + "/booth", wait_until="domcontentloaded")
        staff_sign_in(page, "booth9")
        page.goto(cluster.url + "/booth", wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name="展位扫码")).to_be_visible()
        settled(page)
        page.get_by_role("button", name="开启摄像头").click()
        expect(page.get_by_role("heading", name="罗光明")).to_be_visible(timeout=30_000)
        settled(page)
        organizer = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        board = organizer.new_page()
        watch(board, csp_log)
        board.goto(cluster.url + "/dashboard", wait_until="domcontentloaded")
        staff_sign_in(board, "chief1")
        total_on_dashboard(board)
        settled(board)
        board.wait_for_timeout(1000)  # the charts draw after the run
    finally:
        chromium.close()


def test_uploads_work_through_the_proxy_with_xsrf_on(warm: Cluster, browser, tmp_path) -> None:
    """XSRF protection is on (.streamlit/config.toml): an upload carries the `_streamlit_xsrf` token of the
    process that drew the page, so it works only because the session sticks to that process. A file over
    the limit is refused in the browser already, in words."""
    from tests.browser.test_imports_browser import _filled_template

    cluster = warm
    path = tmp_path / "东门村.xlsx"
    path.write_bytes(_filled_template())
    big = tmp_path / "太大.csv"
    big.write_bytes(b"a,b\n" * (11 * 1024 * 1024 // 4))
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    context.set_default_timeout(UI_TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(cluster.url + "/imports", wait_until="domcontentloaded")
        staff_sign_in(page, "chief1")
        page.goto(cluster.url + "/imports", wait_until="domcontentloaded")
        expect(page.get_by_role("heading", name="导入村劳动力名单")).to_be_visible()
        settled(page)
        page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(path)
        settled(page)
        expect(page.get_by_text("东门村.xlsx：已读取 2 行。")).to_be_visible(timeout=30_000)
        page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(big)
        expect(page.get_by_text(re.compile(r"10(\.0)?\s?MB"))).to_be_visible()
    finally:
        context.close()
