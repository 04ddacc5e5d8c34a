"""What "Jobs for you" says beside the jobs that fit: why a seeker's trades find nothing, the closest
jobs of those trades (with the rules they fail), and which answers not given yet would find better
jobs. The words are in services/recruiting/match_reasons.py; the hard rules are match_rules' (their
SQL form `rule_holds_sql`, checked against `failed_rules` by tests/recruiting/test_match_gaps.py).

Two queries, whatever the number of trades, counting in SQL instead of loading vacancies: one
counts each of the seeker's trades on the board (how many fit, how many fail each hard rule, the
age and schooling limits and places), grouped by trade; one picks the closest vacancies of the
trades where none fits (fewest failed rules, then most pay left, then newest: a window per trade).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, case, func, literal, select
from sqlmodel import Session

from models import Employer, Vacancy
from services.core.db import read_only
from services.core.reference import EDUCATION_RANK
from services.recruiting.match_reasons import TradeCounts, answer_hints, failed_reasons, trade_reasons
from services.recruiting.match_rules import ALL_SCOPES, Reason, SeekerProfile, rule_holds_sql
from services.recruiting.matching import seeker_of_ticket, serial_plan
from services.recruiting.rules import on_board_sql, pay_left_sql

CLOSEST = 2  # closest vacancies shown per trade that finds nothing

V = Vacancy.__table__.c
employer = Employer.__table__


@dataclass(frozen=True)
class Closest:
    """A vacancy of the seeker's trade that does not fit, and why (one reason per failed rule)."""

    vacancy_id: int
    title: str
    employer_name: str
    trade: str
    city: str
    scope: str
    wage_min: int
    wage_max: int
    failed: tuple[Reason, ...]


@dataclass(frozen=True)
class TradeGap:
    trade: str
    reasons: tuple[Reason, ...]  # why none of this trade's jobs fits
    closest: tuple[Closest, ...]


@dataclass(frozen=True)
class Explanation:
    trades: tuple[TradeGap, ...]  # the seeker's trades where no job fits (in the order of TRADES codes)
    hints: tuple[Reason, ...]  # answers that would find better jobs


NOTHING = Explanation(trades=(), hints=())


def failed_count_sql(seeker: SeekerProfile, today: date) -> ColumnElement[int]:
    """How many hard rules (`HARD_RULES`) a vacancy fails for the seeker: `len(failed_rules(...))` in SQL."""
    total: ColumnElement[int] = literal(0)
    for holds in rule_holds_sql(seeker, today).values():
        total = total + case((holds, 0), else_=1)
    return total


def _on_board(session: Session, today: date, trades: list[str]) -> ColumnElement[bool]:
    """On the board, of these trades. Every scope named, so that the index (status, scope, trade, ...)
    is searched per scope and trade instead of read for all open vacancies; on SQLite from the
    covering ix_vacancy_match alone, as matching does."""
    return and_(on_board_sql(today, avoid_board_indexes=session.get_bind().dialect.name == "sqlite"),
                V.scope.in_(ALL_SCOPES), V.trade.in_(trades))


def _counts(session: Session, seeker: SeekerProfile, today: date) -> dict[str, TradeCounts]:
    holds = rule_holds_sql(seeker, today)
    fails = {name: func.sum(case((rule, 0), else_=1)).label(f"fail_{name}") for name, rule in holds.items()}
    rank = case(EDUCATION_RANK, value=V.min_education, else_=0)
    stmt = (select(V.trade, func.count().label("total"),
                   func.sum(case((and_(*holds.values()), 1), else_=0)).label("fitting"), *fails.values(),
                   func.max(V.age_max).label("age_max"), func.min(V.age_min).label("age_min"),
                   func.min(rank).label("rank"), func.sum(case((V.scope == "out", 1), else_=0)).label("out"),
                   func.sum(case((V.scope == "local", 1), else_=0)).label("local"))
            .where(_on_board(session, today, sorted(seeker.trades))).group_by(V.trade))
    counts = {trade: TradeCounts(trade, 0, 0, {}, 0, 0, 0, 0, 0) for trade in seeker.trades}
    for row in session.execute(stmt):
        counts[row.trade] = TradeCounts(
            trade=row.trade, total=int(row.total), fitting=int(row.fitting),
            failing={name: int(getattr(row, f"fail_{name}")) for name in holds}, oldest_age_max=int(row.age_max),
            youngest_age_min=int(row.age_min), lowest_education_rank=int(row.rank), out_of_province=int(row.out),
            local=int(row.local))
    return counts


def _closest(session: Session, seeker: SeekerProfile, today: date, trades: list[str],
             per_trade: int) -> dict[str, list[Closest]]:
    if not trades or per_trade <= 0:
        return {}
    place = func.row_number().over(partition_by=V.trade,
                                   order_by=(failed_count_sql(seeker, today), pay_left_sql().desc(), V.id.desc()))
    ranked = select(V.id, place.label("place")).where(_on_board(session, today, trades)).subquery()
    stmt = (select(Vacancy.__table__, employer.c.name.label("employer_name"))
            .join(ranked, ranked.c.id == V.id).join(employer, employer.c.id == V.employer_id)
            .where(ranked.c.place <= per_trade).order_by(V.trade, ranked.c.place))
    found: dict[str, list[Closest]] = {}
    for row in session.execute(stmt):
        found.setdefault(row.trade, []).append(Closest(
            vacancy_id=row.id, title=row.title, employer_name=row.employer_name, trade=row.trade, city=row.city,
            scope=row.scope, wage_min=row.wage_min, wage_max=row.wage_max,
            failed=failed_reasons(seeker, row, today)))
    return found


def explain(session: Session, seeker: SeekerProfile, today: date, *, missing_groups: list[str] | tuple[str, ...] = (),
            closest: int = CLOSEST) -> Explanation:
    hints = answer_hints(missing_groups)
    if not seeker.trades:
        return Explanation(trades=(), hints=hints)
    counts = _counts(session, seeker, today)
    gaps = sorted(trade for trade, c in counts.items() if c.fitting == 0)
    near = _closest(session, seeker, today, [t for t in gaps if counts[t].total], closest)
    return Explanation(trades=tuple(TradeGap(trade=t, reasons=trade_reasons(seeker, counts[t], today),
                                             closest=tuple(near.get(t, ()))) for t in gaps), hints=hints)


@read_only
def explain_missing(session: Session, *, ticket_code: str, today: date,
                    missing_groups: list[str] | tuple[str, ...] = (), closest: int = CLOSEST) -> Explanation:
    """For "Jobs for you" on the ticket: each of the seeker's trades where no job fits, why in plain
    words, and its closest jobs; and the hints for the answers in `missing_groups` (the profile groups
    not answered yet: `services.registration.profile.get_profile(...).missing` / `missing_groups`)
    that would find better jobs. An unknown ticket explains nothing."""
    serial_plan(session)
    seeker = seeker_of_ticket(session, ticket_code)
    if seeker is None:
        return NOTHING
    return explain(session, seeker, today, missing_groups=missing_groups, closest=closest)
