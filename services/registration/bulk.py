"""Registering many people at once (an imported village list): the registration's own upsert and
rules (`register.py`), run a few hundred rows per statement instead of one by one.

What is the same as `register_seeker`: the row saved for a draft (`_seeker_row`), the upsert on the
keyed ID digest that updates a person only from their own mobile and only the profile groups the
draft answers, trades replaced for a draft that answers them, the check-in keyed by its submission
id (a retry never doubles). What differs: a check-in only where a submission id is given (an import
records its batch instead for people it updates), ticket codes drawn free of those taken before the
statements run (one failed row would undo them all), and each draft's ID number must appear once.
A write in the caller's transaction (a Session), like every part of a bigger write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.engine import Connection
from sqlmodel import Session

from models import CheckIn, Seeker, SeekerTrade
from models.base import utcnow
from services.core.crypto import Vault
from services.places.sources import Source
from services.registration.forms import RegistrationDraft, join_groups, split_groups
from services.registration.register import ALL_GROUPS, _seeker_row, _statements
from services.registration.tickets import new_ticket_code
from services.summaries.profiles import move
from services.summaries.record import Visit, record

CHUNK = 500  # rows per statement (SQLite's limit of bound values allows ~1,300 seeker rows)


@dataclass(frozen=True)
class BulkEntry:
    draft: RegistrationDraft
    submission_id: str | None = None  # None: no check-in
    sealed: tuple[str, str] | None = None  # the person's stored id_enc and phone_enc, when found by them


@dataclass(frozen=True)
class BulkResult:
    seeker_id: int  # the person's id (when taken: the person registered with the other mobile)
    created: bool
    taken: bool = False  # registered with another mobile: nothing written (register_seeker's IdentityTaken)


def register_many(session: Session, vault: Vault, entries: Sequence[BulkEntry], *, source: Source,
                  channel: str, now: datetime | None = None) -> list[BulkResult]:
    """Save (or update) every entry's person, in the caller's transaction; results in the entries' order."""
    now = now or utcnow()
    conn = session.connection()
    rows = [_seeker_row(vault, e.draft, source, now, e.sealed) for e in entries]
    if len({r["id_hmac"] for r in rows}) != len(rows):
        raise ValueError("register_many: an ID number appears twice")
    _free_ticket_codes(conn, rows)
    found: dict[str, tuple[int, datetime, str]] = {}  # id_hmac -> id, created_at, profile_answered before
    by_answered: dict[frozenset[str], list[dict[str, object]]] = defaultdict(list)
    for entry, row in zip(entries, rows, strict=True):
        by_answered[entry.draft.answered].append(row)
    for answered, group in by_answered.items():
        sql = _statements(conn.dialect.name, answered)
        for start in range(0, len(group), CHUNK):
            for sid, _code, created_at, answered_before, id_hmac in conn.execute(
                    sql.upsert_many, group[start:start + CHUNK]):
                found[id_hmac] = (sid, created_at, answered_before)
    results = [_result(conn, row, found) for row in rows]
    saved = [(e, r) for e, r in zip(entries, results, strict=True) if not r.taken]
    _add_answered(conn, saved, found, rows, entries)
    _replace_trades(conn, saved)
    checkins = [{"seeker_id": r.seeker_id, "fair_id": source.fair_id, "site_id": source.site_id, "channel": channel,
                 "submission_id": e.submission_id, "created_at": now} for e, r in saved if e.submission_id]
    added: set[str] = set()
    if checkins:
        sql = _statements(conn.dialect.name, ALL_GROUPS)
        for start in range(0, len(checkins), CHUNK):
            added.update(conn.execute(sql.insert_checkin.returning(CheckIn.__table__.c.submission_id),
                                      checkins[start:start + CHUNK]).scalars())
    hmac_of = {id(e): str(r["id_hmac"]) for e, r in zip(entries, rows, strict=True)}
    # the dashboard's summaries, in this transaction
    record(conn, visits=[Visit(r.seeker_id, source.fair_id, source.site_id, now, found[hmac_of[id(e)]][1])
                         for e, r in saved if e.submission_id in added],
           created=[(r.seeker_id, now) for _e, r in saved if r.created])
    move(conn, [r.seeker_id for _e, r in saved])  # the people panel's: new people, changed answers or township
    return results


def _result(conn: Connection, row: dict[str, object], found: dict[str, tuple[int, datetime, str]]) -> BulkResult:
    id_hmac = str(row["id_hmac"])
    if id_hmac not in found:  # the upsert's WHERE held it back: another mobile owns this ID number
        table = Seeker.__table__
        owner = conn.execute(select(table.c.id).where(table.c.id_hmac == id_hmac)).scalar_one()
        return BulkResult(seeker_id=owner, created=False, taken=True)
    sid, created_at, _before = found[id_hmac]
    return BulkResult(seeker_id=sid, created=created_at == row["created_at"])


def _free_ticket_codes(conn: Connection, rows: list[dict[str, object]]) -> None:
    """Draw again the codes taken already (or twice among these rows) before any row is written."""
    table = Seeker.__table__
    while True:
        codes = [str(r["ticket_code"]) for r in rows]
        taken: set[str] = set()
        for start in range(0, len(codes), CHUNK):
            part = codes[start:start + CHUNK]
            taken.update(conn.execute(select(table.c.ticket_code).where(table.c.ticket_code.in_(part))).scalars())
        seen: set[str] = set()
        again = False
        for row in rows:
            code = str(row["ticket_code"])
            if code in taken or code in seen:
                row["ticket_code"] = new_ticket_code()
                again = True
            seen.add(code)
        if not again:
            return


def _add_answered(conn: Connection, saved: list[tuple[BulkEntry, BulkResult]],
                  found: dict[str, tuple[int, datetime, str]], rows: list[dict[str, object]],
                  entries: Sequence[BulkEntry]) -> None:
    """Drafts answering some groups: add them to the groups a returning person answered before."""
    hmac_of = {id(e): str(r["id_hmac"]) for e, r in zip(entries, rows, strict=True)}
    table = Seeker.__table__
    changes = []
    for entry, result in saved:
        answered = entry.draft.answered
        if not answered or answered == ALL_GROUPS:
            continue
        before = found[hmac_of[id(entry)]][2]
        union = join_groups(split_groups(before) | answered)
        if union != before:
            changes.append({"sid": result.seeker_id, "answered": union})
    if changes:
        conn.execute(update(table).where(table.c.id == bindparam("sid")).values(
            profile_answered=bindparam("answered")), changes)


def _replace_trades(conn: Connection, saved: list[tuple[BulkEntry, BulkResult]]) -> None:
    trades = SeekerTrade.__table__
    answering = [(e, r) for e, r in saved if "trades" in e.draft.answered]
    returning = [r.seeker_id for _e, r in answering]  # the new ones too: a retry with the same `now` says created
    for start in range(0, len(returning), CHUNK):
        conn.execute(delete(trades).where(trades.c.seeker_id.in_(returning[start:start + CHUNK])))
    new_rows = [{"seeker_id": r.seeker_id, "trade": t} for e, r in answering for t in e.draft.trades]
    if new_rows:
        sql = _statements(conn.dialect.name, ALL_GROUPS)
        for start in range(0, len(new_rows), CHUNK * 4):
            conn.execute(sql.insert_trades, new_rows[start:start + CHUNK * 4])
