"""A seeker's application to a vacancy, its stage history, the hire, and booth scans.

An application exists once the seeker marks interest (job board, kiosk) or a recruiter
records a stage at the booth. Each stage change is a row in `stage_change`, so the
pipeline can show who moved whom, when, from what to what. The first time a stage is
reached is also stamped on the application so funnel counts are plain COUNTs.
`employer_id` is copied from the vacancy: access checks and "may this employer see the
phone number" are then one indexed lookup.

A hire is a record with its own life: never deleted (no cascade reaches it, so a vacancy,
application or seeker with a hire cannot be deleted). Reversing it marks it cancelled
(who, when, why) and keeps it; hiring the person again is a new hire row. At most one
hire per application is not cancelled (a partial unique index). Figures count only the
hires `ACTIVE_HIRE` selects.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, text
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class Stage(StrEnum):
    INTERESTED = "interested"
    INTERVIEWED = "interviewed"
    OFFERED = "offered"
    HIRED = "hired"
    NOT_SUITABLE = "not_suitable"


class ApplicationSource(StrEnum):
    BOARD = "board"  # the seeker marked interest on the public job board
    KIOSK = "kiosk"
    BOOTH = "booth"  # a recruiter recorded it after scanning the ticket


class Application(TableModel, table=True):
    __table_args__ = (
        Index("ix_application_vacancy_seeker", "vacancy_id", "seeker_id", unique=True),
        Index("ix_application_employer_seeker", "employer_id", "seeker_id"),
        Index("ix_application_seeker", "seeker_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    vacancy_id: int = Field(sa_column=Column(Integer, ForeignKey("vacancy.id", ondelete="CASCADE"),
                                             nullable=False))
    seeker_id: int = Field(sa_column=Column(Integer, ForeignKey("seeker.id", ondelete="CASCADE"),
                                            nullable=False))
    employer_id: int = Field(sa_column=Column(Integer, ForeignKey("employer.id"), nullable=False))
    stage: str = Field(default=Stage.INTERESTED, max_length=16)
    source: str = Field(default=ApplicationSource.BOARD, max_length=8)
    note: str = Field(default="", max_length=500)  # the latest note
    interviewed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    offered_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    hired_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class StageChange(TableModel, table=True):
    """One step in an application's history. `by_user_id` is None when the seeker acted."""

    __tablename__ = "stage_change"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(sa_column=Column(
        Integer, ForeignKey("application.id", ondelete="CASCADE"), nullable=False, index=True))
    from_stage: str | None = Field(default=None, max_length=16)  # None: the application was created
    to_stage: str = Field(max_length=16)
    note: str = Field(default="", max_length=500)
    by_user_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True)
    )
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class Hire(TableModel, table=True):
    """The terms of a hire, with the destination and trade copied from the vacancy at that moment.

    Never deleted: `cancelled_at` / `cancelled_by` / `cancel_reason` record a reversal."""

    __table_args__ = (
        Index("ix_hire_at", "hired_at"),
        Index("ix_hire_employer_at", "employer_id", "hired_at"),
        Index("ix_hire_fair_at", "fair_id", "hired_at"),  # the dashboard with a fair chosen
        Index("ix_hire_vacancy", "vacancy_id"),  # positions filled per vacancy
        Index("ix_hire_application", "application_id"),  # an application's hires, cancelled ones too
        # at most one hire per application is not cancelled (race-safe on both backends)
        Index("ux_hire_application_active", "application_id", unique=True,
              sqlite_where=text("cancelled_at IS NULL"), postgresql_where=text("cancelled_at IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(sa_column=Column(Integer, ForeignKey("application.id"), nullable=False))
    seeker_id: int = Field(sa_column=Column(Integer, ForeignKey("seeker.id"), nullable=False, index=True))
    employer_id: int = Field(sa_column=Column(Integer, ForeignKey("employer.id"), nullable=False))
    vacancy_id: int = Field(sa_column=Column(Integer, ForeignKey("vacancy.id"), nullable=False))
    fair_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("fair.id"), nullable=True))
    start_date: date
    monthly_wage: int
    contract_months: int
    province: str = Field(max_length=20)
    city: str = Field(max_length=40)
    scope: str = Field(max_length=8)
    trade: str = Field(max_length=32)
    recorded_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True)
    )
    hired_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    cancelled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    cancelled_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True)
    )
    cancel_reason: str = Field(default="", max_length=500)

    @property
    def active(self) -> bool:
        return self.cancelled_at is None


# The one condition "this hire counts" (not cancelled), for every figure and listing; works
# in Core (`Hire.__table__` selects) and ORM (`select(Hire)`) statements alike.
ACTIVE_HIRE = Hire.__table__.c.cancelled_at.is_(None)


class BoothScan(TableModel, table=True):
    """A recruiter opened a seeker's card at their booth (camera or typed code)."""

    __tablename__ = "booth_scan"
    __table_args__ = (
        Index("ix_booth_scan_at", "at"),
        Index("ix_booth_scan_employer_seeker", "employer_id", "seeker_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employer_id: int = Field(sa_column=Column(Integer, ForeignKey("employer.id"), nullable=False))
    seeker_id: int = Field(sa_column=Column(Integer, ForeignKey("seeker.id", ondelete="CASCADE"),
                                            nullable=False))
    fair_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("fair.id"), nullable=True))
    by_user_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True)
    )
    method: str = Field(default="camera", max_length=8)  # camera / typed
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
