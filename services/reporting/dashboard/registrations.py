"""Panels on registrations: people today (new and returning), at this fair, per hour and per day,
and by registration point.

* today: people with a check-in on today's local date at the chosen place (the date filter
  does not apply). "New" among them: their first registration (seeker.created_at) is
  today; the others are returning.
* at this fair: people with a check-in at the chosen fair, or without one at the fair held
  today (open or planned, today within its dates) at the chosen place; on all its days.
* per hour: check-ins per local hour on the last day of the date filter (today without one;
  with a fair chosen and no dates, the fair's last day so far).
* per day: check-ins per local day in the date filter (the last 30 days without one, or the
  chosen fair's days so far; at most 366 days, the latest ones).
* by registration point: check-ins per fair and site in the date filter (without one, in
  the days of the per-day chart: recent activity, like it); "direct" are check-ins without
  a fair or site (shown without a place filter).

With `ctx.summaries` the figures are read from the summary tables (summarized.py); the base-table
SQL below is the reference they are checked against (tests, `rebuild-summaries --verify`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Integer, column, select, values
from sqlalchemy.engine import Connection

from services.reporting.dashboard import summarized
from services.reporting.dashboard.buckets import day_buckets, day_span, hour_buckets, in_span
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.counting import (
    checkin_table,
    checkins,
    count_seekers,
    counts_per_bucket,
    people,
    seeker_table,
)


@dataclass(frozen=True)
class Place:
    kind: str  # "fair", "site" or "direct"
    id: int | None
    name: str
    township: str = ""


def people_today(conn: Connection, ctx: Context) -> dict[str, object]:
    if ctx.summaries:
        n, new = summarized.people_today(conn, ctx)
        return {"people_today": n, "new_today": new}
    created, checked_in = seeker_table.c.created_at, checkin_table.c.created_at
    where, today_span = ctx.where, ctx.today_span
    n = conn.execute(people(where, *in_span(checked_in, today_span))).scalar_one()
    if not ctx.flt.placed:  # every seeker's first registration is a check-in at that same moment
        new = count_seekers(conn, None, *in_span(created, today_span))
    else:
        seen = select(checkin_table.c.seeker_id).where(*where, *in_span(checked_in, today_span))
        new = count_seekers(conn, None, *in_span(created, today_span), seeker_table.c.id.in_(seen))
    return {"people_today": n, "new_today": new}


def people_at_fair(conn: Connection, ctx: Context) -> dict[str, object]:
    fair = ctx.fair
    if ctx.summaries and (n := summarized.people_at_fair(conn, ctx)) is not None:
        return {"people_at_fair": n}
    n = None if fair is None else conn.execute(people([*ctx.where, checkin_table.c.fair_id == fair.id])).scalar_one()
    return {"people_at_fair": n}


def per_hour_and_day(conn: Connection, ctx: Context) -> dict[str, object]:
    first, last, zone, where = ctx.first, ctx.last, ctx.zone, ctx.where
    hours = hour_buckets(last, zone)
    if ctx.summaries:
        by_hour = summarized.checkins_per_hour(conn, ctx, last)
        by_day = summarized.checkins_per_day(conn, ctx, first, last)
        return {"per_hour": [(h, int(by_hour.get(i, 0))) for i, (h, _lo, _hi) in enumerate(hours)],
                "per_day": [(d, int(by_day.get(d, 0))) for d in (first + timedelta(days=i)
                                                                for i in range((last - first).days + 1))]}
    per_hour = counts_per_bucket(conn, where, [(lo, hi) for _h, lo, hi in hours])
    days = day_buckets(first, last - timedelta(days=1), zone)  # the last day is the sum of its hours
    per_day = [*counts_per_bucket(conn, where, [(lo, hi) for _d, lo, hi in days]), sum(per_hour)]
    return {"per_hour": list(zip((h for h, _lo, _hi in hours), per_hour, strict=True)),
            "per_day": list(zip([*(d for d, _lo, _hi in days), last], per_day, strict=True))}


def by_place(conn: Connection, ctx: Context) -> dict[str, object]:
    """Check-ins per fair and per site (one index range each), and the rest as "direct"."""
    flt, options, where = ctx.flt, ctx.options, ctx.where
    span = ctx.span or day_span(ctx.first, ctx.last, ctx.zone)

    def here(township: str) -> bool:
        return flt.township is None or township == flt.township

    fairs = [f for f in options.fairs if flt.fair_id in (None, f.id) and here(f.township)] \
        if flt.site_id is None else []
    sites = [s for s in options.sites if flt.site_id in (None, s.id) and here(s.township)] \
        if flt.fair_id is None else []
    out: list[tuple[Place, int]] = []
    if ctx.summaries:
        rows = summarized.checkins_by_place(conn, *ctx.place_days)
        for kind, items, at in (("fair", fairs, 0), ("site", sites, 1)):
            out += [(Place(kind, p.id, p.name, p.township), sum(n for k, n in rows.items() if k[at] == p.id))
                    for p in items]
        if not flt.placed:
            out.append((Place("direct", None, ""), sum(rows.values()) - sum(n for _p, n in out)))
        return {"by_place": [(p, n) for p, n in out if n]}
    when = in_span(checkin_table.c.created_at, span)
    for kind, items, col in (("fair", fairs, checkin_table.c.fair_id), ("site", sites, checkin_table.c.site_id)):
        if not items:
            continue
        v = values(column("pid", Integer), name=f"{kind}s").data([(p.id,) for p in items]).cte(f"{kind}s")
        counts = dict(conn.execute(select(v.c.pid, checkins([col == v.c.pid], *when).scalar_subquery())).all())
        out += [(Place(kind, p.id, p.name, p.township), counts[p.id]) for p in items]
    if not flt.placed:  # the rest came without a fair or site code
        total = conn.execute(checkins(where, *when)).scalar_one()
        out.append((Place("direct", None, ""), total - sum(n for _p, n in out)))
    return {"by_place": [(p, n) for p, n in out if n]}
