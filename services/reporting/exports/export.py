"""The export itself: rows streamed from the database into a writer; the full-ID export audited."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.selectable import Select
from sqlmodel import Session

from models import AuditEvent, Fair, Seeker, SeekerTrade, Site
from services.core.clock import local_today, local_zone
from services.core.crypto import Vault
from services.core.db import is_sqlite, unit_of_work
from services.places.county import County
from services.reporting.exports.cells import SHEET_NAME, Labeler
from services.reporting.exports.filters import MIME_TYPES, ExportFilter, ExportFormat, count_seekers, seeker_conditions
from services.reporting.exports.writers import CsvWriter, XlsxWriter

AUDIT_ACTION = "export_full_ids"
BATCH_SIZE = 2000

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class ExportResult:
    rows: int
    format: ExportFormat
    full_ids: bool
    filename: str
    mime: str


def export_filename(fmt: ExportFormat, *, full_ids: bool, now: datetime | None = None) -> str:
    when = (now or datetime.now(UTC)).astimezone(local_zone())
    kind = "registrations-full-ids" if full_ids else "registrations"
    return f"{kind}-{when:%Y%m%d-%H%M}.{fmt}"


def _select(full_ids: bool) -> Select[*tuple[Any, ...]]:
    s = Seeker.__table__.c
    cols = [s.id, s.ticket_code, s.name, s.birth_date, s.gender, s.township, s.village, s.education,
            s.intention, s.expected_wage, s.willing_to_train, s.poor_household, s.leave_constraint,
            s.profile_answered, s.created_at, s.source_kind, s.first_fair_id, s.first_site_id]
    cols += [s.id_enc, s.phone_enc] if full_ids else [s.id_enc, s.phone_masked]
    return select(*cols).order_by(s.id)


def _trades(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    t = SeekerTrade.__table__.c
    found: dict[int, list[str]] = {}
    for seeker_id, trade in conn.execute(select(t.seeker_id, t.trade).where(t.seeker_id.in_(ids))):
        found.setdefault(seeker_id, []).append(trade)
    return found


def _names(conn: Connection) -> tuple[dict[int, str], dict[int, str]]:
    f, s = Fair.__table__.c, Site.__table__.c
    return ({i: n for i, n in conn.execute(select(f.id, f.name))},
            {i: n for i, n in conn.execute(select(s.id, s.name))})


def _rows(conn: Connection, flt: ExportFilter, labeler: Labeler, *, full_ids: bool,
          batch: int) -> Iterator[list[list[object]]]:
    """Batches of export rows, streamed from a server-side cursor."""
    stmt = _select(full_ids).where(*seeker_conditions(flt))
    # on this statement only: Connection.execution_options would turn every later statement
    # (the trades, the audit insert) into a server-side cursor too
    result = conn.execute(stmt, execution_options={"stream_results": True, "yield_per": batch})
    try:
        for part in result.partitions():
            trades = _trades(conn, [r.id for r in part])
            yield [labeler.cells(r, trades.get(r.id, ())) for r in part]
    finally:
        result.close()


def _produce(conn: Connection, out: BinaryIO, *, flt: ExportFilter, fmt: ExportFormat, language: str,
             county: County, vault: Vault, full_ids: bool, today: date | None,
             progress: ProgressCallback | None, batch: int) -> int:
    fmt = ExportFormat(fmt)
    total = count_seekers(conn, flt)
    fairs, sites = _names(conn)
    labeler = Labeler(language, county, today or local_today(), vault, fairs, sites, full_ids=full_ids)
    writer = CsvWriter(out) if fmt == ExportFormat.CSV else XlsxWriter(out, labeler._(SHEET_NAME))
    done = 0
    try:
        writer.header(labeler.headers())
        if progress:
            progress(0, total)
        for rows in _rows(conn, flt, labeler, full_ids=full_ids, batch=batch):
            for cells in rows:
                writer.row(cells)
            done += len(rows)
            if progress:
                progress(done, max(total, done))
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return done


def _wipe(out: BinaryIO) -> None:
    """After a failure: leave nothing of a partial file in `out`, where it can be erased."""
    try:
        out.seek(0)
        out.truncate()
    except (OSError, ValueError):
        pass


def _consistent(engine: Engine) -> Engine:
    """On PostgreSQL one snapshot for the count and the rows (SQLite transactions already are)."""
    return engine.execution_options(isolation_level="REPEATABLE READ") if engine.dialect.name == "postgresql" \
        else engine


def export_registrations(
    engine: Engine, out: BinaryIO, *, vault: Vault, flt: ExportFilter, fmt: ExportFormat | str, language: str,
    county: County, today: date | None = None, progress: ProgressCallback | None = None, batch: int = BATCH_SIZE,
    now: datetime | None = None,
) -> ExportResult:
    """Write the masked export (ID numbers and phones masked) to the binary stream `out`.

    No part of an ID number is stored in clear (models/seeker.py), so each row's ID is decrypted
    with `vault` and masked (`mask_id`: first 6 and last 4) as its batch is written: the file
    still streams, and the decryption adds about 40 µs a row (4 s for 100,000 rows). The phone
    mask is the stored `phone_masked` (nothing to decrypt). Not audited: it holds no full number.
    """
    fmt = ExportFormat(fmt)
    try:
        with unit_of_work(_consistent(engine), write=False) as session:
            rows = _produce(session.connection(), out, flt=flt, fmt=fmt, language=language, county=county,
                            vault=vault, full_ids=False, today=today, progress=progress, batch=batch)
    except BaseException:
        _wipe(out)
        raise
    return ExportResult(rows, fmt, False, export_filename(fmt, full_ids=False, now=now), MIME_TYPES[fmt])


def export_full_ids(
    engine: Engine, vault: Vault, out: BinaryIO, *, actor: str, flt: ExportFilter, fmt: ExportFormat | str,
    language: str, county: County, today: date | None = None, progress: ProgressCallback | None = None,
    batch: int = BATCH_SIZE, now: datetime | None = None, read_engine: Engine | None = None,
) -> ExportResult:
    """Write the export with full ID numbers and phones, and log it: one call, all or nothing.

    The audit event (actor, filters, row count, format) commits only with a complete
    file, and this returns only after it committed; if anything fails, nothing is logged
    and `out` is emptied, so the caller hands out the file only when this returns.

    PostgreSQL: the rows are read and the event written in one transaction. SQLite has
    one writer at a time: a transaction that reads for seconds and then writes would
    either hold the write lock all along (registrations at a fair would time out, about
    13 s for 100,000 rows) or fail to upgrade its stale snapshot once anyone registered.
    There the rows are read in one snapshot and the event written right after, in a
    short write transaction, before the file is returned. So too with `read_engine` (a
    replica, services/core/read_db.py): the rows are read there, the event goes to `engine`.
    """
    fmt = ExportFormat(fmt)
    if not actor:
        raise ValueError("a full-ID export needs the user name of who asked for it")

    def produce(session: Session) -> int:
        return _produce(session.connection(), out, flt=flt, fmt=fmt, language=language, county=county,
                        vault=vault, full_ids=True, today=today, progress=progress, batch=batch)

    def log(session: Session, rows: int) -> None:
        session.add(AuditEvent(actor=actor, action=AUDIT_ACTION,
                               detail={"filters": flt.as_dict(), "rows": rows, "format": str(fmt)}))

    try:
        if is_sqlite(engine) or (read_engine is not None and read_engine is not engine):
            with unit_of_work(_consistent(read_engine or engine), write=False) as session:
                rows = produce(session)
            with unit_of_work(engine) as session:
                log(session, rows)
        else:
            with unit_of_work(_consistent(engine), write=True) as session:
                log(session, rows := produce(session))
    except BaseException:
        _wipe(out)
        raise
    return ExportResult(rows, fmt, True, export_filename(fmt, full_ids=True, now=now), MIME_TYPES[fmt])
