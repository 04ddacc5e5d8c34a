"""Follow-up visits after a hire, and the wage or safety problems they bring to light.

Recording a hire schedules one visit per configured month (1, 3 and 6 months after the start date
by default), each with a window (`window_opens` .. `window_closes`, local dates); whether a visit is
due or overdue is decided in one place only: `services/followups/due.py`. A visit is one row with a
life: scheduled → done (its outcome recorded) or cancelled (its hire was cancelled: who, when, why).
Never deleted. A scheduled k-month visit is unique per hire (`ux_follow_up_hire_month`): recording
it late fills that row, it never adds a second one; an extra visit (`month` NULL) is a row of its own.

`WageIssue` is an unpaid-wage report, a dispute or a worker not safe, found at a visit: it flags the
employer for organizers (count, amount, since when) until someone resolves it (who, when, how).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, text
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class VisitStatus(StrEnum):
    SCHEDULED = "scheduled"
    DONE = "done"
    CANCELLED = "cancelled"  # its hire was cancelled (or the visit was, with a reason)


class Outcome(StrEnum):
    WORKING = "working"  # still working for the hire's employer (current monthly wage)
    CHANGED_JOB = "changed_job"  # working elsewhere (new employer and wage)
    RETURNED = "returned"  # returned home, not working
    DISPUTE = "dispute"  # unpaid wages or another dispute (a short description)
    UNREACHABLE = "unreachable"  # nobody could reach the worker: the record goes to the repair queue


class FollowUp(TableModel, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (
        Index("ux_follow_up_hire_month", "hire_id", "month", unique=True,
              sqlite_where=text("month IS NOT NULL"), postgresql_where=text("month IS NOT NULL")),
        Index("ix_follow_up_open", "status", "window_closes"),  # the due and overdue lists
        Index("ix_follow_up_seeker", "seeker_id"),
        Index("ix_follow_up_employer", "employer_id", "status"),
        Index("ix_follow_up_visited", "status", "visited_on"),  # the visits done, latest first (lists.py)
        # a hire's latest visit (in work? its wage? employment.py, dashboard income): one index seek per hire
        Index("ix_follow_up_hire_visited", "hire_id", "status", "visited_on", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    hire_id: int = Field(sa_column=Column(Integer, ForeignKey("hire.id"), nullable=False))
    seeker_id: int = Field(sa_column=Column(Integer, ForeignKey("seeker.id"), nullable=False))
    employer_id: int = Field(sa_column=Column(Integer, ForeignKey("employer.id"), nullable=False))
    month: int | None = None  # the k of a scheduled k-month visit; None: an extra visit
    due_date: date  # start date + k months (local date)
    window_opens: date
    window_closes: date
    status: str = Field(default=VisitStatus.SCHEDULED, max_length=12)
    # the outcome, once recorded
    outcome: str | None = Field(default=None, max_length=16)
    visited_on: date | None = None
    monthly_wage: int | None = None  # current wage (working) or the new job's (changed job)
    new_employer: str = Field(default="", max_length=120)  # changed job: the new employer's name
    wage_paid: bool | None = None  # "paid?": the last wage paid in full and on time (None: not asked)
    safe: bool | None = None  # "safe?" (None: not asked)
    note: str = Field(default="", max_length=500)  # the dispute's description, or any remark
    recorded_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    recorded_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    cancelled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    cancelled_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    cancel_reason: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class IssueKind(StrEnum):
    UNPAID = "unpaid"  # wages not paid in full or on time
    DISPUTE = "dispute"  # another dispute with the employer
    UNSAFE = "unsafe"  # the worker is not safe


class WageIssue(TableModel, table=True):
    """A problem found at a visit; open until resolved (never deleted)."""

    __tablename__ = "wage_issue"
    __table_args__ = (
        Index("ix_wage_issue_employer_open", "employer_id", "resolved_at"),
        # a hire's open issues: the dashboard joins the hires in its scope to them (migration 0040)
        Index("ix_wage_issue_hire_open", "hire_id", "resolved_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    follow_up_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("follow_up.id"), nullable=True, index=True))
    hire_id: int = Field(sa_column=Column(Integer, ForeignKey("hire.id"), nullable=False))
    seeker_id: int = Field(sa_column=Column(Integer, ForeignKey("seeker.id"), nullable=False))
    employer_id: int = Field(sa_column=Column(Integer, ForeignKey("employer.id"), nullable=False))
    kind: str = Field(max_length=8)
    amount: int | None = None  # yuan owed (unpaid wages), when known
    since: date | None = None  # unpaid since (local date), when known
    description: str = Field(default="", max_length=500)
    reported_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    reported_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    resolved_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    resolved_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    resolution: str = Field(default="", max_length=500)
