"""Employers and their recruiter accounts: public sign-up, vetting by organizers, recruiters.

Fairs vet employers. A company that signs up at /join is *pending*, together with its first
recruiter account, in one transaction; an organizer approves or rejects it, and may suspend
and reinstate it later. A company an organizer creates is approved at once. Recruiters sign
in only while their employer is approved (services.accounts.staff checks it on every rerun).
Every change is an AuditEvent and records who reviewed the company, and when.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import phonenumbers
from sqlalchemy import case, func
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models import AuditEvent, AuthSession, Employer, EmployerStatus, Role, StaffUser, Vacancy, VacancyStatus
from models.base import utcnow
from services.accounts.staff import AccountExists, add_user, check_new_account, normalize_username
from services.core.clock import local_today
from services.core.db import unit_of_work
from services.core.i18n import N_
from services.core.reference import INDUSTRIES
from services.core.validation import FieldError, choice, normalize_credit_code, normalize_mobile, normalize_name
from services.places.geography import CITIES, PROVINCES

NOTE_MAX = 200
DUPLICATE_CODE = N_("A company with this unified social credit code is registered already. "
                    "If it is yours, ask the labor bureau to add you as a recruiter.")
ACCOUNT_FIELDS = ("username", "display_name", "password", "password_repeat")


@dataclass
class EmployerForm:
    """What was typed about the company, as the page read it from the widgets."""

    name: str = ""
    credit_code: str = ""
    province: str | None = None
    city: str = ""
    industry: str | None = None
    contact_name: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class EmployerDraft:
    """A validated company, ready to save."""

    name: str
    credit_code: str
    province: str
    city: str
    industry: str
    contact_name: str
    contact_phone: str


@dataclass(frozen=True)
class EmployerRow:
    """An employer as the pages show it, with its numbers of recruiters and open vacancies."""

    id: int
    name: str
    credit_code: str
    province: str
    city: str
    industry: str
    contact_name: str
    contact_phone: str
    status: str
    status_note: str
    reviewed_by: str
    reviewed_at: datetime | None
    created_at: datetime
    recruiters: int
    open_vacancies: int


@dataclass(frozen=True)
class Colleague:
    username: str
    display_name: str
    email: str
    active: bool


class EmployerInvalid(Exception):
    """One or more fields were refused; `errors` maps field name to a message id."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(errors))
        self.errors = errors


class EmployerStateError(Exception):
    """The action does not fit the company's present status (someone else acted meanwhile)."""

    message = N_("The company's status has changed meanwhile. Please look at the list again.")


# --- validation -----------------------------------------------------------------------

def normalize_company_name(raw: str) -> str:
    name = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw or "")).strip()
    if not name:
        raise FieldError(N_("Please enter the company name."))
    if len(name) < 2 or len(name) > 100:
        raise FieldError(N_("A company name has 2 to 100 characters."))
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise FieldError(N_("The company name contains characters that cannot be used."))
    return name


def normalize_contact_name(raw: str) -> str:
    if not (raw or "").strip():
        raise FieldError(N_("Please enter the contact person's name."))
    return normalize_name(raw)


def normalize_contact_phone(raw: str) -> str:
    """A mobile number (11 digits) or a landline with its area code, written 0769-22334455."""
    folded = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", raw or ""))
    if not folded:
        raise FieldError(N_("Please enter the contact phone number."))
    if folded.startswith("0086"):
        folded = "0" + folded[4:] if folded[4:5] != "1" else folded[4:]
    elif folded.startswith("+86"):
        folded = "0" + folded[3:] if folded[3:4] != "1" else folded[3:]
    if re.fullmatch(r"1\d{10}", folded):
        return normalize_mobile(folded)
    bad = N_("Enter a mobile number (11 digits) or a landline with its area code, e.g. 0769-22334455.")
    if not re.fullmatch(r"0\d{9,11}", folded):
        raise FieldError(bad)
    parsed = phonenumbers.parse(folded, "CN")
    area = phonenumbers.length_of_geographical_area_code(parsed)
    if not phonenumbers.is_valid_number(parsed) or not area:
        raise FieldError(bad)
    national = str(parsed.national_number)
    return f"0{national[:area]}-{national[area:]}"


def _city(form: EmployerForm) -> str:
    city = re.sub(r"\s+", "", unicodedata.normalize("NFKC", form.city or ""))
    if not city:
        raise FieldError(N_("Please enter the city."))
    if len(city) > 40:
        raise FieldError(N_("This name is too long."))
    known = CITIES.get(city) or CITIES.get(city + "市")
    if known is not None:
        if form.province in PROVINCES and known[0] != form.province:
            raise FieldError(N_("This city is not in the chosen province."))
        return city if city in CITIES else city + "市"
    return city


