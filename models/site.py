"""A registration point outside fairs: a relocation site or a village point."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class SiteKind(StrEnum):
    RELOCATION = "relocation"
    VILLAGE_POINT = "village_point"


class Site(TableModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True, index=True)
    name: str = Field(max_length=120)
    kind: str = Field(default=SiteKind.RELOCATION, max_length=16)
    township: str = Field(default="", max_length=40)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
