"""The audit log as organizers read it: who did what, when, filtered, paged in SQL, exported (audited).

The filter (`AuditFilter`): who (the actor's user name, exactly), what (the action), when (local
dates, both included, turned into UTC instants by `clock.day_start`) and free text found in the
detail (case-insensitive; the detail is JSON text, where Chinese may be stored as \\uXXXX escapes,
so the text is looked for in both spellings). Newest first; paged with LIMIT/OFFSET over the index
on (action, at) or on at. The words (an action's label, the detail made readable and masked) are
in `audit_detail`; the export writes the same words, and records its own `audit_log_exported` event.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, BinaryIO

import xlsxwriter
from sqlalchemy import Text, cast, func, or_, select
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Select
from sqlmodel import Session

from models import AuditEvent
from models.base import utcnow
from services.core.clock import day_start, local_zone
from services.core.db import read_only, transactional, unit_of_work
from services.core.i18n import N_, translator
from services.reporting.audit_detail import action_words, actor_words, detail_text
from services.reporting.exports.cells import neutralize
from services.reporting.exports.writers import CsvWriter

EXPORT_ACTION = "audit_log_exported"
PER_PAGE = 50
MAX_TEXT = 100  # characters of free text searched for

_a = AuditEvent.__table__.c


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    date_from: date | None = None  # local dates, both included
    date_to: date | None = None
    text: str = ""

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, for the export's own audit event."""
        return {"actor": self.actor or None, "action": self.action or None,
                "date_from": self.date_from.isoformat() if self.date_from else None,
                "date_to": self.date_to.isoformat() if self.date_to else None, "text": self.text or None}


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # UTC
    actor: str
    action: str
    detail: dict


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int
    page: int  # 1-based, within 1..pages
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def _like(text: str) -> str:
    return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%"


def conditions(flt: AuditFilter, *, with_action: bool = True) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if flt.actor is not None:
        where.append(_a.actor == flt.actor)
    if with_action and flt.action:
        where.append(_a.action == flt.action)
    if flt.date_from is not None:
        where.append(_a.at >= day_start(flt.date_from))
    if flt.date_to is not None:
        where.append(_a.at < day_start(flt.date_to + timedelta(days=1)))
    text = flt.text.strip()[:MAX_TEXT].lower()
    if text:
        body = func.lower(cast(_a.detail, Text))
        spellings = {text, json.dumps(text)[1:-1]}  # as typed; as JSON writes it (\\u escapes)
        where.append(or_(*(body.like(_like(s), escape="!") for s in sorted(spellings))))
    return where


def _rows(session: Session, stmt: Select[Any]) -> list[AuditRow]:
    return [AuditRow(i, at, actor, action, detail or {}) for i, at, actor, action, detail in session.execute(stmt)]


