"""A household's status for the households page (issue 15, docs/ROLLUPS.md "Household status", migration 0029).

One row per household: the rules' facts (services/households/rules.py) as they were on the county's date
`as_of`, kept in the same transaction as every write that changes them (services/summaries/households.py).
The facts also change with the passing of days (a member turns 16 or 60, a hire's start date comes): the
row says when it may first be wrong — `young_next` / `old_next` (the birth dates that next enter / leave
working age) and `start_next` (the next start date of a member's hire); for the income against the poverty
line (migration 0036), `lifted_next` (the day a working household's income reaches it) and the year of
`as_of` (the income is that year's); the year before's income (migration 0039), which the days no longer
change. A reader treats a row whose day has come as stale and computes that household from the base tables
(services/households/status.py).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index, text
from sqlmodel import Field

from models.base import TableModel

NO_DUE = date(9999, 12, 31)  # `due_sort` of a household without an open plan step (they come last)


class HouseholdStatus(TableModel, table=True):
    __tablename__ = "household_status"
    __table_args__ = (
        Index("ix_household_status_list", "needs_plan", "due_sort", "township", "village", "code", "household_id"),
        Index("ix_household_status_zero", "zero", "due_sort", "township", "village", "code", "household_id"),
        Index("ix_household_status_town_list", "township", "needs_plan", "due_sort", "village", "code",
              "household_id"),
        Index("ix_household_status_figures", "township", "site_id", "needs_plan", "zero", "plan_id", "plan_due",
              "as_of", "young_next", "old_next", "start_next"),
        Index("ix_household_status_as_of", "as_of"),
        Index("ix_household_status_young", "young_next"),
        Index("ix_household_status_old", "old_next"),
        Index("ix_household_status_start", "start_next"),
        Index("ix_household_status_lifted", "lifted_next"),
        # the households not lifted yet, lowest income per member first (households/income_status.py `poorest_rows`)
        Index("ix_household_status_poorest", "lifted", "per_member", "household_id",
              sqlite_where=text("rate = 0"), postgresql_where=text("rate = 0")),
        Index("ix_household_status_town_poorest", "township", "lifted", "per_member", "household_id",
              sqlite_where=text("rate = 0"), postgresql_where=text("rate = 0")),
        # last year's households by income per member (households/income_status.py `prev_rows`, migration 0039)
        Index("ix_household_status_prev", "prev_lifted", "prev_per_member", "household_id"),
        Index("ix_household_status_town_prev", "township", "prev_lifted", "prev_per_member", "household_id"),
        Index("ix_household_status_working", "lifted", "per_member", "household_id",
              sqlite_where=text("rate > 0"), postgresql_where=text("rate > 0")),
    )

    household_id: int = Field(primary_key=True)
    township: str = Field(max_length=40)
    village: str = Field(max_length=60)
    code: str = Field(max_length=40)
    site_id: int | None = None
    working_age: int = 0
    in_work: int = 0
    confirmed: int = 0
    relocated: int = 0
    zero: int = 0  # zero-employment on as_of
    needs_plan: int = 0  # on the list to clear on as_of
    plan_id: int | None = None  # the open plan step
    plan_due: date | None = None
    due_sort: date = NO_DUE  # plan_due, or NO_DUE: the list's order (by-when, nulls last)
    as_of: date
    young_next: date | None = None  # the smallest member birth date after the youngest working-age one's bound
    old_next: date | None = None  # the smallest member birth date still inside the oldest bound
    start_next: date | None = None  # the earliest start date after as_of of a member's counting hire
    # income against the poverty line in as_of's year (services/households/income.py), as of as_of
    poor: int = 0  # a registered-poor household
    members: int = 1
    declared: int | None = None  # the list's annual wage income when declared in that year
    wage_days: int = 0  # the members' hires: wage × days worked in the year up to as_of
    rate: int = 0  # what each later day of the year adds to wage_days (the wages of the hires in work)
    lifted: int = 0  # income per member reaches the line (settings.poverty_line)
    lifted_next: date | None = None  # the day of that year it will, at these wages (None: not this year, or lifted)
    per_member: float = 0.0  # income ÷ members on as_of (the list's order; exact for rows without anyone in work)
    # the year before as_of's, which has ended (migration 0039): the same rule, with the same members
    prev_declared: int | None = None  # the list's annual wage income when declared in that year
    prev_wage_days: int = 0  # the members' hires: wage × days worked in that year
    prev_lifted: int = 0
    prev_per_member: float = 0.0  # income ÷ members (the list's order)


class HouseholdCount(TableModel, table=True):
    """Counters of the status rows (all of them, fresh or not) per township, site (0: none) and open step's
    by-when (`due`, NO_DUE: no open step): households, zero-employment, needing a plan, registered poor, lifted
    (all, and the poor ones). Moved by
    services/summaries/households.py with the rows, in the same transaction (−old row, +new row)."""

    __tablename__ = "household_count"

    township: str = Field(primary_key=True, max_length=40)
    site_id: int = Field(primary_key=True)
    due: date = Field(primary_key=True)
    households: int = 0
    zero: int = 0
    needs_plan: int = 0
    poor: int = 0  # registered-poor households
    lifted: int = 0  # lifted in their as_of's year (household_status.lifted)
    lifted_poor: int = 0
    prev_lifted: int = 0  # lifted in the year before (household_status.prev_lifted)
    prev_lifted_poor: int = 0


class HouseholdStatusReady(TableModel, table=True):
    """One row once the status rows and counters are filled (`rebuild-summaries`, or migration 0029 on a database
    holding households): the readers use them from then on (before: the base tables)."""

    __tablename__ = "household_status_ready"

    filled_on: date = Field(primary_key=True)  # the county's date of the fill
    poverty_line: int | None = None  # the line the rows' `lifted` was computed against (another: base tables)
