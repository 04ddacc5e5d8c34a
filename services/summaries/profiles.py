"""The people panel's summaries (`summary_profile`, `summary_profile_seeker`): the one helper every write that
adds a seeker or changes a counted attribute calls in its own transaction, and their recount.

Counted attributes: home township, gender, birth date, education, intention, registered-poor household and
whether the profile is complete (`registration.profile.profile_complete_sql`). `move(conn, seeker_ids)` reads
the seekers' rows as they are now (after the write, in its transaction) beside what the summaries count them as
(`summary_profile_seeker`), and for each person who differs takes -1 from the old cells and adds +1 to the new
ones (`n = n + excluded.n`), then stores the new values and moves the person in the cells of the places they
have been to (services/summaries/place_profiles.py). Callers need not know the old values, nor whether the
person is new, so the same call fits a registration, an import, a profile group, a repair or an undo.

Besides the panel's counters, `summary_profile` keeps the targets panel's registrations of a township: dim
"created", value the person's home township, birth the local day they were first registered (decided once, in the
county's zone), +1 when a person is first counted and moved with their township.

Concurrency: the write that changed a seeker holds its row (PostgreSQL), and `move` locks the rows it reads
(`FOR UPDATE OF seeker`), so two changes of one person run one after the other, the second reading the
first's stored values; SQLite serializes writers (BEGIN IMMEDIATE). Counter rows are upserted in sorted order.
A changed township or registered-poor answer also refreshes the person's hires' facts (summaries/hire_facts.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from models import Seeker, SummaryProfile, SummaryProfileSeeker
from models.summary import ALL_DAYS
from services.core.clock import local_zone
from services.registration.forms import PROFILE_GROUPS, join_groups
from services.summaries.days import day_table, local_day

NOT_ANSWERED = "not_answered"  # the value of a NULL answer (reporting.dashboard.people.NOT_ANSWERED)
COMPLETE = join_groups(frozenset(PROFILE_GROUPS))  # registration.profile.COMPLETE (not imported: no cycle)
ANSWERS = ("education", "intention", "poor")
CHUNK = 500
_seeker, _cells, _counted = Seeker.__table__, SummaryProfile.__table__, SummaryProfileSeeker.__table__
TABLE = _cells.name
ATTRS = ("township", "gender", "birth_date", "education", "intention", "poor_household")
Key = tuple[str, str, date, str | None, str | None, str | None, bool]  # ATTRS + complete
Cell = tuple[str, str, date]  # dim, value, birth
_NAMES = ("dim", "value", "birth")


def cells(key: Key) -> list[Cell]:
    """The counters one person is in."""
    township, gender, birth, education, intention, poor, complete = key
    found = [("total", "", ALL_DAYS), ("township", township, ALL_DAYS),
             ("age_month", gender, birth.replace(day=1)), ("age_day", gender, birth)]
    found += [(dim, NOT_ANSWERED if v is None else v, ALL_DAYS)
              for dim, v in zip(ANSWERS, (education, intention, poor), strict=True)]
    if not complete:
        found.append(("incomplete", "", ALL_DAYS))
    return found


def move(conn: Connection, seeker_ids: Iterable[int]) -> None:
    """Count these seekers as their rows are now (new ones added, changed ones moved), in the caller's
    transaction, after the write that changed them."""
    ids = sorted(set(seeker_ids))
    if not ids:
        return
    sql = _statements(conn.dialect.name)
    deltas: Counter[Cell] = Counter()
    stored: list[dict[str, object]] = []
    changes: dict[int, tuple[Key | None, Key]] = {}  # for the places they have a marker at (place_profiles.py)
    hired_as: list[int] = []  # people whose township or registered-poor answer the hire facts hold changed
    zone = local_zone()
    for start in range(0, len(ids), CHUNK):
        for row in conn.execute(sql.read, {"ids": ids[start:start + CHUNK]}):
            new: Key = (*row[1:7], bool(row[7]))
            old: Key | None = None if row[8] is None else (*row[9:15], bool(row[15]))
            if new == old:
                continue
            if old is None or (old[0], old[5]) != (new[0], new[5]):
                hired_as.append(row[0])
            shift(deltas, (), old, new)
            if old is None or old[0] != new[0]:  # first counted, or another township: the registrations target's
                deltas[("created", new[0], local_day(row[16], zone))] += 1
                if old is not None:
                    deltas[("created", old[0], local_day(row[16], zone))] -= 1
            stored.append(dict(zip(("seeker_id", *ATTRS, "complete"), (row[0], *new), strict=True)))
            changes[row[0]] = (old, new)
    for start in range(0, len(stored), CHUNK):
        conn.execute(sql.counted, stored[start:start + CHUNK])
    bump(conn, sql.cells, _NAMES, deltas)
    if changes:  # after the store above: a concurrent new marker has waited for it, or is seen (place_profiles.py)
        from services.summaries import latest_profiles, place_profiles, town_profiles

        place_profiles.moved(conn, changes)
        town_profiles.moved(conn, changes)
        latest_profiles.moved(conn, changes)
    if hired_as:
        from services.summaries.hire_facts import refresh_for_seekers  # their hires' rows (docs/ROLLUPS.md)

        refresh_for_seekers(conn, hired_as)


def add(conn: Connection, people: Sequence[Mapping[str, object]]) -> None:
    """Count people whose seeker rows this transaction has just inserted (`people`: their ids as `seeker_id`
    and their values as the insert wrote them): one insert of their stored values (ON CONFLICT DO NOTHING …
    RETURNING) and one of the counters, no read. One already counted (a repeated submission) is `move`d. They have
