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
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import and_, bindparam, delete, exists, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.dml import Delete, Insert, ReturningInsert
from sqlmodel import Session

from models import CheckIn, Seeker, SeekerTrade
from models.base import utcnow
from services.core.crypto import Vault
from services.core.db import unit_of_work
from services.core.errors import PortalError
from services.core.i18n import N_
from services.core.validation import mask_mobile
from services.places.sources import Source
from services.registration.forms import (
    GROUP_FIELDS,
    PROFILE_GROUPS,
    RegistrationDraft,
    RegistrationForm,
    join_groups,
    split_groups,
    validate_identity,
    validate_registration,
)
from services.registration.tickets import last4_digest, new_ticket_code
from services.summaries.profiles import add, move
from services.summaries.record import Visit, record

__all__ = [
    "IdentityTaken", "RegistrationDraft", "RegistrationForm", "RegistrationResult", "register_seeker",
    "validate_identity", "validate_registration",
]

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


seeker_table = Seeker.__table__
ALL_GROUPS = frozenset(PROFILE_GROUPS)
IDENTITY_FIELDS = (
    "name", "phone_hmac", "phone_enc", "phone_masked", "township", "village",
    "consent_version", "consented_at", "updated_at", "id_last4_hmac",  # the last: fills rows from before 0009
)


@dataclass(frozen=True)
class _Statements:
    upsert_seeker: ReturningInsert[int, str, datetime, str]  # id, ticket code, created_at, profile_answered
    # the same upsert for many rows at once (services/registration/bulk.py): the row's own mobile updates
    # (no per-row owner parameter), and each returned row says whose it is (id_hmac)
    upsert_many: ReturningInsert[int, str, datetime, str, str]
    delete_trades: Delete
    insert_trades: Insert
    insert_checkin: Insert
    add_checkin: ReturningInsert[int]  # the same, saying whether it added one


