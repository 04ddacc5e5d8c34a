"""Downloads with personal data in a real browser: a copied download link is useless.

An organizer makes a masked and a full-ID export; the test keeps the addresses the browser fetched
the files from, signs out, and fetches them with a plain HTTP client and no cookie. Streamlit may
still answer it for minutes (its media files outlive the session), but what it gives is an AES
ZIP: no ID number or phone in its bytes, and it opens only with the password that was shown on
the organizer's screen, nowhere else.
"""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request

import pytest
import pyzipper
from playwright.sync_api import expect

from components.auth import COOKIE_NAME
from services.accounts.staff import create_user
from services.core.crypto import Vault
from services.reporting.exports.archive import read_encrypted_zip
from tests.browser.conftest import settled
from tests.conftest import TEST_SECRET
from tests.factories import person_id, register

pytestmark = pytest.mark.browser
PASSWORD = "county fair passphrase 2026"
FULL_ID = re.compile(rb"\d{17}[\dXx]")
SEEKERS = (41, 42)


def _phone(n: int) -> str:
    return f"139{n:08d}"


def _sign_in(portal_server, page, username: str) -> None:
    portal_server.open(page, "/account")
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    for attempt in range(2):  # on a loaded machine the first click can come before the form is live
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        try:
            expect(page.get_by_text("当前用户：", exact=False)).to_be_visible(timeout=30_000)
            break
        except AssertionError:
            if attempt:
                raise
            settled(page)
    page.wait_for_function(f"() => document.cookie.includes('{COOKIE_NAME}=')")  # kept across page loads
    settled(page)


def _fetch_without_cookie(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"User-Agent": "copied-link"})  # no Cookie header
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _copied_link_is_useless(url: str) -> int:
    """Fetch `url` as whoever copied it would: refused, or encrypted bytes that open with no password."""
    status, body = _fetch_without_cookie(url)
    assert not FULL_ID.search(body)
    for n in SEEKERS:
        pid, phone = person_id(n), _phone(n)
        for clear in (pid, phone, pid[-6:], phone[-4:] + "\n", "王秀兰"):
            assert clear.encode() not in body, clear
    assert "姓名".encode() not in body  # the header row is not readable either
    if status != 200:
        assert status in (403, 404), status
        return status
    with pyzipper.AESZipFile(io.BytesIO(body)) as zf:
        [info] = zf.infolist()
        assert info.flag_bits & 0x1  # encrypted
        with pytest.raises(RuntimeError, match="requires a password"):
            zf.read(info.filename)
        zf.setpassword(b"ABCD-EFGH-JKMN-PQRS")
        with pytest.raises(RuntimeError, match="(?i)bad password"):
            zf.read(info.filename)
    return status


def _download(page, button_name: str, *, previous: str | None = None):
    """Prepare a file with `button_name`, read the password on screen, download: (url, password, bytes).
    `previous`: the password shown before, which must have been replaced (not read while the page reruns)."""
    page.get_by_role("button", name=button_name, exact=True).click()
    settled(page)
    download_button = page.get_by_test_id("stDownloadButton").get_by_role("button")
    expect(download_button).to_be_visible()
    if previous is not None:
        expect(page.get_by_test_id("stCode")).not_to_have_text(previous)
    settled(page)
    password = page.get_by_test_id("stCode").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", password), password
    with page.expect_download() as caught:
        download_button.click()
    download = caught.value
    assert "/media/" in download.url and download.suggested_filename.endswith(".csv.zip")
    with open(download.path(), "rb") as fh:
        data = fh.read()
    settled(page)
    return download.url, password, data


def test_copied_export_links_are_useless_after_sign_out(portal_server, browser, artifacts_dir) -> None:
    vault = Vault.from_secret(TEST_SECRET)
    for n in SEEKERS:
        register(portal_server.engine, vault, n)
    create_user(portal_server.engine, username="exporter", display_name="李主任", role="organizer",
                password=PASSWORD)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", accept_downloads=True)
    page = context.new_page()
    _sign_in(portal_server, page, "exporter")
    portal_server.open(page, "/exports")
    expect(page.get_by_role("heading", name="数据导出")).to_be_visible()

    # the masked export: its file stays served while the organizer's session shows its button,
    # and a copied link gives only the encrypted archive
    masked_url, masked_password, masked = _download(page, "生成文件")
    _name, plain = read_encrypted_zip(io.BytesIO(masked), masked_password)
    assert "姓名".encode() in plain and not FULL_ID.search(plain)
    assert _copied_link_is_useless(masked_url) == 200

    # the full-ID export: the organizer opens it with the password from the screen
    page.get_by_text("我了解此文件包含个人信息", exact=False).click()
    settled(page)
    url, password, downloaded = _download(page, "生成含完整身份证号的文件", previous=masked_password)
    page.screenshot(path=artifacts_dir / "export-password-on-screen.png")
    name, plain = read_encrypted_zip(io.BytesIO(downloaded), password)
    assert name.endswith(".csv") and password != masked_password
    for n in SEEKERS:
        assert person_id(n).encode() in plain and _phone(n).encode() in plain
    expect(page.get_by_test_id("stCode")).to_have_text(password)  # still there to open the file
    _copied_link_is_useless(url)

    portal_server.open(page, "/account")
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    settled(page)  # a tap during the page's first run could be lost to the run that follows
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    settled(page)
    context.close()

    # the copied links, fetched with no cookie after sign-out
    statuses = {link: _copied_link_is_useless(link) for link in (masked_url, url)}
    (artifacts_dir / "copied-download-links.txt").write_text(
        "".join(f"{link} -> HTTP {status}\n" for link, status in statuses.items()))
