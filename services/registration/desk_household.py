"""Joining a household at the staff desk (issue 12: "later registrations can join a household").

After registering or finding a person, the worker finds the household in its village by the list's household
code or by the head's name (`find_households`), chooses the relation to the head from the template's list
(`imports.households.RELATIONS`) and confirms (`join_at_desk`): the imports' own `join_household` (one head
per household, each change recorded in `seeker_change`), audited with the worker's user name. Desk staff and
organizers only (`desk.worker_of`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from models import AuditEvent, Household, Seeker
from models.base import utcnow
from services.core.db import read_only, transactional
from services.core.errors import Checker, FieldErrors, Message
from services.core.i18n import N_
from services.imports.cells import folded
from services.imports.households import RELATIONS, join_household
from services.registration.desk import worker_of

CHOOSE_VILLAGE = N_("Choose the village of the household.")
CODE_OR_HEAD = N_("Write the household code, or the name of the head of household.")
NONE_FOUND = N_("No household with this code or head in this village. Check the code on the village's list.")
CHOOSE_HOUSEHOLD = N_("Choose the household.")
CHOOSE_RELATION = N_("Choose the relation to the head of household.")
LIMIT = 20


@dataclass(frozen=True)
class HouseholdChoice:
    household_id: int
    township: str
    village: str
    code: str
    head_name: str  # "" when the household has no head yet
    size: int | None  # as the list says
    members: int  # registered members linked to it


@read_only
def find_households(session: Session, *, staff_id: int, township: str, village: str, code: str = "",
                    head_name: str = "") -> list[HouseholdChoice]:
    """The village's households with this code (as the list writes it, spaces and full width folded) or whose
    head's name contains `head_name`. FieldErrors: no village ("village"), neither code nor name, or nothing
    found ("code")."""
    worker_of(session, staff_id)
    code, head_name = folded(code), " ".join((head_name or "").split())
    errors: dict[str, Message] = {}
    if not township or not village:
        errors["village"] = CHOOSE_VILLAGE
    if not code and not head_name:
        errors["code"] = CODE_OR_HEAD
    if errors:
        raise FieldErrors(errors)
    h, s = Household.__table__.c, Seeker.__table__.c
    head = Seeker.__table__.alias("head")
    members = (select(func.count()).select_from(Seeker.__table__).where(s.household_id == h.id)
               .scalar_subquery())
    where = [h.township == township, h.village == village]
    where.append(h.code == code if code else head.c.name.contains(head_name, autoescape=True))
    rows = session.connection().execute(
        select(h.id, h.township, h.village, h.code, head.c.name, h.size, members)
        .select_from(Household.__table__.outerjoin(head, head.c.id == h.head_seeker_id))
        .where(*where).order_by(h.code).limit(LIMIT))
    found = [HouseholdChoice(household_id=r[0], township=r[1], village=r[2], code=r[3], head_name=r[4] or "",
                             size=r[5], members=r[6]) for r in rows]
    if not found:
        raise FieldErrors.one("code", NONE_FOUND)
    return found


@transactional
def join_at_desk(session: Session, *, staff_id: int, seeker_id: int, household_id: int | None, relation: str,
                 now: datetime | None = None) -> None:
    """The person joins the household with this relation to its head (FieldErrors on "household" and
    "relation"; the imports' `join_household` refuses a second head), audited."""
    worker = worker_of(session, staff_id)
    check = Checker()
    if household_id is None:
        check.add("household", CHOOSE_HOUSEHOLD)
    if relation not in RELATIONS:
        check.add("relation", CHOOSE_RELATION)
    check.raise_if_any()
    assert household_id is not None
    now = now or utcnow()
    join_household(session, seeker_id=seeker_id, household_id=household_id, relation=relation, staff_id=staff_id,
                   now=now)
    session.add(AuditEvent(at=now, actor=worker.username, action="desk_household_joined",
                           detail={"seeker_id": seeker_id, "household_id": household_id, "relation": relation}))
    session.flush()


__all__ = ["RELATIONS", "HouseholdChoice", "find_households", "join_at_desk"]
