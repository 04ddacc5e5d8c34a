"""Kiosks at relocation sites: each site's kiosk PIN (stored hashed) and the wrong PINs typed (counted
here so every app server shares the limit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class KioskPin(TableModel, table=True):
    """The PIN that lets staff leave kiosk mode at one site (bcrypt hash), with who set it and when."""

    __tablename__ = "kiosk_pin"

    site_id: int = Field(sa_column=Column(Integer, ForeignKey("site.id", ondelete="CASCADE"), primary_key=True))
    pin_hash: str = Field(max_length=80)
    set_by: str = Field(max_length=40)  # the organizer's user name
    set_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


class KioskPinFailure(TableModel, table=True):
    """One wrong PIN typed at a site's kiosk."""

    __tablename__ = "kiosk_pin_failure"
    __table_args__ = (Index("ix_kiosk_pin_failure_site_at", "site_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(sa_column=Column(Integer, ForeignKey("site.id", ondelete="CASCADE"), nullable=False))
    ip_address: str = Field(default="", max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
