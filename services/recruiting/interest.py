"""A seeker marks interest in a vacancy on the board, identified by their ticket code.

That creates an application (stage "interested") and its first history row, in one
transaction. From then on the employer may see the seeker's phone number. Doing it twice
changes nothing: the unique (vacancy, seeker) index decides, so two taps at the same
moment still make one application. Only a vacancy on the public board (`rules.on_board_sql`)
takes interest.

**Rules not met are said first.** When the seeker does not meet the vacancy's hard rules (age,
education, gender, place: `match_rules.failed_rules`), the first press records nothing and raises
`RulesNotMet` with the reasons in plain words (`interest_warnings` gives the same list to a page
that wants it beforehand); the page shows them and asks "still interested?", and the second press
passes `confirmed_despite=True`, which records the interest. Interest already recorded is not
asked about again.

Refusals: a missing or unknown ticket code is FieldErrors on "ticket_code"; a vacancy that left
the board meanwhile is StateChanged; an unknown source is PortalError.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from models import Application, ApplicationSource, Employer, Seeker, Stage, StageChange, Vacancy
from models.base import utcnow
from services.core.clock import local_today
from services.core.db import read_only, transactional
from services.core.errors import FieldErrors, PortalError, StateChanged
from services.core.i18n import N_
from services.core.reference import APPLICATION_SOURCES
from services.recruiting.match_reasons import failed_reasons
from services.recruiting.match_rules import Reason
from services.recruiting.matching import load_profile
from services.recruiting.rules import on_board_sql
from services.registration.tickets import TICKET_LENGTH, normalize_ticket_code

CODE_MISSING = N_("Please enter the code on your ticket (8 letters and digits).")
CODE_UNKNOWN = N_("We cannot find this ticket code. Please check it: it is the 8 letters and digits under "
                  "your QR code.")
NOT_ON_BOARD = N_("This job is no longer open.")
SOURCE_INVALID = N_("Unknown source of the application.")
RULES_NOT_MET = N_("This job asks for something you do not meet:")


class RulesNotMet(PortalError):
    """The seeker does not meet some hard rules of the vacancy: nothing recorded; ask first."""

    message = RULES_NOT_MET

    def __init__(self, reasons: tuple[Reason, ...]):
        super().__init__()
        self.reasons = reasons


@dataclass(frozen=True)
class InterestResult:
    application_id: int
    employer_name: str
    vacancy_title: str
    already: bool  # the seeker had already told this employer


def _seeker_id(session: Session, ticket_code: str) -> int:
    code = normalize_ticket_code(ticket_code)
    if not code:
        raise FieldErrors.one("ticket_code", CODE_MISSING)
    if len(code) != TICKET_LENGTH:
        raise FieldErrors.one("ticket_code", CODE_UNKNOWN)
    seeker_id = session.exec(select(Seeker.id).where(Seeker.ticket_code == code)).first()
    if seeker_id is None:
        raise FieldErrors.one("ticket_code", CODE_UNKNOWN)
    return seeker_id


def _warnings(session: Session, seeker_id: int, vacancy_id: int, today: date) -> tuple[Reason, ...]:
    seeker, vacancy = load_profile(session, seeker_id), session.get(Vacancy, vacancy_id)
    if seeker is None or vacancy is None:
        return ()
    return failed_reasons(seeker, vacancy, today)


@read_only
def interest_warnings(session: Session, *, ticket_code: str, vacancy_id: int,
                      today: date | None = None) -> tuple[Reason, ...]:
    """The vacancy's hard rules the ticket's holder does not meet, in plain words (empty: none).
    A missing or unknown code is FieldErrors on "ticket_code", as in `express_interest`."""
    return _warnings(session, _seeker_id(session, ticket_code), vacancy_id, today or local_today())


@transactional
def express_interest(session: Session, *, ticket_code: str, vacancy_id: int,
                     source: str = ApplicationSource.BOARD, today: date | None = None,
                     confirmed_despite: bool = False) -> InterestResult:
    """Record the interest. Unless `confirmed_despite` (the person saw the reasons and pressed
    again), a seeker who does not meet the vacancy's hard rules gets RulesNotMet and nothing is
    recorded."""
    today = today or local_today()
    if source not in APPLICATION_SOURCES:
        raise PortalError(SOURCE_INVALID)
    seeker_id = _seeker_id(session, ticket_code)
    row = session.exec(
        select(Vacancy.employer_id, Vacancy.title, Employer.name)
        .join(Employer, col(Employer.id) == Vacancy.employer_id)
        .where(Vacancy.id == vacancy_id, on_board_sql(today))
    ).first()
    if row is None:
        raise StateChanged(NOT_ON_BOARD)
    employer_id, title, employer_name = row
    existing = session.exec(select(Application.id).where(
        Application.vacancy_id == vacancy_id, Application.seeker_id == seeker_id)).first()
    if existing is not None:
        return InterestResult(existing, employer_name, title, already=True)
    if not confirmed_despite and (reasons := _warnings(session, seeker_id, vacancy_id, today)):
        raise RulesNotMet(reasons)
    now = utcnow()
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    new_id = session.execute(
        insert(Application)
        .values(vacancy_id=vacancy_id, seeker_id=seeker_id, employer_id=employer_id, stage=Stage.INTERESTED,
                source=str(source), note="", created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=["vacancy_id", "seeker_id"])
        .returning(col(Application.id))
    ).scalar()
    if new_id is None:  # already there: nothing changes
        existing = session.exec(select(Application.id).where(
            Application.vacancy_id == vacancy_id, Application.seeker_id == seeker_id)).one()
        assert existing is not None  # a saved row
        return InterestResult(existing, employer_name, title, already=True)
    session.add(StageChange(application_id=new_id, from_stage=None, to_stage=Stage.INTERESTED,
                            by_user_id=None, at=now))
    return InterestResult(new_id, employer_name, title, already=False)
