"""Reading the households' status rows (models/household_status.py; docs/ROLLUPS.md "Household status").

Once `rebuild-summaries` (or migration 0029 on a database with households) has filled them, `household_status_ready`
says so and the figures and lists read the rows: a row is **fresh** on `today` when it
was computed on or before `today` and no day has come since that changes it (a member entering or leaving
working age, a hire's start date). The **stale** rows' households are computed from the base tables with
the rules' own SQL (`rules.household_flags` limited to them), so the answer is exact whatever the day; the
daily `refresh-households` keeps that set small. Before the rows are filled: the base tables (the reference).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select, union
from sqlalchemy.engine import Connection
from sqlalchemy.sql import CompoundSelect, Select
from sqlalchemy.sql.elements import ColumnElement

from models import Household, HouseholdStatus, HouseholdStatusReady
from services.core.settings import get_settings
from services.households import rules

_st = HouseholdStatus.__table__.c
_hh = Household.__table__.c
_ready = HouseholdStatusReady.__table__


def status_ready(conn: Connection) -> bool:
    """The status rows are filled (the last full refresh recorded it)."""
    return conn.execute(select(_ready.c.filled_on).limit(1)).first() is not None


def fresh_sql(today: date) -> ColumnElement[bool]:
    """Over `household_status` rows: still right on `today`."""
    after, latest = rules.working_age_births(today)
    return and_(_st.as_of <= today, or_(_st.young_next.is_(None), _st.young_next > latest),
                or_(_st.old_next.is_(None), _st.old_next > after),
                or_(_st.start_next.is_(None), _st.start_next > today))


def stale_ids(today: date, *more: ColumnElement[bool]) -> CompoundSelect:
    """The households whose row may be wrong on `today`: a UNION of one range per condition, each on its own
    index (an OR would scan a covering index of every row)."""
    after, latest = rules.working_age_births(today)
    return union(*(select(_st.household_id).where(cond) for cond in (
        _st.as_of > today, _st.young_next <= latest, _st.old_next <= after, _st.start_next <= today, *more)))


def income_stale_ids(today: date) -> CompoundSelect:
    """`stale_ids`, and the rows whose income against the line may be wrong on `today`: computed in an earlier
    year (their income is that year's), or their `lifted_next` has come."""
    return stale_ids(today, _st.as_of < date(today.year, 1, 1), _st.lifted_next <= today)


def prev_stale_ids(today: date) -> CompoundSelect:
    """The rows whose income of the year before `today`'s may be wrong: computed in another year (their
    `prev_*` columns are of the year before theirs) or on a later day than `today`. That year has ended, so
    nothing else about the days changes it (the members and the writes refresh the row)."""
    return union(*(select(_st.household_id).where(cond) for cond in (
        _st.as_of > today, _st.as_of < date(today.year, 1, 1))))


def income_ready(conn: Connection) -> bool:
    """The rows' income figures may be read: filled, against the line in the settings (a changed line reads
    the base tables until `rebuild-summaries`)."""
    line = conn.execute(select(_ready.c.poverty_line).limit(1)).scalar()
    return line is not None and line == get_settings().poverty_line


def fresh_flags() -> Select[Any]:
    """The fresh rows shaped as `rules.household_flags` rows (add `.where(fresh_sql(today), …)`)."""
    return (select(_st.household_id.label("id"), _st.township, _st.village, _st.code, _hh.head_seeker_id, _hh.poor,
                   _st.working_age, _st.in_work, _st.confirmed, _st.relocated, _st.site_id, _st.plan_id,
                   _st.plan_due)
            .select_from(HouseholdStatus.__table__.join(Household.__table__, _hh.id == _st.household_id)))
