"""Staff accounts (organizers, recruiters, registration desk staff), their sign-in sessions and failed sign-ins.

Credentials are bcrypt hashes here, not in a YAML file. A session row is the server's
side of the sign-in cookie: signing out revokes it, so a copied cookie replayed later
is refused. Failed sign-ins are counted here so every app server shares the limit.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, false
from sqlmodel import Field

from models.base import TableModel, UTCDateTime, utcnow


class Role(StrEnum):
    ORGANIZER = "organizer"
    RECRUITER = "recruiter"
    DESK = "desk"  # registration desk staff: a site worker or fair staff (the staff desk; organizers too)
    TOWNSHIP = "township"  # township staff: follow-ups, households and repairs of one township (`township`)
    WORKSTATION = "workstation"  # a labor-export workstation in a destination city: follow-ups there (`city`)


class StaffUser(TableModel, table=True):
    __tablename__ = "staff_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=40, unique=True, index=True)  # stored lower-case
    display_name: str = Field(max_length=60)
    email: str = Field(default="", max_length=120)
    role: str = Field(max_length=12)
    # a recruiter acts for one employer; None for organizers
    employer_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("employer.id", name="fk_staff_user_employer_id"),
                                          nullable=True, index=True)
    )
    # desk staff may work for one site: their desk registrations come from it (migration 0014)
    site_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("site.id", name="fk_staff_user_site_id"), nullable=True)
    )
    # township staff work for one township (its name as in config/county.toml); migration 0017
    township: str | None = Field(default=None, max_length=40)
    # workstation staff follow the hires whose destination is this city (as vacancies spell it); 0017
    city: str | None = Field(default=None, max_length=40)
    password_hash: str = Field(max_length=80)
    active: bool = True
    must_change_password: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    password_changed_at: datetime = Field(default_factory=utcnow,
                                          sa_column=Column(UTCDateTime(), nullable=False))


class AuthSession(TableModel, table=True):
    """One sign-in. `cookie_exp` is the expiry the sign-in cookie carries (its only unique claim)."""

    __tablename__ = "auth_session"
    __table_args__ = (Index("ix_auth_session_user_exp", "user_id", "cookie_exp", unique=True),)

    id: str = Field(primary_key=True, max_length=48)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("staff_user.id", ondelete="CASCADE"),
                                          nullable=False, index=True))
    cookie_exp: float
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    ip_address: str = Field(default="", max_length=64)


class LoginFailure(TableModel, table=True):
    """One failed sign-in. `ip_address` is the client's address key (services/core/client_address.py: an IPv6
    client by its /64). `user_cleared`: the user signed in since, so it no longer counts for the user or the
    (user, address) pair, only for the address (services/accounts/signin_limits.py); migration 0024."""

    __tablename__ = "login_failure"
    __table_args__ = (Index("ix_login_failure_user_at", "username", "at"),
                      Index("ix_login_failure_ip_at", "ip_address", "at"))

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=40)
    ip_address: str = Field(default="", max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))
    user_cleared: bool = Field(default=False, sa_column=Column(Boolean(), server_default=false(), nullable=False))
