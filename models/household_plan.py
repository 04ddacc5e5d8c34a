"""One household, one plan (一户一策): the steps agreed for a household that needs a member in stable work.

A plan is a chain of steps, one row each: the responsible cadre (a staff account, or a name typed),
the next step, by whom and by when (a local date). At most one step of a household is open at a time
(`ux_household_plan_open`, so two people saving at once never leave two open steps). A step is never
deleted or overwritten: it is closed as done or cancelled (replaced by a newer step, which points back
to it by `replaces_id`), with who and when (`updated_by` / `updated_at`). Which households need a plan
and when a plan is overdue is decided by services/households/.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, text
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class PlanStatus(StrEnum):
    OPEN = "open"
    DONE = "done"  # the step was carried out
    CANCELLED = "cancelled"  # replaced by a newer step, or given up (the note says why)


class HouseholdPlan(TableModel, table=True):
    __tablename__ = "household_plan"
    __table_args__ = (
        Index("ux_household_plan_open", "household_id", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
        Index("ix_household_plan_household", "household_id", "id"),
        Index("ix_household_plan_status_due", "status", "due_on"),  # the overdue list
    )

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(sa_column=Column(Integer, ForeignKey("household.id"), nullable=False))
    cadre_user_id: int | None = Field(  # the responsible cadre's account, when they have one
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    cadre_name: str = Field(max_length=60)  # the responsible cadre as shown (the account's name, or typed)
    next_step: str = Field(max_length=500)
    by_whom: str = Field(max_length=60)
    due_on: date  # by when (the county's local date); overdue from the day after
    status: str = Field(default=PlanStatus.OPEN, max_length=10)
    note: str = Field(default="", max_length=500)  # how the step ended (done or cancelled)
    replaces_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("household_plan.id"), nullable=True))
    created_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
