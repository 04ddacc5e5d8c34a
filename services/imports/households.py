"""Households from village lists, and joining one later.

A list's household lines (`HouseholdLine`: code, relation, size) become `Household` records: one per
code within a township and village, its head the member whose relation is "户主", its size as the
list says (the head's line first), its registered-poor flag the head's answer. Members point at it
(`seeker.household_id`, `seeker.household_relation`). A later registration joins a household with
`join_household` (one head per household; each change recorded in `seeker_change`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Connection
from sqlmodel import Session

from models import Household, Seeker, SeekerChange
from models.base import utcnow
from models.household import HEAD
from services.core.clock import local_zone
from services.core.db import transactional
from services.core.errors import FieldErrors, NotFound
from services.core.i18n import N_
from services.summaries.households import households_of_seekers, refresh_households

HouseholdKey = tuple[str, str, str]  # township, village, code
_Recorded = tuple[int, int | None, int | None, bool]  # id, head, size, poor flag
CHUNK = 500
NO_HOUSEHOLD = N_("This household does not exist (any more).")
NO_PERSON = N_("This person is not registered (any more).")
HEAD_TAKEN = N_("This household already has a head of household.")
RELATION_MISSING = N_("Please write the relation to the head of household.")
# The relations the template's drop-down and the desk's choice list offer (a list may write others), with
# the words staff read in English; stored as the Chinese word.
RELATION_LABELS: dict[str, str] = {
    HEAD: N_("Head of household"), "配偶": N_("Spouse"), "子": N_("Son"), "女": N_("Daughter"),
    "儿媳": N_("Daughter-in-law"), "女婿": N_("Son-in-law"), "孙子": N_("Grandson"), "孙女": N_("Granddaughter"),
    "父亲": N_("Father"), "母亲": N_("Mother"), "兄弟姐妹": N_("Brother or sister"), "其他": N_("Other"),
}
RELATIONS = tuple(RELATION_LABELS)


@dataclass(frozen=True)
class Member:
    """One saved row's place in a household."""

    seeker_id: int
    key: HouseholdKey
    relation: str
    size: int | None
    poor: bool  # this person's registered-poor answer ("yes")
    income: int | None = None  # the household's annual wage income as this line declares it (yuan)

    @property
    def head(self) -> bool:
        return self.relation == HEAD


def save_households(conn: Connection, members: list[Member], now: datetime) -> dict[HouseholdKey, int]:
    """Create the households these members name and not yet recorded; set head, size and poor flag from
    the members' lines (a household without its head in the list keeps the head it had). Returns their ids."""
    table = Household.__table__
    by_key: dict[HouseholdKey, list[Member]] = {}
    for m in members:
        by_key.setdefault(m.key, []).append(m)
    found = _households(conn, list(by_key))
    missing = [k for k in by_key if k not in found]
    if missing:
        conn.execute(insert(table), [{"township": t, "village": v, "code": c, "head_seeker_id": None, "size": None,
                                      "poor": False, "created_at": now, "updated_at": now} for t, v, c in missing])
        found.update(_households(conn, missing))
    changes = []
    for key, group in by_key.items():
        hid, head_before, size_before, poor_before = found[key]
        head = next((m for m in group if m.head), None)
        size = next((m.size for m in sorted(group, key=lambda m: not m.head) if m.size is not None), None)
        if head is not None and (head.seeker_id, head.poor) != (head_before, poor_before):
            changes.append({"hid": hid, "p_head": head.seeker_id, "p_size": None, "p_poor": head.poor, "p_now": now})
        if size is not None and size != size_before:
            changes.append({"hid": hid, "p_head": None, "p_size": size, "p_poor": None, "p_now": now})
    c = table.c
    _save_incomes(conn, by_key, found, now)
    heads = [x for x in changes if x["p_head"]]
    if heads:
        conn.execute(update(table).where(c.id == bindparam("hid")).values(
            head_seeker_id=bindparam("p_head"), poor=bindparam("p_poor"), updated_at=bindparam("p_now")), heads)
    sizes = [x for x in changes if x["p_size"] is not None]
    if sizes:
        conn.execute(update(table).where(c.id == bindparam("hid")).values(
            size=bindparam("p_size"), updated_at=bindparam("p_now")), sizes)
    ids = {k: v[0] for k, v in found.items()}
    refresh_households(conn, ids.values())  # new households get their status row (docs/ROLLUPS.md)
    return ids


