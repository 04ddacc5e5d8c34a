"""Stages of an application and their history: the one way a recruiter (or organizer) moves a seeker.

`record_stage` creates the application when there is none (source "booth"), writes a
`StageChange` row for every move (who, when, from → to, note), stamps the first time
"interviewed", "offered" and "hired" were reached (reaching a later stage stamps the
earlier ones still missing, so funnel counts are plain COUNTs), and keeps the hire in
step (services.recruiting.hires): recorded with validated terms on "hired"; cancelled —
never deleted — when the application leaves "hired", which needs a reason (who and when
are the stage change's). The step's note then carries the reason.

Access: a recruiter passes `employer_id`; a vacancy of another employer is refused as
if it did not exist (NoAccess). Organizers pass None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from models import Application, ApplicationSource, Seeker, StaffUser, Stage, StageChange, Vacancy
from models.base import utcnow
from services.core.db import read_only, transactional
from services.core.errors import NotFound
from services.core.i18n import N_
from services.recruiting.hires import (
    HireTerms,
    active_hire,
    cancel_hire,
    clean_reason,
    record_hire,
    validate_hire_terms,
)

STAGE_ORDER = tuple(Stage)
PROGRESS = (Stage.INTERESTED, Stage.INTERVIEWED, Stage.OFFERED, Stage.HIRED)  # "not suitable" ends it anywhere
STAMPS = {Stage.INTERVIEWED: "interviewed_at", Stage.OFFERED: "offered_at", Stage.HIRED: "hired_at"}
NOTE_MAX = 500
SEEKER_ACTED = N_("The job seeker")  # "who" in the history when the seeker acted (job board, kiosk)


class NoAccess(NotFound):
    """The vacancy or application is not this employer's (or does not exist)."""

    message = N_("This vacancy is not one of your employer's.")


class UnknownSeeker(NotFound):
    message = N_("This job seeker is no longer registered.")


@dataclass(frozen=True)
class StageResult:
    application_id: int
    from_stage: str | None  # None: the application was created by this call
    to_stage: str
    changed: bool  # False: same stage again, no note: nothing was written
    hire_id: int | None  # the active hire after this call
    cancelled_hire_id: int | None = None  # the hire this call cancelled


def vacancy_for(session: Session, vacancy_id: int, employer_id: int | None) -> Vacancy:
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None or (employer_id is not None and vacancy.employer_id != employer_id):
        raise NoAccess()
    return vacancy


def _stamp(app: Application, stage: Stage, now: datetime) -> None:
    """Stamp the stage and every earlier one not reached yet (hired implies offered and interviewed)."""
    if stage not in PROGRESS:
        return
    for reached in PROGRESS[1:PROGRESS.index(stage) + 1]:
        attr = STAMPS[reached]
        if getattr(app, attr) is None:
            setattr(app, attr, now)


def _application(session: Session, vacancy: Vacancy, seeker_id: int, stage: Stage, note: str,
                 now: datetime) -> tuple[Application, bool]:
    """The application, locked for this transaction; created (True) when there was none."""
    vacancy_id = vacancy.id
    assert vacancy_id is not None  # a saved row

    def find() -> Application | None:
        return session.scalars(select(Application).where(
            col(Application.vacancy_id) == vacancy_id, col(Application.seeker_id) == seeker_id).with_for_update()
        ).first()

    app = find()
    if app is not None:
        return app, False
    app = Application(vacancy_id=vacancy_id, seeker_id=seeker_id, employer_id=vacancy.employer_id, stage=str(stage),
                      source=str(ApplicationSource.BOOTH), note=note, created_at=now, updated_at=now)
    try:
        with session.begin_nested():  # two recruiters created it at once: the other one's is used
            session.add(app)
            session.flush()
    except IntegrityError:
        found = find()
        if found is None:
            raise
        return found, False
    return app, True


