"""A job fair: a dated event where recruiters meet seekers at booths."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class FairStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"


class Fair(TableModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True, index=True)
    name: str = Field(max_length=120)
    venue: str = Field(default="", max_length=200)
    township: str = Field(default="", max_length=40)
    campaign: str = Field(default="", max_length=80)
    starts_on: date | None = None
    ends_on: date | None = None
    status: str = Field(default=FairStatus.OPEN, max_length=12)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
