"""Staff accounts: creation and management, sign-in checks with a shared failure limit,
and server-side sessions that back the sign-in cookie.

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

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import AuditEvent, AuthSession, Employer, EmployerStatus, LoginFailure, Role, StaffUser
from models.base import utcnow
from services.accounts.passwords import DUMMY_HASH, check_password, hash_password, verify_password
from services.core.db import unit_of_work
from services.core.i18n import N_
from services.core.validation import FieldError

SESSION_HOURS = 12
WINDOW = timedelta(minutes=15)
PER_SOURCE_LIMIT = 5
SLOWDOWN_AFTER = 10
MAX_DELAY_SECONDS = 60
USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


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


class EmployerNotApproved(Exception):
    """Right password, but the recruiter's employer may not recruit (yet): `message` says why."""

    MESSAGES = {
        EmployerStatus.PENDING: N_("Your company's registration is waiting for approval by the labor bureau. "
                                   "You can sign in once it is approved."),
        EmployerStatus.REJECTED: N_("Your company's registration was not approved by the labor bureau. "
                                    "Please contact the bureau."),
        EmployerStatus.SUSPENDED: N_("Your company's account has been suspended by the labor bureau. "
                                     "Please contact the bureau."),
    }
    NO_EMPLOYER = N_("This recruiter account belongs to no company. Please contact the labor bureau.")

    def __init__(self, status: str | None, note: str = ""):
        super().__init__(status)
        self.status = status
        self.note = note
        self.message = self.MESSAGES.get(status, self.NO_EMPLOYER) if status else self.NO_EMPLOYER


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