@transactional
def record_stage(
    session: Session, *, employer_id: int | None, user_id: int | None, seeker_id: int, vacancy_id: int,
    stage: Stage | str, note: str = "", hire: HireTerms | None = None, fair_id: int | None = None,
    reason: str = "", now: datetime | None = None, today: date | None = None,
) -> StageResult:
    """Move a seeker to `stage` for a vacancy (creating the application if needed).

    `employer_id` None means an organizer (any vacancy). "hired" needs valid `hire` terms
    (FieldErrors otherwise); leaving "hired" cancels the hire and needs a `reason`
    (FieldErrors on "reason" otherwise); a vacancy of another employer raises NoAccess.
    """
    stage = Stage(stage)
    note = " ".join((note or "").split())[:NOTE_MAX]
    terms = validate_hire_terms(hire, today=today) if stage == Stage.HIRED else None
    now = now or utcnow()
    vacancy = vacancy_for(session, vacancy_id, employer_id)
    if session.get(Seeker, seeker_id) is None:
        raise UnknownSeeker()
    app, created = _application(session, vacancy, seeker_id, stage, note, now)
    assert app.id is not None  # saved (flushed when created)
    previous = None if created else app.stage
    current = None if created else active_hire(session, app.id)
    cancelled: int | None = None
    step_note = note
    if current is not None and stage != Stage.HIRED:  # reversing a hire: it stays, cancelled
        why = clean_reason(reason)
        cancelled = cancel_hire(session, current, user_id=user_id, reason=why, now=now).id
        step_note = f"{why} · {note}"[:NOTE_MAX] if note else why
    elif previous == stage and not note and stage != Stage.HIRED:
        return StageResult(app.id, previous, str(stage), False, None)
    session.add(StageChange(application_id=app.id, from_stage=previous, to_stage=str(stage), note=step_note,
                            by_user_id=user_id, at=now))
    app.stage = str(stage)
    if note:
        app.note = note
    app.updated_at = now
    _stamp(app, stage, now)
    session.add(app)
    hire_id = None
    if terms is not None:
        hire_id = record_hire(session, app=app, vacancy=vacancy, terms=terms, user_id=user_id, fair_id=fair_id,
                              now=now).id
    session.flush()
    return StageResult(app.id, previous, str(stage), True, hire_id, cancelled)


# --- history --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str  # the staff member's display name, or SEEKER_ACTED (a message id: translate it) when by_seeker
    by_seeker: bool
    from_stage: str | None
    to_stage: str
    note: str

    @property
    def cancels_hire(self) -> bool:
        """This step took the seeker out of "hired": it cancelled the hire (the note is the reason)."""
        return self.from_stage == Stage.HIRED and self.to_stage != Stage.HIRED


def histories(conn: Connection, application_ids: list[int]) -> dict[int, list[HistoryEntry]]:
    sc, u = StageChange.__table__.c, StaffUser.__table__.c
    found: dict[int, list[HistoryEntry]] = {}
    if not application_ids:
        return found
    rows = conn.execute(
        select(sc.application_id, sc.at, u.display_name, sc.by_user_id, sc.from_stage, sc.to_stage, sc.note)
        .outerjoin(StaffUser.__table__, u.id == sc.by_user_id)
        .where(sc.application_id.in_(application_ids)).order_by(sc.at, sc.id)
    )
    for app_id, at, who, by, from_stage, to_stage, note in rows:
        who = SEEKER_ACTED if by is None else (who or "")
        found.setdefault(app_id, []).append(HistoryEntry(at, who, by is None, from_stage, to_stage, note or ""))
    return found


@read_only
def application_history(session: Session, *, application_id: int, employer_id: int | None) -> list[HistoryEntry]:
    """Every stage change of one application, oldest first. NoAccess unless it is `employer_id`'s."""
    a = Application.__table__.c
    conn = session.connection()
    owner = conn.execute(select(a.employer_id).where(a.id == application_id)).scalar_one_or_none()
    if owner is None or (employer_id is not None and owner != employer_id):
        raise NoAccess()
    return histories(conn, [application_id]).get(application_id, [])
