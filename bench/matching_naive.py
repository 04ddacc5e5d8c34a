"""Naive matching, the baseline bench/matching.py measures in the same run (issue 15, "benchmarks that tell the truth").

The same hard rules and order as services/recruiting, without the services' speed work (the split by trade,
the skipped second query, the covering index steered to with `+column`, the tiers walked in index order,
no parallel plans):

* **one plain query** per seeker / per vacancy: every hard rule in WHERE (match_rules' own SQL forms:
  `on_board_sql`, `rule_holds_sql`, `seeker_conditions` — nothing retyped), whole rows with the employer
  joined, ORDER BY the points (then pay left and id, as the service), LIMIT;
* **Python over all open vacancies** (vacancies for a seeker): the open vacancies with their employer's
  status and name are loaded once (timed apart), then per seeker its profile is read (as the service
  does) and match_rules' pure functions decide: `hard_rules_ok`, `score`, `rules.pay_left`.

Candidates for a vacancy get only the plain query: Python over all seekers would first load a million
rows (not a per-request cost anyone would pay).

Each baseline's lists are compared with the service's: they must be the same ids in the same order.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date

from sqlalchemy import Row, case, exists, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import Employer, Seeker, SeekerTrade, Vacancy
from services.recruiting import candidates
from services.recruiting.match_rules import (
    CANDIDATE_WAGE_POINTS,
    TRADE_POINTS,
    SeekerProfile,
    candidate_wage_fits_sql,
    hard_rules_ok,
    rule_holds_sql,
    score,
    score_sql,
    seeker_conditions,
)
from services.recruiting.matching import load_profile, vacancies_for_seeker
from services.recruiting.rules import on_board_sql, pay_left, pay_left_sql

vacancy = Vacancy.__table__
employer = Employer.__table__
seeker = Seeker.__table__
seeker_trade = SeekerTrade.__table__


def sql_vacancies(engine: Engine, seeker_id: int, today: date, limit: int = 20) -> list[int]:
    """Vacancies for a seeker: the profile, then one plain query (whole rows, employer joined)."""
    profile = load_profile(engine, seeker_id)
    if profile is None:
        return []
    points, left = score_sql(profile).label("points"), pay_left_sql().label("pay_left")
    stmt = (select(vacancy, employer.c.name.label("employer_name"), points, left)
            .join(employer, employer.c.id == vacancy.c.employer_id)
            .where(on_board_sql(today), *rule_holds_sql(profile, today).values())
            .order_by(points.desc(), left.desc(), vacancy.c.id.desc()).limit(limit))
    with engine.connect() as conn:
        return [r.id for r in conn.execute(stmt)]


def open_vacancies(engine: Engine) -> list[Row]:
    """Every open vacancy with its employer's status and name: loaded once for the Python baseline."""
    stmt = (select(vacancy, employer.c.status.label("employer_status"), employer.c.name.label("employer_name"))
            .join(employer, employer.c.id == vacancy.c.employer_id).where(vacancy.c.status == "open"))
    with engine.connect() as conn:
        return list(conn.execute(stmt))


def python_vacancies(engine: Engine, rows: Sequence[Row], seeker_id: int, today: date, limit: int = 20) -> list[int]:
    """Vacancies for a seeker in Python: match_rules' pure functions over the loaded open vacancies."""
    profile: SeekerProfile | None = load_profile(engine, seeker_id)
    if profile is None:
        return []
    fit = [r for r in rows if hard_rules_ok(profile, r, today, employer_status=r.employer_status)]  # type: ignore[arg-type]
    fit.sort(key=lambda r: (-score(profile, r)[0], -pay_left(r), -r.id))
    return [r.id for r in fit[:limit]]


def sql_candidates(engine: Engine, vacancy_id: int, today: date, limit: int = 50) -> list[int]:
    """Seekers for a vacancy: one plain query, every rule in WHERE, ORDER BY the candidate's points, then newest."""
    with Session(engine) as session:
        job = session.get(Vacancy, vacancy_id)
        assert job is not None
        has_trade = exists().where(seeker_trade.c.seeker_id == seeker.c.id, seeker_trade.c.trade == job.trade)
        points = (case((has_trade, TRADE_POINTS), else_=0)
                  + case((candidate_wage_fits_sql(job), CANDIDATE_WAGE_POINTS), else_=0)).label("points")
        stmt = (select(seeker, points).where(*seeker_conditions(job, today))
                .order_by(points.desc(), seeker.c.id.desc()).limit(limit))
        return [r.id for r in session.execute(stmt)]


def service_candidate_ids(engine: Engine, vacancy_id: int, today: date, limit: int = 50) -> list[int]:
    """The ids behind the service's list (seekers_for_vacancy shows ids only for known candidates): its tiers."""
    with Session(engine) as session:
        job = session.get(Vacancy, vacancy_id)
        assert job is not None
        return [r.id for r in candidates._seeker_tiers(session, job, today, limit)]



def _median_ms(times: Sequence[float]) -> float:
    ordered = sorted(times)
    mid = len(ordered) // 2
    return 1000 * (ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2)


def _timed(fn: Callable[..., list[int]], *args: object) -> tuple[float, list[int]]:
    t0 = time.perf_counter()
    got = fn(*args)
    return time.perf_counter() - t0, got


def compare(engine: Engine, today: date, *, vacancy_picks: Sequence[int], cand_times: Sequence[float],
            seeker_picks: Sequence[int], vac_times: Sequence[float], picks: int) -> list[str]:
    """Time the baselines on the first `picks` picks, print them against the service's times for the same
    picks (its last round) with the ratio; returns the picks whose lists differ (must be none)."""
    differ: list[str] = []
    n = min(picks, len(vacancy_picks))
    print(f"  naive baselines, same run, the first {n} picks (service: its last round's times for them):")
    sql_t = []
    for vacancy_id in vacancy_picks[:n]:
        dt, got = _timed(sql_candidates, engine, vacancy_id, today)
        sql_t.append(dt)
        if got != service_candidate_ids(engine, vacancy_id, today):
            differ.append(f"candidates of vacancy {vacancy_id}")
    real = _median_ms(cand_times[:n])
    print(f"    top 50 candidates: service median {real:.1f} ms; one plain query median {_median_ms(sql_t):.1f} ms "
          f"(max {max(sql_t) * 1000:.0f}) -> {_median_ms(sql_t) / real:.1f}x the service")

    n = min(picks, len(seeker_picks))
    load, rows = _timed(open_vacancies, engine)
    sql_t, py_t = [], []
    for seeker_id in seeker_picks[:n]:
        want = [m.vacancy_id for m in vacancies_for_seeker(engine, seeker_id=seeker_id, today=today)]
        dt, got = _timed(sql_vacancies, engine, seeker_id, today)
        sql_t.append(dt)
        dt, got_py = _timed(python_vacancies, engine, rows, seeker_id, today)
        py_t.append(dt)
        if got != want or got_py != want:
            differ.append(f"vacancies of seeker {seeker_id} ({'sql' if got != want else 'python'})")
    real = _median_ms(vac_times[:n])
    print(f"    top 20 vacancies: service median {real:.1f} ms; one plain query median {_median_ms(sql_t):.1f} ms "
          f"-> {_median_ms(sql_t) / real:.1f}x; Python over the {len(rows):,} open vacancies (loaded once in "
          f"{load * 1000:.0f} ms) median {_median_ms(py_t):.1f} ms -> {_median_ms(py_t) / real:.1f}x the service")
    print("    lists: " + ("the same ids in the same order as the service's" if not differ
                           else f"DIFFER from the service's: {', '.join(differ)}"))
    return differ
