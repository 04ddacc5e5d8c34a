"""Audit log: who did what sensitive thing (full-ID exports, account changes), when, with which filter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class AuditEvent(TableModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_action_at", "action", "at"),)  # the audit-log page

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))
    actor: str = Field(max_length=40, index=True)  # username
    action: str = Field(max_length=40)  # e.g. "export_full_ids", "account_created"
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
