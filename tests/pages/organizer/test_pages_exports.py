"""The exports page with AppTest: organizers only, masked CSV download, the confirmed and
audited full-ID export, empty results, English. Every file is an AES ZIP whose password only the
page shows; no ID number or phone in clear in the audit log."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select
from streamlit.runtime.memory_media_file_storage import _calculate_file_id
from streamlit.testing.v1 import AppTest

from components import routes
from components.auth import PRINCIPAL_KEY
from models import AuditEvent
from services.core.crypto import Vault
from services.core.db import make_engine, unit_of_work
from services.places.sources import Source
from services.registration.register import register_seeker, validate_registration
from services.reporting.exports import ExportFormat
from services.reporting.exports.archive import read_encrypted_zip
from tests.auth_support import make_recruiter, open_staff_page
from tests.conftest import TEST_SECRET
from tests.factories import form, person_id

PAGE = str(Path(__file__).resolve().parents[3] / routes.file("exports"))
FULL_ID = re.compile(rb"\d{17}[\dXx]")


def _seekers(url: str, county, n: int = 2) -> None:
    engine, vault = make_engine(url), Vault.from_secret(TEST_SECRET)
    for i in range(n):
        place = dict(township="城关镇", village="东门村") if i % 2 == 0 else dict(township="大河乡", village="大河村")
        draft = validate_registration(form(id_number=person_id(i), phone=f"139{i:08d}", **place), county=county)
        register_seeker(engine, vault, draft, source=Source.direct(), submission_id=f"s{i}")


def _open(url: str, **kw) -> AppTest:
    at = open_staff_page(url, "exports", **kw)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _audit(url: str) -> list[AuditEvent]:
    """The export events (creating the staff account is logged too)."""
    with unit_of_work(make_engine(url), write=False) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == "export_full_ids")))


def _plain(at: AppTest) -> bytes:
    """The prepared file opened with the password the page shows (the only place it is kept)."""
    ready = at.session_state["exp_file"]
    assert at.code[0].value == ready["password"]
    name, data = read_encrypted_zip(io.BytesIO(ready["data"]), ready["password"])
    assert name == ready["inner"] and ready["name"] == name + ".zip"
    return data


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_organizer_downloads_a_masked_csv(app_env, county) -> None:
    _seekers(app_env, county)
    at = _open(app_env)
    assert at.title[0].value == "数据导出"
    assert at.metric[0].value == "2"
    assert at.button(key="exp_prepare_full").disabled  # until the confirmation is ticked
    _click(at, "exp_prepare")
    ready = at.session_state["exp_file"]
    plain = _plain(at)
    rows = _csv_rows(plain)
    assert rows[0][:4] == ["二维码编号", "姓名", "身份证号", "手机号"] and len(rows) == 3
    assert {r[2] for r in rows[1:]} == {person_id(i)[:6] + "********" + person_id(i)[-4:] for i in range(2)}
    assert not FULL_ID.search(plain)
    assert b"\xe5\xa7\x93\xe5\x90\x8d" not in ready["data"]  # "姓名": the archive holds nothing readable
    assert at.success[0].value == "文件已生成：共 2 行。"
    button = at.download_button[0]
    assert button.label == f"下载 {ready['name']}" and ready["name"].endswith(".csv.zip")
    file_id = _calculate_file_id(ready["data"], "application/zip", ready["name"])
    assert button.proto.url.endswith(f"{file_id}.zip")  # the download serves exactly these (encrypted) bytes
    assert _audit(app_env) == []  # masked exports are not logged


def test_filters_change_the_count_and_drop_a_stale_file(app_env, county) -> None:
    _seekers(app_env, county, n=3)
    at = _open(app_env)
    _click(at, "exp_prepare")
    assert at.download_button
    at.selectbox(key="exp_township").set_value("大河乡").run()
    assert at.metric[0].value == "1"
    assert not at.download_button and "exp_file" not in at.session_state  # prepared for other filters
    at.date_input(key="exp_from").set_value(date(2026, 2, 2))
    at.date_input(key="exp_to").set_value(date(2026, 2, 1)).run()
    assert at.error[0].value == "开始日期晚于结束日期。"


def test_full_id_export_needs_confirmation_and_is_audited(app_env, county) -> None:
    _seekers(app_env, county)
    at = _open(app_env)
    at.radio(key="exp_format").set_value(ExportFormat.XLSX).run()
    assert at.button(key="exp_prepare_full").disabled  # (its callback also checks the box)
    assert "exp_file" not in at.session_state and _audit(app_env) == []

    at.checkbox(key="exp_confirm").check().run()
    assert not at.button(key="exp_prepare_full").disabled
    _click(at, "exp_prepare_full")
    assert not at.checkbox(key="exp_confirm").value  # the next full export needs a new confirmation
    assert at.button(key="exp_prepare_full").disabled
    ready = at.session_state["exp_file"]
    assert ready["full"] and ready["name"].endswith(".xlsx.zip")
    assert not FULL_ID.search(ready["data"])
    sheet = openpyxl.load_workbook(io.BytesIO(_plain(at))).active
    assert {sheet.cell(row=r, column=3).value for r in (2, 3)} == {person_id(0), person_id(1)}
    events = _audit(app_env)
    assert len(events) == 1
    assert (events[0].actor, events[0].action) == ("org1", "export_full_ids")
    assert events[0].detail["rows"] == 2 and events[0].detail["format"] == "xlsx"
    assert events[0].detail["filters"]["township"] is None

    password = ready["password"]
    at.download_button(key="exp_download_1").click().run()  # once downloaded, the full numbers leave the session
    assert "data" not in at.session_state["exp_file"] and not at.download_button
    assert at.code[0].value == password  # still on screen, to open the downloaded file
    assert len(_audit(app_env)) == 1


def test_no_id_number_phone_or_password_in_the_audit_log(app_env, county) -> None:
    _seekers(app_env, county, n=3)
    at = _open(app_env)
    _click(at, "exp_prepare")
    passwords = [at.session_state["exp_file"]["password"]]
    for fmt in (ExportFormat.CSV, ExportFormat.XLSX):
        at.radio(key="exp_format").set_value(fmt).run()
        at.checkbox(key="exp_confirm").check().run()
        _click(at, "exp_prepare_full")
        passwords.append(at.session_state["exp_file"]["password"])
        plain = _plain(at)
        assert fmt == ExportFormat.XLSX or FULL_ID.search(plain)  # the file has them…
    assert len(_audit(app_env)) == 2
    with unit_of_work(make_engine(app_env), write=False) as s:  # …every audit event (any action) has none
        details = [json.dumps(e.detail, ensure_ascii=False) + " " + e.actor for e in s.exec(select(AuditEvent))]
    text = "\n".join(details)
    for i in range(3):
        pid, phone = person_id(i), f"139{i:08d}"
        assert pid not in text and pid[:6] + "********" + pid[-4:] not in text and phone not in text
    assert not FULL_ID.search(text.encode()) and not re.search(r"1[3-9]\d{9}", text)
    assert not any(p in text for p in passwords)


def test_empty_result_is_explained(app_env) -> None:
    at = _open(app_env)
    assert at.metric[0].value == "0"
    assert "没有符合这些条件的求职人员" in at.info[0].value
    _click(at, "exp_prepare")
    assert len(_csv_rows(_plain(at))) == 1  # the header only
    assert any("文件只有表头" in i.value for i in at.info)


def test_page_in_english(app_env, county) -> None:
    _seekers(app_env, county, n=1)
    at = _open(app_env, lang="en")
    assert at.title[0].value == "Exports"
    _click(at, "exp_prepare")
    rows = _csv_rows(_plain(at))
    assert rows[0][:3] == ["Ticket code", "Name", "ID number"] and rows[1][6] == "Chengguan Town"
    assert any("encrypted ZIP archive" in c.value and "7-Zip" in c.value for c in at.caption)
    at.checkbox(key="exp_confirm").check().run()
    _click(at, "exp_prepare_full")
    at.download_button(key="exp_download_1").click().run()
    assert at.info[-1].value.startswith("Downloaded. The file is no longer kept here")
    assert at.code[0].value == at.session_state["exp_file"]["password"]


def test_recruiter_cannot_open_exports(app_env) -> None:
    try:
        at = open_staff_page(app_env, "exports", role="recruiter", username="rec1")
    except ValueError as exc:  # AppTest: /exports is not in a recruiter's navigation at all
        assert "Could not find a navigation page" in str(exc)
    else:  # or the address shows something else (a "no access" page)
        assert not at.exception
        assert "数据导出" not in [t.value for t in at.title] and not at.metric and not at.download_button
        assert not [w for w in (*at.button, *at.checkbox, *at.selectbox) if (w.key or "").startswith("exp_")]
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(PAGE)
    # and the page itself refuses a recruiter who reaches its script
    principal = make_recruiter(app_env, username="rec2")
    page = AppTest.from_file(PAGE, default_timeout=60)
    page.session_state[PRINCIPAL_KEY] = principal
    page.run()
    assert page.error[0].value == "您没有权限打开这个页面。"
    assert not page.button and not page.download_button and not page.metric


def test_only_incomplete_profiles_gives_the_list_to_call(app_env, county) -> None:
    from tests.profile_support import ANSWERS, register_ticket_only

    _seekers(app_env, county, n=2)
    engine, vault = make_engine(app_env), Vault.from_secret(TEST_SECRET)
    register_ticket_only(engine, vault, 5, name="赵小满", answered={"trades": ANSWERS["trades"]})
    at = _open(app_env, lang="en")
    assert at.metric[0].value == "3"
    at.checkbox(key="exp_incomplete").check().run()
    assert at.metric[0].value == "1"
    _click(at, "exp_prepare")
    rows = _csv_rows(_plain(at))
    assert len(rows) == 2 and rows[1][1] == "赵小满"
    assert rows[0][-1] == "Not answered yet"
    assert rows[1][-1] == ("Where to work, Education, Expected monthly wage, Skills training, "
                           "Registered poor household")
