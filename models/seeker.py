"""A job seeker and the trades they have. Personal numbers are stored encrypted.

`id_hmac` and `phone_hmac` are keyed digests used to find a person again; the
unique index on `id_hmac` is what makes a second registration of the same person
an update, even when two submissions race.

What a copy of the database reveals without the key (PIPL: nothing may rebuild an ID number,
alone or together with other clear columns; tests/registration/test_reconstruction.py tries):

- ID number: only `id_enc` (Fernet) and keyed digests (`id_hmac`, `id_last4_hmac`). No part of
  the number is stored in clear (migration 0009 dropped the stored mask `id_masked`, whose
  first 6 and last 4 characters together with `birth_date` were the whole number). A mask
  for a page or an export is made from the decrypted value when it is needed.
- `birth_date` and `gender` (the dashboard's age bands and breakdown, ix_seeker_profile) are
  characters 7-14 and the parity of character 17. With the area code guessed from `township`
  (a county has one or a few) the unknown rest is the 3-digit sequence: about 500 candidates
  per person, and checking one needs the key (`id_hmac`) — nothing in clear tells them apart.
  The check character follows from the other 17, so it adds nothing.
- `id_last4_hmac`: the ticket look-up's "last 4 characters" as a keyed digest of (the person's
  `id_hmac`, the 4 characters), so equal last 4 of two people do not show as equal digests.
  Rows from before 0009 have NULL: the look-up fills it on demand (it has the key; the
  migration has not): see `services/registration/tickets.py`.
- Phone: `phone_enc`, `phone_hmac` and `phone_masked` (the first 3 and last 4 of 11 digits,
  as printed on lists; 10,000 candidates, checking one needs the key). Equal `phone_hmac`
  shows that family members share one phone, nothing more.
- `name`, `township`, `village`, the profile answers: shown on the ticket and to recruiters;
  no part of an ID number or phone. `ticket_code` is random (services/registration/tickets.py).
- Other tables: `checkin` holds ids, times and a random submission id; `ticket_lookup_limit`
  keys are keyed digests (of the phone; of the client address); audit details hold filters,
  counts and user names, never an ID number or phone.
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
        # the dashboard's count of complete profiles is one range of it (migration 0011)
        Index("ix_seeker_profile_answered", "profile_answered"),
        # the import's likely duplicates: the same village and birth date (migration 0018)
        Index("ix_seeker_village_birth", "township", "village", "birth_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ticket_code: str = Field(max_length=16, unique=True, index=True)
    name: str = Field(max_length=50)
    id_hmac: str = Field(max_length=64, unique=True, index=True)
    id_enc: str = Field(sa_column=Column(Text, nullable=False))
    id_last4_hmac: str | None = Field(default=None, max_length=64)  # NULL: not filled yet (before 0009)
    phone_hmac: str = Field(max_length=64, index=True)
    phone_enc: str = Field(sa_column=Column(Text, nullable=False))
    phone_masked: str = Field(max_length=16)
    birth_date: date
    gender: str = Field(max_length=1)
    township: str = Field(max_length=40)  # indexed by ix_seeker_profile / _township_created
    village: str = Field(max_length=60)
    # The profile answers: None until the person answers (the ticket comes first, migration 0010);
    # `profile_answered` names the groups answered (services/registration/profile.py).
    education: str | None = Field(default=None, max_length=16)
    intention: str | None = Field(default=None, max_length=8)
    expected_wage: int | None = None  # None: "open", or not answered (see profile_answered)
    willing_to_train: bool | None = None
    poor_household: str | None = Field(default=None, max_length=8)
    leave_constraint: str | None = Field(default=None, max_length=8)
    profile_answered: str = Field(default="", max_length=80)
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
    # The household (models/household.py, migration 0015) and the relation to its head as the list says
    # it ("户主": the head); None: not known.
    household_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("household.id", name="fk_seeker_household_id"), nullable=True, index=True))
    household_relation: str | None = Field(default=None, max_length=16)


class SeekerTrade(TableModel, table=True):
    """One row per trade a seeker has; a table (not a JSON list) so matching can index it."""

    __tablename__ = "seeker_trade"
    # matching walks one trade's seekers newest first (migration 0005)
    __table_args__ = (Index("ix_seeker_trade_trade_seeker", "trade", "seeker_id"),)

    seeker_id: int = Field(
        sa_column=Column(Integer, ForeignKey("seeker.id", ondelete="CASCADE"), primary_key=True)
    )
    trade: str = Field(max_length=32, primary_key=True)


class TicketLookupLimit(TableModel, table=True):
    """Failed ticket look-ups of one phone or one client address (services/registration/lookup_limits.py).

    `key` is "phone:" + the phone's keyed digest, or "addr:" + a keyed digest of the address:
    no phone or address in clear. Kept in the database so that every app server sees them.
    """

    __tablename__ = "ticket_lookup_limit"

    key: str = Field(primary_key=True, max_length=80)
    failures: int = 0
    last_failure_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    wait_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