@read_only
def audit_page(session: Session, flt: AuditFilter, *, page: int = 1, per_page: int = PER_PAGE) -> AuditPage:
    """One page of events matching `flt`, newest first, and how many match."""
    per_page = max(1, per_page)
    where = conditions(flt)
    total = session.execute(select(func.count()).select_from(AuditEvent.__table__).where(*where)).scalar_one()
    page = min(max(1, page), max(1, -(-total // per_page)))
    stmt = (select(_a.id, _a.at, _a.actor, _a.action, _a.detail).where(*where)
            .order_by(_a.at.desc(), _a.id.desc()).limit(per_page).offset((page - 1) * per_page))
    return AuditPage(_rows(session, stmt), total, page, per_page)


@read_only
def action_counts(session: Session, flt: AuditFilter) -> list[tuple[str, int]]:
    """Events per action for the filter's who, when and text (every action, whichever is chosen); most first."""
    n = func.count().label("n")
    rows = session.execute(select(_a.action, n).where(*conditions(flt, with_action=False))
                           .group_by(_a.action)).all()
    return sorted(((a, int(c)) for a, c in rows), key=lambda r: (-r[1], r[0]))


@read_only
def audit_actors(session: Session) -> list[str]:
    """Every actor in the log (for the "who" filter), by name."""
    return [a for (a,) in session.execute(select(_a.actor).distinct().order_by(_a.actor))]


@read_only
def audit_actions(session: Session) -> list[str]:
    """Every action in the log (for the "what" filter)."""
    return [a for (a,) in session.execute(select(_a.action).distinct().order_by(_a.action))]


# --- the export ---------------------------------------------------------------------------------


class AuditFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


HEADERS = (N_("Time (China)"), N_("Who"), N_("What"), N_("Action code"), N_("Details"))
BATCH = 2000


def _iter_rows(engine: Engine, flt: AuditFilter) -> Iterator[AuditRow]:
    """Every matching event, newest first, read in batches by keyset (at, id) in one read transaction."""
    where = conditions(flt)
    with unit_of_work(engine, write=False) as session:
        after: tuple[datetime, int] | None = None
        while True:
            stmt = select(_a.id, _a.at, _a.actor, _a.action, _a.detail).where(*where)
            if after is not None:
                stmt = stmt.where(or_(_a.at < after[0], (_a.at == after[0]) & (_a.id < after[1])))
            batch = _rows(session, stmt.order_by(_a.at.desc(), _a.id.desc()).limit(BATCH))
            yield from batch
            if len(batch) < BATCH:
                return
            after = (batch[-1].at, batch[-1].id)


def export_filename(fmt: AuditFormat | str, now: datetime | None = None) -> str:
    stamp = (now or utcnow()).astimezone(local_zone()).strftime("%Y%m%d-%H%M")
    return f"audit-log-{stamp}.{AuditFormat(fmt)}"


def export_audit_log(engine: Engine, out: BinaryIO, *, flt: AuditFilter, fmt: AuditFormat | str, language: str,
                     actor: str, now: datetime | None = None, read_engine: Engine | None = None) -> int:
    """Write the matching events (words in `language`, details masked) to `out`; then record the export.

    Returns the number of rows. The export's own event commits before this returns, so a caller
    hands the file out only after it is in the log; if writing fails, nothing is recorded.
    The events are read from `read_engine` when given (a replica, services/core/read_db.py); the
    export's own event is written to `engine`.
    """
    if not actor:
        raise ValueError("an audit-log export needs the user name of who asked for it")
    fmt = AuditFormat(fmt)
    source = read_engine or engine
    _ = translator(language)
    zone = local_zone()
    headers = [_(h) for h in HEADERS]

    def cells(r: AuditRow) -> list[object]:
        return [r.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"), actor_words(r.actor, _),
                action_words(r.action, _), r.action, detail_text(r.detail, _)]

    rows = 0
    if fmt == AuditFormat.CSV:
        writer = CsvWriter(out)
        writer.header(headers)
        for r in _iter_rows(source, flt):
            writer.row(cells(r))
            rows += 1
        writer.close()
    else:
        book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
        ws = book.add_worksheet(_("Audit log")[:31])
        bold = book.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        for c, width in enumerate((19, 16, 30, 24, 90)):
            ws.set_column(c, c, width)
        ws.freeze_panes(1, 0)
        for c, h in enumerate(headers):
            ws.write_string(0, c, neutralize(h), bold)
        for r in _iter_rows(source, flt):
            rows += 1
            for c, value in enumerate(cells(r)):
                ws.write_string(rows, c, neutralize(str(value)))
        book.close()
    record_export(engine, actor=actor, flt=flt, fmt=str(fmt), rows=rows, now=now)
    return rows


@transactional
def record_export(session: Session, *, actor: str, flt: AuditFilter, fmt: str, rows: int,
                  now: datetime | None = None) -> None:
    session.add(AuditEvent(at=now or utcnow(), actor=actor[:40], action=EXPORT_ACTION,
                           detail={"filters": flt.as_dict(), "rows": rows, "format": fmt}))


__all__ = [
    "EXPORT_ACTION", "PER_PAGE", "AuditFilter", "AuditFormat", "AuditPage", "AuditRow", "action_counts",
    "audit_actions", "audit_actors", "audit_page", "conditions", "export_audit_log", "export_filename",
    "record_export",
]
