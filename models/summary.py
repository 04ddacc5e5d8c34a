"""Summary tables (rollups) of the dashboard's registration figures (docs/ROLLUPS.md, migration 0025).

Kept exact in the same transaction as each write that changes them (services/summaries/record.py),
recomputed from the base tables by `python -m services.cli rebuild-summaries` (services/summaries/rebuild.py).
Places are `fair_id` / `site_id` with 0 for "none" (a direct registration) and -1 for "any place";
days are the county's local dates, decided once when the row is written (in the zone `SummaryState` names).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, text
from sqlmodel import Field

from models.base import TableModel

ALL_DAYS = date(2000, 1, 1)  # the day of figures counted over all days (people at a fair)
ANY = -1  # fair_id / site_id of figures over every place
NONE = 0  # fair_id / site_id of a check-in without a fair / site


class SummaryCount(TableModel, table=True):
    """A counter: `figure` on a local day (and hour of it), at a place.

    figures: "checkins" (per day, hour since the local day's start, fair, site), "people" (distinct
    people with a check-in that day anywhere: hour, fair, site = -1), "created" (seekers created that
    day), "place_people" / "place_new" (distinct people, and those first registered that day, with a
    check-in that day at the place: hour -1), "fair_people" (distinct people with a check-in at the fair
    `fair_id` on any day: day ALL_DAYS, site 0).
    """

    __tablename__ = "summary_count"

    figure: str = Field(primary_key=True, max_length=16)
    day: date = Field(primary_key=True)
    hour: int = Field(primary_key=True)  # hours since the local day's start; -1: the whole day
    fair_id: int = Field(primary_key=True)
    site_id: int = Field(primary_key=True)
    n: int = 0


class SummaryMarker(TableModel, table=True):
    """A person counted once: at a place on a day ("visit"), anywhere on a day ("day"), at a fair on any of
    its days ("fair", day ALL_DAYS, site 0), at a registration point on any day ("site", day ALL_DAYS, fair 0;
    migration 0031), registered at all ("seeker", day ALL_DAYS, places 0). Inserted with ON CONFLICT DO
    NOTHING; a new marker bumps its counter (a new "fair" or "site" marker adds the person to that place's
    `summary_place_profile` cells). A person's "fair" and "site" markers are found by `ix_marker_place_seeker`
    when their counted values change (services/summaries/place_profiles.py)."""

    __tablename__ = "summary_marker"
    __table_args__ = (
        Index("ix_marker_place_seeker", "seeker_id", "figure", "fair_id", "site_id",
              sqlite_where=text("figure IN ('fair', 'site')"), postgresql_where=text("figure IN ('fair', 'site')")),
    )

    figure: str = Field(primary_key=True, max_length=8)
    day: date = Field(primary_key=True)
    fair_id: int = Field(primary_key=True)
    site_id: int = Field(primary_key=True)
    seeker_id: int = Field(primary_key=True)
    new: bool = False  # the person registered for the first time on this local day


class SummaryState(TableModel, table=True):
    """What the summaries were computed with: key "zone" = the time zone that decided their days."""

    __tablename__ = "summary_state"

    key: str = Field(primary_key=True, max_length=16)
    value: str = Field(max_length=64)


class SummaryProfile(TableModel, table=True):
    """The people panel's counters over every registered seeker (docs/ROLLUPS.md, migration 0027).

    One row per value of each breakdown (a person is in one row of each): `dim` "total" and "incomplete"
    (value "", birth ALL_DAYS); "township", "education", "intention", "poor" (value: the code, "not_answered"
    for NULL; birth ALL_DAYS); "age_month" (value: gender, birth: the first day of the birth month) and
    "age_day" (value: gender, birth: the birth date) — the age bands move every day, so they are sums of
    birth ranges at read time: whole months from "age_month", the months that hold a band's boundary from
    "age_day". Moved by services/summaries/profiles.py in the transaction of every write that changes a seeker.
    """

    __tablename__ = "summary_profile"

    dim: str = Field(primary_key=True, max_length=12)
    value: str = Field(primary_key=True, max_length=40)
    birth: date = Field(primary_key=True)
    n: int = 0


class SummaryProfileSeeker(TableModel, table=True):
    """What `summary_profile` counts a seeker as (the values of their last count): a change moves the person
    from these cells to the cells of the seeker row's values (-1, +1) and stores the new ones."""

    __tablename__ = "summary_profile_seeker"

    seeker_id: int = Field(primary_key=True)
    township: str = Field(max_length=40)
    gender: str = Field(max_length=1)
    birth_date: date
    education: str | None = Field(default=None, max_length=16)
    intention: str | None = Field(default=None, max_length=8)
    poor_household: str | None = Field(default=None, max_length=8)
    complete: bool = False