def _save_incomes(conn: Connection, by_key: dict[HouseholdKey, list[Member]], found: dict[HouseholdKey, _Recorded],
                  now: datetime) -> None:
    """The list's annual wage income of each household (the head's line first), declared on the import's
    local date: the figure services/households/income_rule.py uses for that year."""
    declared = local_day(now)
    rows = []
    for key, group in by_key.items():
        income = next((m.income for m in sorted(group, key=lambda m: not m.head) if m.income is not None), None)
        if income is not None:
            rows.append({"hid": found[key][0], "p_income": income, "p_on": declared, "p_now": now})
    if rows:
        c = Household.__table__.c
        conn.execute(update(Household.__table__).where(c.id == bindparam("hid")).values(
            annual_wage_income=bindparam("p_income"), income_declared_on=bindparam("p_on"),
            updated_at=bindparam("p_now")), rows)


def local_day(instant: datetime) -> date:
    return instant.astimezone(local_zone()).date()


def _households(conn: Connection, keys: list[HouseholdKey]) -> dict[HouseholdKey, _Recorded]:
    """The recorded households among these keys: id, head, size, poor flag."""
    c = Household.__table__.c
    wanted = set(keys)
    codes = sorted({k[2] for k in keys})
    places = (c.township.in_({k[0] for k in keys}), c.village.in_({k[1] for k in keys}))  # codes repeat per village
    found: dict[HouseholdKey, _Recorded] = {}
    for start in range(0, len(codes), CHUNK):
        for hid, township, village, code, head, size, poor in conn.execute(
                select(c.id, c.township, c.village, c.code, c.head_seeker_id, c.size, c.poor)
                .where(*places, c.code.in_(codes[start:start + CHUNK]))):
            if (township, village, code) in wanted:
                found[(township, village, code)] = (hid, head, size, bool(poor))
    return found


def shown(household: Household | None) -> str | None:
    """A household as its members' change history shows it: the village and the list's code."""
    return None if household is None else household_text(household.village, household.code)


def household_text(village: str, code: str) -> str:
    return f"{village} {code}"


def link_members(conn: Connection, links: list[tuple[int, int, str]]) -> None:
    """Set each (seeker id, household id, relation)."""
    if not links:
        return
    s = Seeker.__table__
    before = households_of_seekers(conn, [sid for sid, _, _ in links])
    conn.execute(update(s).where(s.c.id == bindparam("sid")).values(
        household_id=bindparam("hid"), household_relation=bindparam("rel")),
        [{"sid": sid, "hid": hid, "rel": rel} for sid, hid, rel in links])
    refresh_households(conn, before | {hid for _, hid, _ in links})


@transactional
def join_household(session: Session, *, seeker_id: int, household_id: int, relation: str,
                   staff_id: int | None = None, now: datetime | None = None) -> None:
    """A registered person joins a household (or changes their relation in it); "户主" makes them its head,
    and the household's registered-poor flag follows theirs. A household has one head: another one
    already there refuses it (FieldErrors on "relation"). Each changed field is recorded."""
    now = now or utcnow()
    relation = " ".join((relation or "").split())
    if not relation:
        raise FieldErrors.one("relation", RELATION_MISSING)
    household = session.get(Household, household_id, with_for_update=True)
    if household is None:
        raise NotFound(NO_HOUSEHOLD)
    seeker = session.get(Seeker, seeker_id, with_for_update=True)
    if seeker is None:
        raise NotFound(NO_PERSON)
    if relation == HEAD and household.head_seeker_id not in (None, seeker_id):
        raise FieldErrors.one("relation", HEAD_TAKEN)
    old_household = session.get(Household, seeker.household_id) if seeker.household_id is not None else None
    for name, old, new in (("household", shown(old_household), shown(household)),
                           ("household_relation", seeker.household_relation, relation)):
        if old != new:
            session.add(SeekerChange(seeker_id=seeker_id, field=name, old=old, new=new, reason="household",
                                     staff_id=staff_id, at=now))
    if household.head_seeker_id == seeker_id and relation != HEAD:
        household.head_seeker_id = None  # the head became another member
    if relation == HEAD:
        household.head_seeker_id = seeker_id
        household.poor = seeker.poor_household == "yes"
    household.updated_at = now
    moved_from = seeker.household_id
    seeker.household_id = household_id
    seeker.household_relation = relation
    session.add_all([household, seeker])
    session.flush()
    refresh_households(session.connection(), [moved_from, household_id])
