"""Figures for the organizers' live dashboard, computed in SQL on SQLite and PostgreSQL.

What each figure counts (the page words them the same way):

* **People** (人数) are distinct job seekers. "Registered today", "at this fair", "in total",
  the home-township, age, gender, education, intention and poor-household figures count
  people: someone who registers twice counts once.
* **Registrations made** (登记人次) are check-ins: every time someone registers (a QR form,
  a kiosk, a desk) is one. The per-hour, per-day and per-registration-point charts count
  these, so a person who registers at two points, or on two days, appears in both.

The filters choose check-ins: where (a fair; a registration point; or a township, meaning
the fairs held and the sites located there) and when (a range of local dates). Without
any filter the scope is every registered seeker; with one it is the people with at least
one matching check-in. Charts "by township" show where those people live (their home
township), which for a township's fairs is often elsewhere. In detail:

* today: people with a check-in on today's local date at the chosen place (the date filter
  does not apply). "New" among them: their first registration (seeker.created_at) is
  today; the others are returning.
* at this fair: people with a check-in at the chosen fair, or without one at the fair held
  today (open or planned, today within its dates) at the chosen place; on all its days.
* in total: people in the scope (all filters).
* per hour: check-ins per local hour on the last day of the date filter (today without one;
  with a fair chosen and no dates, the fair's last day so far).
* per day: check-ins per local day in the date filter (the last 30 days without one, or the
  chosen fair's days so far; at most 366 days, the latest ones).
* by registration point: check-ins per fair and site in the date filter (without one, in
  the days of the per-day chart: recent activity, like it); "direct" are check-ins without
  a fair or site (shown without a place filter).
* age bands at today's local date from the birth date (the ID number's): 16–24 (everyone
  under 25: registration requires 16), 25–34, 35–44, 45–54, 55 and over.
* targets: the year of today's local date, for the county or the chosen township. The
  registrations figure is people whose first registration falls in that year (new
  registrations; someone registered last year and returning counted last year), of the
  township's people (home township) when a township is chosen. "People employed" are
  distinct people with a hire whose `hired_at` falls in that year; "people transferred
  out" those of them hired into work outside the county's city (scope "province" or
  "out"); both of the township's people (home township) when a township is chosen. A
  person hired twice in the year counts once. 0 is a real figure (nobody hired yet).

Hires (the `hire` table: one row per hire a recruiter records; destination, trade and
employer copied from the vacancy at that moment; a cancelled hire is kept but counts nowhere)
are counted as hires (录用人次): someone
hired twice counts twice, except in "people hired" and the targets, which count people.
The filters mean, for hires:

* a fair: hires recorded at that fair (`hire.fair_id`);
* a township: hires of people whose **home township** it is (`seeker.township`), not the
  hires made at the township's fairs: "how many of this township's people found work",
  which is what a township's targets ask;
* a registration point (site): hires of people who registered there (a check-in at it),
  e.g. the people of a relocation site who found work;
* dates: hires whose `hired_at` falls in the local dates.

The hire figures:

* hires today: hires recorded on today's local date within the place filters (the date
  filter does not apply, as for registrations today).
* hires in total / in the chosen dates, people hired, the share from registered-poor
  households (`seeker.poor_household` = yes), by employer (the 15 with most hires, then
  the rest together), by destination province and by trade: the hires in the scope.
* positions posted against filled: vacancies posted (every status, closed ones too: they
  were posted) offered at the chosen fair (`vacancy_fair`) and created in the chosen
  dates; a township or registration point does not narrow them (vacancies belong to the
  whole county). Counted as vacancies and as positions (the sum of their headcounts);
  filled are the hires into those vacancies (whenever and wherever recorded), and a
  vacancy counts as filled once its hires reach its headcount. Overall and per employer
  (the 15 employers with most positions, then the rest together).

Timestamps are stored in UTC. Local dates and hours become UTC boundaries here, in Python
(zone from settings; right for any zone, DST included), and the database only compares
timestamps with them: every time filter and bucket is an index range, and no SQL
dialect's time-zone functions are needed. Per-bucket counts are correlated `COUNT(*)`
subqueries over a `VALUES` list of boundaries: one statement, one index range per bucket,
the same SQL on both backends.

Speed (measured on a million demo seekers, see bench/README.md): on SQLite the profile of
the whole county is a cube of index-range counts over `ix_seeker_profile` (township, gender,
education, intention, poor household, birth date), one range per cell: SQLite then only
steps through the index, where a GROUP BY decodes every row and sorts. PostgreSQL does the
opposite best: one GROUP BY over the same index (an index-only scan, already in order, with
parallel workers) and the age bands as `COUNT(*) FILTER (...)`. Filtered scopes (a fair's
visitors) use that GROUP BY over the people the filters find. The panels run in parallel.
Hires are far fewer than seekers: today's and the year's are `ix_hire_at` ranges, the
breakdowns GROUP BYs over the hires in the scope (the seeker joined by primary key only
for a township or the poor-household share).
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from time import perf_counter
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, String, case, column, false, func, or_, select, true, values
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement

from models import CheckIn, Fair, FairStatus, Seeker, Site, Target, TargetMetric
from models.application import ACTIVE_HIRE, Hire
from models.base import UTCDateTime, utcnow
from models.employer import Employer
from models.vacancy import Scope, Vacancy, VacancyFair
from services.core.clock import local_zone
from services.core.i18n import N_
from services.core.reference import EDUCATION_LEVELS, GENDERS, INTENTIONS, POOR_HOUSEHOLD
from services.reporting.targets import METRICS

# (lowest age, highest age or None); the first band takes everyone under 25
AGE_BANDS: tuple[tuple[int, int | None], ...] = ((16, 24), (25, 34), (35, 44), (45, 54), (55, None))
DEFAULT_DAYS = 30
MAX_DAYS = 366
TOP_EMPLOYERS = 15  # employers shown by name; the rest are one bar
TRANSFER_SCOPES = (Scope.PROVINCE, Scope.OUT)  # work outside the county's city

# Short chart labels (the registration form's wording is a whole sentence).
INTENTION_SHORT: dict[str, str] = {
    "go_out": N_("Go out to work"),
    "nearby": N_("Work nearby"),
    "either": N_("Either"),
}

_seeker = Seeker.__table__
_checkin = CheckIn.__table__
_hire = Hire.__table__
_vacancy = Vacancy.__table__


# --- filters and local time ---------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardFilter:
    fair_id: int | None = None
    site_id: int | None = None
    township: str | None = None  # check-ins at the fairs and sites of this township
    start: date | None = None  # local dates, both included
    end: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def placed(self) -> bool:
        return self.fair_id is not None or self.site_id is not None or self.township is not None

    @property
    def by_checkin(self) -> bool:
        """True when the scope is "people with a matching check-in" rather than every seeker."""
        return self.placed or self.dated


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant a local day begins."""
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def day_span(start: date, end: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) local, as UTC instants."""
    return day_start(start, zone), day_start(end + timedelta(days=1), zone)


def hour_buckets(day: date, zone: ZoneInfo) -> list[tuple[int, datetime, datetime]]:
    """(local hour, UTC start, UTC end) for each hour of a local day."""
    lo, hi = day_span(day, day, zone)
    out = []
    t = lo
    while t < hi:
        nxt = min(t + timedelta(hours=1), hi)
        out.append((t.astimezone(zone).hour, t, nxt))
        t = nxt
    return out


def day_buckets(start: date, end: date, zone: ZoneInfo) -> list[tuple[date, datetime, datetime]]:
    days = (end - start).days + 1
    return [(d, *day_span(d, d, zone)) for d in (start + timedelta(days=i) for i in range(days))]


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (28 February for 29 February in a common year).

    Someone born on or before this date is at least `years` old on `day`
    (as services.core.validation.age_on counts).
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)


def age_band_cutoffs(today: date) -> list[date]:
    """Birth-date boundaries between the bands: born after cutoffs[0] is in band 0, and so on."""
    return [years_before(today, low) for low, _high in AGE_BANDS[1:]]


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    kind: str  # "fair", "site" or "direct"
    id: int | None
    name: str
    township: str = ""


@dataclass(frozen=True)
class FairInfo:
    id: int
    code: str
    name: str
    starts_on: date | None
    ends_on: date | None
    status: str
    township: str


@dataclass(frozen=True)
class SiteInfo:
    id: int
    code: str
    name: str
    township: str
    active: bool


@dataclass(frozen=True)
class FilterOptions:
    fairs: list[FairInfo]
    sites: list[SiteInfo]
    running_fair_id: int | None


@dataclass(frozen=True)
class TargetProgress:
    metric: str
    count: int
    target: int | None  # None: no target set

    @property
    def percent(self) -> float | None:
        if not self.target:  # no target, or a target of 0: no percentage
            return None
        return 100.0 * (self.count or 0) / self.target


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

    def add(self, township: str, gender: str, education: str, intention: str, poor: str, band: int,
            n: int) -> None:
        if not n:
            return
        self.by_township[township] += n
        self.age_gender[(band, gender)] += n
        self.education[education] += n
        self.intention[intention] += n
        self.poor[poor] += n

    @property
    def poor_share(self) -> float | None:
        return 100.0 * self.poor["yes"] / self.total if self.total else None


@dataclass(frozen=True)
class EmployerRef:
    id: int | None  # None: the other employers together
    name: str
    others: int = 0  # how many employers "the others" are


@dataclass
class Hires:
    """Hires in the scope (see the module docstring): counted as hires, `people` as people."""

    today: int = 0
    total: int = 0
    people: int = 0
    poor: int = 0  # hires of people from registered-poor households
    by_employer: list[tuple[EmployerRef, int]] = field(default_factory=list)  # most first, the others last
    by_province: list[tuple[str, int]] = field(default_factory=list)  # most first
    by_trade: list[tuple[str, int]] = field(default_factory=list)

    @property
    def poor_share(self) -> float | None:
        return 100.0 * self.poor / self.total if self.total else None


@dataclass(frozen=True)
class Fill:
    """Vacancies posted and how far their hires fill them."""

    vacancies: int = 0
    positions: int = 0  # the sum of their headcounts
    hired: int = 0  # hires into them
    vacancies_filled: int = 0  # vacancies whose hires reached the headcount

    @property
    def percent(self) -> float | None:
        return 100.0 * self.hired / self.positions if self.positions else None

    def __add__(self, other: Fill) -> Fill:
        return Fill(self.vacancies + other.vacancies, self.positions + other.positions, self.hired + other.hired,
                    self.vacancies_filled + other.vacancies_filled)


@dataclass
class Openings:
    total: Fill = field(default_factory=Fill)
    by_employer: list[tuple[EmployerRef, Fill]] = field(default_factory=list)  # most positions first


@dataclass
class Dashboard:
    filter: DashboardFilter
    as_of: datetime  # UTC
    today: date  # local
    people_today: int
    new_today: int
    fair: FairInfo | None  # the fair of "at this fair"
    people_at_fair: int | None
    people_total: int
    hour_day: date
    per_hour: list[tuple[int, int]]  # (local hour, registrations made)
    per_day: list[tuple[date, int]]
    by_place: list[tuple[Place, int]]
    place_days: tuple[date | None, date]  # the days by_place counts (None: from the beginning)
    profile: Profile
    year: int
    targets: list[TargetProgress]
    hires: Hires = field(default_factory=Hires)
    openings: Openings = field(default_factory=Openings)

    @property
    def returning_today(self) -> int:
        return self.people_today - self.new_today

    @property
    def empty(self) -> bool:
        return self.people_total == 0 and self.people_today == 0


# --- building blocks ----------------------------------------------------------------------------


def _place_conditions(flt: DashboardFilter, options: FilterOptions) -> list[ColumnElement]:
    """Check-ins at the chosen fair, site, and township (its fairs and sites); all must hold."""
    c = _checkin.c
    conds: list[ColumnElement] = []
    if flt.fair_id is not None:
        conds.append(c.fair_id == flt.fair_id)
    if flt.site_id is not None:
        conds.append(c.site_id == flt.site_id)
    if flt.township is not None:
        fairs = [f.id for f in options.fairs if f.township == flt.township]
        sites = [s.id for s in options.sites if s.township == flt.township]
        conds.append(or_(c.fair_id.in_(fairs), c.site_id.in_(sites)) if fairs or sites else false())
    return conds


def _checkins(where: list[ColumnElement], *conds: ColumnElement, count: ColumnElement | None = None):  # noqa: ANN202
    """SELECT <count> FROM checkin WHERE <place conditions> AND <conds>."""
    return select(count if count is not None else func.count()).select_from(_checkin).where(*where, *conds)


def _people(where: list[ColumnElement], *conds: ColumnElement):  # noqa: ANN202
    return _checkins(where, *conds, count=func.count(_checkin.c.seeker_id.distinct()))


def _in_span(col, span: tuple[datetime, datetime] | None) -> list[ColumnElement]:  # noqa: ANN001
    return [] if span is None else [col >= span[0], col < span[1]]


def _counts_per_bucket(conn: Connection, where: list[ColumnElement], spans: Sequence[tuple[datetime, datetime]],
                       ) -> list[int]:
    """Check-ins in each [lo, hi) span: one correlated index-range COUNT per VALUES row."""
    if not spans:
        return []
    b = values(column("k", Integer), column("lo", UTCDateTime()), column("hi", UTCDateTime()),
               name="bucket").data([(i, lo, hi) for i, (lo, hi) in enumerate(spans)]).cte("bucket")
    n = _checkins(where, _checkin.c.created_at >= b.c.lo, _checkin.c.created_at < b.c.hi).scalar_subquery()
    rows = dict(conn.execute(select(b.c.k, n)).all())
    return [rows[i] for i in range(len(spans))]


def _townships_cte():  # noqa: ANN202
    """Distinct home townships by a loose index scan: one index seek per township, not a full scan."""
    t = _seeker.c.township
    towns = select(func.min(t).label("v")).cte("towns", recursive=True)
    towns = towns.union_all(select(select(func.min(t)).where(t > towns.c.v).scalar_subquery())
                            .where(towns.c.v.is_not(None)))
    return select(towns.c.v).where(towns.c.v.is_not(None)).cte("town")


def _count_seekers(conn: Connection, township: str | None, *conds: ColumnElement) -> int:
    stmt = select(func.count()).select_from(_seeker).where(*conds)
    if township is not None:
        stmt = stmt.where(_seeker.c.township == township)
    return conn.execute(stmt).scalar_one()


def _values(name: str, items: Iterable[str]):  # noqa: ANN202
    return values(column("v", String), name=name).data([(x,) for x in items]).cte(name)


def _profile_by_ranges(conn: Connection, today: date) -> Profile:
    """Every seeker: one index-range count per cell of
    township × gender × education × intention × poor household × age band.

    The cells are a cross join of short lists (the townships found by a loose index scan,
    the known codes), so the statement stays small; codes outside the lists are counted
    as `unclassified` (the total is counted separately).
    """
    s = _seeker.c
    total = _count_seekers(conn, None)
    profile = Profile(total=total)
    if not total:
        return profile
    towns = _townships_cte()
    dims = [towns, _values("genders", GENDERS), _values("levels", EDUCATION_LEVELS),
            _values("intentions", INTENTIONS), _values("poor", POOR_HOUSEHOLD)]
    cells = select(*(d.c[0] for d in dims)).select_from(dims[0])
    for d in dims[1:]:
        cells = cells.join(d, true())
    cell = [col == d.c[0] for col, d in zip(
        (s.township, s.gender, s.education, s.intention, s.poor_household), dims, strict=True)]
    counts = [select(func.count()).select_from(_seeker).where(*cell, band).scalar_subquery()
              for band in _age_bands(today)]
    for t, g, e, i, p, *per_band in conn.execute(cells.add_columns(*counts)):
        for band, n in enumerate(per_band):
            profile.add(t, g, e, i, p, band, n)
    profile.unclassified = total - sum(profile.by_township.values())
    return profile


def _age_bands(today: date) -> list[ColumnElement]:
    """One condition on the birth date per age band."""
    b, cuts = _seeker.c.birth_date, age_band_cutoffs(today)
    return [b > cuts[0], *((b <= hi) & (b > lo) for hi, lo in itertools.pairwise(cuts)), b <= cuts[-1]]


def _profile_grouped(conn: Connection, where: list[ColumnElement] | None, today: date) -> Profile:
    """One GROUP BY over the people with a check-in matching `where` (None: every seeker), the
    age bands counted by conditional aggregates (no expression to sort by)."""
    s = _seeker.c
    keys = (s.township, s.gender, s.education, s.intention, s.poor_household)
    stmt = select(*keys, *(func.count().filter(band) for band in _age_bands(today))).group_by(*keys)
    if where is not None:
        stmt = stmt.where(s.id.in_(select(_checkin.c.seeker_id).where(*where)))
    profile = Profile()
    for t, g, e, i, p, *per_band in conn.execute(stmt):
        for band, n in enumerate(per_band):
            profile.add(t, g, e, i, p, band, n)
    profile.total = sum(profile.by_township.values())
    return profile


def _by_place(conn: Connection, flt: DashboardFilter, where: list[ColumnElement],
              span: tuple[datetime, datetime] | None, options: FilterOptions) -> list[tuple[Place, int]]:
    """Check-ins per fair and per site (one index range each), and the rest as "direct"."""
    def here(township: str) -> bool:
        return flt.township is None or township == flt.township

    fairs = [f for f in options.fairs if flt.fair_id in (None, f.id) and here(f.township)] \
        if flt.site_id is None else []
    sites = [s for s in options.sites if flt.site_id in (None, s.id) and here(s.township)] \
        if flt.fair_id is None else []
    when = _in_span(_checkin.c.created_at, span)
    out: list[tuple[Place, int]] = []
    for kind, items, col in (("fair", fairs, _checkin.c.fair_id), ("site", sites, _checkin.c.site_id)):
        if not items:
            continue
        v = values(column("pid", Integer), name=f"{kind}s").data([(p.id,) for p in items]).cte(f"{kind}s")
        counts = dict(conn.execute(select(v.c.pid, _checkins([col == v.c.pid], *when).scalar_subquery())).all())
        out += [(Place(kind, p.id, p.name, p.township), counts[p.id]) for p in items]
    if not flt.placed:  # the rest came without a fair or site code
        total = conn.execute(_checkins(where, *when)).scalar_one()
        out.append((Place("direct", None, ""), total - sum(n for _p, n in out)))
    return [(p, n) for p, n in out if n]


def _targets(conn: Connection, year: int, township: str | None, registered: int,
             year_span: tuple[datetime, datetime]) -> list[TargetProgress]:
    t = Target.__table__.c
    rows = dict(conn.execute(select(t.metric, t.value).where(t.year == year, t.township == (township or ""))).all())
    h = _hire.c
    hired = func.count(h.seeker_id.distinct())
    moved = func.count(case((h.scope.in_(TRANSFER_SCOPES), h.seeker_id)).distinct())
    stmt = _hires_from(township is not None, select(hired, moved)).where(*_in_span(h.hired_at, year_span))
    if township is not None:
        stmt = stmt.where(_seeker.c.township == township)
    employed, transferred = conn.execute(stmt).one()
    counts = {TargetMetric.REGISTRATIONS: registered, TargetMetric.EMPLOYED: employed,
              TargetMetric.TRANSFERRED_OUT: transferred}
    return [TargetProgress(m, counts[m], rows.get(m)) for m in METRICS]


# --- hires and vacancies ------------------------------------------------------------------------


def _hires_from(with_seeker: bool, stmt):  # noqa: ANN001, ANN202
    """FROM hire (the hires not cancelled), joined to the hired seeker (by primary key) when their
    township or household counts."""
    if with_seeker:
        return stmt.select_from(_hire.join(_seeker, _seeker.c.id == _hire.c.seeker_id)).where(ACTIVE_HIRE)
    return stmt.select_from(_hire).where(ACTIVE_HIRE)


def _hire_conditions(flt: DashboardFilter) -> list[ColumnElement]:
    """Hires at the chosen fair, of people from the chosen township (home) and registration point."""
    h = _hire.c
    conds: list[ColumnElement] = []
    if flt.fair_id is not None:
        conds.append(h.fair_id == flt.fair_id)
    if flt.township is not None:
        conds.append(_seeker.c.township == flt.township)  # with the seeker joined
    if flt.site_id is not None:
        c = _checkin.c
        conds.append(h.seeker_id.in_(select(c.seeker_id).where(c.site_id == flt.site_id)))  # one set, built once
    return conds


def _ranked(rows: Iterable[tuple], top: int) -> tuple[list[tuple], list[tuple]]:
    ordered = sorted(rows, key=lambda r: (-r[-1], r[0]))
    return ordered[:top], ordered[top:]


def _hire_figures(conn: Connection, flt: DashboardFilter, today_span: tuple[datetime, datetime],
                  span: tuple[datetime, datetime] | None) -> Hires:
    h, e = _hire.c, Employer.__table__.c
    joined = flt.township is not None
    where = _hire_conditions(flt)
    today = conn.execute(_hires_from(joined, select(func.count())).where(
        *where, *_in_span(h.hired_at, today_span))).scalar_one()
    scoped = [*where, *_in_span(h.hired_at, span)]
    poor = func.count().filter(_seeker.c.poor_household == "yes")
    total, people, poor_n = conn.execute(_hires_from(True, select(
        func.count(), func.count(h.seeker_id.distinct()), poor)).where(*scoped)).one()
    result = Hires(today=today, total=total, people=people, poor=poor_n)
    if not total:
        return result
    per_employer = _hires_from(joined, select(h.employer_id, func.count().label("n"))).where(*scoped) \
        .group_by(h.employer_id).subquery("per_employer")
    rows = conn.execute(select(e.id, e.name, per_employer.c.n)
                        .join_from(per_employer, Employer.__table__, e.id == per_employer.c.employer_id)).all()
    top, rest = _ranked([(i, name, n) for i, name, n in rows], TOP_EMPLOYERS)
    result.by_employer = [(EmployerRef(i, name), n) for i, name, n in top]
    if rest:
        result.by_employer.append((EmployerRef(None, "", others=len(rest)), sum(n for *_x, n in rest)))
    for attr, col in (("by_province", h.province), ("by_trade", h.trade)):
        grouped = conn.execute(_hires_from(joined, select(col, func.count())).where(*scoped).group_by(col)).all()
        setattr(result, attr, [(k, n) for k, n in sorted(grouped, key=lambda r: (-r[1], r[0]))])
    return result


def _openings(conn: Connection, flt: DashboardFilter, span: tuple[datetime, datetime] | None) -> Openings:
    """Vacancies posted (at the chosen fair, in the chosen dates) per employer, with the hires into them."""
    v, h, e = _vacancy.c, _hire.c, Employer.__table__.c
    conds = _in_span(v.created_at, span)
    if flt.fair_id is not None:
        vf = VacancyFair.__table__.c
        conds.append(v.id.in_(select(vf.vacancy_id).where(vf.fair_id == flt.fair_id)))
    hired = select(h.vacancy_id, func.count().label("n")).where(ACTIVE_HIRE).group_by(h.vacancy_id).subquery("hired")
    n = func.coalesce(hired.c.n, 0)
    per_employer = (select(v.employer_id, func.count().label("vacancies"), func.sum(v.headcount).label("positions"),
                           func.sum(n).label("hired"),
                           func.count().filter(n >= v.headcount).label("filled"))
                    .select_from(_vacancy.outerjoin(hired, hired.c.vacancy_id == v.id))
                    .where(*conds).group_by(v.employer_id).subquery("per_employer"))
    p = per_employer.c
    rows = conn.execute(select(e.id, e.name, p.vacancies, p.positions, p.hired, p.filled)
                        .join_from(per_employer, Employer.__table__, e.id == p.employer_id)).all()
    fills = [(i, name, Fill(int(a), int(b or 0), int(c or 0), int(d))) for i, name, a, b, c, d in rows]
    top, rest = _ranked([(i, name, f, f.positions) for i, name, f in fills], TOP_EMPLOYERS)
    out = Openings(total=sum((f for _i, _n, f in fills), Fill()),
                   by_employer=[(EmployerRef(i, name), f) for i, name, f, _p in top])
    if rest:
        out.by_employer.append((EmployerRef(None, "", others=len(rest)), sum((f for _i, _n, f, _p in rest), Fill())))
    return out


def running_fair(fairs: Iterable[FairInfo], today: date) -> FairInfo | None:
    """The fair held today (not closed, today within its dates); the latest to start if several."""
    now_on = [f for f in fairs if f.status != FairStatus.CLOSED and f.starts_on is not None
              and f.starts_on <= today <= (f.ends_on or f.starts_on)]
    return max(now_on, key=lambda f: (f.starts_on, f.id), default=None)


def filter_options(engine: Engine, *, today: date | None = None) -> FilterOptions:
    """The fairs and sites the filters offer (newest fair first), and the fair running today."""
    today = today or datetime.now(local_zone()).date()
    f, st = Fair.__table__.c, Site.__table__.c
    with engine.connect() as conn:
        fairs = [FairInfo(*r) for r in conn.execute(
            select(f.id, f.code, f.name, f.starts_on, f.ends_on, f.status, f.township)
            .order_by(f.starts_on.desc(), f.id.desc()))]
        sites = [SiteInfo(*r) for r in conn.execute(
            select(st.id, st.code, st.name, st.township, st.active).order_by(st.township, st.id))]
    running = running_fair(fairs, today)
    return FilterOptions(fairs=fairs, sites=sites, running_fair_id=running.id if running else None)


# --- the whole dashboard ------------------------------------------------------------------------


def build_dashboard(engine: Engine, flt: DashboardFilter, *, now: datetime | None = None,
                    zone: ZoneInfo | None = None, options: FilterOptions | None = None,
                    parallel: bool = True, timings: dict[str, float] | None = None) -> Dashboard:
    """Every figure of the dashboard.

    The panels are independent queries. With `parallel` they run at once on their own
    connections (a few threads; the databases run them on separate cores), so a refresh
    takes as long as its slowest panel rather than the sum; figures may then be read a few
    milliseconds apart. Without it they share one transaction (one snapshot). `timings`,
    if given, receives each panel's seconds.
    """
    zone = zone or local_zone()
    now = now or utcnow()
    today = now.astimezone(zone).date()
    options = options or filter_options(engine, today=today)
    if flt.start is not None and flt.end is not None and flt.start > flt.end:
        flt = DashboardFilter(flt.fair_id, flt.site_id, flt.township, flt.end, flt.start)
    span = day_span(flt.start or date(1900, 1, 1), flt.end or today, zone) if flt.dated else None
    today_span = day_span(today, today, zone)
    where = _place_conditions(flt, options)
    if flt.fair_id is not None:
        fair = next((f for f in options.fairs if f.id == flt.fair_id), None)
    elif flt.site_id is None:  # the fair held today, among the chosen township's fairs
        fair = running_fair((f for f in options.fairs if flt.township in (None, f.township)), today)
    else:
        fair = None  # a registration point is not a fair: no check-in is at both
    last, first = flt.end or today, flt.start
    if flt.fair_id is not None and not flt.dated and fair is not None and fair.starts_on \
            and fair.starts_on <= today:  # a fair chosen: its days (so far)
        last, first = min(fair.ends_on or fair.starts_on, today), fair.starts_on
    first = max(first or last - timedelta(days=DEFAULT_DAYS - 1), last - timedelta(days=MAX_DAYS - 1))
    year_span = day_span(date(today.year, 1, 1), date(today.year, 12, 31), zone)
    created, checked_in = _seeker.c.created_at, _checkin.c.created_at

    def people_today(conn: Connection) -> tuple[int, int]:
        people = conn.execute(_people(where, *_in_span(checked_in, today_span))).scalar_one()
        if not flt.placed:  # every seeker's first registration is a check-in at that same moment
            return people, _count_seekers(conn, None, *_in_span(created, today_span))
        seen = select(_checkin.c.seeker_id).where(*where, *_in_span(checked_in, today_span))
        return people, _count_seekers(conn, None, *_in_span(created, today_span), _seeker.c.id.in_(seen))

    def people_at_fair(conn: Connection) -> int | None:
        return None if fair is None else conn.execute(_people([*where, _checkin.c.fair_id == fair.id])).scalar_one()

    def profile(conn: Connection) -> Profile:
        if flt.by_checkin:
            return _profile_grouped(conn, [*where, *_in_span(checked_in, span)], today)
        if conn.dialect.name == "sqlite":  # measured: ranges 4x faster on SQLite, 3x slower on PostgreSQL
            return _profile_by_ranges(conn, today)
        return _profile_grouped(conn, None, today)

    def per_hour_and_day(conn: Connection) -> tuple[list[tuple[int, int]], list[tuple[date, int]]]:
        hours = hour_buckets(last, zone)
        per_hour = _counts_per_bucket(conn, where, [(lo, hi) for _h, lo, hi in hours])
        days = day_buckets(first, last - timedelta(days=1), zone)  # the last day is the sum of its hours
        per_day = [*_counts_per_bucket(conn, where, [(lo, hi) for _d, lo, hi in days]), sum(per_hour)]
        return (list(zip((h for h, _lo, _hi in hours), per_hour, strict=True)),
                list(zip([*(d for d, _lo, _hi in days), last], per_day, strict=True)))

    def by_place(conn: Connection) -> list[tuple[Place, int]]:
        return _by_place(conn, flt, where, span or day_span(first, last, zone), options)

    def targets(conn: Connection) -> list[TargetProgress]:
        if flt.township is None:  # the county: all seekers minus those outside the year (the smaller ranges)
            registered = _count_seekers(conn, None) - _count_seekers(conn, None, created < year_span[0]) \
                - _count_seekers(conn, None, created >= year_span[1])
        else:  # the township's own people
            registered = _count_seekers(conn, flt.township, *_in_span(created, year_span))
        return _targets(conn, today.year, flt.township, registered, year_span)

    def hires(conn: Connection) -> Hires:
        return _hire_figures(conn, flt, today_span, span)

    def openings(conn: Connection) -> Openings:
        return _openings(conn, flt, span)

    # slowest first: they start first when the threads are few
    panels = [people_today, profile, by_place, per_hour_and_day, hires, people_at_fair, targets, openings]
    got = _run(engine, panels, parallel=parallel, timings=timings)
    (today_people, new_today), (hourly, daily) = got["people_today"], got["per_hour_and_day"]
    return Dashboard(
        filter=flt, as_of=now, today=today, people_today=today_people, new_today=new_today, fair=fair,
        people_at_fair=got["people_at_fair"], people_total=got["profile"].total, hour_day=last,
        per_hour=hourly, per_day=daily, by_place=got["by_place"], profile=got["profile"],
        place_days=(flt.start, flt.end or today) if flt.dated else (first, last),
        year=today.year, targets=got["targets"], hires=got["hires"], openings=got["openings"],
    )


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
WORKERS = 4


def _pool() -> ThreadPoolExecutor:
    global _POOL  # noqa: PLW0603  (one small pool per process, shared by every refresh)
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="dashboard")
        return _POOL


def _run(engine: Engine, panels: list[Callable[[Connection], object]], *, parallel: bool,
         timings: dict[str, float] | None) -> dict[str, object]:
    def one(panel: Callable[[Connection], object], conn: Connection | None = None) -> object:
        t0 = perf_counter()
        if conn is None:
            with engine.connect() as own, own.begin():
                result = panel(own)
        else:
            result = panel(conn)
        if timings is not None:
            timings[panel.__name__] = perf_counter() - t0
        return result

    if parallel and engine.url.database not in (None, "", ":memory:"):  # (an in-memory SQLite is per connection)
        futures = {p.__name__: _pool().submit(one, p) for p in panels}
        return {name: f.result() for name, f in futures.items()}
    with engine.connect() as conn, conn.begin():
        return {p.__name__: one(p, conn) for p in panels}
