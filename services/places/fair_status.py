"""A fair's status as people see it: its dates, read in the county's time zone, decide.

Staff set a status (planned, open, closed); the dates then decide what the fair is on a
given county date, so nobody has to remember to close a fair the evening it ends:

* closed by staff: closed, whatever the dates (a cancelled fair stays cancelled);
* its last day (`ends_on`, else `starts_on`) before today: ended (closed);
* its first day after today: upcoming (planned);
* today within its dates: open;
* without dates: the status staff set.

Computed on read, with `local_today()` (services.core.clock) unless a date is given: the
lists, the registration link check, the posters, the dashboard and the CLI all use this.
Queries that pick fairs in SQL use `ended_sql` / `running_sql`, the same rule (a test
checks the two forms agree).
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from sqlalchemy import and_, func, not_, or_
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from models import Fair, FairStatus
from services.core.clock import local_today


class Dated(Protocol):
    """What the status reads of a fair: read-only, so frozen dataclasses (the dashboard's FairInfo) fit too."""

    @property
    def status(self) -> str: ...
    @property
    def starts_on(self) -> date | None: ...
    @property
    def ends_on(self) -> date | None: ...


def fair_status(fair: Dated, today: date | None = None) -> FairStatus:
    """The fair's status on the county date `today` (default: the county's today)."""
    today = today or local_today()
    if fair.status == FairStatus.CLOSED:
        return FairStatus.CLOSED
    last = fair.ends_on or fair.starts_on
    if last is not None and last < today:
        return FairStatus.CLOSED
    if fair.starts_on is not None:
        return FairStatus.PLANNED if today < fair.starts_on else FairStatus.OPEN
    return FairStatus(fair.status) if fair.status in set(FairStatus) else FairStatus.OPEN


def is_running(fair: Dated, today: date | None = None) -> bool:
    """Held today: open, with a first day on or before today and the last not passed."""
    return fair.starts_on is not None and fair_status(fair, today) == FairStatus.OPEN


def has_ended(fair: Dated, today: date | None = None) -> bool:
    """Closed by staff or past its last day: its registration link is refused."""
    return fair_status(fair, today) == FairStatus.CLOSED


def _last_day() -> ColumnElement[date | None]:
    return func.coalesce(col(Fair.ends_on), col(Fair.starts_on))


def ended_sql(today: date) -> ColumnElement[bool]:
    """SQL form of `has_ended`: closed by staff, or its last day before `today`."""
    return or_(col(Fair.status) == FairStatus.CLOSED, and_(_last_day().is_not(None), _last_day() < today))


def running_sql(today: date) -> ColumnElement[bool]:
    """SQL form of `is_running`: not closed, started on or before `today`, last day not passed."""
    return and_(not_(ended_sql(today)), col(Fair.starts_on).is_not(None), col(Fair.starts_on) <= today)
