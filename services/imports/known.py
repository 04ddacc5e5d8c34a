"""The people a list names who are registered already, and what a row would change of them.

Values are compared and recorded as staff are shown them: codes as stored (education "junior", an
intention "nearby"), yes/no for a yes-or-no answer, trades as their codes sorted and comma-joined, a
household as its village and code. No phone or ID number is ever a compared field: a person is found
by the keyed digest of their ID number and updated only from their own mobile (registration's rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from models import Household, Seeker, SeekerTrade
from services.imports.households import household_text
from services.imports.types import HouseholdLine
from services.registration.forms import GROUP_FIELDS, PROFILE_GROUPS, RegistrationDraft, split_groups

CHUNK = 500
IDENTITY = ("name", "township", "village")
HOUSEHOLD_FIELDS = ("household", "household_relation")


@dataclass(frozen=True)
class Known:
    seeker_id: int
    phone_hmac: str
    values: dict[str, str | None]  # field -> value as shown
    answered: frozenset[str]
    household: str | None  # household_text of the household, None: none
    relation: str | None
    sealed: tuple[str, str]  # id_enc, phone_enc as stored (an update need not encrypt them again)


def shown(value: Any) -> str | None:
    if type(value) is str:
        return value
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple | list | set | frozenset):
        return ",".join(sorted(value))
    return str(value)


def read_known(conn: Connection, id_hmacs: list[str]) -> dict[str, Known]:
    """The registered people among these ID digests (one read per few hundred), with their trades."""
    s, h, t = Seeker.__table__.c, Household.__table__, SeekerTrade.__table__.c
    profile = [s[f] for g in PROFILE_GROUPS for f in GROUP_FIELDS[g] if f != "trades"]
    rows: dict[str, tuple[Any, ...]] = {}
    for start in range(0, len(id_hmacs), CHUNK):
        part = id_hmacs[start:start + CHUNK]
        stmt = (select(s.id_hmac, s.id, s.phone_hmac, s.id_enc, s.phone_enc, s.profile_answered, s.household_relation,
                       h.c.village, h.c.code, *(s[f] for f in IDENTITY), *profile)
                .select_from(Seeker.__table__.outerjoin(h, h.c.id == s.household_id)).where(s.id_hmac.in_(part)))
        rows.update((r[0], tuple(r[1:])) for r in conn.execute(stmt))
    trades: dict[int, list[str]] = {}
    ids = [r[0] for r in rows.values()]
    for start in range(0, len(ids), CHUNK):
        for sid, trade in conn.execute(select(t.seeker_id, t.trade).where(t.seeker_id.in_(ids[start:start + CHUNK]))):
            trades.setdefault(sid, []).append(trade)
    names = [*IDENTITY, *(str(c.name) for c in profile)]
    known = {}
    for id_hmac, (sid, phone_hmac, id_enc, phone_enc, answered, relation, h_village, h_code, *values) in rows.items():
        shown_values = {n: shown(v) for n, v in zip(names, values, strict=True)}
        shown_values["trades"] = shown(trades.get(sid, []))
        known[id_hmac] = Known(seeker_id=sid, phone_hmac=phone_hmac, values=shown_values,
                               answered=split_groups(answered), relation=relation, sealed=(id_enc, phone_enc),
                               household=household_text(h_village, h_code) if h_code is not None else None)
    return known


def draft_fields(draft: RegistrationDraft) -> dict[str, str | None]:
    """The fields a draft saves (identity and the groups it answers), as shown."""
    out = {f: shown(getattr(draft, f)) for f in IDENTITY}
    for group in PROFILE_GROUPS:
        if group in draft.answered:
            out.update((f, shown(getattr(draft, f))) for f in GROUP_FIELDS[group])
    return out


def changes(known: Known, draft: RegistrationDraft) -> tuple[list[tuple[str, str | None, str | None]], bool]:
    """(field, old, new) for each field the draft changes, and whether the person's row must be written
    (a value changed, or a group answered for the first time)."""
    out = []
    for name, new in draft_fields(draft).items():
        group = next((g for g in PROFILE_GROUPS if name in GROUP_FIELDS[g]), None)
        old = known.values.get(name) if group is None or group in known.answered else None
        if old != new:
            out.append((name, old, new))
    return out, bool(out) or not draft.answered <= known.answered


def household_changes(known: Known | None, draft: RegistrationDraft, line: HouseholdLine | None
                      ) -> list[tuple[str, str | None, str | None]]:
    """The household and relation a row's household line gives, where they differ from the person's."""
    if line is None or not line.code:
        return []
    new = (household_text(draft.village, line.code), line.relation or None)
    old = (known.household, known.relation) if known is not None else (None, None)
    return [(n, o, v) for n, o, v in zip(HOUSEHOLD_FIELDS, old, new, strict=True) if o != v]
