"""Each site's kiosk PIN: set or cleared by organizers (stored as a bcrypt hash, with who and when, audited),
checked when staff leave kiosk mode, with wrong PINs limited per site in the database (every app server
shares the limit): after MAX_FAILURES wrong PINs within WINDOW the site's PIN is refused until the oldest
of them is WINDOW old. A right PIN clears the count; so does setting a new PIN."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from sqlalchemy import delete, func
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models import AuditEvent, KioskPin, KioskPinFailure, Site
from models.base import utcnow
from services.accounts.passwords import hash_password, verify_password
from services.core.db import read_only, transactional
from services.core.errors import Checker, MustWait, NotFound, PortalError
from services.core.i18n import N_
from services.kiosk.pin_rules import check_pin, normalize_pin
from services.places.codes import normalize_code

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
PIN_ACTOR = "kiosk_pin"  # the audit actor of an exit with the site PIN (no one signed in)


class NoPinSet(PortalError):
    """The site has no kiosk PIN: only an organizer's sign-in leaves kiosk mode."""

    message = N_("This site has no kiosk PIN yet. Ask an organizer to set one, or sign in as an organizer.")


class WrongPin(PortalError):
    """A wrong PIN; `tries_left` before the site's PIN is locked."""

    message = N_("Wrong PIN. {tries} tries left.")

    def __init__(self, tries_left: int):
        self.tries_left = tries_left
        super().__init__(tries=tries_left)


class PinLocked(MustWait):
    """Too many wrong PINs at this site; `wait_seconds` until it is accepted again (`minutes` in the message)."""

    message = N_("Too many wrong PINs. Please wait {minutes} minute(s) and try again, or sign in as an organizer.")


def kiosk_url(base_url: str, site_code: str) -> str:
    """The link to open on a site's tablet: the kiosk locked to that site."""
    return f"{base_url.rstrip('/')}/kiosk?{urlencode({'site': normalize_code(site_code)})}"


@dataclass(frozen=True)
class PinStatus:
    site_code: str
    is_set: bool
    set_by: str = ""
    set_at: datetime | None = None


def _site(session: Session, site_code: str) -> Site:
    site = session.exec(select(Site).where(Site.code == normalize_code(site_code))).first()
    if site is None or site.id is None:
        raise NotFound(N_("This registration point does not exist."))
    return site


@transactional
def set_site_pin(session: Session, *, site_code: str, pin: str, actor: str, now: datetime | None = None) -> PinStatus:
    """Set (or replace) the site's PIN; a refused PIN is FieldErrors({"pin": …}). Lifts a lock."""
    now = now or utcnow()
    fields = Checker()
    clean = fields.check("pin", check_pin, pin)
    fields.raise_if_any()
    assert clean is not None
    site = _site(session, site_code)
    assert site.id is not None
    row = session.get(KioskPin, site.id) or KioskPin(site_id=site.id, pin_hash="", set_by=actor, set_at=now)
    replaced = bool(row.pin_hash)
    row.pin_hash, row.set_by, row.set_at = hash_password(clean), actor, now
    session.add(row)
    session.execute(delete(KioskPinFailure).where(col(KioskPinFailure.site_id) == site.id))
    session.add(AuditEvent(at=now, actor=actor, action="kiosk_pin_set",
                           detail={"site": site.code, "replaced": replaced}))
    return PinStatus(site.code, True, actor, now)


@transactional
def clear_site_pin(session: Session, *, site_code: str, actor: str, now: datetime | None = None) -> PinStatus:
    """Remove the site's PIN (then only an organizer's sign-in leaves kiosk mode)."""
    now = now or utcnow()
    site = _site(session, site_code)
    row = session.get(KioskPin, site.id)
    if row is not None:
        session.delete(row)
        session.add(AuditEvent(at=now, actor=actor, action="kiosk_pin_cleared", detail={"site": site.code}))
    return PinStatus(site.code, False)


@read_only
def pin_status(session: Session, *, site_code: str) -> PinStatus:
    site = _site(session, site_code)
    row = session.get(KioskPin, site.id)
    return PinStatus(site.code, True, row.set_by, row.set_at) if row else PinStatus(site.code, False)


@read_only
def site_pins(session: Session) -> dict[int, PinStatus]:
    """The sites that have a kiosk PIN, by site id: who set it and when."""
    rows = session.exec(select(KioskPin, Site.code).join(Site, col(Site.id) == KioskPin.site_id)).all()
    return {pin.site_id: PinStatus(code, True, pin.set_by, pin.set_at) for pin, code in rows}


@transactional
def _check(session: Session, *, site_code: str, pin: str, client_ip: str, now: datetime) -> PortalError | None:
    site = _site(session, site_code)
    row = session.exec(select(KioskPin).where(KioskPin.site_id == site.id).with_for_update()).first()
    if row is None:
        return NoPinSet()
    recent = list(session.exec(select(KioskPinFailure.at).where(
        KioskPinFailure.site_id == site.id, col(KioskPinFailure.at) > now - WINDOW)
        .order_by(col(KioskPinFailure.at))).all())
    if len(recent) >= MAX_FAILURES:
        return PinLocked(int((recent[-MAX_FAILURES] + WINDOW - now).total_seconds()) + 1)
    if verify_password(normalize_pin(pin), row.pin_hash):
        session.execute(delete(KioskPinFailure).where(col(KioskPinFailure.site_id) == site.id))
        return None
    session.add(KioskPinFailure(site_id=site.id or 0, ip_address=(client_ip or "")[:64], at=now))
    tries_left = MAX_FAILURES - len(recent) - 1
    if tries_left > 0:
        return WrongPin(tries_left)
    oldest = (recent + [now])[-MAX_FAILURES]  # the lock ends when the first of these five is WINDOW old
    return PinLocked(int((oldest + WINDOW - now).total_seconds()) + 1)


def check_site_pin(session: Engine | Session, *, site_code: str, pin: str, client_ip: str = "",
                   now: datetime | None = None) -> None:
    """Return if `pin` is the site's PIN. Otherwise raise NoPinSet, WrongPin (tries left) or PinLocked
    (minutes to wait); NotFound for an unknown site. `session`: a Session or an Engine. The wrong PIN is
    recorded before the error is raised: given an Engine (as pages do) it is committed in its own unit of
    work; given a Session, the caller must commit it even though this raised."""
    refused = _check(session, site_code=site_code, pin=pin, client_ip=client_ip, now=now or utcnow())
    if refused is not None:
        raise refused


@read_only
def failures_in_window(session: Session, *, site_code: str, now: datetime | None = None) -> int:
    now = now or utcnow()
    site = _site(session, site_code)
    return session.exec(select(func.count()).select_from(KioskPinFailure).where(
        KioskPinFailure.site_id == site.id, col(KioskPinFailure.at) > now - WINDOW)).one()


@transactional
def record_kiosk_exit(session: Session, *, site_code: str, method: str, actor: str = PIN_ACTOR,
                      client_ip: str = "", now: datetime | None = None) -> None:
    """Audit one exit from kiosk mode: `method` "pin" (actor PIN_ACTOR) or "organizer" (their user name)."""
    session.add(AuditEvent(at=now or utcnow(), actor=actor[:40], action="kiosk_exit",
                           detail={"site": normalize_code(site_code), "method": method,
                                   "ip": (client_ip or "")[:64]}))
