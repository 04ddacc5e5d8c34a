"""Retention's counters (models/retention_count.py, docs/ROLLUPS.md "Retention counters"): kept, folded, rebuilt.

`visit_select(ids)` is the reference for `summary_retention_visit`: the k-month visits retention counts
(follow_up JOIN hire_fact: month set, not cancelled, the hire active), with the keys they are counted under.
`events(v)` is the one rule that turns such a row into changes by day (reporting/dashboard/retention.py
defines the columns):

* "reached" +1 on its due date;
* a done visit: its outcome's column +1 on its due date (unreachable: "lost");
* a visit still scheduled: "pending" +1 from its due date (or its window's opening, if later) to the day its
  window closes, then −1; "lost" +1 from the day after the window closes.

Summed over the days up to `today`, the rows give exactly what the base tables give on `today`, whatever day
it is: no job is needed for the figures to stay right as the days pass.

* `refresh(conn, hire_ids)` — in the transaction of every write that refreshes the hires' facts
  (summaries/hire_facts.py `refresh` and `refresh_for_seekers`, after them): the hires' visit rows as stored
  and as they are now; for each visit that differs, its old changes are subtracted and its new ones added
  (PostgreSQL: the caller has written the hires' fact rows, so a second writer of the same hire waits for
  this transaction and then reads what it stored). Counter rows are written in key order.
* `fold(conn)` — daily (`refresh-households`): the rows of the days before yesterday become one row per key
  (day `FOLDED`), so a reader sums a few rows per key. It changes no figure.
* `rebuild(conn)` / `verify(conn)` — `rebuild-summaries [--verify]`, migration 0037.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from time import perf_counter
from typing import Any

from sqlalchemy import and_, case, delete, func, insert, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.sql.selectable import Select

from models import FOLDED, FollowUp, HireFact, Outcome, RetentionCount, RetentionVisit, VisitStatus
from services.core.clock import local_today
from services.core.i18n import N_
from services.summaries.compare import SAMPLE, both_ways, counters_both_ways

TABLE, VISITS = "summary_retention", "summary_retention_visit"
CHUNK = 500
COUNTS = ("reached", "working", "changed_job", "returned", "dispute", "lost", "pending")
KEYS = ("township", "breakdown", "k1", "k2", "month", "day")
_INDEX = {name: i for i, name in enumerate(COUNTS)}
_COLUMN_OF = {Outcome.WORKING: "working", Outcome.CHANGED_JOB: "changed_job", Outcome.RETURNED: "returned",
              Outcome.DISPUTE: "dispute", Outcome.UNREACHABLE: "lost"}
SCHEDULED = "scheduled"
FOLD_LAG = timedelta(days=2)  # fold only days every zone has left behind (a changed PORTAL_TIMEZONE)
_t, _v = RetentionCount.__table__, RetentionVisit.__table__
VISIT_COLUMNS = tuple(c.name for c in _v.c)
_DAY = timedelta(days=1)
Cells = dict[tuple[Any, ...], list[int]]


def visit_select(hire_ids: list[int] | None = None) -> Select[Any]:
    """The visit rows retention counts now (`hire_ids`: those hires' only), in the order of VISIT_COLUMNS."""
    f, h = FollowUp.__table__.c, HireFact.__table__.c
    state = case((f.status == VisitStatus.SCHEDULED, SCHEDULED), else_=func.coalesce(f.outcome, ""))
    values = {"follow_up_id": f.id, "hire_id": f.hire_id, "month": f.month, "township": h.township,
              "employer_id": h.employer_id, "province": h.province, "city": h.city, "trade": h.trade,
              "fair_id": h.fair_id, "due_date": f.due_date, "window_opens": f.window_opens,
              "window_closes": f.window_closes, "state": state}
    stmt = (select(*(values[c].label(c) for c in VISIT_COLUMNS))
            .select_from(FollowUp.__table__.join(HireFact.__table__, h.hire_id == f.hire_id))
            .where(f.month.is_not(None), f.status != VisitStatus.CANCELLED, h.active.is_(True)))
    return stmt if hire_ids is None else stmt.where(f.hire_id.in_(hire_ids))


def events(v: Any) -> list[tuple[date, str, int]]:
    """The visit's changes to retention's columns: (day, column, +1 or −1)."""
    out = [(v.due_date, "reached", 1)]
    if v.state == SCHEDULED:
        start, after = max(v.due_date, v.window_opens), v.window_closes + _DAY
        if start < after:
            out += [(start, "pending", 1), (after, "pending", -1)]
        out.append((max(v.due_date, after), "lost", 1))
    elif v.state in _COLUMN_OF:
        out.append((v.due_date, _COLUMN_OF[v.state], 1))
    return out


def _cells(v: Any) -> list[tuple[str, str, str]]:
    """(breakdown, k1, k2) of each figure the visit counts in: the overall one and one per breakdown."""
    return [("", "", ""), ("employer", str(v.employer_id), ""), ("destination", v.province, v.city),
            ("trade", v.trade, ""), ("township", v.township, ""),
            ("fair", "" if v.fair_id is None else str(v.fair_id), "")]


def add(cells: Cells, v: Any, sign: int, folded_through: date | None = None) -> None:
    """Add (`sign` 1) or take away (−1) the visit's changes; days up to `folded_through` land on FOLDED."""
    for day, column, n in events(v):
        if folded_through is not None and day <= folded_through:
            day = FOLDED
        for breakdown, k1, k2 in _cells(v):
            key = (v.township, breakdown, k1, k2, v.month, day)
            cells.setdefault(key, [0] * len(COUNTS))[_INDEX[column]] += sign * n


def _rows(cells: Cells) -> list[dict[str, Any]]:
    """The counter rows of `cells` (those not all 0), in key order."""
    return [{**dict(zip(KEYS, key, strict=True)), **dict(zip(COUNTS, n, strict=True))}
            for key, n in sorted(cells.items()) if any(n)]


def _summed(conn: Connection, keys: list[Any], *where: Any) -> Cells:
    """The stored counters summed per `keys` (the rows `where` says), those not all 0."""
    found = conn.execute(select(*keys, *(func.sum(_t.c[c]) for c in COUNTS)).where(*where).group_by(*keys))
    cells = {tuple(row[:len(keys)]): [int(n) for n in row[len(keys):]] for row in found}
    return {key: n for key, n in cells.items() if any(n)}


def _apply(conn: Connection, cells: Cells) -> None:
    """Add the changes to the stored counters, in key order (concurrent writers lock rows in one order)."""
    rows = _rows(cells)
    if not rows:
        return
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(_t)
    conn.execute(stmt.on_conflict_do_update(index_elements=list(KEYS),
                                            set_={c: _t.c[c] + stmt.excluded[c] for c in COUNTS}), rows)


def refresh(conn: Connection, hire_ids: Iterable[int]) -> None:
    """Store these hires' visit rows as the base tables say now and move the counters by the difference."""
    ids = sorted(set(hire_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        old = {r.follow_up_id: r for r in conn.execute(select(_v).where(_v.c.hire_id.in_(chunk)))}
        new = {r.follow_up_id: r for r in conn.execute(visit_select(chunk))}
        changed = sorted(fid for fid in old.keys() | new.keys()
                         if fid not in old or fid not in new or tuple(old[fid]) != tuple(new[fid]))
        if not changed:
            continue
        cells: Cells = {}
        for fid in changed:
            if fid in old:
                add(cells, old[fid], -1)
            if fid in new:
                add(cells, new[fid], 1)
        conn.execute(delete(_v).where(_v.c.follow_up_id.in_([fid for fid in changed if fid in old])))
        fresh = [r._asdict() for fid, r in new.items() if fid in changed]
        if fresh:
            conn.execute(insert(_v), fresh)
        _apply(conn, cells)


def _stored_zero() -> Any:
    return and_(*(_t.c[c] == 0 for c in COUNTS))


def fold(conn: Connection, *, today: date | None = None) -> int:
    """The rows of the days up to two days ago become one row per key (day FOLDED); rows at 0 go. Returns
    how many keys were folded. PostgreSQL: writers wait the moment it takes (no change is folded twice or lost)."""
    through = (today or local_today()) - FOLD_LAG
    if conn.dialect.name == "postgresql":
        conn.execute(text(f"LOCK TABLE {TABLE} IN SHARE ROW EXCLUSIVE MODE"))
    span = and_(_t.c.day > FOLDED, _t.c.day <= through)
    found = _summed(conn, [_t.c[k] for k in KEYS[:-1]], span)
    conn.execute(delete(_t).where(span))
    _apply(conn, {(*key, FOLDED): n for key, n in found.items()})
    conn.execute(delete(_t).where(_stored_zero()))
    return len(found)


def _recount(conn: Connection, visits: Select[Any], through: date) -> Cells:
    """The counters of these visit rows, the days up to `through` folded."""
    cells: Cells = {}
    for v in conn.execute(visits):
        add(cells, v, 1, through)
    return {key: n for key, n in cells.items() if any(n)}


def rebuild(conn: Connection, *, today: date | None = None, progress: Any = lambda _line: None) -> int:
    """Every visit row and counter from the base tables, the past days already folded."""
    t0 = perf_counter()
    conn.execute(delete(_t))
    conn.execute(delete(_v))
    conn.execute(insert(_v).from_select(list(VISIT_COLUMNS), visit_select()))
    rows = _rows(_recount(conn, select(_v), (today or local_today()) - FOLD_LAG))  # the rows just stored
    for start in range(0, len(rows), 5000):
        conn.execute(insert(_t), rows[start:start + 5000])
    visits = conn.execute(select(func.count()).select_from(_v)).scalar_one()
    progress((N_("retention: {visits} visits, {n} counters ({seconds} s)"),
              {"visits": f"{visits:,}", "n": f"{len(rows):,}", "seconds": f"{perf_counter() - t0:.1f}"}))
    return len(rows)


def verify(conn: Connection, *, today: date | None = None
           ) -> dict[str, tuple[tuple[int, int], list[tuple], list[tuple]]]:
    """The visit rows and the counters against a recount (a counter's days up to the fold taken as one)."""
    through = (today or local_today()) - FOLD_LAG
    found = {VISITS: both_ways(conn, visit_select(), select(*_v.c))}
    day = case((_t.c.day <= through, FOLDED), else_=_t.c.day)
    stored = _summed(conn, [*(_t.c[k] for k in KEYS[:-1]), day])
    missing, unexpected = counters_both_ways(_recount(conn, visit_select(), through), stored)
    found[TABLE] = ((len(missing), len(unexpected)), missing[:SAMPLE], unexpected[:SAMPLE])
    return found
