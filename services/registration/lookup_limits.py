"""Limits on failed ticket look-ups, per phone and per client address, kept in the database.

The ticket look-up's secret is short (the last 4 characters of the ID number: at most 11,000
values), so failed tries are counted per phone (someone guessing one person's last 4) and per
client address (someone trying many phones). Each key has a few free failures; after them every
further failure makes the next try wait, twice as long each time, at most `MAX_WAIT`:

- phone: 3 free failures, then 2 s, 4 s, 8 s … 256 s, then 5 minutes each; forgotten after 24
  hours without a failure, and at once when the phone's ticket is found.
- address: 10 free failures (many villagers at a fair share one address behind the carrier's
  NAT), then the same growing wait; forgotten after 1 hour without a failure.

So the rightful owner is never locked out for long (5 minutes at the very worst, and only while
someone keeps failing for their phone), while guessing one person's last 4 takes days. The
counters live in `ticket_lookup_limit` (shared by every app server), keyed by keyed digests: no
phone or address in clear. A failure is counted with one upsert per key, so two servers failing
at once both count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from models import TicketLookupLimit
from services.core.crypto import Vault
from services.core.errors import PortalError
from services.core.i18n import N_

MAX_WAIT = 300  # seconds


@dataclass(frozen=True)
class Rule:
    prefix: str
    free: int  # failures allowed before any wait
    forget_after: timedelta  # failures older than this (since the last one) are forgotten


PHONE = Rule("phone", free=3, forget_after=timedelta(hours=24))
ADDRESS = Rule("addr", free=10, forget_after=timedelta(hours=1))


def wait_after(failures: int, free: int) -> int:
    """Seconds to wait before the next try after `failures` failures in a row."""
    if failures < free:
        return 0
    return min(MAX_WAIT, 2 ** (failures - free + 1))


def wait_values(seconds: int) -> tuple[str, dict[str, object]]:
    """"seconds" under a minute, else whole minutes (rounded up): which text, and its value."""
    if seconds < 60:
        return "seconds", {"seconds": seconds}
    return "minutes", {"minutes": math.ceil(seconds / 60)}


REFUSED = {
    "seconds": N_("Too many tries. Please wait {seconds} seconds, then try again, or ask the staff."),
    "minutes": N_("Too many tries. Please wait {minutes} minutes, then try again, or ask the staff."),
}
NO_MATCH_TRIES = N_("No registration matches this mobile number and ID number. Tries left: {tries}.")
NO_MATCH_WAIT = {
    "seconds": N_("No registration matches this mobile number and ID number. "
                  "Please wait {seconds} seconds before the next try."),
    "minutes": N_("No registration matches this mobile number and ID number. "
                  "Please wait {minutes} minutes before the next try."),
}


class LookupRefused(PortalError):
    """Too many failed look-ups for this phone or this address: wait `seconds`, then try again."""

    def __init__(self, seconds: int):
        unit, values = wait_values(seconds)
        super().__init__(REFUSED[unit], **values)
        self.seconds = seconds


@dataclass(frozen=True)
class Keys:
    """The limit keys of one look-up: (rule, key) for the phone and, when known, the address."""

    items: tuple[tuple[Rule, str], ...]

    @classmethod
    def of(cls, vault: Vault, phone_hmac: str, address: str | None) -> Keys:
        items = [(PHONE, f"{PHONE.prefix}:{phone_hmac}")]
        if address:
            items.append((ADDRESS, f"{ADDRESS.prefix}:{vault.digest('addr', address)}"))
        return cls(tuple(items))

    @property
    def phone_key(self) -> str:
        return self.items[0][1]


@dataclass(frozen=True)
class Failed:
    """After a failure: tries left before a wait, or the wait before the next try (seconds)."""

    tries_left: int
    wait_seconds: int

    @property
    def message(self) -> str:
        if self.wait_seconds:
            return NO_MATCH_WAIT[wait_values(self.wait_seconds)[0]]
        return NO_MATCH_TRIES

    @property
    def values(self) -> dict[str, object]:
        return wait_values(self.wait_seconds)[1] if self.wait_seconds else {"tries": self.tries_left}


def check_allowed(session: Session, keys: Keys, now: datetime) -> None:
    """Raise LookupRefused while any key must still wait (rows locked on PostgreSQL)."""
    names = [key for _rule, key in keys.items]
    query = select(TicketLookupLimit).where(col(TicketLookupLimit.key).in_(names))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    waits = [row.wait_until for row in session.exec(query) if row.wait_until is not None and row.wait_until > now]
    if waits:
        raise LookupRefused(math.ceil((max(waits) - now).total_seconds()))


def record_failure(session: Session, keys: Keys, now: datetime) -> Failed:
    """Count one failure on every key (one upsert each); the strictest key decides what is said."""
    table = TicketLookupLimit.__table__
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    conn = session.connection()
    tries_left, wait = None, 0
    for rule, key in keys.items:
        first = insert(table).values(key=key, failures=1, last_failure_at=now, wait_until=None)
        counted = first.on_conflict_do_update(index_elements=["key"], set_={
            "failures": case((table.c.last_failure_at < now - rule.forget_after, 1), else_=table.c.failures + 1),
            "last_failure_at": now,
        }).returning(table.c.failures)
        failures = conn.execute(counted).scalar_one()
        seconds = wait_after(failures, rule.free)
        if seconds:
            conn.execute(update(table).where(table.c.key == key).values(wait_until=now + timedelta(seconds=seconds)))
        left = max(0, rule.free - failures)
        tries_left = left if tries_left is None else min(tries_left, left)
        wait = max(wait, seconds)
    return Failed(tries_left=tries_left or 0, wait_seconds=wait)


def forget_phone(session: Session, keys: Keys) -> None:
    """The phone's ticket was found: its failures are forgiven (the address's are not)."""
    table = TicketLookupLimit.__table__
    session.connection().execute(delete(table).where(table.c.key == keys.phone_key))
