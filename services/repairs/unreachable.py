"""People nobody could reach at a follow-up visit (issue 13): an item of the repair queue per person.

A visit recorded "unreachable" calls `open_unreachable` in its transaction: one open item per person
(`ux_repair_unreachable_open`; a second unreachable visit while it is open adds nothing, race-safe on
both backends). Staff close it as "fixed" (the person was reached, the phone corrected) or "dismissed"
with a reason; kept, never deleted, and audited. Listed per township (the seeker's), oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from models import AuditEvent, Employer, FollowUp, Seeker, StaffUser, UnreachableItem
from models.base import utcnow
from services.core.db import read_only, transactional
from services.core.errors import FieldErrors, NotFound, StateChanged
from services.core.i18n import N_
from services.registration.tickets import mask_name

FIXED, DISMISSED = "fixed", "dismissed"
REASON_MAX = 200
_u = UnreachableItem.__table__.c


class ItemClosed(StateChanged):
    message = N_("Someone has already closed this item.")


def open_unreachable(session: Session, *, seeker_id: int, follow_up_id: int | None, now: datetime | None = None
                     ) -> int:
    """The person's open "unreachable" item (added when there is none); its id."""
    conn = session.connection()
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(UnreachableItem.__table__).on_conflict_do_nothing(
        index_elements=["seeker_id"], index_where=text("closed_at IS NULL")),
        [dict(seeker_id=seeker_id, follow_up_id=follow_up_id, created_at=now or utcnow(), reason="")])
    item_id = conn.execute(select(_u.id).where(_u.seeker_id == seeker_id, _u.closed_at.is_(None))).scalar_one()
    return int(item_id)


@transactional
def close_unreachable(session: Session, *, item_id: int, user_id: int, outcome: str, reason: str = "",
                      now: datetime | None = None) -> UnreachableItem:
    """Close an open item: FIXED (reached, phone corrected) or DISMISSED (a reason is needed)."""
    if outcome not in (FIXED, DISMISSED):
        raise ValueError(f"unknown outcome {outcome!r}")
    reason = " ".join((reason or "").split())[:REASON_MAX]
    if outcome == DISMISSED and not reason:
        raise FieldErrors.one("reason", N_("Give the reason this item is dismissed."))
    item = session.scalars(select(UnreachableItem).where(_u.id == item_id).with_for_update()).first()
    if item is None:
        raise NotFound(N_("This item no longer exists."))
    if item.closed_at is not None:
        raise ItemClosed()
    now = now or utcnow()
    item.closed_at, item.closed_by, item.outcome, item.reason = now, user_id, outcome, reason
    session.add(item)
    user = session.get(StaffUser, user_id)
    session.add(AuditEvent(at=now, actor=user.username if user else "", action="unreachable_closed",
                           detail={"item": item_id, "seeker": item.seeker_id, "outcome": outcome}))
    session.flush()
    return item


@dataclass(frozen=True)
class Unreachable:
    item_id: int
    seeker_id: int
    name: str  # masked (registration.tickets.mask_name)
    township: str
    village: str
    phone_masked: str
    employer: str  # the employer of the hire whose visit found it ("" when unknown)
    visited_on: date | None
    created_at: datetime


@read_only
def unreachable_items(session: Session, *, township: str | None, page: int = 0, per_page: int = 20
                      ) -> tuple[list[Unreachable], int]:
    """One page of open items (oldest first) of a township (None: every township), and how many there are."""
    s, f, e = Seeker.__table__.c, FollowUp.__table__.c, Employer.__table__.c
    where = [_u.closed_at.is_(None)] + ([s.township == township] if township else [])
    joined = UnreachableItem.__table__.join(Seeker.__table__, s.id == _u.seeker_id)
    conn = session.connection()
    total = conn.execute(select(func.count()).select_from(joined).where(*where)).scalar_one()
    rows = conn.execute(
        select(_u.id, s.id, s.name, s.township, s.village, s.phone_masked, e.name, f.visited_on, _u.created_at)
        .select_from(joined.outerjoin(FollowUp.__table__, f.id == _u.follow_up_id)
                     .outerjoin(Employer.__table__, e.id == f.employer_id))
        .where(*where).order_by(_u.created_at, _u.id).offset(page * per_page).limit(per_page))
    return [Unreachable(r[0], r[1], mask_name(r[2]), r[3], r[4], r[5], r[6] or "", r[7], r[8]) for r in rows], total
