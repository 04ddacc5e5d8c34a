"""Demo data fills the audit log once, with labelled actions whose shown details hold no full phone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from services.cli.demo import generate_demo
from services.core.i18n import translator
from services.reporting.audit_detail import ACTION_LABELS, detail_text
from services.reporting.audit_log import AuditFilter, audit_page

NOW = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)


def test_demo_audit_events(engine, vault, county) -> None:
    generate_demo(engine, vault, county, seekers=20, seed=3, fairs=1, batch=20, today=date(2026, 11, 23), now=NOW,
                  out=None, employers=6, pending=1, vacancies=10)
    page = audit_page(engine, AuditFilter(), per_page=200)
    assert page.total >= 10
    assert {r.action for r in page.rows} <= set(ACTION_LABELS)
    assert {"employer_approved", "targets_saved", "kiosk_exit", "report_pdf_downloaded"} <= {r.action
                                                                                             for r in page.rows}
    shown = " ".join(detail_text(r.detail, translator("zh_CN")) for r in page.rows)
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", shown)
    generate_demo(engine, vault, county, seekers=5, seed=3, fairs=1, batch=20, today=date(2026, 11, 23), now=NOW,
                  out=None, employers=6, pending=1, vacancies=2)
    assert audit_page(engine, AuditFilter()).total == page.total  # written once