no check-in recorded yet (register.py counts the person first), so no place's cells (place_profiles.py)."""
    if not people:
        return
    sql = _statements(conn.dialect.name)
    rows = [{"seeker_id": p["seeker_id"], **{a: p[a] for a in ATTRS}, "complete": p["profile_answered"] == COMPLETE}
            for p in people]
    added: set[int] = set()
    for start in range(0, len(rows), CHUNK):
        added.update(conn.execute(sql.add, rows[start:start + CHUNK]).scalars())
    deltas: Counter[Cell] = Counter()
    zone = local_zone()
    for row, person in zip(rows, people, strict=True):
        if row["seeker_id"] in added:
            shift(deltas, (), None, tuple(row[a] for a in (*ATTRS, "complete")))  # type: ignore[arg-type]
            deltas[("created", str(row["township"]), local_day(person["created_at"], zone))] += 1  # type: ignore[arg-type]
    bump(conn, sql.cells, _NAMES, deltas)
    move(conn, [int(str(r["seeker_id"])) for r in rows if r["seeker_id"] not in added])


def shift(deltas: Counter[Any], where: tuple[Any, ...], old: Key | None, new: Key | None) -> None:
    """One person's move, in the cells under `where` (a place, a township, a day; () for the whole county): out
    of those of `old` (None: not counted there before), into those of `new` (None: no longer counted there)."""
    if new is not None:
        deltas.update((*where, *cell) for cell in cells(new))
    if old is not None:
        deltas.subtract((*where, *cell) for cell in cells(old))


def bump(conn: Connection, upsert: Any, names: Sequence[str], deltas: Counter[Any]) -> None:
    """Add each non-zero delta to its counter: `upsert` adds the row's `n`, `names` name the columns of a cell.
    In key order, so that two transactions take the counters' row locks in the same order."""
    rows = [{**dict(zip(names, cell, strict=True)), "n": n} for cell, n in sorted(deltas.items()) if n]
    for start in range(0, len(rows), CHUNK):
        conn.execute(upsert, rows[start:start + CHUNK])


class _Statements:
    def __init__(self, dialect: str):
        s, k = _seeker.c, _counted.c
        read = select(s.id, *(s[a] for a in ATTRS), s.profile_answered == COMPLETE,
                      k.seeker_id, *(k[a] for a in ATTRS), k.complete, s.created_at).select_from(
            _seeker.outerjoin(_counted, k.seeker_id == s.id)).where(
            s.id.in_(bindparam("ids", expanding=True))).order_by(s.id)
        self.read = read.with_for_update(of=_seeker) if dialect == "postgresql" else read
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        up = insert(_cells)
        self.cells = up.on_conflict_do_update(index_elements=["dim", "value", "birth"],
                                              set_={"n": _cells.c.n + up.excluded.n})
        self.add = insert(_counted).on_conflict_do_nothing(index_elements=["seeker_id"]).returning(
            _counted.c.seeker_id)
        keep = insert(_counted)
        self.counted = keep.on_conflict_do_update(
            index_elements=["seeker_id"], set_={a: keep.excluded[a] for a in (*ATTRS, "complete")})


