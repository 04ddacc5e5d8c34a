"""A vacancy's candidates: the vacancies to choose from, and the pipeline grouped by stage.

Candidates on a vacancy's pipeline all have an application with its employer, so their
phone numbers may be shown; ID numbers never. Each candidate comes with the stage history
and every hire of the application (cancelled ones too, with who, when and why); `hire`
is the active one's terms. A profile may be incomplete (issue 10): a value not answered is
None, and `missing` names the groups not answered (services.registration.profile).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, select
from sqlalchemy.engine import Connection
from sqlmodel import Session

from models import ACTIVE_HIRE, Application, Employer, Hire, Seeker, SeekerTrade, Vacancy
from services.core.clock import local_today
from services.core.crypto import Vault
from services.core.db import read_only
from services.core.reference import TRADES
from services.core.validation import age_on
from services.recruiting.hires import HireRecord, HireTerms, hire_records
from services.recruiting.rules import is_open, open_sql
from services.recruiting.stages import STAGE_ORDER, HistoryEntry, NoAccess, histories
from services.registration.profile import missing_groups

TRADE_ORDER = {code: i for i, code in enumerate(TRADES)}


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


@read_only
def list_vacancies(session: Session, *, employer_id: int | None, open_only: bool = False,
                   today: date | None = None) -> list[VacancyChoice]:
    """An employer's vacancies (all employers' for None), open ones first, newest first."""
    v, e = Vacancy.__table__.c, Employer.__table__.c
    stmt = select(v.id, v.title, v.employer_id, e.name, v.status, v.closing_date, v.wage_min, v.contract_months) \
        .join(Employer.__table__, e.id == v.employer_id)
    if employer_id is not None:
        stmt = stmt.where(v.employer_id == employer_id)
    if open_only:
        stmt = stmt.where(open_sql(today or local_today()))
    rows = [VacancyChoice(*r) for r in session.connection().execute(stmt.order_by(v.id.desc()))]
    today = today or local_today()
    return sorted(rows, key=lambda c: not c.is_open(today))  # stable: newest first within each group


@dataclass(frozen=True)
class EmployerChoice:
    id: int
    name: str


@read_only
def employers_with_vacancies(session: Session) -> list[EmployerChoice]:
    """For the organizers' employer filter."""
    v, e = Vacancy.__table__.c, Employer.__table__.c
    stmt = select(e.id, e.name).where(e.id.in_(select(v.employer_id))).order_by(e.name, e.id)
    return [EmployerChoice(*r) for r in session.connection().execute(stmt)]


# --- a vacancy's pipeline -------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    application_id: int
    seeker_id: int
    name: str
    age: int
    gender: str
    education: str | None  # None: not answered
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
    hires: tuple[HireRecord, ...] = ()  # every hire of the application, oldest first, cancelled ones too
    missing: tuple[str, ...] = ()  # the profile groups not answered yet


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

    @property
    def first_stage(self) -> str:
        """The stage the page opens on: the first (in STAGE_ORDER) that has people; "interested" when none has."""
        return next((stage for stage in STAGE_ORDER if self.by_stage.get(stage)), STAGE_ORDER[0])


def _vacancy_choice(conn: Connection, vacancy_id: int, employer_id: int | None) -> tuple[VacancyChoice, int]:
    v, e = Vacancy.__table__.c, Employer.__table__.c
    row = conn.execute(
        select(v.id, v.title, v.employer_id, e.name, v.status, v.closing_date, v.wage_min, v.contract_months,
               v.headcount).join(Employer.__table__, e.id == v.employer_id).where(v.id == vacancy_id)
    ).first()
    if row is None or (employer_id is not None and row.employer_id != employer_id):
        raise NoAccess()
    return VacancyChoice(*row[:8]), row.headcount


def _trades(conn: Connection, seeker_ids: list[int]) -> dict[int, tuple[str, ...]]:
    t = SeekerTrade.__table__.c
    found: dict[int, list[str]] = {}
    if seeker_ids:
        for seeker_id, trade in conn.execute(select(t.seeker_id, t.trade).where(t.seeker_id.in_(seeker_ids))):
            found.setdefault(seeker_id, []).append(trade)
    return {k: tuple(sorted(v, key=lambda c: TRADE_ORDER.get(c, len(TRADE_ORDER)))) for k, v in found.items()}


@read_only
def vacancy_pipeline(session: Session, vault: Vault, *, vacancy_id: int, employer_id: int | None,
                     today: date | None = None) -> VacancyPipeline:
    """A vacancy's candidates grouped by stage (latest change first), each with its history and hires.

    NoAccess unless the vacancy is `employer_id`'s (organizers: None). Phones are shown:
    every candidate here has an application with the vacancy's employer.
    """
    today = today or local_today()
    a, s, h = Application.__table__.c, Seeker.__table__.c, Hire.__table__.c
    conn = session.connection()
    choice, headcount = _vacancy_choice(conn, vacancy_id, employer_id)
    rows = conn.execute(
        select(a.id, a.seeker_id, s.name, s.birth_date, s.gender, s.education, s.township, s.phone_enc,
               s.profile_answered,
               a.stage, a.source, a.note, a.created_at, a.updated_at, a.interviewed_at, a.offered_at,
               a.hired_at, h.start_date, h.monthly_wage, h.contract_months)
        .join(Seeker.__table__, s.id == a.seeker_id)
        .outerjoin(Hire.__table__, and_(h.application_id == a.id, ACTIVE_HIRE))  # at most one
        .where(a.vacancy_id == vacancy_id)
        .order_by(a.updated_at.desc(), a.id.desc())
    ).all()
    trades = _trades(conn, [r.seeker_id for r in rows])
    steps = histories(conn, [r.id for r in rows])
    hires = hire_records(conn, [r.id for r in rows])
    by_stage: dict[str, list[Candidate]] = {stage: [] for stage in STAGE_ORDER}
    for r in rows:
        hire = HireTerms(r.start_date, r.monthly_wage, r.contract_months) if r.start_date is not None else None
        by_stage.setdefault(r.stage, []).append(Candidate(
            application_id=r.id, seeker_id=r.seeker_id, name=r.name, age=age_on(r.birth_date, today),
            gender=r.gender, education=r.education, trades=trades.get(r.seeker_id, ()), township=r.township,
            phone=vault.decrypt(r.phone_enc), stage=r.stage, source=r.source, note=r.note or "",
            applied_at=r.created_at, last_change=r.updated_at, interviewed_at=r.interviewed_at,
            offered_at=r.offered_at, hired_at=r.hired_at, hire=hire, history=tuple(steps.get(r.id, ())),
            hires=tuple(hires.get(r.id, ())), missing=tuple(missing_groups(r.profile_answered)),
        ))
    return VacancyPipeline(vacancy=choice, headcount=headcount, by_stage=by_stage)


