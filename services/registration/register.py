"""Registering a job seeker: validate the form, then save the person and a check-in.

The same person (same ID number) never becomes two seekers: the insert is an upsert
on the keyed ID digest, and the check-in is keyed by the form's submission id, so a
double submit, a second phone or a second fair all end as one seeker, atomically,
without a check-then-insert race. The save is a write service like the others (in
the caller's session, or in a unit of work of its own: BEGIN IMMEDIATE on SQLite); it
runs prebuilt Core statements on the session's connection, because building the ORM
objects would cost more than the statements themselves.

The upsert updates only the row of the same mobile (WHERE on the stored phone digest, under
the conflict's row lock): another mobile changes nothing and raises `IdentityTaken` (one
indexed read, on that path only), which `claims` records as a claim to prove.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.dml import Delete, Insert, ReturningInsert
from sqlmodel import Session

from models import CheckIn, Seeker, SeekerTrade
from models.base import utcnow
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import unit_of_work
from services.core.errors import Checker, FieldError, PortalError
from services.core.i18n import N_
from services.core.reference import (
    CONSENT_VERSION,
    EDUCATION_LEVELS,
    INTENTIONS,
    LEAVE_CONSTRAINTS,
    OTHER,
    POOR_HOUSEHOLD,
    TRADES,
    YES_NO,
)
from services.core.validation import (
    ResidentId,
    choice,
    mask_mobile,
    normalize_mobile,
    normalize_name,
    parse_resident_id,
)
from services.places.county import County
from services.places.sources import Source
from services.registration.tickets import last4_digest, new_ticket_code

MAX_WAGE = 100_000


@dataclass
class RegistrationForm:
    """What the person entered, as the page read it from the widgets."""

    name: str = ""
    id_number: str = ""
    phone: str = ""
    township: str | None = None
    village: str | None = None
    village_other: str = ""
    education: str | None = None
    trades: list[str] = field(default_factory=list)
    intention: str | None = None
    expected_wage: int | None = None
    willing_to_train: str | None = None
    poor_household: str | None = None
    leave_constraint: str | None = None
    consent: bool = False


@dataclass(frozen=True)
class RegistrationDraft:
    """A validated registration, ready to confirm and save."""

    name: str
    resident_id: ResidentId
    phone: str
    township: str
    village: str
    education: str
    trades: tuple[str, ...]
    intention: str
    expected_wage: int | None
    willing_to_train: bool
    poor_household: str
    leave_constraint: str
    consent_version: str = CONSENT_VERSION

    def age(self, today: date | None = None) -> int:
        return self.resident_id.age_on(today or local_today())


def validate_registration(form: RegistrationForm, *, county: County, today: date | None = None) -> RegistrationDraft:
    """Check every field and report all problems at once (FieldErrors: field name -> message id)."""
    fields = Checker()
    name = fields.check("name", normalize_name, form.name)
    resident_id = fields.check("id_number", parse_resident_id, form.id_number, today=today)
    phone = fields.check("phone", normalize_mobile, form.phone)
    township = None  # one place question on the form: one message, the village's, when nothing is chosen
    if form.township or form.village:
        township = fields.check("township", _township, form, county)
    village = fields.check("village", _village, form, county)
    education = fields.check("education", choice, form.education, EDUCATION_LEVELS,
                             N_("Please choose your education."))
    trades = fields.check("trades", _trades, form.trades)
    intention = fields.check("intention", choice, form.intention, INTENTIONS,
                             N_("Please choose where you want to work."))
    expected_wage = fields.check("expected_wage", _wage, form.expected_wage)
    answer = N_("Please answer this question.")
    willing = fields.check("willing_to_train", choice, form.willing_to_train, YES_NO, answer)
    poor_household = fields.check("poor_household", choice, form.poor_household, POOR_HOUSEHOLD, answer)
    leave_constraint = fields.check("leave_constraint", choice, form.leave_constraint, LEAVE_CONSTRAINTS, answer)
    if not form.consent:
        fields.add("consent", N_("Please read and tick the consent box to register."))
    fields.raise_if_any()
    # a check that fails returns None and records its error, so past raise_if_any none is None
    assert (name is not None and resident_id is not None and phone is not None and township is not None
            and village is not None and education is not None and trades is not None and intention is not None
            and poor_household is not None and leave_constraint is not None)
    return RegistrationDraft(
        name=name, resident_id=resident_id, phone=phone, township=township, village=village, education=education,
        trades=trades, intention=intention, expected_wage=expected_wage, willing_to_train=willing == "yes",
        poor_household=poor_household, leave_constraint=leave_constraint,
    )


def _township(form: RegistrationForm, county: County) -> str:
    if not form.township:
        raise FieldError(N_("Please choose your township."))
    if form.township == OTHER:
        return ""  # the typed place goes in `village`
    if county.township(form.township) is None:
        raise FieldError(N_("Please choose one of the options."))
    return form.township


def _village(form: RegistrationForm, county: County) -> str:
    typed = " ".join((form.village_other or "").split())
    if form.village == OTHER or form.township == OTHER:
        if not typed:
            raise FieldError(N_("Please write the name of your village."))
        if len(typed) > 60:
            raise FieldError(N_("This name is too long."))
        return typed
    if not form.village:
        raise FieldError(N_("Please choose your village."))
    township = county.township(form.township or "")
    if township is not None and form.village not in {v.name for v in township.villages}:
        raise FieldError(N_("This village is not in the chosen township."))
    return form.village


def _trades(trades: list[str] | None) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(trades or []))
    if any(t not in TRADES for t in chosen):
        raise FieldError(N_("Please choose one of the options."))
    return chosen


def _wage(wage: int | float | None) -> int | None:
    if wage is None:
        return None
    if wage < 0 or wage > MAX_WAGE:
        raise FieldError(N_("Please enter a monthly wage between 0 and 100,000 yuan."))
    return int(wage)


@dataclass(frozen=True)
class RegistrationResult:
    seeker_id: int
    ticket_code: str
    created: bool  # False when the person was already registered and was updated


class IdentityTaken(PortalError):
    """The ID number is registered with another mobile: nothing was changed, no ticket shown."""

    message = N_("This ID number is already registered with another mobile number.")

    def __init__(self, seeker_id: int):
        super().__init__()
        self.seeker_id = seeker_id


PROFILE_FIELDS = (
    "name", "phone_hmac", "phone_enc", "phone_masked", "township", "village", "education",
    "intention", "expected_wage", "willing_to_train", "poor_household", "leave_constraint",
    "consent_version", "consented_at", "updated_at", "id_last4_hmac",  # the last: fills rows from before 0009
)


@dataclass(frozen=True)
class _Statements:
    upsert_seeker: ReturningInsert[int, str, datetime]  # the seeker's id, ticket code and created_at
    delete_trades: Delete
    insert_trades: Insert
    insert_checkin: Insert


@lru_cache(maxsize=4)
def _statements(dialect: str) -> _Statements:
    """Built once per dialect: building the 26-column upsert anew costs more than running it."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    seeker = Seeker.__table__
    upsert = insert(seeker)
    upsert_seeker = upsert.on_conflict_do_update(
        index_elements=["id_hmac"], set_={f: upsert.excluded[f] for f in PROFILE_FIELDS},
        where=seeker.c.phone_hmac == bindparam("owner_phone_hmac"),  # only the registered mobile updates
    ).returning(seeker.c.id, seeker.c.ticket_code, seeker.c.created_at)
    trades = SeekerTrade.__table__
    return _Statements(
        upsert_seeker=upsert_seeker,
        delete_trades=delete(trades).where(trades.c.seeker_id == bindparam("sid")),
        insert_trades=insert(trades),
        insert_checkin=insert(CheckIn.__table__).on_conflict_do_nothing(index_elements=["submission_id"]),
    )


