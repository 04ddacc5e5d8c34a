"""Checking in a person who already has a ticket, at the fair or site whose QR link they opened.

A phone that keeps its ticket (the registration page remembers it) shows that ticket when its
owner scans the next fair's poster; one tap records that they came (a check-in, as a registration
there would). Once per person, place and local day: a second tap, or a second visit the same day,
adds nothing. Check-ins are never deleted (the fair's figures count them).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, exists, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from models import CheckIn, Seeker
from models.base import utcnow
from services.core.clock import day_start
from services.core.db import transactional
from services.core.errors import NotFound, PortalError
from services.core.i18n import N_
from services.places.sources import Source
from services.summaries.record import Visit, record


@transactional
def check_in_ticket(session: Session, *, ticket_code: str, source: Source, submission_id: str,
                    channel: str = "qr", now: datetime | None = None) -> bool:
    """Record that the ticket's holder came to `source` today; False when already recorded today."""
    if source.fair_id is None and source.site_id is None:
        raise PortalError(N_("This link names no fair or site to check in at."))
    now = now or utcnow()
    conn = session.connection()
    seeker, checkin = Seeker.__table__, CheckIn.__table__
    found = conn.execute(select(seeker.c.id, seeker.c.created_at).where(seeker.c.ticket_code == ticket_code)).first()
    if found is None:
        raise NotFound(N_("No ticket with this code was found."))
    seeker_id, registered_at = found
    place = checkin.c.fair_id == source.fair_id if source.fair_id is not None else checkin.c.site_id == source.site_id
    if conn.execute(select(exists().where(and_(
            checkin.c.seeker_id == seeker_id, place, checkin.c.created_at >= day_start(now),
            checkin.c.created_at <= now)))).scalar():
        return False
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    done = conn.execute(insert(checkin).values(
        seeker_id=seeker_id, fair_id=source.fair_id, site_id=source.site_id, channel=channel,
        submission_id=submission_id, created_at=now).on_conflict_do_nothing(index_elements=["submission_id"])
        .returning(checkin.c.id)).first() is not None  # (not rowcount: -1 on PostgreSQL)
    if done:  # the dashboard's summaries, in this transaction
        record(conn, visits=[Visit(seeker_id, source.fair_id, source.site_id, now, registered_at)])
    return done
