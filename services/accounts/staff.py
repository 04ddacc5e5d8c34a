"""Staff accounts: creating them (the first organizer at setup, then by organizers or the CLI),
disabling and enabling them, and passwords (a user's own change, an organizer's reset).

Sign-in checks and the failure limit are in services.accounts.signin; the server-side
sessions behind the sign-in cookie in services.accounts.sessions.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import AuditEvent, Role, StaffUser
from models.base import utcnow
from services.accounts.passwords import check_password, hash_password
from services.accounts.roles import active_organizers, check_place, check_ties
from services.accounts.sessions import Principal, revoke_sessions
from services.accounts.signin import check_sign_in, find_user, forgive_user, normalize_username
from services.core.db import read_only, transactional
from services.core.errors import Checker, FieldError, FieldErrors, Message, NotFound, PortalError
from services.core.i18n import N_

USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


class AccountExists(FieldErrors):
    """The user name is taken (a field error of the `username` field)."""

    message = N_("This user name is taken.")

    def __init__(self) -> None:
        super().__init__({"username": self.message})


class SetupDone(PortalError):
    message = N_("An organizer account exists already. Please sign in.")


class WrongPassword(FieldErrors):
    """The current password given to change it is wrong (a field error of `current`)."""

    message = N_("The current password is wrong.")

    def __init__(self) -> None:
        super().__init__({"current": self.message})


class LastOrganizer(PortalError):
    message = N_("This is the last active organizer account; it cannot be disabled.")


class OwnAccount(PortalError):
    """An organizer asked to disable their own account without confirming it (the page asks first)."""

    message = N_("This is your own account. Disabling it signs you out at once, and only another organizer "
                 "can enable it again.")


def _check_username(username: str) -> str:
    name = normalize_username(username)
    if not (3 <= len(name) <= 40) or not set(name) <= USERNAME_CHARS:
        raise FieldError(N_("A user name has 3 to 40 letters, digits, dots, dashes or underscores."))
    return name


def _check_name(display_name: str) -> str:
    if not (display_name or "").strip():
        raise FieldError(N_("Please enter a name."))
    return display_name.strip()


def check_new_account(*, username: str, display_name: str, password: str) -> dict[str, Message]:
    """Problems with a new account's user name, name and password: field -> message id (empty: fine)."""
    fields = Checker()
    name = fields.check("username", _check_username, username)
    fields.check("display_name", _check_name, display_name)
    fields.check("password", check_password, password, username=name or normalize_username(username))
    return fields.errors


def add_user(session: Session, *, username: str, display_name: str, role: str, password: str, email: str = "",
             actor: str = "system", must_change_password: bool = False, employer_id: int | None = None,
             action: str = "account_created", site_id: int | None = None, township: str | None = None,
             city: str | None = None) -> StaffUser:
    """Add an account inside the caller's transaction (checked with `check_new_account` first).

    A recruiter belongs to an existing employer; an organizer or desk staff to none. Desk staff may
    work for one site (`site_id`; their desk registrations come from it); the other roles for none.
    Township staff work for one township, workstation staff in one city (`check_place`).
    """
    township, city = check_place(role, township=township, city=city)
    name = normalize_username(username)
    if session.exec(select(StaffUser.id).where(StaffUser.username == name)).first() is not None:
        raise AccountExists()
    check_ties(session, role, employer_id=employer_id, site_id=site_id)
    user = StaffUser(username=name, display_name=display_name.strip(), email=email.strip(), role=Role(role),
                     password_hash=hash_password(password), must_change_password=must_change_password,
                     employer_id=employer_id, site_id=site_id, township=township, city=city)
    session.add(user)
    detail: dict[str, object] = {"username": name, "role": str(role)}
    if employer_id is not None:
        detail["employer_id"] = employer_id
    if site_id is not None:
        detail["site_id"] = site_id
    if township is not None:
        detail["township"] = township
    if city is not None:
        detail["city"] = city
    session.add(AuditEvent(actor=actor, action=action, detail=detail))
    session.flush()
    session.refresh(user)
    return user