def _note(note: str) -> str:
    text = " ".join((note or "").split())
    if not text:
        raise FieldError(N_("Please write the reason: the company is told."))
    if len(text) > NOTE_MAX:
        raise FieldError(N_("Please keep the reason under 200 characters."))
    return text


def _collect(errors: dict[str, str], values: dict[str, object], name: str, fn) -> None:  # noqa: ANN001
    try:
        values[name] = fn()
    except FieldError as exc:
        errors[name] = exc.message


def _employer_errors(form: EmployerForm) -> tuple[dict[str, str], dict[str, object]]:
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    _collect(errors, values, "name", lambda: normalize_company_name(form.name))
    _collect(errors, values, "credit_code", lambda: normalize_credit_code(form.credit_code))
    _collect(errors, values, "province",
             lambda: choice(form.province, PROVINCES, N_("Please choose the province.")))
    _collect(errors, values, "city", lambda: _city(form))
    _collect(errors, values, "industry",
             lambda: choice(form.industry, INDUSTRIES, N_("Please choose the industry.")))
    _collect(errors, values, "contact_name", lambda: normalize_contact_name(form.contact_name))
    _collect(errors, values, "contact_phone", lambda: normalize_contact_phone(form.contact_phone))
    return errors, values


def validate_employer(form: EmployerForm) -> EmployerDraft:
    """Check every company field and report all problems at once (EmployerInvalid)."""
    errors, values = _employer_errors(form)
    if errors:
        raise EmployerInvalid(errors)
    return EmployerDraft(**values)


def _account_errors(*, username: str, display_name: str, password: str,
                    password_repeat: str | None) -> dict[str, str]:
    errors = check_new_account(username=username, display_name=display_name, password=password)
    if password_repeat is not None and password_repeat != password:
        errors["password_repeat"] = N_("The two passwords are not the same.")
    return errors


# --- saving ---------------------------------------------------------------------------

def _code_taken(session: Session, code: str) -> bool:
    return session.exec(select(Employer.id).where(Employer.credit_code == code)).first() is not None


def _username_taken(session: Session, username: str) -> bool:
    name = normalize_username(username)
    return session.exec(select(StaffUser.id).where(StaffUser.username == name)).first() is not None


def _new_employer(draft: EmployerDraft, *, status: str, reviewed_by: str = "") -> Employer:
    now = utcnow()
    return Employer(name=draft.name, credit_code=draft.credit_code, province=draft.province, city=draft.city,
                    industry=draft.industry, contact_name=draft.contact_name, contact_phone=draft.contact_phone,
                    status=status, reviewed_by=reviewed_by, reviewed_at=now if reviewed_by else None,
                    created_at=now, updated_at=now)


def _save_with_account(engine: Engine, *, form: EmployerForm, username: str, display_name: str, password: str,
                       password_repeat: str | None, status: str, actor: str, action: str,
                       detail: dict[str, object], must_change_password: bool) -> tuple[EmployerRow, StaffUser]:
    errors, values = _employer_errors(form)
    errors.update(_account_errors(username=username, display_name=display_name, password=password,
                                  password_repeat=password_repeat))
    if errors:
        raise EmployerInvalid(errors)
    draft = EmployerDraft(**values)
    try:
        with unit_of_work(engine) as session:
            taken = {}
            if _code_taken(session, draft.credit_code):
                taken["credit_code"] = DUPLICATE_CODE
            if _username_taken(session, username):
                taken["username"] = AccountExists.message
            if taken:
                raise EmployerInvalid(taken)
            reviewer = actor if status == EmployerStatus.APPROVED else ""
            employer = _new_employer(draft, status=status, reviewed_by=reviewer)
            session.add(employer)
            session.flush()
            user = add_user(session, username=username, display_name=display_name, role=Role.RECRUITER,
                            password=password, actor=actor or normalize_username(username),
                            must_change_password=must_change_password, employer_id=employer.id)
            session.add(AuditEvent(actor=actor or user.username, action=action,
                                   detail={"employer_id": employer.id, "credit_code": draft.credit_code,
                                           "name": draft.name, "username": user.username, **detail}))
            employer_id = employer.id
    except IntegrityError:  # the same code or user name saved at the same moment by someone else
        with unit_of_work(engine, write=False) as session:
            taken = {}
            if _code_taken(session, draft.credit_code):
                taken["credit_code"] = DUPLICATE_CODE
            if _username_taken(session, username):
                taken["username"] = AccountExists.message
        if taken:
            raise EmployerInvalid(taken) from None
        raise
    return get_employer(engine, employer_id), user


