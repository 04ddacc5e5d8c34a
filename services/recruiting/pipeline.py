"""The hiring pipeline: stages of an application, their history, hires, and a vacancy's candidates.

`record_stage` is the one way a recruiter (or an organizer) moves a seeker along for a
vacancy: it creates the application when there is none (source "booth"), writes a
`StageChange` row for every move (who, when, from → to, note), stamps the first time
"interviewed", "offered" and "hired" were reached (reaching a later stage stamps the
earlier ones still missing, so funnel counts are plain COUNTs), and keeps the `Hire`
row in step: written with validated terms on "hired", deleted when the application
leaves "hired" (the history keeps the record). One transaction per call.

Access: a recruiter passes `employer_id`; a vacancy of another employer is refused as
if it did not exist. Organizers pass None. Candidates on a vacancy's pipeline all have
an application with its employer, so their phone numbers may be shown; ID numbers never.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models import (
    Application,
    ApplicationSource,
    Employer,
    Hire,
    Seeker,
    SeekerTrade,
    StaffUser,
    Stage,
    StageChange,
    Vacancy,
)
from models.base import utcnow
from services.core.clock import local_today, local_zone
from services.core.crypto import Vault
from services.core.db import unit_of_work
from services.core.i18n import N_, translator
from services.core.reference import APPLICATION_SOURCES, EDUCATION_LEVELS, GENDERS, STAGES, TRADES
from services.core.validation import FieldError, age_on
from services.places.county import County
from services.recruiting.rules import is_open, open_sql
from services.reporting.exports import neutralize

STAGE_ORDER = tuple(Stage)
PROGRESS = (Stage.INTERESTED, Stage.INTERVIEWED, Stage.OFFERED, Stage.HIRED)  # "not suitable" ends it anywhere
STAMPS = {Stage.INTERVIEWED: "interviewed_at", Stage.OFFERED: "offered_at", Stage.HIRED: "hired_at"}
TRADE_ORDER = {code: i for i, code in enumerate(TRADES)}
NOTE_MAX = 500
WAGE_MIN, WAGE_MAX = 500, 50_000
CONTRACT_MIN, CONTRACT_MAX = 1, 120
START_WINDOW = timedelta(days=366)
SEEKER_ACTED = N_("The job seeker")  # "who" in the history when the seeker acted (job board, kiosk)


class NoAccess(FieldError):
    """The vacancy or application is not this employer's (or does not exist)."""

    def __init__(self) -> None:
        super().__init__(N_("This vacancy is not one of your employer's."))


class UnknownSeeker(FieldError):
    def __init__(self) -> None:
        super().__init__(N_("This job seeker is no longer registered."))


# --- hire terms -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HireTerms:
    start_date: date | None
    monthly_wage: int | None
    contract_months: int | None