@transactional
def create_user(session: Session, *, username: str, display_name: str, role: str, password: str,
                email: str = "", actor: str = "system", must_change_password: bool = False,
                employer_id: int | None = None, site_id: int | None = None, township: str | None = None,
                city: str | None = None) -> StaffUser:
    """Check and add an account; FieldErrors names every wrong field at once."""
    errors = check_new_account(username=username, display_name=display_name, password=password)
    try:
        check_place(role, township=township, city=city)
    except FieldErrors as exc:
        errors.update(exc.errors)
    if errors:
        raise FieldErrors(errors)
    return add_user(session, username=username, display_name=display_name, role=role, password=password,
                    email=email, actor=actor, must_change_password=must_change_password, employer_id=employer_id,
                    site_id=site_id, township=township, city=city)


@transactional
def create_first_organizer(session: Session, *, username: str, display_name: str, password: str) -> StaffUser:
    """The one-time setup: only while no organizer exists (checked inside the write transaction)."""
    fields = Checker()
    name = fields.check("username", _check_username, username)
    fields.check("display_name", _check_name, display_name)
    fields.check("password", check_password, password, username=name or normalize_username(username))
    fields.raise_if_any()
    assert name is not None  # no errors
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


def change_password(engine: Engine, *, principal: Principal, current: str, new: str, ip: str = "") -> None:
    """A signed-in user changes their own password; their other sessions end.

    Takes an engine, not a session: the current password is checked like a sign-in in a
    transaction of its own, so a wrong one counts towards the failure limit although the change
    is refused.
    """
    if check_sign_in(engine, username=principal.username, password=current, ip=ip) is None:
        raise WrongPassword()
    set_own_password(engine, principal=principal, new=new)


@transactional
def set_own_password(session: Session, *, principal: Principal, new: str) -> None:
    """The second step of `change_password`, after the current password was checked."""
    fields = Checker()
    fields.check("new", check_password, new, username=principal.username)
    fields.raise_if_any()
    user = session.get(StaffUser, principal.user_id)
    if user is None or user.id is None:  # accounts are never deleted: not while signed in
        raise NotFound(N_("This account does not exist."))
    user.password_hash = hash_password(new)
    user.password_changed_at = user.updated_at = utcnow()
    user.must_change_password = False
    revoke_sessions(session, user.id, keep=principal.session_id)
    session.add(AuditEvent(actor=user.username, action="password_changed", detail={}))


@read_only
def must_change_password(session: Session, user_id: int) -> bool:
    user = session.get(StaffUser, user_id)
    return bool(user and user.must_change_password)


@read_only
def organizer_exists(session: Session) -> bool:
    return session.exec(
        select(StaffUser.id).where(StaffUser.role == Role.ORGANIZER, StaffUser.active).limit(1)
    ).first() is not None


@read_only
def list_users(session: Session) -> list[StaffUser]:
    return list(session.exec(select(StaffUser).order_by(StaffUser.role, StaffUser.username)))


@transactional
def set_active(session: Session, *, username: str, active: bool, actor: str, own_confirmed: bool = False) -> None:
    """Disable or enable an account; disabling also ends all its sessions at once. Disabling one's own
    account needs `own_confirmed` (OwnAccount otherwise); the last active organizer is never disabled."""
    user = find_user(session, username)
    if not active and user.role == Role.ORGANIZER and user.active and active_organizers(session) <= 1:
        raise LastOrganizer()
    if not active and user.active and user.username == normalize_username(actor) and not own_confirmed:
        raise OwnAccount()
    user.active = active
    user.updated_at = utcnow()
    if not active:
        assert user.id is not None  # a saved row
        revoke_sessions(session, user.id)
    session.add(AuditEvent(actor=actor, action="account_enabled" if active else "account_disabled",
                           detail={"username": user.username}))


@transactional
def reset_password(session: Session, *, username: str, new_password: str, actor: str,
                   must_change_password: bool = True) -> None:
    user = find_user(session, username)
    fields = Checker()
    fields.check("new_password", check_password, new_password, username=user.username)
    fields.raise_if_any()
    user.password_hash = hash_password(new_password)
    user.password_changed_at = user.updated_at = utcnow()
    user.must_change_password = must_change_password
    assert user.id is not None  # a saved row
    revoke_sessions(session, user.id)
    forgive_user(session, user.username)  # their failed sign-ins no longer slow them (their addresses keep them)
    session.add(AuditEvent(actor=actor, action="password_reset", detail={"username": user.username}))