def sign_up_employer(engine: Engine, *, form: EmployerForm, username: str, display_name: str, password: str,
                     password_repeat: str | None = None, ip: str = "") -> EmployerRow:
    """Public self sign-up: a pending employer and its first recruiter account, in one transaction.

    Raises EmployerInvalid with every field problem (company and account) at once.
    """
    employer, _user = _save_with_account(
        engine, form=form, username=username, display_name=display_name, password=password,
        password_repeat=password_repeat, status=EmployerStatus.PENDING, actor="", action="employer_signed_up",
        detail={"ip": ip}, must_change_password=False)
    return employer


def create_employer(engine: Engine, *, form: EmployerForm, actor: str, username: str | None = None,
                    display_name: str = "", password: str = "") -> EmployerRow:
    """An organizer adds a company, approved at once; with `username`, also its first recruiter
    (who must change the first password after signing in)."""
    if username is not None:
        employer, _user = _save_with_account(
            engine, form=form, username=username, display_name=display_name, password=password,
            password_repeat=None, status=EmployerStatus.APPROVED, actor=actor, action="employer_created",
            detail={}, must_change_password=True)
        return employer
    draft = validate_employer(form)
    try:
        with unit_of_work(engine) as session:
            if _code_taken(session, draft.credit_code):
                raise EmployerInvalid({"credit_code": DUPLICATE_CODE})
            employer = _new_employer(draft, status=EmployerStatus.APPROVED, reviewed_by=actor)
            session.add(employer)
            session.flush()
            session.add(AuditEvent(actor=actor, action="employer_created",
                                   detail={"employer_id": employer.id, "credit_code": draft.credit_code,
                                           "name": draft.name}))
            employer_id = employer.id
    except IntegrityError:
        raise EmployerInvalid({"credit_code": DUPLICATE_CODE}) from None
    return get_employer(engine, employer_id)


def add_recruiter(engine: Engine, *, employer_id: int, username: str, display_name: str, password: str,
                  actor: str) -> StaffUser:
    """An organizer adds a recruiter account to a company; the first password is changed at sign-in."""
    errors = check_new_account(username=username, display_name=display_name, password=password)
    if errors:
        raise EmployerInvalid(errors)
    try:
        with unit_of_work(engine) as session:
            if session.get(Employer, employer_id) is None:
                raise LookupError(employer_id)
            if _username_taken(session, username):
                raise EmployerInvalid({"username": AccountExists.message})
            return add_user(session, username=username, display_name=display_name, role=Role.RECRUITER,
                            password=password, actor=actor, must_change_password=True, employer_id=employer_id,
                            action="recruiter_added")
    except IntegrityError:
        raise EmployerInvalid({"username": AccountExists.message}) from None


def _review(engine: Engine, *, employer_id: int, actor: str, allowed: set[str], to: str, action: str,
            note: str = "") -> None:
    with unit_of_work(engine) as session:
        employer = session.get(Employer, employer_id)
        if employer is None:
            raise LookupError(employer_id)
        if employer.status not in allowed:
            raise EmployerStateError()
        before = employer.status
        now = utcnow()
        employer.status = to
        employer.status_note = note
        employer.reviewed_by = actor
        employer.reviewed_at = employer.updated_at = now
        if to != EmployerStatus.APPROVED:  # its recruiters' live sessions end now, not at the next check
            recruiters = select(StaffUser.id).where(StaffUser.employer_id == employer_id)
            for row in session.exec(select(AuthSession).where(AuthSession.user_id.in_(recruiters),
                                                              AuthSession.revoked_at.is_(None))):
                row.revoked_at = now
        session.add(AuditEvent(actor=actor, action=action, detail={
            "employer_id": employer_id, "name": employer.name, "from": before, "to": to, "note": note}))


def approve_employer(engine: Engine, *, employer_id: int, actor: str) -> None:
    _review(engine, employer_id=employer_id, actor=actor, to=EmployerStatus.APPROVED, action="employer_approved",
            allowed={EmployerStatus.PENDING, EmployerStatus.REJECTED})


def reject_employer(engine: Engine, *, employer_id: int, note: str, actor: str) -> None:
    _review(engine, employer_id=employer_id, actor=actor, to=EmployerStatus.REJECTED, action="employer_rejected",
            allowed={EmployerStatus.PENDING}, note=_note(note))


