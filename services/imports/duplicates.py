"""The same person twice: in the file (the same ID number on two rows), already registered (the ID
number's keyed digest, one query per thousand rows), and likely the same without the same ID number
(same village, same birth date, names that sound the same: 张伟 / 张玮), in the file and in the database.

Already registered with the same mobile is an update (`existing_seeker_id`), not a problem; with another
mobile it needs review (blocking: staff check the ID card, as for a claim from the registration page).
A likely duplicate is a warning: the row can still be saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import and_, or_
from sqlmodel import Session, col

from models import Seeker
from services.core.clock import local_zone
from services.core.crypto import Vault
from services.core.db import select_wide
from services.imports import messages as m
from services.imports.row_rules import RowFacts
from services.imports.types import CheckedRow, Message, Problem, ProblemKind
from services.places.pinyin import village_pinyin
from services.registration.tickets import mask_name

CHUNK = 1000  # values per IN (…): well below SQLite's and PostgreSQL's limits on parameters
T = TypeVar("T")
Sound = tuple[str, str, date, str]  # township, village, birth date, the name's pinyin


def _chunks(values: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _problem(row: CheckedRow, header: dict[str, str], field: str, kind: ProblemKind, message: Message,
             expected: Message, blocking: bool = True) -> None:
    row.problems.append(Problem(row.row, header[field], field, row.raw.get(field, ""), kind, message, expected,
                                blocking))


def _day(at: datetime) -> str:
    return at.astimezone(local_zone()).date().isoformat()


def sound_of(facts: RowFacts) -> Sound | None:
    """What a likely duplicate shares: township, village, birth date and the name's pinyin."""
    if facts.resident_id is None or facts.name is None or facts.village is None or facts.township is None:
        return None
    return facts.township, facts.village, facts.resident_id.birth_date, name_sound(facts.name)


@lru_cache(maxsize=65536)  # a village has a few hundred names, a county list repeats them
def name_sound(name: str) -> str:
    return village_pinyin("".join(name.split()))


def in_file(rows: list[CheckedRow], facts: list[RowFacts], header: dict[str, str]) -> None:
    """The same ID number on two rows or more: each row names the others (blocking: keep one)."""
    by_number: dict[str, list[int]] = {}
    for i, f in enumerate(facts):
        if f.resident_id is not None:
            by_number.setdefault(f.resident_id.number, []).append(i)
    for members in by_number.values():
        if len(members) > 1:
            for i in members:
                others = [rows[k].row for k in members if k != i]
                _problem(rows[i], header, "id_number", ProblemKind.DUPLICATE_IN_FILE,
                         (m.DUPLICATE_ROWS, {"rows": m.rows_text(others)}), m.EXPECTED_ONCE)


def registered(session: Session, vault: Vault, rows: list[CheckedRow], facts: list[RowFacts],
               header: dict[str, str]) -> dict[int, str]:
    """Rows whose ID number is registered: the same mobile sets `existing_seeker_id` (an update), another
    mobile is a blocking problem. Returns row index -> the ID number's digest, for the likely duplicates."""
    digests = {i: vault.digest("id", f.resident_id.number) for i, f in enumerate(facts) if f.resident_id}
    found: dict[str, Any] = {}
    wanted = sorted(set(digests.values()))
    for chunk in _chunks(wanted):
        statement = select_wide(Seeker.id, Seeker.id_hmac, Seeker.phone_hmac, Seeker.name, Seeker.village,
                                Seeker.created_at).where(col(Seeker.id_hmac).in_(chunk))
        result: Iterable[Any] = session.exec(statement)
        found.update({s.id_hmac: s for s in result})
    for i, digest in digests.items():
        seeker, phone = found.get(digest), facts[i].phone
        if seeker is None or phone is None:
            continue
        if vault.digest("phone", phone) == seeker.phone_hmac:
            rows[i].existing_seeker_id = seeker.id
        else:
            values = {"name": mask_name(seeker.name), "village": seeker.village, "date": _day(seeker.created_at)}
            _problem(rows[i], header, "id_number", ProblemKind.REGISTERED_OTHER_PHONE,
                     (m.REGISTERED_OTHER_PHONE, values), m.EXPECTED_REVIEW)
    return digests


def likely(session: Session, rows: list[CheckedRow], facts: list[RowFacts], digests: dict[int, str],
           header: dict[str, str]) -> None:
    """Warnings for rows that sound like another person of the same village and birth date: another row
    of the file with another ID number, or someone registered."""
    sounds = {i: s for i, f in enumerate(facts) if (s := sound_of(f)) is not None}
    by_sound: dict[Sound, list[int]] = {}
    for i, s in sounds.items():
        by_sound.setdefault(s, []).append(i)
    for members in by_sound.values():
        for i in members:
            others = [k for k in members if digests.get(k) != digests.get(i)]
            if others:
                names = "、".join(dict.fromkeys(facts[k].name or "" for k in [i, *others]))
                values = {"rows": m.rows_text([rows[k].row for k in others]), "names": names}
                _problem(rows[i], header, "name", ProblemKind.LIKELY_DUPLICATE, (m.LIKELY_IN_FILE, values),
                         m.EXPECTED_TWO_PEOPLE, blocking=False)
    for seeker in _registered_like(session, by_sound):
        key = (seeker.township, seeker.village, seeker.birth_date, name_sound(seeker.name))
        for i in by_sound.get(key, ()):
            if digests.get(i) != seeker.id_hmac:
                values = {"name": mask_name(seeker.name), "date": _day(seeker.created_at)}
                _problem(rows[i], header, "name", ProblemKind.LIKELY_DUPLICATE, (m.LIKELY_REGISTERED, values),
                         m.EXPECTED_TWO_PEOPLE, blocking=False)


def _registered_like(session: Session, sounds: Iterable[Sound]) -> Iterator[Any]:
    """The registered people of the file's (township, village, birth date) triples, found in
    ix_seeker_village_birth (migration 0018): per village `township = ? AND village = ? AND birth_date IN (…)`,
    villages joined by OR, about a thousand birth dates per statement; the names are matched in Python.
    (Before 0018 the query took the townships, villages and the span of birth dates: a county-wide list read
    nearly every seeker. A row-value IN (…) is not used: SQLite scans the table for it.)"""
    births: dict[tuple[str, str], set[date]] = {}
    for township, village, birth, _name in sounds:
        births.setdefault((township, village), set()).add(birth)
    terms: list[Any] = []
    size = 0
    for (township, village), days in sorted(births.items()):
        ordered = sorted(days)
        for part in _chunks(ordered):
            terms.append(and_(col(Seeker.township) == township, col(Seeker.village) == village,
                              col(Seeker.birth_date).in_(part)))
            size += len(part)
            if size >= CHUNK:
                yield from _people_where(session, terms)
                terms, size = [], 0
    if terms:
        yield from _people_where(session, terms)


def _people_where(session: Session, terms: list[Any]) -> Iterator[Any]:
    statement = select_wide(Seeker.id, Seeker.id_hmac, Seeker.name, Seeker.township, Seeker.village,
                            Seeker.birth_date, Seeker.created_at).where(or_(*terms))
    found: Iterable[Any] = session.exec(statement)
    yield from found