class SignInRefused(Exception):
    """Too many failed sign-ins; `message` is a message id, `wait_seconds` how long to wait."""

    def __init__(self, wait_seconds: int):
        super().__init__(wait_seconds)
        self.wait_seconds = max(1, wait_seconds)
        self.message = N_("Too many failed sign-ins. Please wait {minutes} minute(s) and try again.")

    @property
    def minutes(self) -> int:
        return -(-self.wait_seconds // 60)


def normalize_username(raw: str) -> str:
    return (raw or "").strip().lower()


def _check_username(username: str) -> str:
    name = normalize_username(username)
    if not (3 <= len(name) <= 40) or not set(name) <= USERNAME_CHARS:
        raise FieldError(N_("A user name has 3 to 40 letters, digits, dots, dashes or underscores."))
    return name


class AccountExists(Exception):
    message = N_("This user name is taken.")


def check_new_account(*, username: str, display_name: str, password: str) -> dict[str, str]:
    """Problems with a new account's user name, name and password: field -> message id (empty: fine)."""
    errors: dict[str, str] = {}
    try:
        name = _check_username(username)
    except FieldError as exc:
        errors["username"], name = exc.message, normalize_username(username)
    try:
        check_password(password, username=name)
    except FieldError as exc:
        errors["password"] = exc.message
    if not (display_name or "").strip():
        errors["display_name"] = N_("Please enter a name.")
    return errors


def add_user(session: Session, *, username: str, display_name: str, role: str, password: str, email: str = "",
             actor: str = "system", must_change_password: bool = False, employer_id: int | None = None,
             action: str = "account_created") -> StaffUser:
    """Add an account inside the caller's transaction (checked with `check_new_account` first).

    A recruiter belongs to an existing employer; an organizer to none.
    """
    name = normalize_username(username)
    if session.exec(select(StaffUser.id).where(StaffUser.username == name)).first() is not None:
        raise AccountExists()
    if Role(role) == Role.RECRUITER:
        if employer_id is None or session.get(Employer, employer_id) is None:
            raise FieldError(N_("A recruiter account belongs to a company: please choose one."))
    elif employer_id is not None:
        raise FieldError(N_("An organizer account belongs to no company."))
    user = StaffUser(username=name, display_name=display_name.strip(), email=email.strip(), role=Role(role),
                     password_hash=hash_password(password), must_change_password=must_change_password,
                     employer_id=employer_id)
    session.add(user)
    detail: dict[str, object] = {"username": name, "role": str(role)}
    if employer_id is not None:
        detail["employer_id"] = employer_id
    session.add(AuditEvent(actor=actor, action=action, detail=detail))
    session.flush()
    session.refresh(user)
    return user


def create_user(engine: Engine, *, username: str, display_name: str, role: str, password: str,
                email: str = "", actor: str = "system", must_change_password: bool = False,
                employer_id: int | None = None) -> StaffUser:
    errors = check_new_account(username=username, display_name=display_name, password=password)
    if errors:
        raise FieldError(next(iter(errors.values())))
    with unit_of_work(engine) as session:
        return add_user(session, username=username, display_name=display_name, role=role, password=password,
                        email=email, actor=actor, must_change_password=must_change_password,
                        employer_id=employer_id)


class SetupDone(Exception):
    message = N_("An organizer account exists already. Please sign in.")


def create_first_organizer(engine: Engine, *, username: str, display_name: str, password: str) -> StaffUser:
    """The one-time setup: only while no organizer exists (checked inside the write transaction)."""
    name = _check_username(username)
    check_password(password, username=name)
    if not display_name.strip():
        raise FieldError(N_("Please enter a name."))
    with unit_of_work(engine) as session:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(724032)"))  # two setups at once: one wins
        if session.exec(select(StaffUser.id).where(StaffUser.role == Role.ORGANIZER)).first() is not None:
            raise SetupDone()
        user = StaffUser(username=name, display_name=display_name.strip(), role=Role.ORGANIZER,
                         password_hash=hash_password(password))
        session.add(user)
        session.add(AuditEvent(actor=name, action="first_organizer_created", detail={"username": name}))
        session.flush()
        session.refresh(user)
    return user


class WrongPassword(Exception):
    message = N_("The current password is wrong.")


def change_password(engine: Engine, *, principal: Principal, current: str, new: str, ip: str = "") -> None:
    """A signed-in user changes their own password; their other sessions end."""
    if check_sign_in(engine, username=principal.username, password=current, ip=ip) is None:
        raise WrongPassword()
    check_password(new, username=principal.username)
    with unit_of_work(engine) as session:
        user = session.get(StaffUser, principal.user_id)
        user.password_hash = hash_password(new)
        user.password_changed_at = user.updated_at = utcnow()
        user.must_change_password = False
        for other in session.exec(select(AuthSession).where(AuthSession.user_id == user.id,
                                                            AuthSession.id != principal.session_id,
                                                            AuthSession.revoked_at.is_(None))):
            other.revoked_at = utcnow()
        session.add(AuditEvent(actor=user.username, action="password_changed", detail={}))


def must_change_password(engine: Engine, user_id: int) -> bool:
    with unit_of_work(engine, write=False) as session:
        user = session.get(StaffUser, user_id)
        return bool(user and user.must_change_password)


class LastOrganizer(Exception):
    message = N_("This is the last active organizer account; it cannot be disabled.")


def organizer_exists(engine: Engine) -> bool:
    with unit_of_work(engine, write=False) as session:
        return session.exec(
            select(StaffUser.id).where(StaffUser.role == Role.ORGANIZER, StaffUser.active).limit(1)
        ).first() is not None


def list_users(engine: Engine) -> list[StaffUser]:
    with unit_of_work(engine, write=False) as session:
        return list(session.exec(select(StaffUser).order_by(StaffUser.role, StaffUser.username)))


def set_active(engine: Engine, *, username: str, active: bool, actor: str) -> None:
    """Disable or enable an account; disabling also ends all its sessions at once."""
    with unit_of_work(engine) as session:
        user = _user(session, username)
        if not active and user.role == Role.ORGANIZER:
            organizers = session.exec(select(func.count()).select_from(StaffUser).where(
                StaffUser.role == Role.ORGANIZER, StaffUser.active)).one()
            if organizers <= 1 and user.active:
                raise LastOrganizer()
        user.active = active
        user.updated_at = utcnow()
        if not active:
            _revoke_all(session, user.id)
        session.add(AuditEvent(actor=actor, action="account_enabled" if active else "account_disabled",
                               detail={"username": user.username}))


def reset_password(engine: Engine, *, username: str, new_password: str, actor: str,
                   must_change_password: bool = True) -> None:
    with unit_of_work(engine) as session:
        user = _user(session, username)
        check_password(new_password, username=user.username)
        user.password_hash = hash_password(new_password)
        user.password_changed_at = user.updated_at = utcnow()
        user.must_change_password = must_change_password
        _revoke_all(session, user.id)
        session.execute(delete(LoginFailure).where(LoginFailure.username == user.username))
        session.add(AuditEvent(actor=actor, action="password_reset", detail={"username": user.username}))


def _user(session: Session, username: str) -> StaffUser:
    user = session.exec(select(StaffUser).where(StaffUser.username == normalize_username(username))).first()
    if user is None:
        raise LookupError(username)
    return user


def _revoke_all(session: Session, user_id: int) -> None:
    for s in session.exec(select(AuthSession).where(AuthSession.user_id == user_id,
                                                    AuthSession.revoked_at.is_(None))):
        s.revoked_at = utcnow()


def credentials_for_authenticator(engine: Engine) -> dict:
    """The dict streamlit-authenticator expects, built from the database (active users only)."""
    with unit_of_work(engine, write=False) as session:
        users = session.exec(select(StaffUser).where(StaffUser.active))
        return {"usernames": {
            u.username: {"name": u.display_name, "email": u.email, "password": u.password_hash,
                         "roles": [u.role], "failed_login_attempts": 0, "logged_in": False}
            for u in users
        }}


def _throttle(session: Session, username: str, ip: str, now: datetime) -> int:
    """Seconds this sign-in must still wait (0: go ahead)."""
    since = now - WINDOW
    rows = session.exec(select(LoginFailure.at, LoginFailure.ip_address).where(
        LoginFailure.username == username, LoginFailure.at > since).order_by(LoginFailure.at)).all()
    mine = [at for at, addr in rows if addr == ip]
    if len(mine) >= PER_SOURCE_LIMIT:
        return int((mine[-PER_SOURCE_LIMIT] + WINDOW - now).total_seconds()) + 1
    if len(rows) > SLOWDOWN_AFTER:
        delay = min(MAX_DELAY_SECONDS, 2 ** (len(rows) - SLOWDOWN_AFTER))
        wait = rows[-1][0] + timedelta(seconds=delay) - now
        if wait.total_seconds() > 0:
            return int(wait.total_seconds()) + 1
    return 0


def check_sign_in(engine: Engine, *, username: str, password: str, ip: str = "",
                  now: datetime | None = None) -> StaffUser | None:
    """The user if the password is right and the account active; None otherwise.

    Raises SignInRefused while the failure limit applies (before looking at the password), and
    EmployerNotApproved for a recruiter with the right password whose employer is not approved.
    """
    now = now or utcnow()
    name = normalize_username(username)
    with unit_of_work(engine) as session:
        wait = _throttle(session, name, ip, now)
        if wait:
            raise SignInRefused(wait)
        user = session.exec(select(StaffUser).where(StaffUser.username == name)).first()
        ok = verify_password(password, user.password_hash if user else DUMMY_HASH)
        if ok and user is not None and user.active:
            blocked = employer_block(session, user)
            if blocked is not None:
                raise blocked
            session.execute(delete(LoginFailure).where(LoginFailure.username == name,
                                                       LoginFailure.ip_address == ip))
            return user
        session.add(LoginFailure(username=name, ip_address=ip, at=now))
        return None


def start_session(engine: Engine, *, username: str, cookie_exp: float, ip: str = "",
                  now: datetime | None = None) -> Principal:
    now = now or utcnow()
    with unit_of_work(engine) as session:
        user = _user(session, username)
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
    return Principal(user.id, user.username, user.display_name, user.role, row.id, user.employer_id)


def session_principal(engine: Engine, session_id: str, *, now: datetime | None = None) -> Principal | None:
    """The signed-in staff member for this session id, or None if it ended, expired or was revoked."""
    with unit_of_work(engine, write=False) as session:
        return _principal(session, session.get(AuthSession, session_id), now or utcnow())


def session_for_cookie(engine: Engine, *, username: str, cookie_exp: float,
                       now: datetime | None = None) -> Principal | None:
    """Match a sign-in cookie (user name + its expiry) to a live server-side session."""
    with unit_of_work(engine, write=False) as session:
        row = session.exec(select(AuthSession).join(StaffUser, StaffUser.id == AuthSession.user_id).where(
            StaffUser.username == normalize_username(username), AuthSession.cookie_exp == cookie_exp)).first()
        return _principal(session, row, now or utcnow())


def end_session(engine: Engine, session_id: str) -> None:
    with unit_of_work(engine) as session:
        row = session.get(AuthSession, session_id)
        if row is not None and row.revoked_at is None:
            row.revoked_at = utcnow()


def failures_in_window(engine: Engine, username: str, *, now: datetime | None = None) -> int:
    now = now or utcnow()
    with unit_of_work(engine, write=False) as session:
        return session.exec(select(func.count()).select_from(LoginFailure).where(
            LoginFailure.username == normalize_username(username), LoginFailure.at > now - WINDOW)).one()
