"""Downloads with personal data in a real browser: a copied download link is useless.

An organizer makes the full-ID export; the test keeps the address the browser fetched the file
from, signs out, and fetches that address with a plain HTTP client and no cookie. Streamlit may
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


def _sign_in(portal_server, page, username: str) -> None:  # noqa: ANN001
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


def test_copied_full_id_export_link_is_useless_after_sign_out(portal_server, browser, artifacts_dir) -> None:  # noqa: ANN001
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
    page.get_by_text("我了解此文件包含个人信息", exact=False).click()
    settled(page)
    page.get_by_role("button", name="生成含完整身份证号的文件").click()
    download_button = page.get_by_test_id("stDownloadButton").get_by_role("button")
    expect(download_button).to_be_visible()
    settled(page)
    shown_password = page.get_by_test_id("stCode").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", shown_password), shown_password
    page.screenshot(path=artifacts_dir / "export-password-on-screen.png")
    with page.expect_download() as caught:
        download_button.click()
    download = caught.value
    url = download.url
    assert "/media/" in url and download.suggested_filename.endswith(".csv.zip")
    with open(download.path(), "rb") as fh:
        downloaded = fh.read()
    # the organizer opens the file with the password from the screen
    name, plain = read_encrypted_zip(io.BytesIO(downloaded), shown_password)
    assert name.endswith(".csv")
    for n in SEEKERS:
        assert person_id(n).encode() in plain and _phone(n).encode() in plain
    settled(page)
    expect(page.get_by_test_id("stCode")).to_have_text(shown_password)  # still there to open the file

    # sign out
    portal_server.open(page, "/account")
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    settled(page)
    context.close()

    # the copied link, fetched with no cookie after sign-out
    status, body = _fetch_without_cookie(url)
    (artifacts_dir / "copied-download-link.txt").write_text(f"{url}\nHTTP {status}, {len(body)} bytes\n")
    if status == 200:  # still served: only encrypted bytes
        assert not FULL_ID.search(body)
        for n in SEEKERS:
            assert person_id(n).encode() not in body and _phone(n).encode() not in body
            assert person_id(n)[-6:].encode() not in body
        assert b"\xe5\xa7\x93\xe5\x90\x8d" not in body  # the header "姓名" is not readable either
        with pyzipper.AESZipFile(io.BytesIO(body)) as zf:
            [info] = zf.infolist()
            assert info.flag_bits & 0x1  # encrypted
            with pytest.raises(RuntimeError, match="password required"):
                zf.read(info.filename)
            zf.setpassword(b"ABCD-EFGH-JKMN-PQRS")
            with pytest.raises(RuntimeError, match="Bad password"):
                zf.read(info.filename)
    else:
        assert status in (403, 404), status
        assert not FULL_ID.search(body)
