"""Shared column types and helpers for the tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import DateTime, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class TableModel(SQLModel):
    """The base of every table model (declare them `class X(TableModel, table=True)`).

    It only tells the type checker about `__table__`, the Core table SQLAlchemy's declarative
    mapping sets on each table class, which SQLModel's types do not declare: queries that read
    `X.__table__.c` are then checked too. Nothing changes at run time.
    """

    if TYPE_CHECKING:
        __table__: ClassVar[Table]


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware timestamps on every backend.

    PostgreSQL keeps the zone (timestamptz); SQLite has no zone type, so values are
    stored as UTC and handed back aware. Naive datetimes are refused on the way in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused; use an aware datetime (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
