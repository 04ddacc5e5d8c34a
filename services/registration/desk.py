"""The staff desk: a site worker or fair staff member (role `desk`; organizers too) serves people who have
no smartphone or were sent to staff.

- Register a person (`register_at_desk`): the phone form's step 1 and rules (forms.validate_identity),
  channel `staff`, from the worker's site when the account is tied to one (else the fair or site the
  worker chose, or direct); the consent is read to the person and ticked by the worker, who is recorded
  (`checkin.consent_read_by` and an audit event with the worker's user name).
- An ID number registered with another mobile: the worker checks the ID card and changes the mobile
  (services.registration.desk_mobile.change_mobile).
- An incomplete profile: find the person by ticket code or ID number (`find_person`), then the answers
  group by group (services.registration.profile.save_profile_group).

Every desk service checks the worker's role (`DeskRefused` for anyone else, e.g. a recruiter).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from models import AuditEvent, CheckIn, Fair, IdentityClaim, Role, Seeker, Site, SourceKind, StaffUser
from models.base import utcnow
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import read_only, transactional
from services.core.errors import FieldError, FieldErrors, PortalError
from services.core.i18n import N_
from services.core.validation import normalize_id_number, parse_resident_id
from services.places.fair_status import has_ended
from services.places.sources import Source
from services.registration.claims import PendingClaim, register_or_claim
from services.registration.forms import RegistrationDraft
from services.registration.profile import missing_groups
from services.registration.register import RegistrationResult
from services.registration.tickets import normalize_ticket_code

DESK_ROLES = frozenset({Role.DESK, Role.ORGANIZER})
CHANNEL = "staff"

__all__ = [
    "CHANNEL", "DESK_ROLES", "DeskPerson", "DeskRefused", "DeskWorker", "count_open_claims", "desk_sources",
    "desk_worker", "find_person", "get_person", "register_at_desk", "worker_of",
]


class DeskRefused(PortalError):
    """This account may not work at the staff desk (a recruiter, a disabled account)."""

    message = N_("Only registration desk staff and organizers can do this.")


@dataclass(frozen=True)
class DeskWorker:
    staff_id: int
    username: str
    display_name: str
    role: str
    site: Source | None  # the site this account works for (its desk registrations come from it)


@dataclass(frozen=True)
class DeskPerson:
    """A registered person as the desk shows them: no ID number, the mobile masked."""

    seeker_id: int
    ticket_code: str
    name: str
    phone_masked: str
    township: str
    village: str
    missing: tuple[str, ...]  # profile groups not answered yet (profile.missing_groups)


def _site_source(site: Site) -> Source:
    return Source(SourceKind.SITE, site_id=site.id, name=site.name, township=site.township, code=site.code)


def worker_of(session: Session, staff_id: int) -> DeskWorker:
    """The desk worker with this account id, in the caller's transaction (DeskRefused for other roles)."""
    user = session.get(StaffUser, staff_id)
    if user is None or user.id is None or not user.active or user.role not in DESK_ROLES:
        raise DeskRefused()
    site = session.get(Site, user.site_id) if user.site_id is not None else None
    return DeskWorker(staff_id=user.id, username=user.username, display_name=user.display_name, role=user.role,
                      site=_site_source(site) if site is not None else None)


@read_only
def desk_worker(session: Session, staff_id: int) -> DeskWorker:
    return worker_of(session, staff_id)


@read_only
def desk_sources(session: Session) -> list[Source]:
    """Where a desk not tied to a site may say it works: the fairs not ended, then the open sites."""
    today = local_today()
    fairs = [f for f in session.exec(select(Fair).order_by(col(Fair.starts_on).desc(), col(Fair.id)))
             if not has_ended(f, today)]
    sites = session.exec(select(Site).where(col(Site.active)).order_by(col(Site.name)))
    return ([Source(SourceKind.FAIR, fair_id=f.id, name=f.name, township=f.township, code=f.code) for f in fairs]
            + [_site_source(s) for s in sites])