@lru_cache(maxsize=4)
def _statements(dialect: str) -> _Statements:
    """Built once per dialect (building them anew costs more than running them); writes run as executemany."""
    return _Statements(dialect)


# --- the recount (rebuild-summaries, migration 0027, --verify) ------------------------------------------


def recount(conn: Connection, zone: ZoneInfo | None = None) -> dict[Cell, int]:
    """Every counter from the seeker table (the base-table reference): a few GROUP BYs, days summed to
    months in Python (no dialect's date functions); the "created" days from a table of local days."""
    s = _seeker.c
    found: Counter[Cell] = Counter()
    total = conn.execute(select(func.count()).select_from(_seeker)).scalar_one()
    incomplete = conn.execute(select(func.count()).select_from(_seeker)
                              .where(s.profile_answered != COMPLETE)).scalar_one()
    found[("total", "", ALL_DAYS)] += total
    found[("incomplete", "", ALL_DAYS)] += incomplete
    for dim, column in (("township", s.township), ("education", s.education), ("intention", s.intention),
                        ("poor", s.poor_household)):
        for value, n in conn.execute(select(column, func.count()).group_by(column)):
            found[(dim, NOT_ANSWERED if value is None else value, ALL_DAYS)] += n
    for gender, birth, n in conn.execute(select(s.gender, s.birth_date, func.count())
                                         .group_by(s.gender, s.birth_date)):
        found[("age_day", gender, birth)] += n
        found[("age_month", gender, birth.replace(day=1))] += n
    found.update(created_cells(conn, zone or local_zone()))
    return {cell: n for cell, n in found.items() if n}


def created_cells(conn: Connection, zone: ZoneInfo) -> Counter[Cell]:
    """("created", township, local day) -> the seekers of the township first registered that day."""
    s = _seeker.c
    lo, hi = conn.execute(select(func.min(s.created_at), func.max(s.created_at))).one()
    found: Counter[Cell] = Counter()
    if lo is None:
        return found
    days = day_table(conn, "rb_created_day", local_day(lo, zone), local_day(hi, zone), zone)
    for township, day, n in conn.execute(select(s.township, days.c.day, func.count()).select_from(
            days.join(_seeker, and_(s.created_at >= days.c.lo, s.created_at < days.c.hi)))
            .group_by(s.township, days.c.day)):
        found[("created", township, day)] += n
    days.drop(conn)
    return found


def stored(conn: Connection) -> dict[Cell, int]:
    c = _cells.c
    return {(d, v, b): n for d, v, b, n in conn.execute(select(c.dim, c.value, c.birth, c.n).where(c.n != 0))}


def rebuild_profiles(conn: Connection, zone: ZoneInfo | None = None) -> tuple[int, int]:
    """Replace both tables by a recount (in the caller's transaction): (people, counters)."""
    conn.execute(delete(_cells))
    conn.execute(delete(_counted))
    s = _seeker.c
    people = conn.execute(_counted.insert().from_select(
        ["seeker_id", *ATTRS, "complete"],
        select(s.id, *(s[a] for a in ATTRS), s.profile_answered == COMPLETE))).rowcount
    rows = [{"dim": d, "value": v, "birth": b, "n": n} for (d, v, b), n in sorted(recount(conn, zone).items())]
    for start in range(0, len(rows), CHUNK * 4):
        conn.execute(_cells.insert(), rows[start:start + CHUNK * 4])
    return people, len(rows)


def counted_differences(conn: Connection, sample: int) -> tuple[int, int, list[tuple], list[tuple]]:
    """People counted with other values than their rows hold, both ways: (missing, unexpected, samples…)."""
    s, k = _seeker.c, _counted.c
    mine = select(s.id, *(s[a] for a in ATTRS), s.profile_answered == COMPLETE)
    theirs = select(k.seeker_id, *(k[a] for a in ATTRS), k.complete)
    a, b = mine.except_(theirs).subquery(), theirs.except_(mine).subquery()
    return (conn.execute(select(func.count()).select_from(a)).scalar_one(),
            conn.execute(select(func.count()).select_from(b)).scalar_one(),
            [tuple(r) for r in conn.execute(select(a).limit(sample))],
            [tuple(r) for r in conn.execute(select(b).limit(sample))])
