"""Employers and their recruiter accounts: public sign-up, vetting by organizers, recruiters.

Fairs vet employers. A company that signs up at /join is *pending*, together with its first
recruiter account, in one transaction; an organizer approves or rejects it, and may suspend
and reinstate it later. A company an organizer creates is approved at once. Recruiters sign
in only while their employer is approved (services.accounts.staff checks it on every rerun).
Every change is an AuditEvent and records who reviewed the company, and when.

Every write service takes a Session (joining the caller's transaction) or an Engine (its own).
Refusals: FieldErrors (field -> message id) for what was typed, NotFound for a missing
company, StateChanged when the company's status changed meanwhile. The form and its rules:
services/recruiting/employer_validation.py; reading: services/recruiting/employer_queries.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from models import AuditEvent, AuthSession, Employer, EmployerStatus, Role, StaffUser
from models.base import utcnow
from services.accounts.staff import AccountExists, add_user, check_new_account, normalize_username
from services.core.db import transactional
from services.core.errors import Checker, FieldErrors, NotFound, StateChanged
from services.core.i18n import N_
from services.recruiting.employer_queries import EmployerRow, get_employer
from services.recruiting.employer_validation import (
    EmployerDraft,
    EmployerForm,
    check_account,
    check_employer,
    normalize_contact_name,
    normalize_contact_phone,
    review_note,
    validate_employer,
)

DUPLICATE_CODE = N_("A company with this unified social credit code is registered already. "
                    "If it is yours, ask the labor bureau to add you as a recruiter.")
EMPLOYER_NOT_FOUND = N_("This company was not found.")
STATUS_CHANGED = N_("The company's status has changed meanwhile. Please look at the list again.")
ACCOUNT_FIELDS = ("username", "display_name", "password", "password_repeat")


def _code_taken(session: Session, code: str) -> bool:
    return session.exec(select(Employer.id).where(Employer.credit_code == code)).first() is not None


def _username_taken(session: Session, username: str) -> bool:
    name = normalize_username(username)
    return session.exec(select(StaffUser.id).where(StaffUser.username == name)).first() is not None


def _taken(session: Session, *, code: str, username: str | None) -> dict[str, str]:
    taken = {}
    if _code_taken(session, code):
        taken["credit_code"] = DUPLICATE_CODE
    if username is not None and _username_taken(session, username):
        taken["username"] = AccountExists.message
    return taken


def _new_employer(draft: EmployerDraft, *, status: str, reviewed_by: str = "") -> Employer:
    now = utcnow()
    return Employer(name=draft.name, credit_code=draft.credit_code, province=draft.province, city=draft.city,
                    industry=draft.industry, contact_name=draft.contact_name, contact_phone=draft.contact_phone,
                    status=status, reviewed_by=reviewed_by, reviewed_at=now if reviewed_by else None,
                    created_at=now, updated_at=now)


@dataclass(frozen=True)
class FirstRecruiter:
    """The recruiter account saved together with a new company (checked by `check_account`)."""

    username: str
    display_name: str
    password: str
    must_change_password: bool


def _save(session: Session, draft: EmployerDraft, *, status: str, actor: str, action: str, detail: dict[str, object],
          account: FirstRecruiter | None) -> tuple[EmployerRow, StaffUser | None]:
    """Save the company (and its first recruiter with `account`) in a savepoint: a code or user name
    saved at the same moment by someone else ends as FieldErrors, not as a failed transaction."""
    username = account.username if account else None
    taken = _taken(session, code=draft.credit_code, username=username)
    if taken:
        raise FieldErrors(taken)
    try:
        with session.begin_nested():
            employer = _new_employer(draft, status=status,
                                     reviewed_by=actor if status == EmployerStatus.APPROVED else "")
            session.add(employer)
            session.flush()
            user = None
            if account:
                user = add_user(session, role=Role.RECRUITER, actor=actor or normalize_username(username or ""),
                                employer_id=employer.id, username=account.username,
                                display_name=account.display_name, password=account.password,
                                must_change_password=account.must_change_password)
            detail = {"employer_id": employer.id, "credit_code": draft.credit_code, "name": draft.name,
                      **({"username": user.username} if user else {}), **detail}
            session.add(AuditEvent(actor=actor or (user.username if user else ""), action=action, detail=detail))
            session.flush()
    except IntegrityError:
        taken = _taken(session, code=draft.credit_code, username=username)
        if taken:
            raise FieldErrors(taken) from None
        raise
    assert employer.id is not None  # flushed
    row = get_employer(session, employer.id)
    assert row is not None  # saved just now
    return row, user


@transactional
def sign_up_employer(session: Session, *, form: EmployerForm, username: str, display_name: str, password: str,
                     password_repeat: str | None = None, ip: str = "") -> EmployerRow:
    """Public self sign-up: a pending employer and its first recruiter account, in one transaction.

    Raises FieldErrors with every field problem (company and account) at once.
    """
    v = Checker()
    draft = check_employer(v, form)
    check_account(v, username=username, display_name=display_name, password=password, password_repeat=password_repeat)
    v.raise_if_any()
    assert draft is not None  # no errors
    account = FirstRecruiter(username=username, display_name=display_name, password=password,
                             must_change_password=False)
    employer, _user = _save(session, draft, status=EmployerStatus.PENDING, actor="", action="employer_signed_up",
                            detail={"ip": ip}, account=account)
    return employer


@transactional
def create_employer(session: Session, *, form: EmployerForm, actor: str, username: str | None = None,
                    display_name: str = "", password: str = "") -> EmployerRow:
    """An organizer adds a company, approved at once; with `username`, also its first recruiter
    (who must change the first password after signing in)."""
    account: FirstRecruiter | None = None
    if username is None:
        draft = validate_employer(form)
    else:
        v = Checker()
        checked = check_employer(v, form)
        check_account(v, username=username, display_name=display_name, password=password, password_repeat=None)
        v.raise_if_any()
        assert checked is not None  # no errors
        draft = checked
        account = FirstRecruiter(username=username, display_name=display_name, password=password,
                                 must_change_password=True)
    employer, _user = _save(session, draft, status=EmployerStatus.APPROVED, actor=actor, action="employer_created",
                            detail={}, account=account)
    return employer


@transactional
def add_recruiter(session: Session, *, employer_id: int, username: str, display_name: str, password: str,
                  actor: str) -> StaffUser:
    """An organizer adds a recruiter account to a company; the first password is changed at sign-in."""
    errors = check_new_account(username=username, display_name=display_name, password=password)
    if errors:
        raise FieldErrors(errors)
    if session.get(Employer, employer_id) is None:
        raise NotFound(EMPLOYER_NOT_FOUND)
    if _username_taken(session, username):
        raise FieldErrors.one("username", AccountExists.message)
    try:
        with session.begin_nested():
            return add_user(session, username=username, display_name=display_name, role=Role.RECRUITER,
                            password=password, actor=actor, must_change_password=True, employer_id=employer_id,
                            action="recruiter_added")
    except IntegrityError:
        raise FieldErrors.one("username", AccountExists.message) from None


def _review(session: Session, *, employer_id: int, actor: str, allowed: set[str], to: str, action: str,
            note: str = "") -> None:
    employer = session.get(Employer, employer_id)
    if employer is None:
        raise NotFound(EMPLOYER_NOT_FOUND)
    if employer.status not in allowed:
        raise StateChanged(STATUS_CHANGED)
    before = employer.status
    now = utcnow()
    employer.status = to
    employer.status_note = note
    employer.reviewed_by = actor
    employer.reviewed_at = employer.updated_at = now
    if to != EmployerStatus.APPROVED:  # its recruiters' live sessions end now, not at the next check
        recruiters = select(StaffUser.id).where(StaffUser.employer_id == employer_id)
        for row in session.exec(select(AuthSession).where(col(AuthSession.user_id).in_(recruiters),
                                                          col(AuthSession.revoked_at).is_(None))):
            row.revoked_at = now
    session.add(AuditEvent(actor=actor, action=action, detail={
        "employer_id": employer_id, "name": employer.name, "from": before, "to": to, "note": note}))


def _note(note: str) -> str:
    v = Checker()
    text = v.check("note", review_note, note)
    v.raise_if_any()
    return text or ""


@transactional
def approve_employer(session: Session, *, employer_id: int, actor: str) -> None:
    _review(session, employer_id=employer_id, actor=actor, to=EmployerStatus.APPROVED, action="employer_approved",
            allowed={EmployerStatus.PENDING, EmployerStatus.REJECTED})


@transactional
def reject_employer(session: Session, *, employer_id: int, note: str, actor: str) -> None:
    _review(session, employer_id=employer_id, actor=actor, to=EmployerStatus.REJECTED, action="employer_rejected",
            allowed={EmployerStatus.PENDING}, note=_note(note))


@transactional
def suspend_employer(session: Session, *, employer_id: int, note: str, actor: str) -> None:
    _review(session, employer_id=employer_id, actor=actor, to=EmployerStatus.SUSPENDED,
            action="employer_suspended", allowed={EmployerStatus.APPROVED}, note=_note(note))


@transactional
def reinstate_employer(session: Session, *, employer_id: int, actor: str) -> None:
    _review(session, employer_id=employer_id, actor=actor, to=EmployerStatus.APPROVED,
            action="employer_reinstated", allowed={EmployerStatus.SUSPENDED})


@transactional
def update_employer_contact(session: Session, *, employer_id: int, contact_name: str, contact_phone: str,
                            actor: str) -> None:
    """A recruiter (or an organizer) changes the company's contact person and phone."""
    v = Checker()
    name = v.check("contact_name", normalize_contact_name, contact_name)
    phone = v.check("contact_phone", normalize_contact_phone, contact_phone)
    v.raise_if_any()
    assert name is not None and phone is not None  # no errors
    employer = session.get(Employer, employer_id)
    if employer is None:
        raise NotFound(EMPLOYER_NOT_FOUND)
    employer.contact_name, employer.contact_phone = name, phone
    employer.updated_at = utcnow()
    session.add(AuditEvent(actor=actor, action="employer_contact_updated", detail={
        "employer_id": employer_id, "contact_name": employer.contact_name, "contact_phone": employer.contact_phone}))
