"""A check-in: a seeker registered (or re-registered) at a fair, a site, or directly."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class Channel(StrEnum):
    QR = "qr"
    KIOSK = "kiosk"
    STAFF = "staff"
    IMPORT = "import"


class CheckIn(TableModel, table=True):
    __tablename__ = "checkin"
    __table_args__ = (
        Index("ix_checkin_fair_created", "fair_id", "created_at"),
        Index("ix_checkin_site_created", "site_id", "created_at"),
        # The dashboard (migration 0003): distinct people in a time range (covering), and
        # distinct people at a fair, on all or some of its days (read in seeker order, no sort).
        Index("ix_checkin_created_seeker", "created_at", "seeker_id"),
        Index("ix_checkin_fair_seeker", "fair_id", "seeker_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(
        sa_column=Column(Integer, ForeignKey("seeker.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    fair_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("fair.id"), nullable=True))
    site_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("site.id"), nullable=True))
    channel: str = Field(default=Channel.QR, max_length=8)
    # The id carried by the rendered form: a double submit of one form is one check-in.
    submission_id: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False)  # ix_checkin_created_seeker
    )
    # At a staff desk (channel "staff"): the worker who read the consent to the person and ticked it
    # (migration 0014); None when the person ticked it themselves.
    consent_read_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id", name="fk_checkin_consent_read_by"),
                                       nullable=True)
    )
