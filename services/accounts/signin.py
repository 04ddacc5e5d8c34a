"""Sign-in checks: the password, the account and its employer, and a failure limit shared by
all app servers.

Failure limit (kept in the database so all app servers share it, and so that no attacker
can keep an account locked forever):
- per user name *and* client address: 5 failures within 15 minutes block that pair until
  the oldest of them is 15 minutes old (someone guessing from one place cannot lock the
  real user out from another);
- per user name from anywhere: past 10 failures within 15 minutes, each further try must
  wait 2^(n-10) seconds after the last failure, at most 60 s: a slowdown, never a lockout.

A recruiter acts for an employer: they can sign in, and keep a session, only while their
account is active and their employer is approved (fairs vet employers). With the right
password but an employer still waiting, rejected or suspended, the sign-in is refused with
a message that says so (after the password check, so it tells nothing to someone guessing).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

from sqlalchemy import delete, func
from sqlmodel import Session, col, select

from models import Employer, EmployerStatus, LoginFailure, Role, StaffUser
from models.base import utcnow
from services.accounts.passwords import DUMMY_HASH, verify_password
from services.core.db import read_only, transactional
from services.core.errors import MustWait, NotFound, PortalError
from services.core.i18n import N_

WINDOW = timedelta(minutes=15)
PER_SOURCE_LIMIT = 5
SLOWDOWN_AFTER = 10
MAX_DELAY_SECONDS = 60


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
    """Too many failed sign-ins; `wait_seconds` is how long to wait (`minutes` in the message)."""

    message = N_("Too many failed sign-ins. Please wait {minutes} minute(s) and try again.")


def _throttle(session: Session, username: str, ip: str, now: datetime) -> int:
    """Seconds this sign-in must still wait (0: go ahead)."""
    since = now - WINDOW
    rows = session.exec(select(LoginFailure.at, LoginFailure.ip_address).where(
        LoginFailure.username == username, LoginFailure.at > since).order_by(col(LoginFailure.at))).all()
    mine = [at for at, addr in rows if addr == ip]
    if len(mine) >= PER_SOURCE_LIMIT:
        return int((mine[-PER_SOURCE_LIMIT] + WINDOW - now).total_seconds()) + 1
    if len(rows) > SLOWDOWN_AFTER:
        delay = min(MAX_DELAY_SECONDS, 2 ** (len(rows) - SLOWDOWN_AFTER))
        wait = rows[-1][0] + timedelta(seconds=delay) - now
        if wait.total_seconds() > 0:
            return int(wait.total_seconds()) + 1
    return 0


@transactional
def check_sign_in(session: Session, *, username: str, password: str, ip: str = "",
                  now: datetime | None = None) -> StaffUser | None:
    """The user if the password is right and the account active; None otherwise (the failure is
    recorded: it commits with the caller's transaction).

    Raises SignInRefused while the failure limit applies (before looking at the password), and
    EmployerNotApproved for a recruiter with the right password whose employer is not approved.
    """
    now = now or utcnow()
    name = normalize_username(username)
    wait = _throttle(session, name, ip, now)
    if wait:
        raise SignInRefused(wait)
    user = session.exec(select(StaffUser).where(StaffUser.username == name)).first()
    ok = verify_password(password, user.password_hash if user else DUMMY_HASH)
    if ok and user is not None and user.active:
        blocked = employer_block(session, user)
        if blocked is not None:
            raise blocked
        session.execute(delete(LoginFailure).where(col(LoginFailure.username) == name,
                                                    col(LoginFailure.ip_address) == ip))
        return user
    session.add(LoginFailure(username=name, ip_address=ip, at=now))
    return None


@read_only
def failures_in_window(session: Session, username: str, *, now: datetime | None = None) -> int:
    now = now or utcnow()
    return session.exec(select(func.count()).select_from(LoginFailure).where(
        LoginFailure.username == normalize_username(username), LoginFailure.at > now - WINDOW)).one()


@read_only
def credentials_for_authenticator(session: Session) -> dict[str, dict[str, dict[str, object]]]:
    """The dict streamlit-authenticator expects, built from the database (active users only)."""
    users = session.exec(select(StaffUser).where(StaffUser.active))
    return {"usernames": {
        u.username: {"name": u.display_name, "email": u.email, "password": u.password_hash,
                     "roles": [u.role], "failed_login_attempts": 0, "logged_in": False}
        for u in users
    }}