@read_only
def count_open_claims(session: Session) -> int:
    """How many claims wait for staff (claims.list_open_claims lists them): one index range, nothing decrypted."""
    return session.exec(select(func.count()).select_from(IdentityClaim)
                        .where(col(IdentityClaim.reviewed_at).is_(None))).one()


def desk_source(worker: DeskWorker, chosen: Source | None) -> Source:
    """Where a desk registration comes from: the worker's site, else the place chosen, else direct."""
    return worker.site or chosen or Source.direct()


def record_desk_consent(session: Session, worker: DeskWorker, *, seeker_id: int, submission_id: str,
                        consent_version: str, now: datetime) -> None:
    """The worker read the consent to the person and ticked it: on the check-in, and audited (once: a
    double tap on confirm repeats nothing)."""
    checkin = CheckIn.__table__
    marked = session.connection().execute(update(checkin).where(
        checkin.c.submission_id == submission_id, checkin.c.consent_read_by.is_(None),
    ).values(consent_read_by=worker.staff_id))
    if not marked.rowcount:
        return
    session.add(AuditEvent(at=now, actor=worker.username, action="desk_consent_read", detail={
        "seeker_id": seeker_id, "submission_id": submission_id, "consent_version": consent_version}))


@transactional
def register_at_desk(
    session: Session, vault: Vault, draft: RegistrationDraft, *, staff_id: int, source: Source | None = None,
    submission_id: str, now: datetime | None = None,
) -> RegistrationResult | PendingClaim:
    """Register (or update) the person at the desk, channel `staff`; the draft's consent was read to them
    by the worker (`staff_id`), who is recorded. An ID number registered with another mobile is a claim
    (`PendingClaim`, nothing changed): the worker checks the ID card and changes the mobile
    (desk_mobile.change_mobile)."""
    now = now or utcnow()
    worker = worker_of(session, staff_id)
    outcome = register_or_claim(session, vault, draft, source=desk_source(worker, source),
                                submission_id=submission_id, channel=CHANNEL, now=now)
    if isinstance(outcome, RegistrationResult):
        record_desk_consent(session, worker, seeker_id=outcome.seeker_id, submission_id=submission_id,
                            consent_version=draft.consent_version, now=now)
    return outcome


def _id_digest(vault: Vault, raw: str) -> str:
    try:
        number = parse_resident_id(raw).number
    except FieldError as exc:  # the ID number's own message ("18 characters", "check character")
        raise FieldErrors.one("query", exc.message, **exc.values) from None
    return vault.digest("id", number)


def person_of(seeker: Seeker) -> DeskPerson:
    assert seeker.id is not None  # a saved row
    return DeskPerson(seeker_id=seeker.id, ticket_code=seeker.ticket_code, name=seeker.name,
                      phone_masked=seeker.phone_masked, township=seeker.township, village=seeker.village,
                      missing=tuple(missing_groups(seeker.profile_answered)))


@read_only
def find_person(session: Session, vault: Vault, *, staff_id: int, query: str) -> DeskPerson:
    """The person with this ticket code or ID number (18 characters: found by its keyed digest).
    FieldErrors on `query` when it is empty, not a valid ID number, or finds no one."""
    worker_of(session, staff_id)
    raw = normalize_id_number(query or "")
    if not raw:
        raise FieldErrors.one("query", N_("Enter a ticket code or an ID number."))
    if len(raw) >= 15:  # an ID number (a ticket code is 8 characters)
        seeker = session.exec(select(Seeker).where(Seeker.id_hmac == _id_digest(vault, raw))).first()
    else:
        seeker = session.exec(select(Seeker).where(Seeker.ticket_code == normalize_ticket_code(raw))).first()
    if seeker is None:
        raise FieldErrors.one("query", N_("No one is registered with this ticket code or ID number."))
    return person_of(seeker)


@read_only
def get_person(session: Session, *, staff_id: int, seeker_id: int) -> DeskPerson | None:
    worker_of(session, staff_id)
    seeker = session.get(Seeker, seeker_id)
    return person_of(seeker) if seeker is not None else None
