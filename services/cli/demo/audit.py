"""Demo audit events, so the audit-log page shows a realistic month: employers approved by the
organizer "demo", targets saved, kiosk PINs set, a kiosk left with its PIN, a full-ID export, the
meeting report downloaded. Written once (a second demo run adds none); details as the services write
them (the kiosk exit's address and the contact phone are masked on the page, not here)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from models import AuditEvent, Employer, EmployerStatus, Site
from services.core.db import unit_of_work

ACTOR = "demo"


def add_audit_events(engine: Engine, *, now: datetime, seed: int = 1) -> int:
    """A month of audit events (none when an earlier demo run wrote them); returns how many."""
    rng = random.Random(f"{seed}/audit")
    a = AuditEvent.__table__.c
    with unit_of_work(engine) as session:
        conn = session.connection()
        # its own first event marks a run already made (other demo steps write as the demo organizer too)
        if conn.execute(select(func.count()).where(a.actor == ACTOR, a.action == "account_created")).scalar_one():
            return 0
        e, s = Employer.__table__.c, Site.__table__.c
        employers = conn.execute(select(e.id, e.name, e.credit_code, e.contact_name, e.contact_phone)
                                 .where(e.status == EmployerStatus.APPROVED).order_by(e.id).limit(12)).all()
        sites = [code for (code,) in conn.execute(select(s.code).order_by(s.id).limit(4))]
        rows: list[dict[str, object]] = []

        def add(days_ago: float, action: str, detail: dict[str, object], actor: str = ACTOR) -> None:
            rows.append({"at": now - timedelta(days=days_ago, minutes=rng.randrange(0, 600)), "actor": actor,
                         "action": action, "detail": detail})

        add(30, "account_created", {"username": "desk_cg", "role": "desk"})
        for i, (eid, name, _code, _contact, _phone) in enumerate(employers):
            add(28 - i * 2, "employer_approved", {"employer_id": eid, "name": name, "from": "pending",
                                                  "to": "approved", "note": ""})
        if employers:
            eid, _name, _code, contact, phone = employers[0]
            add(9, "employer_contact_updated", {"employer_id": eid, "contact_name": contact, "contact_phone": phone})
        add(25, "targets_saved", {"year": now.year, "changes": [
            {"township": "", "metric": "employed", "old": None, "new": 24000},
            {"township": "", "metric": "transferred_out", "old": None, "new": 1400}]})
        for i, code in enumerate(sites):
            add(20 - i, "kiosk_pin_set", {"site": code, "replaced": False})
        if sites:
            add(3, "kiosk_exit", {"site": sites[0], "method": "pin", "ip": "10.0.3.77"}, actor="kiosk_pin")
        add(5, "export_full_ids", {"filters": {"township": None, "date_field": "checkin", "date_from": None,
                                               "date_to": None, "incomplete_only": True}, "rows": 312,
                                   "format": "xlsx"})
        add(1, "report_pdf_downloaded", {"period": f"{(now - timedelta(days=30)).date()} – {now.date()}",
                                         "township": None, "language": "zh_CN"})
        conn.execute(AuditEvent.__table__.insert(), rows)
    return len(rows)
