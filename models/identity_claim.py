"""Claims on a registered identity: someone registered again with a known ID number from
another mobile. Nothing of the person changed; the attempt waits here for staff review.

Nothing in clear identifies anyone: the claimed mobile is a keyed digest and a Fernet
token, the typed name a token; the ID number is not stored at all (`seeker_id` says whose).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class ClaimOutcome(StrEnum):
    REFUSED = "refused"  # told "already registered with a phone ending in ••12"; nothing changed
    PROVEN = "proven"  # the previous mobile's full number matched: phone and profile updated
    DESK = "desk"  # the person chose to go to a staff desk with the ID card


class IdentityClaim(TableModel, table=True):
    __tablename__ = "identity_claim"
    __table_args__ = (
        # a double tap on confirm records one claim
        Index("ux_identity_claim_submission", "submission_id", "seeker_id", "phone_hmac", unique=True),
        # wrong proofs of one seeker within the window (the limit), and the staff's open list
        Index("ix_identity_claim_seeker_created", "seeker_id", "created_at"),
        Index("ix_identity_claim_reviewed_created", "reviewed_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    seeker_id: int = Field(sa_column=Column(Integer, ForeignKey("seeker.id", ondelete="CASCADE"), nullable=False))
    submission_id: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    name_enc: str = Field(sa_column=Column(Text, nullable=False))  # the name typed, encrypted
    phone_hmac: str = Field(max_length=64)  # the new mobile claimed, as a keyed digest
    phone_enc: str = Field(sa_column=Column(Text, nullable=False))  # and encrypted
    client_ip: str = Field(default="", max_length=64)
    outcome: str = Field(default=ClaimOutcome.REFUSED, max_length=8)
    outcome_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    proof_failures: int = 0  # wrong previous mobiles typed for this claim
    reviewed_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    reviewed_by: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("staff_user.id"), nullable=True)
    )
