"""SQL building blocks shared by the panels: counting check-ins, people and seekers.

Per-bucket counts are correlated `COUNT(*)` subqueries over a `VALUES` list of boundaries:
one statement, one index range per bucket, the same SQL on both backends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Integer, String, column, func, select, values
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import CTE, Select

from models import CheckIn, Seeker
from models.base import UTCDateTime

seeker_table = Seeker.__table__
checkin_table = CheckIn.__table__


def checkins(where: list[ColumnElement[bool]], *conds: ColumnElement[bool],
             count: ColumnElement[int] | None = None) -> Select[int]:
    """SELECT <count> FROM checkin WHERE <place conditions> AND <conds>."""
    return select(count if count is not None else func.count()).select_from(checkin_table).where(*where, *conds)


def people(where: list[ColumnElement[bool]], *conds: ColumnElement[bool]) -> Select[int]:
    """Distinct people with a check-in matching the conditions."""
    return checkins(where, *conds, count=func.count(checkin_table.c.seeker_id.distinct()))


def count_seekers(conn: Connection, township: str | None, *conds: ColumnElement[bool]) -> int:
    stmt = select(func.count()).select_from(seeker_table).where(*conds)
    if township is not None:
        stmt = stmt.where(seeker_table.c.township == township)
    return conn.execute(stmt).scalar_one()


def counts_per_bucket(conn: Connection, where: list[ColumnElement[bool]], spans: Sequence[tuple[datetime, datetime]],
                      ) -> list[int]:
    """Check-ins in each [lo, hi) span: one correlated index-range COUNT per VALUES row."""
    if not spans:
        return []
    b = values(column("k", Integer), column("lo", UTCDateTime()), column("hi", UTCDateTime()),
               name="bucket").data([(i, lo, hi) for i, (lo, hi) in enumerate(spans)]).cte("bucket")
    at = checkin_table.c.created_at
    n = checkins(where, at >= b.c.lo, at < b.c.hi).scalar_subquery()
    rows: dict[int, int] = dict(conn.execute(select(b.c.k, n)).all())
    return [rows[i] for i in range(len(spans))]


def values_cte(name: str, items: Iterable[str | None]) -> CTE:
    """A one-column VALUES list as a CTE named `name`."""
    return values(column("v", String), name=name).data([(x,) for x in items]).cte(name)


def ranked(rows: Iterable[tuple], top: int) -> tuple[list[tuple], list[tuple]]:
    """Rows by their last value, most first (ties by the first value): the `top` ones and the rest."""
    ordered = sorted(rows, key=lambda r: (-r[-1], r[0]))
    return ordered[:top], ordered[top:]
