"""The real server's log (stdout and stderr of `streamlit run`, portal_server's log file) holds no full ID
number and no mobile number after registrations through the page, including one refused first (a wrong check
character, a short phone): the form's values are never logged, on error or not. Streamlit's own error display
shows at most the exception's type (`client.showErrorDetails`), never a message with a value in it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from datetime import date

import pytest
from playwright.sync_api import Page

from services.core.validation import ID_CHECK_CHARS, make_resident_id
from tests.browser.conftest import DEEP_LINK, ROOT, PortalServer
from tests.browser.test_register_browser import CONFIRM, ID_NUMBER, LI, MOBILE, NEXT, fill_form, press, textbox

pytestmark = pytest.mark.browser

ID_LIKE = re.compile(r"(?<![0-9])\d{17}[\dXx](?![0-9])")
PHONE_LIKE = re.compile(r"(?<![0-9])1[3-9]\d{9}(?![0-9])")


def test_streamlit_shows_no_error_message_with_values() -> None:
    with (ROOT / ".streamlit" / "config.toml").open("rb") as fh:
        shown = tomllib.load(fh).get("client", {}).get("showErrorDetails", "full")
    assert shown in ("none", "type", False)


def test_the_server_log_holds_no_id_number_or_phone(page: Page, portal_server: PortalServer) -> None:
    good = make_resident_id("530627", date(1987, 2, 14), 321, "M")
    wrong = good[:17] + next(c for c in ID_CHECK_CHARS if c != good[17])
    v = replace(LI, name="周德明", id_number=wrong, mobile="137 0000 998")
    portal_server.open(page, DEEP_LINK)
    fill_form(page, v)
    press(page, NEXT, then="有些内容需要修改，请看各项旁边的提示。")  # refused: both values stay on the page only
    textbox(page, ID_NUMBER).fill(good)
    textbox(page, MOBILE).fill("137 0000 9988")
    press(page, NEXT, then="请核对您的信息")
    press(page, CONFIRM, then="登记成功！")
    log = portal_server.log_path.read_text(errors="replace")
    assert "Streamlit" in log  # the log is the server's
    for value in (good, wrong, "13700009988", "1370000998"):
        assert value not in log
    assert not ID_LIKE.findall(log) and not PHONE_LIKE.findall(log), portal_server.log_tail()
