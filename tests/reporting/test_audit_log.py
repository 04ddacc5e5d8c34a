"""The audit log's selectors on SQLite and PostgreSQL: filters (who, what, local dates, text in the
detail, Chinese too), paging newest first, counts per action; the audited export; masking; and every
action the code writes has a label."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from models import AuditEvent
from services.core.db import unit_of_work
from services.core.i18n import translator
from services.reporting.audit_detail import (
    ACTION_LABELS,
    action_words,
    actor_words,
    describe,
    detail_text,
    mask_ip,
    mask_text,
)
from services.reporting.audit_log import (
    EXPORT_ACTION,
    AuditFilter,
    action_counts,
    audit_actions,
    audit_actors,
    audit_page,
    export_audit_log,
)

ROOT = Path(__file__).resolve().parents[2]
EN = translator("en")


def at(d: int, hh: int = 4) -> datetime:
    """A UTC instant on 2026-11-d (China time is 8 hours ahead)."""
    return datetime(2026, 11, d, hh, tzinfo=UTC)


@pytest.fixture
def logged(engine):
    rows = [
        (at(1), "boss", "employer_approved", {"employer_id": 1, "name": "东莞市华丰电子有限公司", "from": "pending",
                                               "to": "approved", "note": ""}),
        (at(2), "boss", "targets_saved", {"year": 2026, "changes": [{"township": "城关镇", "metric": "employed",
                                                                     "old": None, "new": 1400}]}),
        (datetime(2026, 11, 2, 15, 59, tzinfo=UTC), "desk1", "desk_mobile_changed",  # 23:59 on the 2nd in China
         {"seeker_id": 7, "old_mobile": "139****5678", "new_mobile": "138****0000", "reason": "新号 13800138000"}),
        (datetime(2026, 11, 2, 16, 0, tzinfo=UTC), "boss", "employer_contact_updated",  # 00:00 on the 3rd
         {"employer_id": 1, "contact_name": "李四", "contact_phone": "0871-6543210"}),
        (at(4), "kiosk_pin", "kiosk_exit", {"site": "AZ-CG", "method": "pin", "ip": "10.0.3.77"}),
        (at(5), "boss", "retired_action", {"x": "50%_off"}),
    ]
    with unit_of_work(engine) as s:
        for when, actor, action, detail in rows:
            s.add(AuditEvent(at=when, actor=actor, action=action, detail=detail))
    return rows


def actions(page) -> list[str]:
    return [r.action for r in page.rows]


def test_newest_first_and_filters(engine, logged) -> None:
    everything = audit_page(engine, AuditFilter())
    assert everything.total == 6 and actions(everything) == [r[2] for r in reversed(logged)]
    assert audit_page(engine, AuditFilter(actor="boss")).total == 4
    assert actions(audit_page(engine, AuditFilter(action="kiosk_exit"))) == ["kiosk_exit"]
    # local dates: the 2nd ends at 16:00 UTC
    assert actions(audit_page(engine, AuditFilter(date_from=date(2026, 11, 2), date_to=date(2026, 11, 2)))) == \
        ["desk_mobile_changed", "targets_saved"]
    assert actions(audit_page(engine, AuditFilter(date_from=date(2026, 11, 3)))) == \
        ["retired_action", "kiosk_exit", "employer_contact_updated"]
    assert audit_page(engine, AuditFilter(actor="boss", action="targets_saved", date_to=date(2026, 11, 1))).total == 0


@pytest.mark.parametrize(("text", "found"), [
    ("华丰", ["employer_approved"]), ("城关镇", ["targets_saved"]), ("az-cg", ["kiosk_exit"]),
    ("50%", ["retired_action"]), ("%", ["retired_action"]), ("_off", ["retired_action"]), ("nothing", []),
    ("  ", None),
])
def test_text_in_the_detail(engine, logged, text, found) -> None:
    page = audit_page(engine, AuditFilter(text=text))
    assert actions(page) == (found if found is not None else actions(audit_page(engine, AuditFilter())))


def test_paging(engine) -> None:
    with unit_of_work(engine) as s:
        for i in range(23):
            s.add(AuditEvent(at=at(1) + timedelta(minutes=i // 2), actor="boss", action="vacancy_closed",
                             detail={"vacancy_id": i}))  # pairs at the same instant: the id breaks the tie
    seen = []
    for n in (1, 2, 3):
        page = audit_page(engine, AuditFilter(), page=n, per_page=10)
        assert page.total == 23 and page.pages == 3 and page.page == n
        seen += [r.detail["vacancy_id"] for r in page.rows]
    assert seen == list(range(22, -1, -1))
    assert audit_page(engine, AuditFilter(), page=9, per_page=10).page == 3  # past the end: the last page
    assert audit_page(engine, AuditFilter(actor="nobody"), page=2).page == 1


def test_counts_per_action_and_choices(engine, logged) -> None:
    counts = action_counts(engine, AuditFilter(actor="boss", action="kiosk_exit"))  # the action filter is ignored
    assert counts == [("employer_approved", 1), ("employer_contact_updated", 1), ("retired_action", 1),
                      ("targets_saved", 1)]
    assert audit_actors(engine) == ["boss", "desk1", "kiosk_pin"]
    assert "kiosk_exit" in audit_actions(engine)


def test_details_in_words_and_masked(engine, logged) -> None:
    rows = {r.action: r for r in audit_page(engine, AuditFilter()).rows}
    approved = detail_text(rows["employer_approved"].detail, EN)
    assert approved == "Employer no.: 1 · Name: 东莞市华丰电子有限公司 · From: Waiting for approval · To: Approved"
    assert detail_text(rows["targets_saved"].detail, EN) == "Year: 2026 · Changes: 城关镇 People employed: — → 1400"
    mobile = detail_text(rows["desk_mobile_changed"].detail, EN)
    assert "13800138000" not in mobile and "138****8000" in mobile
    contact = detail_text(rows["employer_contact_updated"].detail, EN)
    assert "6543210" not in contact and "Contact phone:" in contact
    assert "10.0.3.*" in detail_text(rows["kiosk_exit"].detail, EN) and "77" not in detail_text(
        rows["kiosk_exit"].detail, EN)
    assert action_words("retired_action", EN) == "retired_action"
    assert action_words("kiosk_exit", EN) == "Kiosk mode left"
    assert actor_words("kiosk_pin", EN) == "Kiosk (with the site PIN)" and actor_words("boss", EN) == "boss"


@pytest.mark.parametrize(("fmt", "language"), [("csv", "en"), ("xlsx", "zh_CN")])
def test_export_is_masked_and_audited(engine, logged, fmt, language) -> None:
    out = io.BytesIO()
    flt = AuditFilter(actor="boss", date_from=date(2026, 11, 2))
    rows = export_audit_log(engine, out, flt=flt, fmt=fmt, language=language, actor="org1", now=at(9))
    assert rows == 3
    data = out.getvalue()
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        table = [[c or "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert len(table) == 4 and [r[3] for r in table[1:]] == ["retired_action", "employer_contact_updated",
                                                             "targets_saved"]
    assert not re.search(r"1[3-9]\d{9}|6543210", "\n".join(map(str, table)))
    assert table[1][0] == "2026-11-05 12:00:00"  # China time
    with unit_of_work(engine, write=False) as s:
        event = s.execute(select(AuditEvent).where(AuditEvent.action == EXPORT_ACTION)).scalars().one()
    assert (event.actor, event.detail["rows"], event.detail["format"]) == ("org1", 3, fmt)
    assert event.detail["filters"] == {"actor": "boss", "action": None, "date_from": "2026-11-02", "date_to": None,
                                       "text": None}


def test_export_needs_an_actor(engine) -> None:
    with pytest.raises(ValueError):
        export_audit_log(engine, io.BytesIO(), flt=AuditFilter(), fmt="csv", language="en", actor="")


# --- masking (no database) ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "masked"), [
    ("新号 13800138000", "新号 138****8000"), ("+86 138-0013-8000", "138****8000"),
    ("身份证 53062719800517002X 已核对", "身份证 530627********002X 已核对"),
    ("0871-6543210", "0871-***3210"), ("2026-11-28", "2026-11-28"), ("rows 12345", "rows 12345"),
    ("91530627MA6K7XYZ1A", "91530627MA6K7XYZ1A"),  # a credit code is not a person's number
])
def test_mask_text(text, masked) -> None:
    assert mask_text(text) == masked


@given(st.from_regex(r"1[3-9]\d{9}", fullmatch=True), st.text(alphabet="新号：, ", max_size=5))
def test_no_mobile_survives(mobile, around) -> None:
    assert mobile not in mask_text(around + mobile + around)


def test_ip_and_describe() -> None:
    assert mask_ip("10.0.3.77") == "10.0.3.*" and mask_ip("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2:*"
    assert describe({"replaced": True, "note": "", "rows": 0}, EN) == [("Replaced an old PIN", "Yes"), ("Rows", "0")]


# --- every action the code writes has a label ----------------------------------------------------

ACTION_LITERAL = re.compile(r"""\baction\s*=\s*["']([a-z0-9_]+)["']""")
ACTION_CONSTANT = re.compile(r"""^([A-Z_]*ACTION)\s*=\s*["']([a-z0-9_]+)["']""", re.M)
SWITCHED = re.compile(r"""action\s*=\s*["']([a-z0-9_]+)["']\s+if\b[^\n]*\belse\s+["']([a-z0-9_]+)["']""")
DEFAULT = re.compile(r"""\baction:\s*str\s*=\s*["']([a-z0-9_]+)["']""")
AUDIT_HELPER = re.compile(r"""\b_?audit\w*\(\s*session\s*,[^"'()]*["']([a-z0-9_]+)["']""")  # _audit(session, who, "x")
ARGPARSE = frozenset({"store", "store_true", "store_false", "store_const", "append", "count", "help", "version"})


def written_actions() -> dict[str, str]:
    """Every action name written in services/ (AuditEvent(action="…"), action="…" passed on, the
    X_ACTION constants, `action: str = "…"` defaults, "a" if … else "b"), with the file that writes it."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "services").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        names = [*ACTION_LITERAL.findall(source), *(v for _k, v in ACTION_CONSTANT.findall(source)),
                 *DEFAULT.findall(source), *(n for pair in SWITCHED.findall(source) for n in pair),
                 *AUDIT_HELPER.findall(source)]
        for name in set(names) - ARGPARSE:
            found.setdefault(name, str(path.relative_to(ROOT)))
    return found


def test_every_written_action_has_a_label() -> None:
    written = written_actions()
    assert {"employer_approved", "account_created", "export_full_ids", "account_disabled", "kiosk_exit",
            "report_pdf_downloaded", "audit_log_exported", "recruiter_added", "vacancy_created",
            "vacancy_reopened", "account_enabled", "first_organizer_created"} <= set(written)
    missing = {name: where for name, where in written.items() if name not in ACTION_LABELS}
    assert not missing, f"add these actions to services/reporting/audit_detail.py ACTION_LABELS: {missing}"
