"""An employer that recruits at the fairs, and the recruiter accounts that act for it.

Fairs vet employers: a recruiter who signs up creates a *pending* employer, and the
employer's recruiters can sign in only once an organizer has approved it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class EmployerStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class Employer(TableModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    credit_code: str = Field(max_length=18, unique=True, index=True)  # unified social credit code
    province: str = Field(max_length=20)
    city: str = Field(max_length=40)
    industry: str = Field(max_length=32)
    contact_name: str = Field(max_length=50)
    contact_phone: str = Field(max_length=20)  # the company's contact line, not a personal secret
    status: str = Field(default=EmployerStatus.PENDING, max_length=12, index=True)
    status_note: str = Field(default="", max_length=200)  # why rejected / suspended
    reviewed_by: str = Field(default="", max_length=40)  # organizer's user name (no FK: no cycle)
    reviewed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