class HireTermsInvalid(FieldError):
    """Hire terms refused; `errors` maps each field (start_date, monthly_wage, contract_months) to a message id."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())))
        self.errors = errors


def validate_hire_terms(terms: HireTerms | None, *, today: date | None = None) -> HireTerms:
    """Start date within about a year of today, wage 500–50,000 yuan a month, contract 1–120 months."""
    today = today or local_today()
    if terms is None:
        raise HireTermsInvalid({"start_date": N_("A hire needs a start date, a monthly wage and a contract length.")})
    errors: dict[str, str] = {}
    if terms.start_date is None:
        errors["start_date"] = N_("Enter the start date.")
    elif not today - START_WINDOW <= terms.start_date <= today + START_WINDOW:
        errors["start_date"] = N_("The start date must be within a year of today.")
    if terms.monthly_wage is None:
        errors["monthly_wage"] = N_("Enter the monthly wage.")
    elif not WAGE_MIN <= terms.monthly_wage <= WAGE_MAX:
        errors["monthly_wage"] = N_("The monthly wage must be between 500 and 50,000 yuan.")
    if terms.contract_months is None:
        errors["contract_months"] = N_("Enter the contract length.")
    elif not CONTRACT_MIN <= terms.contract_months <= CONTRACT_MAX:
        errors["contract_months"] = N_("The contract must be between 1 and 120 months.")
    if errors:
        raise HireTermsInvalid(errors)
    return HireTerms(terms.start_date, int(terms.monthly_wage), int(terms.contract_months))


# --- recording a stage ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StageResult:
    application_id: int
    from_stage: str | None  # None: the application was created by this call
    to_stage: str
    changed: bool  # False: same stage again, no note: nothing was written
    hire_id: int | None


def _vacancy_for(session: Session, vacancy_id: int, employer_id: int | None) -> Vacancy:
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


def _record(session: Session, *, employer_id: int | None, user_id: int | None, seeker_id: int, vacancy_id: int,
            stage: Stage, note: str, terms: HireTerms | None, fair_id: int | None, now: datetime) -> StageResult:
    vacancy = _vacancy_for(session, vacancy_id, employer_id)
    if session.get(Seeker, seeker_id) is None:
        raise UnknownSeeker()
    app = session.scalars(
        select(Application).where(Application.vacancy_id == vacancy_id, Application.seeker_id == seeker_id)
        .with_for_update()
    ).first()
    previous: str | None = None
    if app is None:
        app = Application(vacancy_id=vacancy_id, seeker_id=seeker_id, employer_id=vacancy.employer_id,
                          stage=str(stage), source=str(ApplicationSource.BOOTH), note=note, created_at=now,
                          updated_at=now)
        session.add(app)
        session.flush()
    else:
        previous = app.stage
        if previous == stage and not note and stage != Stage.HIRED:
            return StageResult(app.id, previous, str(stage), False, None)
    session.add(StageChange(application_id=app.id, from_stage=previous, to_stage=str(stage), note=note,
                            by_user_id=user_id, at=now))
    app.stage = str(stage)
    if note:
        app.note = note
    app.updated_at = now
    _stamp(app, stage, now)
    hire = session.scalars(select(Hire).where(Hire.application_id == app.id)).first()
    if stage == Stage.HIRED:
        assert terms is not None
        if hire is None:
            hire = Hire(application_id=app.id, seeker_id=seeker_id, employer_id=vacancy.employer_id,
                        vacancy_id=vacancy.id, hired_at=now, start_date=terms.start_date,
                        monthly_wage=terms.monthly_wage, contract_months=terms.contract_months,
                        province=vacancy.province, city=vacancy.city, scope=vacancy.scope, trade=vacancy.trade,
                        fair_id=fair_id, recorded_by=user_id)
            session.add(hire)
        else:  # hired again: new terms (the hire keeps its first moment)
            hire.start_date, hire.monthly_wage = terms.start_date, terms.monthly_wage
            hire.contract_months, hire.recorded_by = terms.contract_months, user_id
            hire.fair_id = fair_id if fair_id is not None else hire.fair_id
        session.add(app)
        session.flush()
        return StageResult(app.id, previous, str(stage), True, hire.id)
    if hire is not None:
        session.delete(hire)  # no longer hired; the stage history keeps the record
    session.add(app)
    session.flush()
    return StageResult(app.id, previous, str(stage), True, None)


def record_stage(
    engine: Engine, *, employer_id: int | None, user_id: int | None, seeker_id: int, vacancy_id: int,
    stage: Stage | str, note: str = "", hire: HireTerms | None = None, fair_id: int | None = None,
    now: datetime | None = None, today: date | None = None,
) -> StageResult:
    """Move a seeker to `stage` for a vacancy (creating the application if needed); one transaction.

    `employer_id` None means an organizer (any vacancy). "hired" needs valid `hire` terms
    (HireTermsInvalid otherwise); a vacancy of another employer raises NoAccess.
    """
    stage = Stage(stage)
    note = " ".join((note or "").split())[:NOTE_MAX]
    terms = validate_hire_terms(hire, today=today) if stage == Stage.HIRED else None
    now = now or utcnow()
    for attempt in range(2):
        try:
            with unit_of_work(engine) as session:
                return _record(session, employer_id=employer_id, user_id=user_id, seeker_id=seeker_id,
                               vacancy_id=vacancy_id, stage=stage, note=note, terms=terms, fair_id=fair_id, now=now)
        except IntegrityError:
            if attempt:  # two recruiters created the same application at once: the second try finds it
                raise
    raise AssertionError("unreachable")


# --- vacancies to choose from ---------------------------------------------------------------------


@dataclass(frozen=True)
class VacancyChoice:
    id: int
    title: str
    employer_id: int
    employer_name: str
    status: str
    closing_date: date
    wage_min: int
    contract_months: int

    def is_open(self, today: date) -> bool:
        return is_open(self.status, self.closing_date, today)


def list_vacancies(engine: Engine, *, employer_id: int | None, open_only: bool = False,
                   today: date | None = None) -> list[VacancyChoice]:
    """An employer's vacancies (all employers' for None), open ones first, newest first."""
    v, e = Vacancy.__table__.c, Employer.__table__.c
    stmt = select(v.id, v.title, v.employer_id, e.name, v.status, v.closing_date, v.wage_min, v.contract_months) \
        .join(Employer.__table__, e.id == v.employer_id)
    if employer_id is not None:
        stmt = stmt.where(v.employer_id == employer_id)
    if open_only:
        stmt = stmt.where(open_sql(today or local_today()))
    with unit_of_work(engine, write=False) as session:
        rows = [VacancyChoice(*r) for r in session.connection().execute(stmt.order_by(v.id.desc()))]
    today = today or local_today()
    return sorted(rows, key=lambda c: not c.is_open(today))  # stable: newest first within each group


@dataclass(frozen=True)
class EmployerChoice:
    id: int
    name: str


def employers_with_vacancies(engine: Engine) -> list[EmployerChoice]:
    """For the organizers' employer filter."""
    v, e = Vacancy.__table__.c, Employer.__table__.c
    stmt = select(e.id, e.name).where(e.id.in_(select(v.employer_id))).order_by(e.name, e.id)
    with unit_of_work(engine, write=False) as session:
        return [EmployerChoice(*r) for r in session.connection().execute(stmt)]