def register_seeker(
    target: Engine | Session, vault: Vault, draft: RegistrationDraft, *, source: Source, submission_id: str,
    channel: str = "qr", now: datetime | None = None, owner_phone_hmac: str | None = None,
) -> RegistrationResult:
    """Save (or update) the seeker and record a check-in, in one transaction.

    An existing seeker is updated only from its mobile (or the one whose digest is `owner_phone_hmac`:
    a proven claim); otherwise nothing is written and `IdentityTaken` is raised.
    A write service in both forms, like `@transactional` ones: given a Session it joins the
    caller's transaction; given an Engine it opens a unit of work of its own and commits. A drawn
    ticket code that is taken already (about 1 in 10^6) is drawn again: in a unit of work of its
    own by running it again, in the caller's transaction behind a savepoint on PostgreSQL (a failed
    statement aborts the whole transaction there; SQLite undoes only the statement). The public
    form always takes the first way: a savepoint on every registration would cost a fifth of it.
    """
    now = now or utcnow()
    row = _seeker_row(vault, draft, source, now)
    row["owner_phone_hmac"] = owner_phone_hmac or row["phone_hmac"]
    for _attempt in range(5):
        try:
            if isinstance(target, Session):
                return _save(target, row, draft, source, submission_id, channel, now, joined=True)
            with unit_of_work(target) as session:
                return _save(session, row, draft, source, submission_id, channel, now, joined=False)
        except IntegrityError as exc:  # a new ticket code taken already: draw again
            if "ticket_code" not in str(exc.orig):
                raise
            row["ticket_code"] = new_ticket_code()
    raise RuntimeError("could not draw a free ticket code")


