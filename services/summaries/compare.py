"""`verify`'s one comparison: a recount against the stored rows, both ways (EXCEPT), with samples."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

SAMPLE = 20  # differences returned at most, per direction


def counters_both_ways(recounted: dict[Any, Any], kept: dict[Any, Any]) -> tuple[list[tuple], list[tuple]]:
    """Counters (cell -> n, or a list of counts) that differ, both ways: (recounted rows not kept as such, kept
    rows not recounted as such), each (*cell, n), sorted."""
    return (sorted((*cell, n) for cell, n in recounted.items() if kept.get(cell) != n),
            sorted((*cell, n) for cell, n in kept.items() if recounted.get(cell) != n))


def both_ways(conn: Connection, mine: Any, theirs: Any) -> tuple[tuple[int, int], list[tuple], list[tuple]]:
    """((rows of `mine` not in `theirs`, rows of `theirs` not in `mine`), a sample of each)."""
    a, b = mine.except_(theirs).subquery(), theirs.except_(mine).subquery()
    counts = (conn.execute(select(func.count()).select_from(a)).scalar_one(),
              conn.execute(select(func.count()).select_from(b)).scalar_one())
    return (counts, [tuple(r) for r in conn.execute(select(a).limit(SAMPLE))],
            [tuple(r) for r in conn.execute(select(b).limit(SAMPLE))])
