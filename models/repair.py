"""The repair queue's own records: the rows an import left out, kept to be fixed or dismissed.

`LeftOutRow` is one row of a saved import that was not imported (not valid, not chosen, or repeating an
ID number): its batch and row number, the township and village as typed (the queue is per township), the
problems in plain words, and the row's cells as typed, encrypted with the Vault as JSON (they hold ID
numbers and phones; never in clear). Fixed (registered from the queue) or dismissed with a reason, it is
marked and kept, never deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text, text
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class LeftOutRow(TableModel, table=True):
    __tablename__ = "import_left_out"
    __table_args__ = (Index("ix_import_left_out_open", "township", "closed_at", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(sa_column=Column(Integer, ForeignKey("import_batch.id"), nullable=False, index=True))
    row: int  # the row number in the file
    township: str = Field(default="", max_length=40)  # as typed (may be unknown)
    village: str = Field(default="", max_length=60)
    problems: str = Field(sa_column=Column(Text, nullable=False))  # plain words, one problem a line (English ids)
    cells_enc: str = Field(sa_column=Column(Text, nullable=False))  # Vault-encrypted JSON: field -> value as typed
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    closed_by: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    outcome: str | None = Field(default=None, max_length=16)  # "fixed" or "dismissed"
    reason: str | None = Field(default=None, max_length=200)  # why it was dismissed
    seeker_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("seeker.id", ondelete="SET NULL"), nullable=True))  # registered when fixed


class UnreachableItem(TableModel, table=True):
    """A person nobody could reach at a follow-up visit (issue 13): their phone or whereabouts need checking.

    One open item per person (`ux_repair_unreachable_open`); another unreachable visit while it is open adds
    nothing. Closed as "fixed" (reached again, phone corrected) or "dismissed" with a reason; kept, never deleted.
    The queue is per township: the seeker's."""

    __tablename__ = "repair_unreachable"
    __table_args__ = (
        Index("ux_repair_unreachable_open", "seeker_id", unique=True,
              sqlite_where=text("closed_at IS NULL"), postgresql_where=text("closed_at IS NULL")),
        Index("ix_repair_unreachable_closed", "closed_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(sa_column=Column(Integer, ForeignKey("seeker.id"), nullable=False))
    follow_up_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("follow_up.id"), nullable=True))  # the visit that found it
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    closed_by: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    outcome: str | None = Field(default=None, max_length=16)  # "fixed" or "dismissed"
    reason: str = Field(default="", max_length=200)