# --- a vacancy's pipeline -------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str  # the staff member's display name, or SEEKER_ACTED (a message id: translate it) when by_seeker
    by_seeker: bool
    from_stage: str | None
    to_stage: str
    note: str


@dataclass(frozen=True)
class Candidate:
    application_id: int
    seeker_id: int
    name: str
    age: int
    gender: str
    education: str
    trades: tuple[str, ...]
    township: str
    phone: str
    stage: str
    source: str
    note: str
    applied_at: datetime
    last_change: datetime
    interviewed_at: datetime | None
    offered_at: datetime | None
    hired_at: datetime | None
    hire: HireTerms | None
    history: tuple[HistoryEntry, ...] = ()


@dataclass(frozen=True)
class VacancyPipeline:
    vacancy: VacancyChoice
    headcount: int
    by_stage: dict[str, list[Candidate]] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        return {stage: len(self.by_stage.get(stage, [])) for stage in STAGE_ORDER}

    @property
    def total(self) -> int:
        return sum(len(c) for c in self.by_stage.values())


def _vacancy_choice(conn: Connection, vacancy_id: int, employer_id: int | None) -> tuple[VacancyChoice, int]:
    v, e = Vacancy.__table__.c, Employer.__table__.c
    row = conn.execute(
        select(v.id, v.title, v.employer_id, e.name, v.status, v.closing_date, v.wage_min, v.contract_months,
               v.headcount).join(Employer.__table__, e.id == v.employer_id).where(v.id == vacancy_id)
    ).first()
    if row is None or (employer_id is not None and row.employer_id != employer_id):
        raise NoAccess()
    return VacancyChoice(*row[:8]), row.headcount


def _histories(conn: Connection, application_ids: list[int]) -> dict[int, list[HistoryEntry]]:
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


def _trades(conn: Connection, seeker_ids: list[int]) -> dict[int, tuple[str, ...]]:
    t = SeekerTrade.__table__.c
    found: dict[int, list[str]] = {}
    if seeker_ids:
        for seeker_id, trade in conn.execute(select(t.seeker_id, t.trade).where(t.seeker_id.in_(seeker_ids))):
            found.setdefault(seeker_id, []).append(trade)
    return {k: tuple(sorted(v, key=lambda c: TRADE_ORDER.get(c, len(TRADE_ORDER)))) for k, v in found.items()}


def vacancy_pipeline(engine: Engine, vault: Vault, *, vacancy_id: int, employer_id: int | None,
                     today: date | None = None) -> VacancyPipeline:
    """A vacancy's candidates grouped by stage (latest change first), each with its history.

    NoAccess unless the vacancy is `employer_id`'s (organizers: None). Phones are shown:
    every candidate here has an application with the vacancy's employer.
    """
    today = today or local_today()
    a, s, h = Application.__table__.c, Seeker.__table__.c, Hire.__table__.c
    with unit_of_work(engine, write=False) as session:
        conn = session.connection()
        choice, headcount = _vacancy_choice(conn, vacancy_id, employer_id)
        rows = conn.execute(
            select(a.id, a.seeker_id, s.name, s.birth_date, s.gender, s.education, s.township, s.phone_enc,
                   a.stage, a.source, a.note, a.created_at, a.updated_at, a.interviewed_at, a.offered_at,
                   a.hired_at, h.start_date, h.monthly_wage, h.contract_months)
            .join(Seeker.__table__, s.id == a.seeker_id)
            .outerjoin(Hire.__table__, h.application_id == a.id)
            .where(a.vacancy_id == vacancy_id)
            .order_by(a.updated_at.desc(), a.id.desc())
        ).all()
        trades = _trades(conn, [r.seeker_id for r in rows])
        histories = _histories(conn, [r.id for r in rows])
    by_stage: dict[str, list[Candidate]] = {stage: [] for stage in STAGE_ORDER}
    for r in rows:
        hire = HireTerms(r.start_date, r.monthly_wage, r.contract_months) if r.start_date is not None else None
        by_stage.setdefault(r.stage, []).append(Candidate(
            application_id=r.id, seeker_id=r.seeker_id, name=r.name, age=age_on(r.birth_date, today),
            gender=r.gender, education=r.education, trades=trades.get(r.seeker_id, ()), township=r.township,
            phone=vault.decrypt(r.phone_enc), stage=r.stage, source=r.source, note=r.note or "",
            applied_at=r.created_at, last_change=r.updated_at, interviewed_at=r.interviewed_at,
            offered_at=r.offered_at, hired_at=r.hired_at, hire=hire, history=tuple(histories.get(r.id, ())),
        ))
    return VacancyPipeline(vacancy=choice, headcount=headcount, by_stage=by_stage)


