"""The people panel and "profiles incomplete" over every seeker, read from the summaries (models/summary.py
`SummaryProfile`, kept by services/summaries/profiles.py; docs/ROLLUPS.md "People panel").

The same figures as people.py's base-table SQL (the reference, compared by the tests and by
`rebuild-summaries --verify`): each breakdown is its own counters; the age bands, which move every day, are
sums of birth ranges: whole months from the "age_month" counters, and the four months that hold a band's
boundary today from the "age_day" counters (their days, a few hundred rows in all). Codes outside the known lists are
counted under their own code, as the GROUP BY reading does (`unclassified` stays 0).
Filtered scopes (people with a matching check-in) still read the base tables.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from models import SummaryProfile
from services.reporting.dashboard.buckets import age_band_cutoffs
from services.reporting.dashboard.people import Profile

_cells = SummaryProfile.__table__
_DIMS = {"township": "by_township", "education": "education", "intention": "intention", "poor": "poor"}


def _month_end(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _band(birth: date, cuts: list[date]) -> int:
    return next((i for i, cut in enumerate(cuts) if birth > cut), len(cuts))


def profile(conn: Connection, today: date) -> Profile:
    c = _cells.c
    cuts = age_band_cutoffs(today)
    split = sorted({cut.replace(day=1) for cut in cuts})  # months a boundary falls in: counted by day
    found = Profile()
    genders: set[str] = set()
    for dim, value, birth, n in conn.execute(select(c.dim, c.value, c.birth, c.n).where(  # index ranges
            c.dim.in_(["total", "age_month", *_DIMS]), c.n != 0)):
        if dim == "total":
            found.total = n
        elif dim == "age_month":
            genders.add(value)
            if birth not in split:
                found.age_gender[(_band(birth, cuts), value)] += n
        else:
            getattr(found, _DIMS[dim])[value] += n
    if genders:  # the days of those months, per gender: index look-ups, a few hundred rows
        dates = [m + timedelta(days=i) for m in split for i in range((_month_end(m) - m).days)]
        for gender, birth, n in conn.execute(select(c.value, c.birth, c.n).where(
                c.dim == "age_day", c.value.in_(sorted(genders)), c.birth.in_(dates), c.n != 0)):
            found.age_gender[(_band(birth, cuts), gender)] += n
    return found


def incomplete(conn: Connection) -> int:
    c = _cells.c
    return conn.execute(select(func.coalesce(func.sum(c.n), 0)).where(c.dim == "incomplete")).scalar_one()
