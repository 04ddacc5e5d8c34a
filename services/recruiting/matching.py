"""Vacancies for a seeker: the hard rules, then transparent points (services/recruiting/match_rules.py).

**Points**, each with its reason in plain words:

* +40 the vacancy's trade is one of the seeker's trades ("Your trade: welding");
* +20 the seeker gave an expected wage and the top of the range reaches it (`rules.wage_reaches`,
  the board's "lowest wage" rule) ("Wage 5,000–6,500 ≥ your 4,500"), and +10 more when even the
  bottom of the range does;
* +10 housing provided, +5 meals provided;
* +5 a local job for a seeker who said "either" ("Near home").

Ties go to more pay left after housing (or the estimated rent), meals and the trip home
(`rules.pay_left`, from the bottom of the wage range), then to the newest vacancy (the higher id).

Answers not given yet count as match_rules says (no education: only jobs without a minimum; no
intention: either; no leave constraint: can leave; no trades: no trade points). Why a seeker's
trades find nothing, and which answers would find better jobs: services/recruiting/match_gaps.py.

**Speed.** Two queries, one for vacancies in the seeker's trades, one for the rest (skipped when
the first already holds `limit` vacancies that the rest cannot reach), each scoring with CASE
expressions and reading only the covering index `ix_vacancy_match (status, scope, trade,
closing_date, ...)`, then the `limit` winners' rows by id. Seekers for a vacancy (the other
direction) are in services/recruiting/candidates.py. See bench/README.md for the figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Row, literal, select, text
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from models import Employer, Seeker, SeekerTrade, Vacancy
from services.core.db import read_only
from services.core.i18n import N_
from services.core.reference import EDUCATION_LEVELS, EDUCATION_RANK
from services.recruiting.match_rules import (
    OTHER_TRADE_MAX,
    Job,
    Reason,
    SeekerProfile,
    score,
    score_sql,
    vacancy_conditions,
)
from services.recruiting.rules import estimated_rent, pay_left, pay_left_sql
from services.registration.tickets import normalize_ticket_code

vacancy = Vacancy.__table__
employer = Employer.__table__
seeker_table = Seeker.__table__
seeker_trade = SeekerTrade.__table__


@dataclass(frozen=True)
class VacancyMatch:
    vacancy_id: int
    title: str
    trade: str
    employer_name: str
    province: str
    city: str
    scope: str
    distance_km: int | None
    wage_min: int
    wage_max: int
    headcount: int
    housing: bool
    housing_cost: int
    meals: bool
    meals_cost: int
    hours_per_day: float
    days_per_week: float
    contract_months: int
    closing_date: date
    score: int
    pay_left: int
    rent: int  # the estimated rent pay left deducts (0: housing provided, or nearby)
    reasons: tuple[Reason, ...]
    rules: tuple[Reason, ...]  # the hard rules it meets, in plain words


def rules_met(seeker: SeekerProfile, job: Job) -> tuple[Reason, ...]:
    """The hard rules a vacancy meets, as a seeker reads them."""
    rules = [Reason(N_("Age {min} fits you"), {"min": job.age_min}) if job.age_min == job.age_max
             else Reason(N_("Age {min}–{max} fits you"), {"min": job.age_min, "max": job.age_max})]
    if EDUCATION_RANK.get(job.min_education, 0) > 0:
        rules.append(Reason(N_("Education: {education} or above"),
                            {"education": EDUCATION_LEVELS[job.min_education]}, ("education",)))
    else:
        rules.append(Reason(N_("No schooling required")))
    if job.gender:
        rules.append(Reason(N_("For men") if job.gender == "M" else N_("For women")))
    if seeker.intention is None:  # not answered yet: every place is shown
        rules.append(Reason(N_("Nearby work") if job.scope == "local" else N_("Work away from home")))
    elif job.scope == "local":
        rules.append(Reason(N_("Nearby work, as you want") if seeker.intention != "either"
                            else N_("Nearby work; you said either is fine")))
    else:
        rules.append(Reason(N_("Work away from home, as you want") if seeker.intention != "either"
                            else N_("Work away from home; you said either is fine")))
    return tuple(rules)


def serial_plan(session: Session) -> None:
    """PostgreSQL: no parallel workers for these short LIMIT queries. Starting workers costs more
    (15-40 ms on a busy 2-core server) than the walk they would share; the setting ends with the
    read transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


def _profile(session: Session, seeker_id: int) -> SeekerProfile | None:
    s = seeker_table.c
    row = session.execute(select(s.id, s.birth_date, s.gender, s.education, s.intention, s.leave_constraint,
                                 s.expected_wage).where(s.id == seeker_id)).first()
    if row is None:
        return None
    trades = frozenset(session.execute(select(seeker_trade.c.trade)
                                       .where(seeker_trade.c.seeker_id == seeker_id)).scalars())
    return SeekerProfile(seeker_id=row.id, birth_date=row.birth_date, gender=row.gender, education=row.education,
                         intention=row.intention, leave_constraint=row.leave_constraint,
                         expected_wage=row.expected_wage, trades=trades)