def application_history(engine: Engine, *, application_id: int, employer_id: int | None) -> list[HistoryEntry]:
    """Every stage change of one application, oldest first. NoAccess unless it is `employer_id`'s."""
    a = Application.__table__.c
    with unit_of_work(engine, write=False) as session:
        conn = session.connection()
        owner = conn.execute(select(a.employer_id).where(a.id == application_id)).scalar_one_or_none()
        if owner is None or (employer_id is not None and owner != employer_id):
            raise NoAccess()
        return _histories(conn, [application_id]).get(application_id, [])


# --- CSV export of a vacancy's pipeline -------------------------------------------------------------

CSV_COLUMNS = (
    N_("Stage"), N_("Name"), N_("Gender"), N_("Age"), N_("Education"), N_("Trades and skills"), N_("Township"),
    N_("Mobile number"), N_("Came through"), N_("Note"), N_("Applied at"), N_("Last change"),
    N_("Interviewed at"), N_("Offered at"), N_("Hired at"), N_("Start date"), N_("Monthly wage (yuan)"),
    N_("Contract (months)"),
)


def pipeline_filename(pipeline: VacancyPipeline, now: datetime | None = None) -> str:
    when = (now or datetime.now(UTC)).astimezone(local_zone())
    return f"pipeline-vacancy{pipeline.vacancy.id}-{when:%Y%m%d-%H%M}.csv"


def pipeline_csv(pipeline: VacancyPipeline, *, language: str, county: County) -> bytes:
    """The pipeline as CSV (UTF-8 with BOM for Excel), stage by stage; no ID numbers.
    Text cells a spreadsheet could run as formulas are neutralized as in services.reporting.exports."""
    _ = translator(language)
    zone = local_zone()
    sep = "、" if language == "zh_CN" else ", "

    def when(value: datetime | None) -> str:
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([neutralize(_(h)) for h in CSV_COLUMNS])
    for stage in STAGE_ORDER:
        for c in pipeline.by_stage.get(stage, []):
            cells: list[object] = [
                _(STAGES[c.stage]), c.name, _(GENDERS[c.gender]) if c.gender in GENDERS else c.gender, c.age,
                _(EDUCATION_LEVELS[c.education]) if c.education in EDUCATION_LEVELS else c.education,
                sep.join(_(TRADES[t]) if t in TRADES else t for t in c.trades),
                county.label(c.township, language) if c.township else "", c.phone,
                _(APPLICATION_SOURCES[c.source]) if c.source in APPLICATION_SOURCES else c.source, c.note,
                when(c.applied_at), when(c.last_change), when(c.interviewed_at), when(c.offered_at),
                when(c.hired_at), c.hire.start_date.isoformat() if c.hire and c.hire.start_date else "",
                c.hire.monthly_wage if c.hire else "", c.hire.contract_months if c.hire else "",
            ]
            writer.writerow([neutralize(v) if isinstance(v, str) else v for v in cells])
    return buf.getvalue().encode("utf-8-sig")


def export_pipeline(engine: Engine, vault: Vault, *, vacancy_id: int, employer_id: int | None, language: str,
                    county: County, now: datetime | None = None) -> tuple[str, bytes]:
    """The file name and CSV bytes of a vacancy's pipeline; NoAccess unless it is `employer_id`'s."""
    pipeline = vacancy_pipeline(engine, vault, vacancy_id=vacancy_id, employer_id=employer_id)
    return pipeline_filename(pipeline, now), pipeline_csv(pipeline, language=language, county=county)
