"""The meeting report in a real browser: one click makes the PDF (Streamlit runs the callable then),
the file is a PDF with the Chinese font embedded, and the download is in the audit log; the audit-log
page opens at a laptop's size."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from models import AuditEvent
from services.accounts.staff import create_user
from services.core.db import unit_of_work
from tests.browser.conftest import settled
from tests.browser.test_downloads_browser import PASSWORD, _sign_in

pytestmark = pytest.mark.browser


def _downloads(engine) -> list[AuditEvent]:
    with unit_of_work(engine, write=False) as s:
        return list(s.execute(select(AuditEvent).where(AuditEvent.action == "report_pdf_downloaded")).scalars())


def test_report_download_is_a_pdf_and_audited(portal_server, browser, artifacts_dir) -> None:
    create_user(portal_server.engine, username="reporter", display_name="王局长", role="organizer",
                password=PASSWORD)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai", accept_downloads=True)
    page = context.new_page()
    _sign_in(portal_server, page, "reporter")
    portal_server.open(page, "/reports")
    settled(page)
    button = page.get_by_test_id("stDownloadButton").get_by_role("button")
    expect(button).to_be_visible()
    page.screenshot(path=artifacts_dir / "reports-page-1366x768.png")
    assert _downloads(portal_server.engine) == []  # drawing the page makes no file
    with page.expect_download(timeout=60_000) as caught:
        button.click()
    download = caught.value
    assert re.fullmatch(r"report-\d{8}-\d{8}\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF-") and re.search(rb"/BaseFont\s*/[A-Z]{6}\+NotoSansCJK", pdf)
    (artifacts_dir / "meeting-report.pdf").write_bytes(pdf)
    events = _downloads(portal_server.engine)
    assert [e.actor for e in events] == ["reporter"] and events[0].detail["language"] == "zh_CN"

    portal_server.open(page, "/audit")
    settled(page)
    expect(page.get_by_test_id("stDataFrame").last).to_be_visible()
    page.screenshot(path=artifacts_dir / "audit-log-1366x768.png")
    context.close()