class SummaryPlaceProfile(TableModel, table=True):
    """The people panel's counters of the people with a check-in at one fair (`fair_id`, site 0) or one
    registration point (`site_id`, fair 0), on any day: the cells of `SummaryProfile`, per place
    (docs/ROLLUPS.md "People panel per place", migration 0031). A person is in a place's cells once they have
    its "fair" / "site" marker, with the values `SummaryProfileSeeker` counts them as, and is moved with them."""

    __tablename__ = "summary_place_profile"

    fair_id: int = Field(primary_key=True)
    site_id: int = Field(primary_key=True)
    dim: str = Field(primary_key=True, max_length=12)
    value: str = Field(primary_key=True, max_length=40)
    birth: date = Field(primary_key=True)
    n: int = 0


class SummaryHireSite(TableModel, table=True):
    """The hires of the people of a registration point (a check-in there on any day): the dashboard's site filter
    on the after-the-hire panels reads the site's hires as one key range (migration 0032). A pair is added when a
    hire is recorded for someone with the site's "site" marker, or when someone with hires gets that marker
    (services/summaries/hire_sites.py); never removed (a cancelled hire's fact says `active` false)."""

    __tablename__ = "summary_hire_site"

    site_id: int = Field(primary_key=True)
    hire_id: int = Field(primary_key=True)


class SummaryTownMarker(TableModel, table=True):
    """A person with a check-in at a fair or registration point of the township (as the places' townships are now;
    a place moved to another township recounts both: services/summaries/town_profiles.py), migration 0033."""

    __tablename__ = "summary_town_marker"
    __table_args__ = (Index("ix_town_marker_seeker", "seeker_id"),)

    township: str = Field(primary_key=True, max_length=40)
    seeker_id: int = Field(primary_key=True)


class SummaryTownProfile(TableModel, table=True):
    """The people panel's counters of the people with a `SummaryTownMarker` of the township: the cells of
    `SummaryProfile`, per township (the dashboard's township view), migration 0033."""

    __tablename__ = "summary_town_profile"

    township: str = Field(primary_key=True, max_length=40)
    dim: str = Field(primary_key=True, max_length=12)
    value: str = Field(primary_key=True, max_length=40)
    birth: date = Field(primary_key=True)
    n: int = 0


class SummaryLatestVisit(TableModel, table=True):
    """Each person's latest local day with a check-in (the "day" markers' latest), migration 0035: the dashboard's
    date filter up to the latest day reads the people whose latest is on or after its first day
    (services/summaries/latest_profiles.py)."""

    __tablename__ = "summary_latest_visit"

    seeker_id: int = Field(primary_key=True)
    day: date


class SummaryLatestProfile(TableModel, table=True):
    """The people panel's counters of the people whose latest check-in (`SummaryLatestVisit`) is on `day`: the cells
    of `SummaryProfile`, per day; a range of days up to the latest sums them (migration 0035)."""

    __tablename__ = "summary_latest_profile"

    dim: str = Field(primary_key=True, max_length=12)  # first: a range of days of a few dims, and the latest day
    day: date = Field(primary_key=True)
    value: str = Field(primary_key=True, max_length=40)
    birth: date = Field(primary_key=True)
    n: int = 0