def suspend_employer(engine: Engine, *, employer_id: int, note: str, actor: str) -> None:
    _review(engine, employer_id=employer_id, actor=actor, to=EmployerStatus.SUSPENDED,
            action="employer_suspended", allowed={EmployerStatus.APPROVED}, note=_note(note))


def reinstate_employer(engine: Engine, *, employer_id: int, actor: str) -> None:
    _review(engine, employer_id=employer_id, actor=actor, to=EmployerStatus.APPROVED,
            action="employer_reinstated", allowed={EmployerStatus.SUSPENDED})


def update_employer_contact(engine: Engine, *, employer_id: int, contact_name: str, contact_phone: str,
                            actor: str) -> None:
    """A recruiter (or an organizer) changes the company's contact person and phone."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    _collect(errors, values, "contact_name", lambda: normalize_contact_name(contact_name))
    _collect(errors, values, "contact_phone", lambda: normalize_contact_phone(contact_phone))
    if errors:
        raise EmployerInvalid(errors)
    with unit_of_work(engine) as session:
        employer = session.get(Employer, employer_id)
        if employer is None:
            raise LookupError(employer_id)
        employer.contact_name = values["contact_name"]
        employer.contact_phone = values["contact_phone"]
        employer.updated_at = utcnow()
        session.add(AuditEvent(actor=actor, action="employer_contact_updated", detail={
            "employer_id": employer_id, "contact_name": employer.contact_name,
            "contact_phone": employer.contact_phone}))


# --- reading --------------------------------------------------------------------------

def _rows(session: Session, *, status: str | None = None, employer_id: int | None = None) -> list[EmployerRow]:
    recruiters = (select(func.count()).select_from(StaffUser)
                  .where(StaffUser.employer_id == Employer.id, StaffUser.role == Role.RECRUITER, StaffUser.active)
                  .correlate(Employer).scalar_subquery())
    vacancies = (select(func.count()).select_from(Vacancy)
                 .where(Vacancy.employer_id == Employer.id, Vacancy.status == VacancyStatus.OPEN,
                        Vacancy.closing_date >= local_today())
                 .correlate(Employer).scalar_subquery())
    query = select(Employer, recruiters, vacancies)
    if status is not None:
        query = query.where(Employer.status == status)
    if employer_id is not None:
        query = query.where(Employer.id == employer_id)
    pending_first = case((Employer.status == EmployerStatus.PENDING, 0), else_=1)
    query = query.order_by(pending_first, case((Employer.status == EmployerStatus.PENDING, Employer.created_at)),
                           Employer.name, Employer.id)
    out = []
    for employer, n_recruiters, n_open in session.exec(query).all():
        out.append(EmployerRow(
            id=employer.id, name=employer.name, credit_code=employer.credit_code, province=employer.province,
            city=employer.city, industry=employer.industry, contact_name=employer.contact_name,
            contact_phone=employer.contact_phone, status=employer.status, status_note=employer.status_note,
            reviewed_by=employer.reviewed_by, reviewed_at=employer.reviewed_at, created_at=employer.created_at,
            recruiters=int(n_recruiters or 0), open_vacancies=int(n_open or 0)))
    return out


def list_employers(engine: Engine, *, status: str | None = None) -> list[EmployerRow]:
    """Every employer (or those with `status`): pending first, oldest first, then by name."""
    with unit_of_work(engine, write=False) as session:
        return _rows(session, status=status)


def get_employer(engine: Engine, employer_id: int) -> EmployerRow | None:
    with unit_of_work(engine, write=False) as session:
        rows = _rows(session, employer_id=employer_id)
    return rows[0] if rows else None


def list_recruiters(engine: Engine, *, employer_id: int) -> list[Colleague]:
    """The recruiter accounts of one employer (a recruiter's colleagues), active first."""
    return recruiters_by_employer(engine, employer_ids=[employer_id]).get(employer_id, [])


def recruiters_by_employer(engine: Engine, *, employer_ids: list[int]) -> dict[int, list[Colleague]]:
    """The recruiter accounts of several employers in one query: employer id -> accounts, active first."""
    if not employer_ids:
        return {}
    with unit_of_work(engine, write=False) as session:
        rows = session.exec(select(StaffUser.employer_id, StaffUser.username, StaffUser.display_name,
                                   StaffUser.email, StaffUser.active)
                            .where(StaffUser.employer_id.in_(employer_ids), StaffUser.role == Role.RECRUITER)
                            .order_by(StaffUser.active.desc(), StaffUser.username)).all()
    out: dict[int, list[Colleague]] = {}
    for employer_id, *row in rows:
        out.setdefault(employer_id, []).append(Colleague(*row))
    return out
