"""Which seekers an export holds: the filter, its SQL conditions, the count, and the page's choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, func, not_, select
from sqlalchemy.engine import Connection, Engine

from models import CheckIn, Fair, Seeker, Site
from services.core.clock import day_start
from services.core.db import unit_of_work
from services.registration.profile import profile_complete_sql


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


MIME_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DateField(StrEnum):
    CHECKIN = "checkin"  # any check-in (registration or re-registration) on those days
    REGISTERED = "registered"  # the first registration on those days


@dataclass(frozen=True)
class ExportFilter:
    """Which seekers to export. Dates are China local dates, both ends included.

    A fair or a site (at most one) selects seekers with a check-in there; with
    `date_field` CHECKIN that same check-in must fall in the date range. `township`
    is where the seeker lives. `incomplete_only`: only people whose profile is incomplete
    (services.registration.profile: a group not answered), for staff to call them.
    """

    fair_id: int | None = None
    site_id: int | None = None
    township: str | None = None
    date_field: DateField = DateField.CHECKIN
    date_from: date | None = None
    date_to: date | None = None
    incomplete_only: bool = False

    def __post_init__(self) -> None:
        if self.fair_id is not None and self.site_id is not None:
            raise ValueError("choose a fair or a site, not both")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from is after date_to")
        object.__setattr__(self, "date_field", DateField(self.date_field))

    def as_dict(self) -> dict:
        """JSON-ready, for the audit log."""
        return {
            "fair_id": self.fair_id, "site_id": self.site_id, "township": self.township or None,
            "date_field": str(self.date_field),
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "incomplete_only": self.incomplete_only,
        }


def _utc_bounds(flt: ExportFilter) -> tuple[datetime | None, datetime | None]:
    """Local dates to [start, end) instants in UTC (timestamps are stored in UTC)."""
    start = day_start(flt.date_from) if flt.date_from else None
    end = day_start(flt.date_to + timedelta(days=1)) if flt.date_to else None
    return start, end


def seeker_conditions(flt: ExportFilter) -> list[ColumnElement[bool]]:
    s, c = Seeker.__table__.c, CheckIn.__table__.c
    start, end = _utc_bounds(flt)
    where: list[ColumnElement[bool]] = []
    if flt.township:
        where.append(s.township == flt.township)
    if flt.incomplete_only:
        where.append(not_(profile_complete_sql()))
    checkin: list[ColumnElement[bool]] = []
    if flt.fair_id is not None:
        checkin.append(c.fair_id == flt.fair_id)
    if flt.site_id is not None:
        checkin.append(c.site_id == flt.site_id)
    on = c.created_at if flt.date_field == DateField.CHECKIN else s.created_at
    dated = checkin if flt.date_field == DateField.CHECKIN else where
    if start is not None:
        dated.append(on >= start)
    if end is not None:
        dated.append(on < end)
    if checkin:
        where.append(s.id.in_(select(c.seeker_id).where(and_(*checkin))))
    return where


def count_registrations(engine: Engine, flt: ExportFilter) -> int:
    """How many seekers an export with this filter holds (the page shows it before exporting)."""
    with unit_of_work(engine, write=False) as session:
        return count_seekers(session.connection(), flt)


def count_seekers(conn: Connection, flt: ExportFilter) -> int:
    stmt = select(func.count()).select_from(Seeker.__table__).where(*seeker_conditions(flt))
    return conn.execute(stmt).scalar_one()


@dataclass(frozen=True)
class Place:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class ExportChoices:
    fairs: list[Place]  # newest first
    sites: list[Place]


def export_choices(engine: Engine) -> ExportChoices:
    with unit_of_work(engine, write=False) as session:
        conn = session.connection()
        f, st = Fair.__table__.c, Site.__table__.c
        fairs = conn.execute(select(f.id, f.code, f.name).order_by(f.starts_on.desc().nulls_last(), f.id.desc()))
        sites = conn.execute(select(st.id, st.code, st.name).order_by(st.township, st.name, st.id))
        return ExportChoices([Place(*r) for r in fairs], [Place(*r) for r in sites])