@read_only
def load_profile(session: Session, seeker_id: int) -> SeekerProfile | None:
    return _profile(session, seeker_id)


def _ranked_ids(session: Session, seeker: SeekerProfile, today: date, trade_filter: ColumnElement,
                limit: int, min_points: int | None = None) -> list[Row]:
    """(id, points, pay_left) of the best `limit` fitting vacancies among those `trade_filter` selects.

    Reads only columns of `ix_vacancy_match`, so both backends can answer from that index alone.
    """
    points, left = score_sql(seeker).label("points"), pay_left_sql().label("pay_left")
    sqlite = session.get_bind().dialect.name == "sqlite"
    conditions = [*vacancy_conditions(seeker, today, sqlite=sqlite), trade_filter]
    if min_points is not None:
        conditions.append(points >= min_points)
    stmt = (select(vacancy.c.id, points, left).where(*conditions)
            .order_by(points.desc(), left.desc(), vacancy.c.id.desc()).limit(limit))
    return list(session.execute(stmt))


def _vacancy_match(seeker: SeekerProfile, row: Row) -> VacancyMatch:
    points, reasons = score(seeker, row)
    return VacancyMatch(
        vacancy_id=row.id, title=row.title, trade=row.trade, employer_name=row.employer_name,
        province=row.province, city=row.city, scope=row.scope, distance_km=row.distance_km,
        wage_min=row.wage_min, wage_max=row.wage_max, headcount=row.headcount, housing=bool(row.housing),
        housing_cost=row.housing_cost, meals=bool(row.meals), meals_cost=row.meals_cost,
        hours_per_day=row.hours_per_day, days_per_week=row.days_per_week, contract_months=row.contract_months,
        closing_date=row.closing_date, score=points, pay_left=pay_left(row), rent=estimated_rent(row), reasons=reasons,
        rules=rules_met(seeker, row),
    )


def _vacancies(session: Session, seeker: SeekerProfile, today: date, limit: int) -> list[VacancyMatch]:
    ranked: list[Row] = []
    trade = vacancy.c.trade
    other: ColumnElement[bool]
    if seeker.trades:
        ranked = _ranked_ids(session, seeker, today, trade.in_(sorted(seeker.trades)), limit)
        other = trade.not_in(sorted(seeker.trades))
    else:
        other = literal(True)
    # Vacancies outside the seeker's trades score at most OTHER_TRADE_MAX: when `limit` trade
    # vacancies already beat that, the rest need not be read; otherwise only those that could tie.
    floor = ranked[limit - 1].points if len(ranked) >= limit else None
    if floor is None or floor <= OTHER_TRADE_MAX:
        ranked += _ranked_ids(session, seeker, today, other, limit, min_points=floor)
    ranked.sort(key=lambda r: (-r.points, -r.pay_left, -r.id))
    order = {r.id: i for i, r in enumerate(ranked[:limit])}
    if not order:
        return []
    rows = session.execute(select(vacancy, employer.c.name.label("employer_name"))
                           .join(employer, employer.c.id == vacancy.c.employer_id)
                           .where(vacancy.c.id.in_(list(order))))
    return [_vacancy_match(seeker, r) for r in sorted(rows, key=lambda r: order[r.id])]


@read_only
def vacancies_for_seeker(session: Session, *, seeker_id: int, today: date, limit: int = 20) -> list[VacancyMatch]:
    """The vacancies that fit a seeker, best first (see the module docstring for the rules)."""
    serial_plan(session)
    seeker = _profile(session, seeker_id)
    return [] if seeker is None else _vacancies(session, seeker, today, limit)


def seeker_of_ticket(session: Session, ticket_code: str) -> SeekerProfile | None:
    """What matching knows of the seeker holding a ticket (None: no such ticket)."""
    seeker_id = session.execute(select(seeker_table.c.id).where(
        seeker_table.c.ticket_code == normalize_ticket_code(ticket_code))).scalar_one_or_none()
    return _profile(session, seeker_id) if seeker_id is not None else None


@read_only
def vacancies_for_ticket(session: Session, *, ticket_code: str, today: date, limit: int = 5) -> list[VacancyMatch]:
    """The same, for the seeker holding a ticket (the ticket and registration pages know the code)."""
    serial_plan(session)
    seeker = seeker_of_ticket(session, ticket_code)
    return [] if seeker is None else _vacancies(session, seeker, today, limit)
