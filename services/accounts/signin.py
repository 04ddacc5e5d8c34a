"""Sign-in checks: the password, the account and its employer, and a failure limit shared by
all app servers.

Failure limit (services/accounts/signin_policy.py for the policy): failed sign-ins are kept in the
database (`login_failure`, so all app servers share them; older than a day pruned) and counted per
user name, per client address across all user names, and per (user name, address). Past a few free
failures each further try waits twice as long as the one before, counted from the last failure and
capped, never a fixed lockout of the right password. While a wait applies the sign-in is refused
*without checking the password* (a guess during the wait tells nothing and does not count), and the
message says how long to wait. A wrong password, an unknown user name and a disabled account get the
same answer (and the same bcrypt work), so the form does not reveal which accounts exist. A
successful sign-in forgives the user's failures for the user and pair counts; the address keeps them
(someone spraying passwords from one address cannot reset its count with an account of their own).
Two tries at the very same moment may both pass the check: the limit is a rate, not a lock.

A recruiter acts for an employer: they can sign in, and keep a session, only while their
account is active and their employer is approved (fairs vet employers). With the right
password but an employer still waiting, rejected or suspended, the sign-in is refused with
a message that says so (after the password check, so it tells nothing to someone guessing).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, ClassVar

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from models import Employer, EmployerStatus, LoginFailure, Role, StaffUser
from models.base import utcnow
from services.accounts.passwords import DUMMY_HASH, verify_password
from services.accounts.signin_policy import ADDRESS, PAIR, USER, Limit, wait_seconds
from services.core.client_address import address_key
from services.core.db import read_only, transactional
from services.core.errors import MustWait, NotFound, PortalError
from services.core.i18n import N_

KEEP = timedelta(days=1)  # failures older than this are pruned (none of the limits looks further back)


def normalize_username(raw: str) -> str:
    """User names are compared trimmed and in lower case."""
    return (raw or "").strip().lower()


def find_user(session: Session, username: str) -> StaffUser:
    """The account with this user name; NotFound if there is none."""
    user = session.exec(select(StaffUser).where(StaffUser.username == normalize_username(username))).first()
    if user is None:
        raise NotFound(N_("This account does not exist."))
    return user


class EmployerNotApproved(PortalError):
    """Right password, but the recruiter's employer may not recruit (yet): `message` says why,
    `status` is the employer's status (None: no employer), `note` the bureau's reason if any."""

    MESSAGES: ClassVar[dict[str, str]] = {
        EmployerStatus.PENDING: N_("Your company's registration is waiting for approval by the labor bureau. "
                                   "You can sign in once it is approved."),
        EmployerStatus.REJECTED: N_("Your company's registration was not approved by the labor bureau. "
                                    "Please contact the bureau."),
        EmployerStatus.SUSPENDED: N_("Your company's account has been suspended by the labor bureau. "
                                     "Please contact the bureau."),
    }
    NO_EMPLOYER = N_("This recruiter account belongs to no company. Please contact the labor bureau.")

    def __init__(self, status: str | None, note: str = ""):
        super().__init__(self.MESSAGES.get(status, self.NO_EMPLOYER) if status else self.NO_EMPLOYER)
        self.status = status
        self.note = note


def employer_block(session: Session, user: StaffUser) -> EmployerNotApproved | None:
    """Why this account may not act now because of its employer (None: it may)."""
    if user.role != Role.RECRUITER:
        return None
    employer = session.get(Employer, user.employer_id) if user.employer_id is not None else None
    if employer is None:
        return EmployerNotApproved(None)
    if employer.status != EmployerStatus.APPROVED:
        return EmployerNotApproved(employer.status, employer.status_note)
    return None


class SignInRefused(MustWait):
    """Too many failed sign-ins; `wait_seconds` is how long to wait (in seconds under a minute, else in
    whole minutes in the message)."""

    message = N_("Too many failed sign-ins. Please wait {minutes} minute(s) and try again. "
                 "Your password was not checked.")
    in_seconds = N_("Too many failed sign-ins. Please wait {seconds} seconds and try again. "
                    "Your password was not checked.")

    def __init__(self, wait_seconds: int):
        super().__init__(wait_seconds)
        if self.wait_seconds < 60:
            self.message = self.in_seconds
            self.values = {"seconds": self.wait_seconds}


def _recent(session: Session, where: tuple[Any, ...], limit: Limit, now: datetime) -> list[datetime]:
    """The newest failures of one scope (newest first), as many as can decide its wait."""
    return list(session.exec(select(LoginFailure.at).where(*where, LoginFailure.at > now - KEEP)
                             .order_by(col(LoginFailure.at).desc()).limit(limit.rows_needed)).all())


def _history(session: Session, name: str, address: str, now: datetime) -> dict[str, list[datetime]]:
    users = (LoginFailure.username == name, col(LoginFailure.user_cleared).is_(False))
    return {
        USER.scope: _recent(session, users, USER, now),
        PAIR.scope: _recent(session, (*users, LoginFailure.ip_address == address), PAIR, now),
        ADDRESS.scope: _recent(session, (LoginFailure.ip_address == address,), ADDRESS, now),
    }


@transactional
def check_sign_in(session: Session, *, username: str, password: str, ip: str = "",
                  now: datetime | None = None) -> StaffUser | None:
    """The user if the password is right and the account active; None otherwise (the failure is
    recorded: it commits with the caller's transaction).

    Raises SignInRefused while the failure limit applies (before looking at the password), and
    EmployerNotApproved for a recruiter with the right password whose employer is not approved.
    """
    now = now or utcnow()
    name, address = normalize_username(username), address_key(ip)
    wait = wait_seconds(_history(session, name, address, now), now)
    if wait:
        raise SignInRefused(wait)
    user = session.exec(select(StaffUser).where(StaffUser.username == name)).first()
    ok = verify_password(password, user.password_hash if user else DUMMY_HASH)
    if ok and user is not None and user.active:
        blocked = employer_block(session, user)
        if blocked is not None:
            raise blocked
        forgive_user(session, name)
        return user
    session.execute(delete(LoginFailure).where(col(LoginFailure.at) < now - KEEP))
    session.add(LoginFailure(username=name, ip_address=address, at=now))
    return None


def forgive_user(session: Session, username: str) -> None:
    """The user signed in (or got a new password): their failures no longer count for the user or the
    pair, only for the addresses they came from."""
    session.execute(update(LoginFailure).where(col(LoginFailure.username) == normalize_username(username),
                                               col(LoginFailure.user_cleared).is_(False))
                    .values(user_cleared=True))


@read_only
def failures_in_window(session: Session, username: str, *, now: datetime | None = None) -> int:
    """Failed sign-ins of this user name (not yet forgiven) in the last hour."""
    now = now or utcnow()
    return session.exec(select(func.count()).select_from(LoginFailure).where(
        LoginFailure.username == normalize_username(username), col(LoginFailure.user_cleared).is_(False),
        LoginFailure.at > now - USER.forget)).one()


@read_only
def credentials_for_authenticator(session: Session) -> dict[str, dict[str, dict[str, object]]]:
    """The dict streamlit-authenticator expects, built from the database (active users only)."""
    users = session.exec(select(StaffUser).where(StaffUser.active))
    return {"usernames": {
        u.username: {"name": u.display_name, "email": u.email, "password": u.password_hash,
                     "roles": [u.role], "failed_login_attempts": 0, "logged_in": False}
        for u in users
    }}
