"""The people panel: the people in the scope by home township, age band × gender, education,
employment intention and registered-poor household.

People (人数) are distinct job seekers: someone who registers twice counts once. Without
a filter the scope is every registered seeker; with one, the people with at least one
matching check-in. "By township" is where those people live (their home township), which
for a township's fairs is often elsewhere. Age bands at today's local date from the birth
date (the ID number's): 16–24 (everyone under 25: registration requires 16), 25–34,
35–44, 45–54, 55 and over.

A profile answer not given (NULL: the ticket comes first, issue 10) is its own bucket,
NOT_ANSWERED, in the education, intention and poor-household breakdowns: those people are
counted, so each breakdown adds up to the total.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Table, func, select, true
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import CTE

from models import SummaryProfileSeeker
from services.core.i18n import N_
from services.core.reference import EDUCATION_LEVELS, GENDERS, INTENTIONS, POOR_HOUSEHOLD
from services.reporting.dashboard.buckets import age_band_cutoffs, in_span
from services.reporting.dashboard.context import Context
from services.reporting.dashboard.counting import checkin_table, count_seekers, seeker_table, values_cte
from services.reporting.dashboard.tuning import profile_by_ranges

counted_table: Table = SummaryProfileSeeker.__table__  # what each person is counted as (summaries/profiles.py)
NOT_ANSWERED = "not_answered"  # the bucket of people who have not answered (NULL)

# Short chart labels (the registration form's wording is a whole sentence).
INTENTION_SHORT: dict[str, str] = {
    "go_out": N_("Go out to work"),
    "nearby": N_("Work nearby"),
    "either": N_("Either"),
}


@dataclass
class Profile:
    """People in the scope by home township, age band × gender, education, intention, poor household."""

    total: int = 0
    by_township: Counter = field(default_factory=Counter)
    age_gender: Counter = field(default_factory=Counter)  # (band index, gender) -> people
    education: Counter = field(default_factory=Counter)
    intention: Counter = field(default_factory=Counter)
    poor: Counter = field(default_factory=Counter)
    unclassified: int = 0  # people whose codes are outside the known lists (not in the charts)

    def add(self, township: str, gender: str, education: str | None, intention: str | None, poor: str | None,
            band: int, n: int) -> None:
        if not n:
            return
        self.by_township[township] += n
        self.age_gender[(band, gender)] += n
        self.education[NOT_ANSWERED if education is None else education] += n
        self.intention[NOT_ANSWERED if intention is None else intention] += n
        self.poor[NOT_ANSWERED if poor is None else poor] += n

    @property
    def poor_share(self) -> float | None:
        return 100.0 * self.poor["yes"] / self.total if self.total else None


def profile(conn: Connection, ctx: Context) -> dict[str, object]:
    from services.reporting.dashboard import people_summarized

    place = people_summarized.counters_scope(conn, ctx) if ctx.summaries else None
    if ctx.summaries and (place is not None or not ctx.flt.by_checkin):  # everyone, or one place: the summaries
        found = people_summarized.profile(conn, ctx.today, place)
    elif ctx.flt.by_checkin:  # the people with a matching check-in; their values from the narrow summary rows
        people = counted_table if ctx.summaries else seeker_table
        found = _profile_grouped(conn, [*ctx.where, *in_span(checkin_table.c.created_at, ctx.span)], ctx.today,
                                 people)
    elif profile_by_ranges(conn):
        found = _profile_by_ranges(conn, ctx.today)
    else:
        found = _profile_grouped(conn, None, ctx.today)
    return {"profile": found, "people_total": found.total}


def people_panel(conn: Connection, ctx: Context) -> dict[str, object]:
    """The people panel and "profiles incomplete" (completeness.py). With a place or date filter and the
    summaries read, one pass over the people with a matching check-in gives both (finding those people is
    most of the cost: 0.2–0.3 s for 200,000 people at 1M); otherwise (everyone, one fair, registration point or
    township, or a range of days up to the latest visit, with the summaries read: their counters) each is its own
    few statements."""
    from services.reporting.dashboard.people_summarized import counters_scope

    if ctx.summaries and ctx.flt.by_checkin and counters_scope(conn, ctx) is None:
        found, incomplete = _grouped(conn, [*ctx.where, *in_span(checkin_table.c.created_at, ctx.span)],
                                     ctx.today, counted_table, with_incomplete=True)
        return {"profile": found, "people_total": found.total, "incomplete_profiles": incomplete}
    from services.reporting.dashboard.completeness import incomplete as incomplete_profiles

    return {**profile(conn, ctx), **incomplete_profiles(conn, ctx)}


def _townships_cte() -> CTE:
    """Distinct home townships by a loose index scan: one index seek per township, not a full scan."""
    t = seeker_table.c.township
    towns = select(func.min(t).label("v")).cte("towns", recursive=True)
    towns = towns.union_all(select(select(func.min(t)).where(t > towns.c.v).scalar_subquery())
                            .where(towns.c.v.is_not(None)))
    return select(towns.c.v).where(towns.c.v.is_not(None)).cte("town")


def _age_bands(today: date, people: Table = seeker_table) -> list[ColumnElement]:
    """One condition on the birth date per age band."""
    b, cuts = people.c.birth_date, age_band_cutoffs(today)
    return [b > cuts[0], *((b <= hi) & (b > lo) for hi, lo in itertools.pairwise(cuts)), b <= cuts[-1]]


def _profile_by_ranges(conn: Connection, today: date) -> Profile:
    """Every seeker: one index-range count per cell of
    township × gender × education × intention × poor household × age band.

    The cells are a cross join of short lists (the townships found by a loose index scan,
    the known codes and NULL for the answers not given, matched with `IS`, which SQLite
    also walks as an index range), so the statement stays small; codes outside the lists
    are counted as `unclassified` (the total is counted separately).
    """
    s = seeker_table.c
    total = count_seekers(conn, None)
    found = Profile(total=total)
    if not total:
        return found
    towns = _townships_cte()
    dims = [towns, values_cte("genders", GENDERS), values_cte("levels", [*EDUCATION_LEVELS, None]),
            values_cte("intentions", [*INTENTIONS, None]), values_cte("poor", [*POOR_HOUSEHOLD, None])]
    cells = select(*(d.c[0] for d in dims)).select_from(dims[0])
    for d in dims[1:]:
        cells = cells.join(d, true())
    cell = [s.township == towns.c[0], s.gender == dims[1].c[0]]
    cell += [col.is_not_distinct_from(d.c[0])  # NULL (not answered) is a cell too
             for col, d in zip((s.education, s.intention, s.poor_household), dims[2:], strict=True)]
    counts = [select(func.count()).select_from(seeker_table).where(*cell, band).scalar_subquery()
              for band in _age_bands(today)]
    for t, g, e, i, p, *per_band in conn.execute(cells.add_columns(*counts)):
        for band, n in enumerate(per_band):
            found.add(t, g, e, i, p, band, n)
    found.unclassified = total - sum(found.by_township.values())
    return found


def _profile_grouped(conn: Connection, where: list[ColumnElement] | None, today: date,
                     people: Table = seeker_table) -> Profile:
    """One GROUP BY over the people with a check-in matching `where` (None: every seeker), the
    age bands counted by conditional aggregates (no expression to sort by). `people`: the seeker table,
    or `summary_profile_seeker` (the same values per person, a tenth of the row: services/summaries/profiles.py)."""
    return _grouped(conn, where, today, people, with_incomplete=False)[0]


def _grouped(conn: Connection, where: list[ColumnElement] | None, today: date, people: Table, *,
             with_incomplete: bool) -> tuple[Profile, int]:
    """`_profile_grouped`, and with `with_incomplete` (`summary_profile_seeker` only) also how many of those
    people have an incomplete profile, in the same pass (else 0)."""
    s = people.c
    keys = (s.township, s.gender, s.education, s.intention, s.poor_household)
    extra = [func.count().filter(s.complete.is_(False))] if with_incomplete else []
    stmt = select(*keys, *(func.count().filter(band) for band in _age_bands(today, people)), *extra).group_by(*keys)
    if where is not None:
        key = s.id if people is seeker_table else s.seeker_id
        stmt = stmt.where(key.in_(select(checkin_table.c.seeker_id).where(*where)))
    found, incomplete = Profile(), 0
    for t, g, e, i, p, *per_band in conn.execute(stmt):
        if with_incomplete:
            incomplete += per_band.pop()
        for band, n in enumerate(per_band):
            found.add(t, g, e, i, p, band, n)
    found.total = sum(found.by_township.values())
    return found, incomplete
