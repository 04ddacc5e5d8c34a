"""At the staff desk: the mobile of a person whose ID number is registered with another mobile.

The person stands at the desk with the ID card (sent there by the phone form's claim screen, or
registering at the desk with a new mobile). The worker checks the card, types the new mobile and why;
`change_mobile` then, in one transaction:

- sets the seeker's mobile as registration stores it (encrypted, keyed digest, mask);
- with the desk's registration draft: updates what it answers (name, village, consent: the upsert of
  register.py, now from the new mobile) and records a check-in (channel `staff`, the worker who read
  the consent);
- closes every claim on that person not reviewed yet (claims.close_claim: reviewed by the worker);
- audits it: the worker, the seeker, the old and the new mobile MASKED, the reason.

Nothing is deleted: the claims stay, reviewed; the old mobile is gone from the person, so it finds
them no more (ticket look-up), the new one does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from models import AuditEvent, IdentityClaim, Seeker
from models.base import utcnow
from services.core.crypto import Vault
from services.core.db import transactional
from services.core.errors import Checker, FieldError, NotFound, StateChanged
from services.core.i18n import N_
from services.core.validation import mask_mobile, normalize_mobile
from services.places.sources import Source
from services.registration.claims import close_claim
from services.registration.desk import CHANNEL, desk_source, record_desk_consent, worker_of
from services.registration.forms import RegistrationDraft
from services.registration.register import RegistrationResult, register_seeker

MAX_REASON = 200

__all__ = ["MAX_REASON", "MobileChanged", "change_mobile", "check_reason"]


@dataclass(frozen=True)
class MobileChanged:
    seeker_id: int
    ticket_code: str
    old_masked: str
    new_masked: str
    claims_closed: tuple[int, ...]
    registration: RegistrationResult | None = None  # with a desk draft: its check-in


def check_reason(raw: str) -> str:
    reason = " ".join((raw or "").split())
    if not reason:
        raise FieldError(N_("Please write why the mobile number changes."))
    if len(reason) > MAX_REASON:
        raise FieldError(N_("Please keep it under {limit} characters."), limit=MAX_REASON)
    return reason


def _same_mobile(new: str, current_hmac: str, vault: Vault) -> str:
    number = normalize_mobile(new)
    if vault.digest("phone", number) == current_hmac:
        raise FieldError(N_("This is the mobile number registered already."))
    return number


@transactional
def change_mobile(
    session: Session, vault: Vault, *, staff_id: int, seeker_id: int, new_mobile: str, reason: str,
    id_card_checked: bool, draft: RegistrationDraft | None = None, source: Source | None = None,
    submission_id: str = "", now: datetime | None = None,
) -> MobileChanged:
    """The worker checked the ID card (`id_card_checked`) and changes the person's mobile to `new_mobile`
    because of `reason` (both required: FieldErrors on `id_card`, `new_mobile`, `reason`, all at once).

    With `draft` (the desk's registration of this ID number) the person's answers in it are saved and a
    check-in recorded (channel `staff`, `submission_id`); the draft must be this person's ID number."""
    now = now or utcnow()
    worker = worker_of(session, staff_id)
    seeker = session.exec(select(Seeker).where(Seeker.id == seeker_id).with_for_update()).first()
    if seeker is None or seeker.id is None:
        raise NotFound(N_("No ticket with this code was found."))
    fields = Checker()
    if not id_card_checked:
        fields.add("id_card", N_("Please check the person's ID card first."))
    number = fields.check("new_mobile", _same_mobile, new_mobile, seeker.phone_hmac, vault)
    why = fields.check("reason", check_reason, reason)
    fields.raise_if_any()
    assert number is not None and why is not None
    if draft is not None and vault.digest("id", draft.resident_id.number) != seeker.id_hmac:
        raise StateChanged(N_("Your details have changed. Please check them and confirm again."))
    old_masked, new_hmac, ticket_code = seeker.phone_masked, vault.digest("phone", number), seeker.ticket_code
    table = Seeker.__table__
    session.connection().execute(update(table).where(table.c.id == seeker.id).values(
        phone_hmac=new_hmac, phone_enc=vault.encrypt(number), phone_masked=mask_mobile(number), updated_at=now))
    registration = None
    if draft is not None:
        registration = register_seeker(session, vault, replace(draft, phone=number),
                                       source=desk_source(worker, source), submission_id=submission_id,
                                       channel=CHANNEL, now=now, owner_phone_hmac=new_hmac)
        record_desk_consent(session, worker, seeker_id=seeker.id, submission_id=submission_id,
                            consent_version=draft.consent_version, now=now)
    open_claims = tuple(c for c in session.exec(select(IdentityClaim.id).where(
        IdentityClaim.seeker_id == seeker.id, col(IdentityClaim.reviewed_at).is_(None))
        .order_by(col(IdentityClaim.id))) if c is not None)
    for claim_id in open_claims:
        close_claim(session, claim_id=claim_id, staff_id=worker.staff_id, now=now)
    new_masked = mask_mobile(number)
    session.add(AuditEvent(at=now, actor=worker.username, action="desk_mobile_changed", detail={
        "seeker_id": seeker.id, "old_mobile": old_masked, "new_mobile": new_masked, "reason": why,
        "claims": list(open_claims)}))
    return MobileChanged(seeker_id=seeker.id, ticket_code=ticket_code, old_masked=old_masked, new_masked=new_masked,
                         claims_closed=open_claims, registration=registration)