@lru_cache(maxsize=16)
def _statements(dialect: str, answered: frozenset[str]) -> _Statements:
    """Built once per dialect and set of answered groups: building the upsert anew costs more than
    running it. A returning person's answers are updated only for the groups this draft answers."""
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    seeker = Seeker.__table__
    upsert = insert(seeker)
    updated = IDENTITY_FIELDS + tuple(c for g in PROFILE_GROUPS if g in answered for c in GROUP_FIELDS[g]
                                      if c != "trades")  # trades are rows of seeker_trade
    set_ = {f: upsert.excluded[f] for f in updated}
    if answered == ALL_GROUPS:  # fewer groups: added to those answered before, after the upsert (_save)
        set_["profile_answered"] = upsert.excluded.profile_answered
    upsert_seeker = upsert.on_conflict_do_update(
        index_elements=["id_hmac"], set_=set_,
        where=seeker.c.phone_hmac == bindparam("owner_phone_hmac"),  # only the registered mobile updates
    ).returning(seeker.c.id, seeker.c.ticket_code, seeker.c.created_at, seeker.c.profile_answered)
    upsert_many = upsert.on_conflict_do_update(
        index_elements=["id_hmac"], set_=set_, where=seeker.c.phone_hmac == upsert.excluded.phone_hmac,
    ).returning(seeker.c.id, seeker.c.ticket_code, seeker.c.created_at, seeker.c.profile_answered, seeker.c.id_hmac)
    trades = SeekerTrade.__table__
    return _Statements(
        upsert_seeker=upsert_seeker,
        upsert_many=upsert_many,
        delete_trades=delete(trades).where(trades.c.seeker_id == bindparam("sid")),
        insert_trades=insert(trades),
        insert_checkin=insert(CheckIn.__table__).on_conflict_do_nothing(index_elements=["submission_id"]),
        add_checkin=insert(CheckIn.__table__).on_conflict_do_nothing(index_elements=["submission_id"])
        .returning(CheckIn.__table__.c.id),
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
    sql = _statements(conn.dialect.name, draft.answered)
    guard = conn.begin_nested if joined and conn.dialect.name == "postgresql" else nullcontext
    with guard():
        saved = conn.execute(sql.upsert_seeker, row).first()
    if saved is None:  # registered with another mobile: the row is locked and left as it was
        raise IdentityTaken(conn.execute(select(Seeker.__table__.c.id).where(
            Seeker.__table__.c.id_hmac == row["id_hmac"])).scalar_one())
    seeker_id, ticket_code, created_at, answered_before = saved
    created = created_at == now or _created_by(conn, seeker_id, submission_id, created_at)
    if draft.answered and draft.answered != ALL_GROUPS:  # some groups: add them to those answered before
        union = join_groups(split_groups(answered_before) | draft.answered)
        if union != answered_before:
            conn.execute(update(seeker_table).where(seeker_table.c.id == seeker_id).values(profile_answered=union))
    if "trades" in draft.answered:
        if created_at != now:
            conn.execute(sql.delete_trades, {"sid": seeker_id})
        if draft.trades:
            conn.execute(sql.insert_trades, [{"seeker_id": seeker_id, "trade": t} for t in draft.trades])
    added = conn.execute(sql.add_checkin, {
        "seeker_id": seeker_id, "fair_id": source.fair_id, "site_id": source.site_id, "channel": channel,
        "submission_id": submission_id, "created_at": now,
    }).first() is not None  # (not rowcount: -1 on PostgreSQL)
    # The people panel's summaries: a new person (no read), or changed answers or township; before the check-in's
    # (which adds the person to the place's people panel with the values counted here: summaries/place_profiles.py)
    if created_at == now:
        add(conn, [{**row, "seeker_id": seeker_id}])
    else:
        move(conn, [seeker_id])
    if added:  # the dashboard's summaries, in this transaction (a repeated submission adds nothing)
        record(conn, visits=[Visit(seeker_id, source.fair_id, source.site_id, now, created_at)],
               created=[(seeker_id, now)] if created_at == now else [])
    return RegistrationResult(seeker_id=seeker_id, ticket_code=ticket_code, created=created)


def _created_by(conn: Connection, seeker_id: int, submission_id: str, created_at: datetime) -> bool:
    """A repeat of the submission that created the seeker (a double tap on confirm) still says "created"."""
    checkin = CheckIn.__table__
    return bool(conn.execute(select(exists().where(and_(
        checkin.c.submission_id == submission_id, checkin.c.seeker_id == seeker_id,
        checkin.c.created_at == created_at)))).scalar())


def _seeker_row(vault: Vault, draft: RegistrationDraft, source: Source, now: datetime,
                sealed: tuple[str, str] | None = None) -> dict[str, object]:
    """`sealed`: the ID number and mobile encrypted already (a person found by them: bulk.py), else encrypted here."""
    rid = draft.resident_id
    id_hmac = vault.digest("id", rid.number)
    id_enc, phone_enc = sealed or (vault.encrypt(rid.number), vault.encrypt(draft.phone))
    return dict(  # no part of the ID number in clear: models/seeker.py says why
        ticket_code=new_ticket_code(), name=draft.name, id_hmac=id_hmac, id_enc=id_enc,
        id_last4_hmac=last4_digest(vault, id_hmac, rid.last4),
        phone_hmac=vault.digest("phone", draft.phone), phone_enc=phone_enc,
        phone_masked=mask_mobile(draft.phone), birth_date=rid.birth_date, gender=rid.gender,
        township=draft.township, village=draft.village, education=draft.education,
        intention=draft.intention, expected_wage=draft.expected_wage,
        willing_to_train=draft.willing_to_train, poor_household=draft.poor_household,
        leave_constraint=draft.leave_constraint, consent_version=draft.consent_version,
        consented_at=now, source_kind=str(source.kind), first_fair_id=source.fair_id,
        first_site_id=source.site_id, created_at=now, updated_at=now,
        profile_answered=join_groups(draft.answered),
    )
