"""The repair queue per township: the figures (open items, oldest wait), incomplete profiles (one SQL query,
paged), identity claims not reviewed (registration's `list_open_claims`, settled at the staff desk) and the
rows imports left out. `township=None` means every township (an organizer); township staff pass theirs
(`accounts.township.TownshipScope`)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, not_, select
from sqlmodel import Session

from models import IdentityClaim, LeftOutRow, Seeker, UnreachableItem
from models.base import utcnow
from services.core.crypto import Vault
from services.core.db import read_only
from services.imports.error_book import problem_text
from services.registration.claims import OpenClaim, list_open_claims
from services.registration.profile import missing_groups, profile_complete_sql
from services.repairs import left_out

PAGE = 20


@dataclass(frozen=True)
class TownshipFigures:
    township: str
    claims: int = 0
    incomplete: int = 0
    left_out: int = 0
    unreachable: int = 0  # phones nobody could reach at a follow-up visit
    oldest: datetime | None = None  # the oldest open item's time

    def waited_days(self, now: datetime) -> int:
        return 0 if self.oldest is None else max(0, (now - self.oldest).days)


@read_only
def figures(session: Session, *, township: str | None = None) -> list[TownshipFigures]:
    """Open items per township (four GROUP BY queries), townships with the oldest wait first."""
    conn = session.connection()
    s, c, lo, u = Seeker.__table__.c, IdentityClaim.__table__.c, LeftOutRow.__table__.c, UnreachableItem.__table__.c
    here = [s.township == township] if township else []
    kinds = {
        "claims": select(s.township, func.count(), func.min(c.created_at))
        .select_from(IdentityClaim.__table__.join(Seeker.__table__, s.id == c.seeker_id))
        .where(c.reviewed_at.is_(None), *here).group_by(s.township),
        "incomplete": select(s.township, func.count(), func.min(s.created_at))
        .where(not_(profile_complete_sql()), *here).group_by(s.township),
        "left_out": select(lo.township, func.count(), func.min(lo.created_at))
        .where(lo.closed_at.is_(None), *([lo.township == township] if township else [])).group_by(lo.township),
        "unreachable": select(s.township, func.count(), func.min(u.created_at))
        .select_from(UnreachableItem.__table__.join(Seeker.__table__, s.id == u.seeker_id))
        .where(u.closed_at.is_(None), *here).group_by(s.township),
    }
    found: dict[str, TownshipFigures] = {}
    for kind, stmt in kinds.items():
        for township, count, oldest in conn.execute(stmt):
            entry = found.get(township or "", TownshipFigures(township=township or ""))
            first = oldest if entry.oldest is None or (oldest is not None and oldest < entry.oldest) else entry.oldest
            found[entry.township] = replace(entry, oldest=first, **{kind: count})
    far = utcnow()
    return sorted(found.values(), key=lambda f: (f.oldest or far, f.township))


@dataclass(frozen=True)
class Incomplete:
    seeker_id: int
    ticket_code: str
    name: str
    township: str
    village: str
    phone_masked: str
    missing: list[str]  # the profile groups not answered
    registered_at: datetime


@read_only
def incomplete(session: Session, *, township: str | None, page: int = 0, per_page: int = PAGE
               ) -> tuple[list[Incomplete], int]:
    """One page of people whose profile is incomplete, oldest first, and how many there are."""
    s = Seeker.__table__.c
    where = [not_(profile_complete_sql())] + ([s.township == township] if township else [])
    conn = session.connection()
    total = conn.execute(select(func.count()).select_from(Seeker.__table__).where(*where)).scalar_one()
    rows = conn.execute(select(s.id, s.ticket_code, s.name, s.township, s.village, s.phone_masked,
                               s.profile_answered, s.created_at)
                        .where(*where).order_by(s.created_at, s.id).offset(page * per_page).limit(per_page))
    return [Incomplete(seeker_id=r[0], ticket_code=r[1], name=r[2], township=r[3], village=r[4], phone_masked=r[5],
                       missing=missing_groups(r[6]), registered_at=r[7]) for r in rows], total


@read_only
def open_claims(session: Session, vault: Vault, *, township: str | None, limit: int = 200) -> list[OpenClaim]:
    """Identity claims not reviewed yet, of people in the township (the desk settles them)."""
    claims = list_open_claims(session, vault, limit=limit)
    if not township or not claims:
        return claims
    s = Seeker.__table__.c
    here = set(session.connection().execute(
        select(s.id).where(s.id.in_({c.seeker_id for c in claims}), s.township == township)).scalars())
    return [c for c in claims if c.seeker_id in here]


@dataclass(frozen=True)
class LeftOut:
    item_id: int
    batch_id: int
    row: int
    township: str
    village: str
    name: str
    problems: list[str]  # in plain words, ID number and phone masked
    cells: dict[str, str]  # as typed, ID number and phone masked
    created_at: datetime


@read_only
def left_out_rows(session: Session, vault: Vault, *, township: str | None, language: str = "zh_CN",
                  page: int = 0, per_page: int = PAGE) -> tuple[list[LeftOut], int]:
    """One page of open left-out rows, oldest first, and how many there are."""
    lo = LeftOutRow.__table__.c
    where = [lo.closed_at.is_(None)] + ([lo.township == township] if township else [])
    conn = session.connection()
    total = conn.execute(select(func.count()).select_from(LeftOutRow.__table__).where(*where)).scalar_one()
    items = session.connection().execute(select(LeftOutRow.__table__).where(*where)
                                         .order_by(lo.created_at, lo.id).offset(page * per_page).limit(per_page))
    out = []
    for r in items:
        item = LeftOutRow(**r._mapping)
        raw = left_out.cells(vault, item)
        out.append(LeftOut(item_id=r.id, batch_id=r.batch_id, row=r.row, township=r.township, village=r.village,
                           name=raw.get("name", ""),
                           problems=[problem_text(p, language) for p in left_out.problems(item, raw)],
                           cells={f: left_out.masked(f, v) for f, v in raw.items()}, created_at=r.created_at))
    return out, total
