"""Profile answers given in the repair queue: saved by registration's own `save_profile_group` (no rule
retyped) and recorded in the person's history of changes (`seeker_change`, reason "repair", the staff
member), field by field and only where the value changed, so each can be undone like an import's change
(`repairs.changes.undo`). Values are recorded as the import records them (`imports.known.shown`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session

from models import Seeker, SeekerChange, SeekerTrade
from models.base import utcnow
from services.core.db import transactional
from services.imports.known import shown
from services.registration.forms import GROUP_FIELDS
from services.registration.profile import SeekerProfile, save_profile_group
from services.repairs.changes import find_person

REPAIR = "repair"


def _values(session: Session, seeker_id: int, fields: tuple[str, ...]) -> dict[str, str | None]:
    conn = session.connection()
    s, t = Seeker.__table__.c, SeekerTrade.__table__.c
    columns = [f for f in fields if f != "trades"]
    out: dict[str, str | None] = {}
    if columns:
        row = conn.execute(select(*(s[f] for f in columns)).where(s.id == seeker_id)).one()
        out.update({f: shown(v) for f, v in zip(columns, row, strict=True)})
    if "trades" in fields:
        out["trades"] = shown(list(conn.execute(select(t.trade).where(t.seeker_id == seeker_id)).scalars()))
    return out


@transactional
def answer_in_queue(session: Session, *, ticket_code: str, group: str, answers: Mapping[str, Any], staff_id: int,
                    township: str | None = None) -> SeekerProfile:
    """Save one profile group for the person with this ticket (FieldErrors: nothing saved) and record what it
    changed. `township`: township staff answer for their township's people only."""
    seeker_id, _name = find_person(session, ticket_code=ticket_code, township=township)
    fields = tuple(GROUP_FIELDS.get(group, ()))
    before = _values(session, seeker_id, fields)
    saved = save_profile_group(session, ticket_code=ticket_code, group=group, answers=answers)
    after = _values(session, seeker_id, fields)
    now = utcnow()
    changed = [{"seeker_id": seeker_id, "field": f, "old": before[f], "new": after[f], "reason": REPAIR,
                "batch_id": None, "staff_id": staff_id, "at": now} for f in fields if before[f] != after[f]]
    if changed:
        session.connection().execute(insert(SeekerChange.__table__), changed)
    return saved
