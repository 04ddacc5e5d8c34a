"""A person's history of changes (`seeker_change`), and undoing one change.

Values are read and written as the import records them (`imports.known`: codes as stored, yes/no, trades
as sorted comma-joined codes, a household as "village code"). An undo sets the field back to `old`, marks
the change undone (who, when) and records the undo itself as a new change (reason "undo"); it is refused
(StateChanged) when the field no longer holds the change's `new` value, or the change was undone already.
The undo restores the column only: which profile groups count as answered is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from models import Household, Seeker, SeekerChange, SeekerTrade, StaffUser
from models.base import utcnow
from services.accounts.township import TownshipScope
from services.core.db import read_only, transactional
from services.core.errors import NotFound, PortalError, StateChanged
from services.core.i18n import N_
from services.imports.known import read_known
from services.registration.forms import GROUP_FIELDS, join_groups, split_groups
from services.registration.tickets import normalize_ticket_code
from services.summaries.profiles import move

UNDO = "undo"
TEXT_FIELDS = ("name", "township", "village", "education", "intention", "leave_constraint", "poor_household",
               "household_relation")
UNDOABLE = (*TEXT_FIELDS, "expected_wage", "willing_to_train", "trades", "household")
REASONS = {"import": N_("village list imported"), UNDO: N_("undone"), "household": N_("joined a household"),
           "repair": N_("repaired")}
NO_CHANGE = N_("This change is no longer on record.")
CHANGED_SINCE = N_("This field has changed since (or the change was undone already): nothing was undone.")
NO_TICKET = N_("No one is registered with this ticket code.")
CANNOT_UNDO = N_("This kind of change cannot be undone here.")


@dataclass(frozen=True)
class ChangeLine:
    change_id: int
    field: str
    old: str | None
    new: str | None
    reason: str
    batch_id: int | None
    by: str  # the staff member's user name ("" when unknown)
    at: datetime
    undone_at: datetime | None
    undone_by: str


@read_only
def find_person(session: Session, *, ticket_code: str, township: str | None = None) -> tuple[int, str]:
    """(seeker id, name) of the person with this ticket code (`township`: township staff find their
    township's people only: PortalError for another's)."""
    s = Seeker.__table__.c
    found = session.connection().execute(
        select(s.id, s.name, s.township).where(s.ticket_code == normalize_ticket_code(ticket_code))).first()
    if found is None:
        raise NotFound(NO_TICKET)
    TownshipScope(township).check(found[2])
    return found[0], found[1]


@read_only
def history(session: Session, *, seeker_id: int, limit: int = 200) -> list[ChangeLine]:
    """Every change of a person, newest first."""
    staff = StaffUser.__table__.alias("who")
    undoer = StaffUser.__table__.alias("undoer")
    c = SeekerChange.__table__.c
    rows = session.connection().execute(
        select(c.id, c.field, c.old, c.new, c.reason, c.batch_id, staff.c.username, c.at, c.undone_at,
               undoer.c.username)
        .select_from(SeekerChange.__table__.outerjoin(staff, staff.c.id == c.staff_id)
                     .outerjoin(undoer, undoer.c.id == c.undone_by))
        .where(c.seeker_id == seeker_id).order_by(c.at.desc(), c.id.desc()).limit(limit))
    return [ChangeLine(change_id=r[0], field=r[1], old=r[2], new=r[3], reason=r[4], batch_id=r[5], by=r[6] or "",
                       at=r[7], undone_at=r[8], undone_by=r[9] or "") for r in rows]


def _current(session: Session, seeker: Seeker, field: str) -> str | None:
    known = read_known(session.connection(), [seeker.id_hmac])[seeker.id_hmac]
    if field == "household":
        return known.household
    if field == "household_relation":
        return known.relation
    return known.values.get(field)


def _write(session: Session, seeker: Seeker, field: str, value: str | None, now: datetime) -> None:
    conn, sid = session.connection(), seeker.id
    s = Seeker.__table__
    if field == "trades":
        conn.execute(delete(SeekerTrade.__table__).where(SeekerTrade.__table__.c.seeker_id == sid))
        codes = [t for t in (value or "").split(",") if t]
        if codes:
            conn.execute(insert(SeekerTrade.__table__), [{"seeker_id": sid, "trade": t} for t in codes])
        conn.execute(update(s).where(s.c.id == sid).values(updated_at=now))
        return
    stored: object = value
    if field == "expected_wage":
        stored = None if value is None else int(value)
    elif field == "willing_to_train":
        stored = None if value is None else value == "yes"
    elif field == "household":
        stored = None
        if value is not None:
            village, _sep, code = value.partition(" ")
            h = Household.__table__.c
            stored = conn.execute(select(h.id).where(h.township == seeker.township, h.village == village,
                                                     h.code == code)).scalar()
            if stored is None:
                raise StateChanged(CHANGED_SINCE)
        field = "household_id"
    elif field not in TEXT_FIELDS:
        raise PortalError(CANNOT_UNDO)
    conn.execute(update(s).where(s.c.id == sid).values({field: stored, "updated_at": now}))


def _unanswer_if_empty(session: Session, seeker_id: int, field: str) -> None:
    """Undoing the change that first answered a profile group: with none of the group's answers left, the
    group counts as not answered again (registration.profile.missing_groups reads `profile_answered`).
    Trades are left alone: "none of these" is an answer."""
    group = next((g for g, fields in GROUP_FIELDS.items() if field in fields and g != "trades"), None)
    if group is None:
        return
    s = Seeker.__table__
    row = session.connection().execute(select(s.c.profile_answered, *(s.c[f] for f in GROUP_FIELDS[group]))
                                       .where(s.c.id == seeker_id)).one()
    if all(value is None for value in row[1:]):
        answered = join_groups(split_groups(row[0]) - {group})
        session.connection().execute(update(s).where(s.c.id == seeker_id).values(profile_answered=answered))


@transactional
def undo_change(session: Session, *, change_id: int, staff_id: int, now: datetime | None = None,
                township: str | None = None) -> int:
    """Set the change's field back to its old value; the id of the change that records the undo
    (`township`: township staff undo changes of their township's people only)."""
    change = session.get(SeekerChange, change_id, with_for_update=True)
    if change is None:
        raise NotFound(NO_CHANGE)
    if change.field not in UNDOABLE:
        raise PortalError(CANNOT_UNDO)
    seeker = session.get(Seeker, change.seeker_id, with_for_update=True)
    if seeker is None:
        raise NotFound(NO_CHANGE)
    TownshipScope(township).check(seeker.township)
    if change.undone_at is not None or _current(session, seeker, change.field) != change.new:
        raise StateChanged(CHANGED_SINCE)
    now = now or utcnow()
    _write(session, seeker, change.field, change.old, now)
    if change.old is None:
        _unanswer_if_empty(session, change.seeker_id, change.field)
    move(session.connection(), [change.seeker_id])  # the people panel's summaries
    change.undone_at, change.undone_by = now, staff_id
    session.add(change)
    undo = SeekerChange(seeker_id=change.seeker_id, field=change.field, old=change.new, new=change.old,
                        reason=UNDO, batch_id=change.batch_id, staff_id=staff_id, at=now)
    session.add(undo)
    session.flush()
    assert undo.id is not None
    return undo.id
