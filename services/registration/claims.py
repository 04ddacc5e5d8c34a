"""Claims on a registered identity: registering again with a known ID number from another mobile.

`register_seeker` refuses such a registration without changing anything (`IdentityTaken`,
decided inside its write transaction). Here the refusal becomes a claim, recorded for staff
review (whose identity, when, the mobile claimed as a keyed digest and encrypted, the typed
name encrypted, the client address, the outcome), and the person gets two ways on:

- prove it with the previous mobile's full number (`prove_claim`): compared with the stored
  keyed digest; right, the mobile becomes the new one, the profile is updated and the ticket
  shown (audited); wrong, the claim counts it. `MAX_PROOF_FAILURES` wrong numbers for one
  person within `PROOF_WINDOW` leave only the staff desk;
- go to a staff desk with the ID card (`send_to_desk`).

Staff list the claims not yet reviewed with `list_open_claims` and close one with `close_claim`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models import AuditEvent, ClaimOutcome, IdentityClaim, Seeker, StaffUser
from models.base import utcnow
from services.core.crypto import Vault
from services.core.db import read_only, transactional
from services.core.errors import Checker, NotFound, StateChanged
from services.core.i18n import N_
from services.core.validation import mask_mobile, normalize_mobile
from services.places.sources import Source
from services.registration.register import IdentityTaken, RegistrationDraft, RegistrationResult, register_seeker

MAX_PROOF_FAILURES = 3
PROOF_WINDOW = timedelta(hours=24)
SELF_SERVICE = "self_service"  # the audit actor of a claim proven by the person

__all__ = [
    "MAX_PROOF_FAILURES", "PROOF_WINDOW", "IdentityTaken", "OpenClaim", "PendingClaim", "close_claim",
    "list_open_claims", "prove_claim", "record_claim", "register_or_claim", "send_to_desk",
]


@dataclass(frozen=True)
class PendingClaim:
    """A registration refused because the ID number belongs to another mobile (`message`: what to
    tell the person, formatted with `end`)."""

    claim_id: int
    phone_end: str  # the last 2 digits of the registered mobile, all the person is told
    tries_left: int  # proofs by the previous mobile still allowed (0: only the staff desk)
    wrong: bool = False  # the proof just tried was the wrong number

    message = N_("This ID number is already registered with a phone ending in ••{end}.")


def register_or_claim(
    target: Engine | Session, vault: Vault, draft: RegistrationDraft, *, source: Source, submission_id: str,
    client_ip: str = "", channel: str = "qr", now: datetime | None = None,
) -> RegistrationResult | PendingClaim:
    """The public form's confirm: register (or update the same person from the same mobile), or,
    when the ID number is registered with another mobile, record the claim and say so."""
    try:
        return register_seeker(target, vault, draft, source=source, submission_id=submission_id,
                               channel=channel, now=now)
    except IdentityTaken as taken:
        return record_claim(target, vault, draft, seeker_id=taken.seeker_id, submission_id=submission_id,
                            client_ip=client_ip, now=now)


@transactional
def record_claim(
    session: Session, vault: Vault, draft: RegistrationDraft, *, seeker_id: int, submission_id: str,
    client_ip: str = "", now: datetime | None = None,
) -> PendingClaim:
    """Record one attempt on `seeker_id`'s identity (a double tap on confirm records it once)."""
    now = now or utcnow()
    phone_hmac = vault.digest("phone", draft.phone)
    conn = session.connection()
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(insert(IdentityClaim.__table__).values(
        seeker_id=seeker_id, submission_id=submission_id, created_at=now, name_enc=vault.encrypt(draft.name),
        phone_hmac=phone_hmac, phone_enc=vault.encrypt(draft.phone), client_ip=(client_ip or "")[:64],
        outcome=ClaimOutcome.REFUSED.value, outcome_at=now, proof_failures=0,
    ).on_conflict_do_nothing(index_elements=["submission_id", "seeker_id", "phone_hmac"]))
    claim_id = session.exec(select(IdentityClaim.id).where(
        IdentityClaim.submission_id == submission_id, IdentityClaim.seeker_id == seeker_id,
        IdentityClaim.phone_hmac == phone_hmac)).one()
    assert claim_id is not None
    seeker = session.get(Seeker, seeker_id)
    assert seeker is not None
    return PendingClaim(claim_id=claim_id, phone_end=vault.decrypt(seeker.phone_enc)[-2:],
                        tries_left=_tries_left(session, seeker_id, now))


def _tries_left(session: Session, seeker_id: int, now: datetime) -> int:
    failures = session.exec(select(func.coalesce(func.sum(IdentityClaim.proof_failures), 0)).where(
        IdentityClaim.seeker_id == seeker_id, col(IdentityClaim.created_at) > now - PROOF_WINDOW)).one()
    return max(0, MAX_PROOF_FAILURES - int(failures))


