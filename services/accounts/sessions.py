"""Server-side sessions behind the sign-in cookie: checked on every run, so signing out, a new
password or a disabled account (or a recruiter's employer no longer approved) ends them at once,
even if the cookie is copied and replayed. A recruiter whose session ended because the bureau
suspended their company is told so (`ended_by_employer`), not silently signed out."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from models import AuthSession, Employer, Role, StaffUser
from models.base import utcnow
from services.accounts.signin import EmployerNotApproved, employer_block, find_user, normalize_username
from services.core.db import read_only, transactional

SESSION_HOURS = 12


@dataclass(frozen=True)
class Principal:
    """Who is signed in, as the pages see it."""

    user_id: int
    username: str
    display_name: str
    role: str
    session_id: str
    employer_id: int | None = None  # a recruiter's employer

    @property
    def is_organizer(self) -> bool:
        return self.role == Role.ORGANIZER


@transactional
def start_session(session: Session, *, username: str, cookie_exp: float, ip: str = "",
                  now: datetime | None = None) -> Principal:
    now = now or utcnow()
    user = find_user(session, username)
    assert user.id is not None  # a saved row
    row = AuthSession(id=secrets.token_urlsafe(32), user_id=user.id, cookie_exp=cookie_exp, created_at=now,
                      expires_at=now + timedelta(hours=SESSION_HOURS), ip_address=ip)
    session.add(row)
    return Principal(user.id, user.username, user.display_name, user.role, row.id, user.employer_id)


def _principal(session: Session, row: AuthSession | None, now: datetime) -> Principal | None:
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    user = session.get(StaffUser, row.user_id)
    if user is None or not user.active or employer_block(session, user) is not None:
        return None
    assert user.id is not None  # a saved row
    return Principal(user.id, user.username, user.display_name, user.role, row.id, user.employer_id)


@read_only
def session_principal(session: Session, session_id: str, *, now: datetime | None = None) -> Principal | None:
    """The signed-in staff member for this session id, or None if it ended, expired or was revoked."""
    return _principal(session, session.get(AuthSession, session_id), now or utcnow())


@read_only
def session_for_cookie(session: Session, *, username: str, cookie_exp: float,
                       now: datetime | None = None) -> Principal | None:
    """Match a sign-in cookie (user name + its expiry) to a live server-side session."""
    row = session.exec(select(AuthSession).join(StaffUser, col(StaffUser.id) == AuthSession.user_id).where(
        StaffUser.username == normalize_username(username), AuthSession.cookie_exp == cookie_exp)).first()
    return _principal(session, row, now or utcnow())


@read_only
def ended_by_employer(session: Session, *, session_id: str | None = None, username: str = "",
                      cookie_exp: float | None = None, now: datetime | None = None) -> EmployerNotApproved | None:
    """Why this recruiter's session (by id, or by its cookie's user name and expiry) no longer signs them
    in, when the reason is their employer (suspended or rejected by the bureau, with its note): None when
    the session ended for any other reason (signed out before, expired, account disabled) or still lives."""
    now = now or utcnow()
    if session_id:
        row = session.get(AuthSession, session_id)
    else:
        row = session.exec(select(AuthSession).join(StaffUser, col(StaffUser.id) == AuthSession.user_id).where(
            StaffUser.username == normalize_username(username), AuthSession.cookie_exp == cookie_exp)).first()
    if row is None or row.expires_at <= now:
        return None
    user = session.get(StaffUser, row.user_id)
    if user is None or not user.active:
        return None
    blocked = employer_block(session, user)
    if blocked is None:
        return None
    employer = session.get(Employer, user.employer_id) if user.employer_id is not None else None
    reviewed = employer.reviewed_at if employer is not None else None
    if row.revoked_at is not None and reviewed is not None and row.revoked_at < reviewed:
        return None  # signed out before the bureau's decision
    return blocked


@transactional
def end_session(session: Session, session_id: str) -> None:
    row = session.get(AuthSession, session_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = utcnow()


def revoke_sessions(session: Session, user_id: int, *, keep: str | None = None) -> None:
    """End every live session of this user (but `keep`, the one in use), in the caller's transaction."""
    query = select(AuthSession).where(AuthSession.user_id == user_id, col(AuthSession.revoked_at).is_(None))
    if keep is not None:
        query = query.where(AuthSession.id != keep)
    for row in session.exec(query):
        row.revoked_at = utcnow()
