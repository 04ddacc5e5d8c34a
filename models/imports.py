"""Imported village lists: one batch per saved import, and the history of every changed field.

`ImportBatch` says who imported which file (name, sha256, kind) when, from which source, and what
came of its rows: new + updated + unchanged + left_out + needing_review = rows.

`SeekerChange` is one field of a person changed by staff work (an import, a repair, joining a
household): old → new as staff are shown them (codes as stored; phones masked; never an ID number
in clear), who, when, why, the batch if any; `undone_at`/`undone_by` for the repair queue's undo.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class ImportBatch(TableModel, table=True):
    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    staff_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))
    file_name: str = Field(max_length=200)
    sha256: str = Field(max_length=64, index=True)
    kind: str = Field(max_length=16)  # "xlsx", or the CSV's encoding
    source_kind: str = Field(max_length=8)  # fair, site or direct: where the people were registered
    fair_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("fair.id"), nullable=True))
    site_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("site.id"), nullable=True))
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    left_out: int = 0
    needing_review: int = 0


class SeekerChange(TableModel, table=True):
    __tablename__ = "seeker_change"
    __table_args__ = (
        Index("ix_seeker_change_seeker_at", "seeker_id", "at"),  # a person's history, newest last
        Index("ix_seeker_change_batch", "batch_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(sa_column=Column(Integer, ForeignKey("seeker.id", ondelete="CASCADE"), nullable=False))
    field: str = Field(max_length=32)
    old: str | None = Field(default=None, max_length=200)
    new: str | None = Field(default=None, max_length=200)
    reason: str = Field(max_length=16)  # "import", "household", "repair"
    batch_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("import_batch.id"),
                                                                nullable=True))
    staff_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"),
                                                                nullable=True))
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    undone_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    undone_by: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("staff_user.id", name="fk_seeker_change_undone_by"), nullable=True))