@transactional
def prove_claim(
    session: Session, vault: Vault, draft: RegistrationDraft, *, claim_id: int, previous_mobile: str,
    source: Source, submission_id: str, channel: str = "qr", now: datetime | None = None,
) -> RegistrationResult | PendingClaim:
    """The person types the full mobile number they registered with before.

    Right: the seeker's mobile becomes the one claimed, the profile is updated from `draft`, a
    check-in recorded, the claim marked proven and audited; the ticket is theirs. Wrong: the claim
    counts it and a `PendingClaim` with the tries left comes back (no exception: the count must be
    saved). A number that is not a mobile number is `FieldErrors({"previous_mobile": …})`, not
    counted. The seeker's row is locked, so concurrent proofs cannot exceed the limit.
    """
    now = now or utcnow()
    fields = Checker()
    previous = fields.check("previous_mobile", normalize_mobile, previous_mobile)
    fields.raise_if_any()
    assert previous is not None
    claim = session.exec(select(IdentityClaim).where(IdentityClaim.id == claim_id).with_for_update()).first()
    seeker = None
    if claim is not None:
        seeker = session.exec(select(Seeker).where(Seeker.id == claim.seeker_id).with_for_update()).first()
    if claim is None or seeker is None:
        raise NotFound(N_("This registration attempt is no longer on record. Please start again."))
    if (seeker.id_hmac != vault.digest("id", draft.resident_id.number)
            or claim.phone_hmac != vault.digest("phone", draft.phone)):
        raise StateChanged(N_("Your details have changed. Please check them and confirm again."))
    if claim.outcome == ClaimOutcome.PROVEN:  # a second tap: the claimed mobile is the registered one now
        try:
            return register_seeker(session, vault, draft, source=source, submission_id=submission_id,
                                   channel=channel, now=now)
        except IdentityTaken:
            raise StateChanged(N_("Your details have changed. Please check them and confirm again.")) from None
    phone_end = vault.decrypt(seeker.phone_enc)[-2:]
    tries_left = _tries_left(session, seeker.id or 0, now)
    if tries_left == 0:
        return PendingClaim(claim_id=claim_id, phone_end=phone_end, tries_left=0)
    if vault.digest("phone", previous) != seeker.phone_hmac:
        claim.proof_failures += 1
        session.add(claim)
        return PendingClaim(claim_id=claim_id, phone_end=phone_end, tries_left=tries_left - 1, wrong=True)
    result = register_seeker(session, vault, draft, source=source, submission_id=submission_id, channel=channel,
                             now=now, owner_phone_hmac=seeker.phone_hmac)
    claim.outcome, claim.outcome_at = ClaimOutcome.PROVEN.value, now
    session.add(claim)
    session.add(AuditEvent(at=now, actor=SELF_SERVICE, action="identity_claim_proven",
                           detail={"claim_id": claim_id, "seeker_id": seeker.id}))
    return result


@transactional
def send_to_desk(session: Session, *, claim_id: int, now: datetime | None = None) -> None:
    """The person chose to go to a staff desk with the ID card (a proven claim stays proven)."""
    claim = session.get(IdentityClaim, claim_id)
    if claim is None:
        raise NotFound(N_("This registration attempt is no longer on record. Please start again."))
    if claim.outcome != ClaimOutcome.PROVEN:
        claim.outcome, claim.outcome_at = ClaimOutcome.DESK.value, now or utcnow()
        session.add(claim)


@dataclass(frozen=True)
class OpenClaim:
    """One claim for the staff's review list (the claimed mobile masked, the typed name decrypted)."""

    claim_id: int
    seeker_id: int
    ticket_code: str
    registered_name: str
    claimed_name: str
    claimed_mobile: str  # masked, e.g. 186****1111
    client_ip: str
    created_at: datetime
    outcome: str
    proof_failures: int


@read_only
def list_open_claims(session: Session, vault: Vault, *, limit: int = 200) -> list[OpenClaim]:
    """Claims no staff member has reviewed yet, oldest first."""
    rows = session.exec(
        select(IdentityClaim, Seeker.name, Seeker.ticket_code)
        .join(Seeker, col(Seeker.id) == IdentityClaim.seeker_id)
        .where(col(IdentityClaim.reviewed_at).is_(None))
        .order_by(col(IdentityClaim.created_at), col(IdentityClaim.id))
        .limit(limit)
    ).all()
    return [
        OpenClaim(claim_id=c.id or 0, seeker_id=c.seeker_id, ticket_code=code, registered_name=name,
                  claimed_name=vault.decrypt(c.name_enc), claimed_mobile=mask_mobile(vault.decrypt(c.phone_enc)),
                  client_ip=c.client_ip, created_at=c.created_at, outcome=c.outcome,
                  proof_failures=c.proof_failures)
        for c, name, code in rows
    ]


@transactional
def close_claim(session: Session, *, claim_id: int, staff_id: int, now: datetime | None = None) -> None:
    """A staff member has reviewed the claim (at the desk or from the list); audited."""
    claim = session.exec(select(IdentityClaim).where(IdentityClaim.id == claim_id).with_for_update()).first()
    staff = session.get(StaffUser, staff_id)
    if claim is None or staff is None:
        raise NotFound(N_("This registration attempt is no longer on record. Please start again."))
    if claim.reviewed_at is not None:
        raise StateChanged(N_("Someone else has reviewed this already."))
    now = now or utcnow()
    claim.reviewed_at, claim.reviewed_by = now, staff_id
    session.add(claim)
    session.add(AuditEvent(at=now, actor=staff.username, action="identity_claim_reviewed",
                           detail={"claim_id": claim_id, "seeker_id": claim.seeker_id, "outcome": claim.outcome}))
