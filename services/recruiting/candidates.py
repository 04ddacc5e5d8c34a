"""Seekers for a vacancy (the recruiter's "candidates who fit"), best first, anonymous until known.

The hard rules are those of services/recruiting/match_rules.py. Order: seekers with the
vacancy's trade first, then those whose expected wage fits (none given, or at most the top of
the range), then the newest registrations (higher seeker id). Shown points: 40 for the trade,
20 for a fitting wage. Seekers are anonymous ("Candidate 1", "Candidate 2" ...) unless they
have an application with the vacancy's employer or were scanned at its booth; then the name
is shown. Phone, ticket code, ID number and village are never part of a candidate.

A profile may be incomplete (issue 10: the ticket comes first): a value not answered is None
("not answered" on the page, never a guessed value), and `missing` names the groups not
answered (services.registration.profile.missing_groups). Who is let through without an
answer is matching's rule (match_rules.seeker_conditions), not this module's.

**Speed.** Four tiers in order, each an index-ordered walk newest first that stops at the
limit: the trade's seekers through `ix_seeker_trade_trade_seeker (trade, seeker_id)` (wage
fits, then not), then all seekers by primary key without that trade (wage fits, then not).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, exists, not_, select, union
from sqlmodel import Session, col

from models import Application, BoothScan, Employer, Seeker, SeekerTrade, Vacancy
from services.core.db import read_only
from services.core.errors import NotFound
from services.core.i18n import N_
from services.core.reference import EDUCATION_LEVELS, GENDERS, TRADES
from services.core.validation import age_on
from services.recruiting.match_rules import (
    Reason,
    candidate_points,
    candidate_wage_fits,
    candidate_wage_fits_sql,
    seeker_conditions,
)
from services.recruiting.matching import serial_plan
from services.recruiting.rules import is_on_board, money, open_sql, wage_figure
from services.registration.profile import missing_groups

VACANCY_NOT_FOUND = N_("This vacancy was not found.")

seeker = Seeker.__table__.c
seeker_trade = SeekerTrade.__table__.c
vacancy = Vacancy.__table__.c


@dataclass(frozen=True)
class CandidateMatch:
    """A seeker who fits a vacancy, as a recruiter may see them."""

    rank: int
    label: str  # the name once the seeker showed interest or was scanned; else "" (show "Candidate {rank}")
    known: bool
    seeker_id: int | None  # only for known candidates
    age: int
    gender: str
    education: str | None  # None: not answered
    trades: tuple[str, ...]
    intention: str | None
    township: str
    expected_wage: int | None
    score: int
    reasons: tuple[Reason, ...]
    rules: tuple[Reason, ...]
    missing: tuple[str, ...] = ()  # the profile groups not answered yet

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class OpenVacancy:
    """One of an employer's vacancies taking applications, to pick on the candidates page."""

    vacancy_id: int
    title: str
    trade: str
    closing_date: date


_CANDIDATE_COLUMNS = (seeker.id, seeker.name, seeker.birth_date, seeker.gender, seeker.education, seeker.intention,
                      seeker.leave_constraint, seeker.township, seeker.expected_wage, seeker.profile_answered)


def _seeker_tiers(session: Session, job: Vacancy, today: date, limit: int) -> list[Row]:
    hard = seeker_conditions(job, today)
    fits = candidate_wage_fits_sql(job)
    has_trade = exists().where(seeker_trade.seeker_id == seeker.id, seeker_trade.trade == job.trade)
    tiers = [
        # the trade's seekers, newest first, walking (trade, seeker_id)
        select(*_CANDIDATE_COLUMNS).select_from(SeekerTrade.__table__)
        .join(Seeker.__table__, seeker.id == seeker_trade.seeker_id)
        .where(seeker_trade.trade == job.trade, *hard, wage).order_by(seeker_trade.seeker_id.desc())
        for wage in (fits, not_(fits))
    ] + [
        # everyone else, newest first, walking the primary key
        select(*_CANDIDATE_COLUMNS).where(*hard, wage, not_(has_trade)).order_by(seeker.id.desc())
        for wage in (fits, not_(fits))
    ]
    rows: list[Row] = []
    for stmt in tiers:
        if len(rows) >= limit:
            break
        rows += list(session.execute(stmt.limit(limit - len(rows))))
    return rows


def _known_seekers(session: Session, employer_id: int, seeker_ids: list[int]) -> set[int]:
    if not seeker_ids:
        return set()
    stmt = union(
        select(col(Application.seeker_id)).where(col(Application.employer_id) == employer_id,
                                                 col(Application.seeker_id).in_(seeker_ids)),
        select(col(BoothScan.seeker_id)).where(col(BoothScan.employer_id) == employer_id,
                                               col(BoothScan.seeker_id).in_(seeker_ids)),
    )
    return set(session.execute(stmt).scalars())