def _save(session: Session, row: dict[str, object], draft: RegistrationDraft, source: Source, submission_id: str,
          channel: str, now: datetime, *, joined: bool) -> RegistrationResult:
    conn = session.connection()
    sql = _statements(conn.dialect.name)
    guard = conn.begin_nested if joined and conn.dialect.name == "postgresql" else nullcontext
    with guard():
        saved = conn.execute(sql.upsert_seeker, row).first()
    if saved is None:  # registered with another mobile: the row is locked and left as it was
        raise IdentityTaken(conn.execute(select(Seeker.__table__.c.id).where(
            Seeker.__table__.c.id_hmac == row["id_hmac"])).scalar_one())
    seeker_id, ticket_code, created_at = saved
    created = created_at == now
    if not created:
        conn.execute(sql.delete_trades, {"sid": seeker_id})
    if draft.trades:
        conn.execute(sql.insert_trades, [{"seeker_id": seeker_id, "trade": t} for t in draft.trades])
    conn.execute(sql.insert_checkin, {
        "seeker_id": seeker_id, "fair_id": source.fair_id, "site_id": source.site_id, "channel": channel,
        "submission_id": submission_id, "created_at": now,
    })
    return RegistrationResult(seeker_id=seeker_id, ticket_code=ticket_code, created=created)


def _seeker_row(vault: Vault, draft: RegistrationDraft, source: Source, now: datetime) -> dict[str, object]:
    rid = draft.resident_id
    id_hmac = vault.digest("id", rid.number)
    return dict(  # no part of the ID number in clear: models/seeker.py says why
        ticket_code=new_ticket_code(), name=draft.name, id_hmac=id_hmac, id_enc=vault.encrypt(rid.number),
        id_last4_hmac=last4_digest(vault, id_hmac, rid.last4),
        phone_hmac=vault.digest("phone", draft.phone), phone_enc=vault.encrypt(draft.phone),
        phone_masked=mask_mobile(draft.phone), birth_date=rid.birth_date, gender=rid.gender,
        township=draft.township, village=draft.village, education=draft.education,
        intention=draft.intention, expected_wage=draft.expected_wage,
        willing_to_train=draft.willing_to_train, poor_household=draft.poor_household,
        leave_constraint=draft.leave_constraint, consent_version=draft.consent_version,
        consented_at=now, source_kind=str(source.kind), first_fair_id=source.fair_id,
        first_site_id=source.site_id, created_at=now, updated_at=now,
    )
