"""A job seeker and the trades they have. Personal numbers are stored encrypted.

`id_hmac` and `phone_hmac` are keyed digests used to find a person again; the
unique index on `id_hmac` is what makes a second registration of the same person
an update, even when two submissions race.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"


class Intention(StrEnum):
    GO_OUT = "go_out"
    NEARBY = "nearby"
    EITHER = "either"


class LeaveConstraint(StrEnum):
    NONE = "none"  # can leave home
    CARE = "care"  # care duties (children, elderly)
    HEALTH = "health"
    OTHER = "other"


class PoorHousehold(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class SourceKind(StrEnum):
    FAIR = "fair"
    SITE = "site"
    DIRECT = "direct"
    IMPORT = "import"


class Seeker(TableModel, table=True):
    __table_args__ = (
        # The dashboard (migration 0003): its profile breakdown counts index ranges of
        # ix_seeker_profile, one per township × gender × education × intention × poor
        # household × age band; new registrations per township and period count
        # ranges of ix_seeker_township_created.
        Index("ix_seeker_profile", "township", "gender", "education", "intention", "poor_household",
              "birth_date"),
        Index("ix_seeker_township_created", "township", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ticket_code: str = Field(max_length=16, unique=True, index=True)
    name: str = Field(max_length=50)
    id_hmac: str = Field(max_length=64, unique=True, index=True)
    id_enc: str = Field(sa_column=Column(Text, nullable=False))
    id_masked: str = Field(max_length=18)
    phone_hmac: str = Field(max_length=64, index=True)
    phone_enc: str = Field(sa_column=Column(Text, nullable=False))
    phone_masked: str = Field(max_length=16)
    birth_date: date
    gender: str = Field(max_length=1)
    township: str = Field(max_length=40)  # indexed by ix_seeker_profile / _township_created
    village: str = Field(max_length=60)
    education: str = Field(max_length=16)
    intention: str = Field(max_length=8)
    expected_wage: int | None = None
    willing_to_train: bool = False
    poor_household: str = Field(default=PoorHousehold.UNKNOWN, max_length=8)
    leave_constraint: str = Field(default=LeaveConstraint.NONE, max_length=8)
    consent_version: str = Field(max_length=16)
    consented_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    source_kind: str = Field(default=SourceKind.DIRECT, max_length=8)
    first_fair_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("fair.id"), nullable=True)
    )
    first_site_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("site.id"), nullable=True)
    )
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True)
    )
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class SeekerTrade(TableModel, table=True):
    """One row per trade a seeker has; a table (not a JSON list) so matching can index it."""

    __tablename__ = "seeker_trade"
    # matching walks one trade's seekers newest first (migration 0005)
    __table_args__ = (Index("ix_seeker_trade_trade_seeker", "trade", "seeker_id"),)

    seeker_id: int = Field(
        sa_column=Column(Integer, ForeignKey("seeker.id", ondelete="CASCADE"), primary_key=True)
    )
    trade: str = Field(max_length=32, primary_key=True)


class TicketLookupFailure(TableModel, table=True):
    """Failed ticket look-ups per phone digest, to stop guessing the last 4 ID characters."""

    __tablename__ = "ticket_lookup_failure"

    id: int | None = Field(default=None, primary_key=True)
    phone_hmac: str = Field(max_length=64, index=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