def _candidate_rules(row: Row, job: Vacancy, age: int) -> tuple[Reason, ...]:
    rules = [Reason(N_("Age {age}, as asked"), {"age": age}) if job.age_min == job.age_max
             else Reason(N_("Age {age}, within {min}–{max}"), {"age": age, "min": job.age_min, "max": job.age_max})]
    if row.education is None:
        rules.append(Reason(N_("Education not answered yet: ask")))
    else:
        rules.append(Reason(N_("Education: {education}"),
                            {"education": EDUCATION_LEVELS.get(row.education, row.education)}, ("education",)))
    if row.intention is None or row.leave_constraint is None:
        rules.append(Reason(N_("Where to work not answered yet: ask")))
    elif job.scope == "local":
        rules.append(Reason(N_("Wants nearby work or either") if row.leave_constraint == "none"
                            else N_("Cannot leave home: nearby work suits")))
    else:
        rules.append(Reason(N_("Willing to work away from home")))
    if job.gender:
        rules.append(Reason(N_("Gender: {gender}"), {"gender": GENDERS[job.gender]}, ("gender",)))
    return tuple(rules)


def _candidate(rank: int, row: Row, trades: tuple[str, ...], job: Vacancy, today: date,
               known: bool) -> CandidateMatch:
    age = age_on(row.birth_date, today)
    reasons = []
    if job.trade in trades:
        reasons.append(Reason(N_("Has the trade: {trade}"), {"trade": TRADES.get(job.trade, job.trade)},
                              ("trade",)))
    if row.expected_wage is None:
        reasons.append(Reason(N_("No expected wage given")))
    elif candidate_wage_fits(row.expected_wage, job):
        reasons.append(Reason(N_("Expects {expected} yuan; you offer {wage}"),
                              {"expected": money(row.expected_wage), "wage": wage_figure(job.wage_min, job.wage_max)}))
    else:
        reasons.append(Reason(N_("Expects {expected} yuan, above your top {max}"),
                              {"expected": money(row.expected_wage), "max": money(job.wage_max)}))
    return CandidateMatch(
        rank=rank, label=row.name if known else "", known=known, seeker_id=row.id if known else None, age=age,
        gender=row.gender, education=row.education, trades=trades, intention=row.intention,
        township=row.township, expected_wage=row.expected_wage,
        score=candidate_points(trades, row.expected_wage, job), reasons=tuple(reasons),
        rules=_candidate_rules(row, job, age), missing=tuple(missing_groups(row.profile_answered)),
    )


@read_only
def seekers_for_vacancy(session: Session, *, vacancy_id: int, employer_id: int | None, today: date,
                        limit: int = 50) -> list[CandidateMatch]:
    """The registered seekers who fit a vacancy, best first, anonymous until they showed interest.

    `employer_id` is the recruiter's employer (the vacancy must be theirs, else NotFound); None
    for organizers, who see what the vacancy's employer sees. A vacancy not on the public board
    has no candidates.
    """
    job = session.get(Vacancy, vacancy_id)
    if job is None or (employer_id is not None and job.employer_id != employer_id):
        raise NotFound(VACANCY_NOT_FOUND)
    employer_status = session.execute(select(col(Employer.status))
                                      .where(col(Employer.id) == job.employer_id)).scalar_one()
    if not is_on_board(job.status, job.closing_date, employer_status, today):
        return []
    serial_plan(session)
    rows = _seeker_tiers(session, job, today, limit)
    ids = [r.id for r in rows]
    trades: dict[int, list[str]] = {}
    if ids:
        for seeker_id, trade in session.execute(select(seeker_trade.seeker_id, seeker_trade.trade)
                                                .where(seeker_trade.seeker_id.in_(ids)).order_by(seeker_trade.trade)):
            trades.setdefault(seeker_id, []).append(trade)
    known = _known_seekers(session, job.employer_id, ids)
    return [_candidate(i, r, tuple(trades.get(r.id, ())), job, today, r.id in known)
            for i, r in enumerate(rows, start=1)]


@read_only
def open_vacancies_of(session: Session, *, employer_id: int | None, today: date) -> list[OpenVacancy]:
    """An employer's vacancies taking applications (all employers' for None), newest first."""
    stmt = select(vacancy.id, vacancy.title, vacancy.trade, vacancy.closing_date).where(open_sql(today))
    if employer_id is not None:
        stmt = stmt.where(vacancy.employer_id == employer_id)
    return [OpenVacancy(vacancy_id=r.id, title=r.title, trade=r.trade, closing_date=r.closing_date)
            for r in session.execute(stmt.order_by(vacancy.id.desc()))]
