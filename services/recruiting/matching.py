"""Matching seekers and vacancies: hard rules that are never broken, then transparent points.

**Hard rules.** A vacancy is shown to a seeker, and a seeker to a vacancy, only if ALL hold:

* the vacancy is open, its closing date is today (the county's local date) or later, and its
  employer is approved;
* the seeker's age (from the birth date, on that day) is within [age_min, age_max];
* the seeker's education ranks at least the vacancy's minimum (`reference.EDUCATION_RANK`,
  vocational school ranks with senior high);
* the vacancy asks for no gender, or for the seeker's;
* the place is where the seeker wants to work: a seeker who wants nearby work, or who cannot
  leave home (care duties, health, other: `leave_constraint` other than "none"), only gets
  local vacancies (scope "local": the county's own city); one who wants to go out gets
  vacancies elsewhere in the province or in another province; "either" gets every scope.
  So a seeker who wants nearby work is never shown an out-of-province job at all.

**Points** (vacancies for a seeker, best first), each with its reason in plain words:

* +40 the vacancy's trade is one of the seeker's trades ("Your trade: welding");
* +20 the seeker gave an expected wage and the top of the range reaches it
  ("Wage 5,000–6,500 ≥ your 4,500"), and +10 more when even the bottom of the range does;
* +10 housing provided, +5 meals provided;
* +5 a local job for a seeker who said "either" ("Near home").

Ties go to more pay left after housing and meals (`wage_min` minus what the worker pays for
housing and meals the employer provides), then to the newest vacancy (the higher id).

**Seekers for a vacancy** (recruiter view, best first): seekers with the vacancy's trade
first, then those whose expected wage fits (none given, or at most the top of the range),
then the newest registrations (higher seeker id). Shown points: 40 for the trade, 20 for a
fitting wage. Seekers are anonymous ("Candidate 1", "Candidate 2" ...) unless they have an
application with the vacancy's employer or were scanned at its booth; then the name is shown.
Phone, ticket code, ID number and village are never part of a candidate.

**Speed.** Both directions filter and order in SQL. Vacancies for a seeker: two queries, one
for vacancies in the seeker's trades, one for the rest (skipped when the first already holds
`limit` vacancies that the rest cannot reach), each scoring with CASE expressions and reading
only the covering index `ix_vacancy_match (status, scope, trade, closing_date, ...)`, then the
`limit` winners' rows by id.
Seekers for a vacancy: four tiers in order, each an index-ordered walk newest first that stops
at the limit: the trade's seekers through `ix_seeker_trade_trade_seeker (trade, seeker_id)`
(wage fits, then not), then all seekers by primary key without that trade (wage fits, then
not). See bench/README.md for the figures on a million seekers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, case, exists, literal, not_, or_, select, text, union
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement, UnaryExpression
from sqlalchemy.sql.operators import custom_op

from models import Application, BoothScan, Employer, EmployerStatus, Seeker, SeekerTrade, Vacancy, VacancyStatus
from services.core.db import unit_of_work
from services.core.i18n import N_, Translator
from services.core.reference import EDUCATION_LEVELS, EDUCATION_RANK, GENDERS, TRADES
from services.core.validation import age_on
from services.registration.tickets import normalize_ticket_code

TRADE_POINTS = 40
WAGE_TOP_POINTS = 20
WAGE_BOTTOM_POINTS = 10
HOUSING_POINTS = 10
MEALS_POINTS = 5
NEAR_HOME_POINTS = 5
# the most a vacancy outside the seeker's trades can score
OTHER_TRADE_MAX = WAGE_TOP_POINTS + WAGE_BOTTOM_POINTS + HOUSING_POINTS + MEALS_POINTS + NEAR_HOME_POINTS
CANDIDATE_WAGE_POINTS = 20

ALL_SCOPES = ("local", "province", "out")


class VacancyNotFound(Exception):
    """No such vacancy, or it belongs to another employer (the same answer for both)."""

    message = N_("This vacancy was not found.")


@dataclass(frozen=True)
class Reason:
    """One reason in plain words: an English message id and its values.

    Values named in `labels` are message ids themselves (a trade, an education level) and
    are translated before they go into the message.
    """

    message: str
    values: dict[str, object] = field(default_factory=dict)
    labels: tuple[str, ...] = ()

    def text(self, _: Translator) -> str:
        values = {k: (_(str(v)) if k in self.labels else v) for k, v in self.values.items()}
        return _(self.message, **values)


@dataclass(frozen=True)
class SeekerProfile:
    """What matching knows about a seeker: nothing that identifies them."""

    seeker_id: int
    birth_date: date
    gender: str
    education: str
    intention: str
    leave_constraint: str
    expected_wage: int | None
    trades: frozenset[str]


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
    reasons: tuple[Reason, ...]
    rules: tuple[Reason, ...]  # the hard rules it meets, in plain words


@dataclass(frozen=True)
class Candidate:
    """A seeker who fits a vacancy, as a recruiter may see them."""

    rank: int
    label: str  # the name once the seeker showed interest or was scanned; else "" (show "Candidate {rank}")
    known: bool
    seeker_id: int | None  # only for known candidates
    age: int
    gender: str
    education: str
    trades: tuple[str, ...]
    intention: str
    township: str
    expected_wage: int | None
    score: int
    reasons: tuple[Reason, ...]
    rules: tuple[Reason, ...]


@dataclass(frozen=True)
class VacancyChoice:
    vacancy_id: int
    title: str
    trade: str
    closing_date: date


# --- the rules in Python (the SQL below must agree; tests check it) -----------------------------


def wanted_scopes(seeker: SeekerProfile) -> tuple[str, ...]:
    if seeker.intention == "nearby" or seeker.leave_constraint != "none":
        return ("local",)
    if seeker.intention == "go_out":
        return ("province", "out")
    return ALL_SCOPES


def education_ok(education: str, min_education: str) -> bool:
    return EDUCATION_RANK.get(education, 0) >= EDUCATION_RANK.get(min_education, 0)


def hard_rules_ok(seeker: SeekerProfile, vacancy: Vacancy, today: date, *,
                  employer_status: str = EmployerStatus.APPROVED) -> bool:
    age = age_on(seeker.birth_date, today)
    return (vacancy.status == VacancyStatus.OPEN and vacancy.closing_date >= today
            and employer_status == EmployerStatus.APPROVED
            and vacancy.age_min <= age <= vacancy.age_max
            and education_ok(seeker.education, vacancy.min_education)
            and vacancy.gender in ("", seeker.gender)
            and vacancy.scope in wanted_scopes(seeker))


def pay_left(vacancy: Vacancy) -> int:
    """The bottom of the wage range minus what the worker pays for the housing and meals offered."""
    return (vacancy.wage_min - (vacancy.housing_cost if vacancy.housing else 0)
            - (vacancy.meals_cost if vacancy.meals else 0))


def _money(n: int) -> str:
    return f"{n:,}"


def score(seeker: SeekerProfile, vacancy: Vacancy) -> tuple[int, tuple[Reason, ...]]:
    """The points a vacancy earns for a seeker, with a reason for each."""
    points, reasons = 0, []
    if vacancy.trade in seeker.trades:
        points += TRADE_POINTS
        reasons.append(Reason(N_("Your trade: {trade}"), {"trade": TRADES.get(vacancy.trade, vacancy.trade)},
                              ("trade",)))
    expected = seeker.expected_wage
    if expected is not None and vacancy.wage_max >= expected:
        points += WAGE_TOP_POINTS
        if vacancy.wage_min >= expected:
            points += WAGE_BOTTOM_POINTS
        reasons.append(Reason(N_("Wage {min}–{max} ≥ your {expected}"),
                              {"min": _money(vacancy.wage_min), "max": _money(vacancy.wage_max),
                               "expected": _money(expected)}))
    if vacancy.housing:
        points += HOUSING_POINTS
        reasons.append(Reason(N_("Housing provided")))
    if vacancy.meals:
        points += MEALS_POINTS
        reasons.append(Reason(N_("Meals provided")))
    if seeker.intention == "either" and vacancy.scope == "local":
        points += NEAR_HOME_POINTS
        reasons.append(Reason(N_("Near home")))
    return points, tuple(reasons)


def sort_key(points: int, vacancy: Vacancy) -> tuple[int, int, int]:
    """Best first: more points, then more pay left, then the newest vacancy."""
    return (-points, -pay_left(vacancy), -vacancy.id)


def rules_met(seeker: SeekerProfile, vacancy: Vacancy) -> tuple[Reason, ...]:
    """The hard rules a vacancy meets, as a seeker reads them."""
    rules = [Reason(N_("Age {min}–{max} fits you"), {"min": vacancy.age_min, "max": vacancy.age_max})]
    if EDUCATION_RANK.get(vacancy.min_education, 0) > 0:
        rules.append(Reason(N_("Education: {education} or above"),
                            {"education": EDUCATION_LEVELS[vacancy.min_education]}, ("education",)))
    else:
        rules.append(Reason(N_("No schooling required")))
    if vacancy.gender:
        rules.append(Reason(N_("For men") if vacancy.gender == "M" else N_("For women")))
    if vacancy.scope == "local":
        rules.append(Reason(N_("Nearby work, as you want") if seeker.intention != "either"
                            else N_("Nearby work; you said either is fine")))
    else:
        rules.append(Reason(N_("Work away from home, as you want") if seeker.intention != "either"
                            else N_("Work away from home; you said either is fine")))
    return tuple(rules)


def latest_birth_for_age(today: date, age: int) -> date:
    """The latest birth date of someone who is at least `age` years old on `today`."""
    year = today.year - age
    if today.month == 2 and today.day == 29 and not _leap(year):
        return date(year, 2, 28)
    return date(year, today.month, today.day)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# --- vacancies for a seeker ---------------------------------------------------------------------

V = Vacancy.__table__
E = Employer.__table__
S = Seeker.__table__
ST = SeekerTrade.__table__


def _serial(session) -> None:  # noqa: ANN001
    """PostgreSQL: no parallel workers for these short LIMIT queries. Starting workers costs more
    (15-40 ms on a busy 2-core server) than the walk they would share; the setting ends with the
    read transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


def _profile(session, seeker_id: int) -> SeekerProfile | None:  # noqa: ANN001
    row = session.execute(select(S.c.id, S.c.birth_date, S.c.gender, S.c.education, S.c.intention,
                                 S.c.leave_constraint, S.c.expected_wage).where(S.c.id == seeker_id)).first()
    if row is None:
        return None
    trades = frozenset(session.execute(select(ST.c.trade).where(ST.c.seeker_id == seeker_id)).scalars())
    return SeekerProfile(seeker_id=row.id, birth_date=row.birth_date, gender=row.gender, education=row.education,
                         intention=row.intention, leave_constraint=row.leave_constraint,
                         expected_wage=row.expected_wage, trades=trades)


def load_profile(engine: Engine, seeker_id: int) -> SeekerProfile | None:
    with unit_of_work(engine, write=False) as session:
        return _profile(session, seeker_id)


def _allowed_educations(min_rank: int) -> list[str]:
    return [code for code, rank in EDUCATION_RANK.items() if rank >= min_rank]


def _score_sql(seeker: SeekerProfile) -> tuple[ColumnElement, ColumnElement]:
    trade = case((V.c.trade.in_(sorted(seeker.trades)), TRADE_POINTS), else_=0) if seeker.trades else literal(0)
    expected = seeker.expected_wage
    if expected is not None:
        wage = case((V.c.wage_max >= expected,
                     WAGE_TOP_POINTS + case((V.c.wage_min >= expected, WAGE_BOTTOM_POINTS), else_=0)), else_=0)
    else:
        wage = literal(0)
    near = case((V.c.scope == "local", NEAR_HOME_POINTS), else_=0) if seeker.intention == "either" else literal(0)
    points = (trade + wage + case((V.c.housing, HOUSING_POINTS), else_=0)
              + case((V.c.meals, MEALS_POINTS), else_=0) + near)
    left = (V.c.wage_min - case((V.c.housing, V.c.housing_cost), else_=0)
            - case((V.c.meals, V.c.meals_cost), else_=0))
    return points.label("points"), left.label("pay_left")


def _not_indexed(column: ColumnElement, sqlite: bool) -> ColumnElement:
    """`+column` on SQLite: the same value, but the planner will not search an index with it.

    Without statistics (the app never runs ANALYZE) SQLite would otherwise take ix_vacancy_board
    (status, closing_date) or ix_vacancy_employer_id and read every open vacancy's row from the
    table, 3-10x slower than reading the covering ix_vacancy_match alone.
    """
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type) if sqlite else column


def _ranked_ids(session, seeker: SeekerProfile, today: date, trade_filter: ColumnElement,  # noqa: ANN001
                limit: int, min_points: int | None = None) -> list:
    """(id, points, pay_left) of the best `limit` fitting vacancies among those `trade_filter` selects.

    Reads only columns of `ix_vacancy_match`, so both backends can answer from that index alone.
    """
    age = age_on(seeker.birth_date, today)
    points, left = _score_sql(seeker)
    allowed_min = [code for code, rank in EDUCATION_RANK.items() if rank <= EDUCATION_RANK.get(seeker.education, 0)]
    approved = select(E.c.id).where(E.c.status == EmployerStatus.APPROVED)
    sqlite = session.get_bind().dialect.name == "sqlite"
    conditions = [
        V.c.status == VacancyStatus.OPEN, V.c.scope.in_(wanted_scopes(seeker)), trade_filter,
        _not_indexed(V.c.closing_date, sqlite) >= today, V.c.age_min <= age, V.c.age_max >= age,
        V.c.min_education.in_(allowed_min), V.c.gender.in_(sorted({"", seeker.gender})),
        _not_indexed(V.c.employer_id, sqlite).in_(approved),
    ]
    if min_points is not None:
        conditions.append(points >= min_points)
    stmt = (select(V.c.id, points, left).where(*conditions)
            .order_by(points.desc(), left.desc(), V.c.id.desc()).limit(limit))
    return list(session.execute(stmt))


def _vacancy_match(seeker: SeekerProfile, row) -> VacancyMatch:  # noqa: ANN001
    points, reasons = score(seeker, row)
    return VacancyMatch(
        vacancy_id=row.id, title=row.title, trade=row.trade, employer_name=row.employer_name,
        province=row.province, city=row.city, scope=row.scope, distance_km=row.distance_km,
        wage_min=row.wage_min, wage_max=row.wage_max, headcount=row.headcount, housing=bool(row.housing),
        housing_cost=row.housing_cost, meals=bool(row.meals), meals_cost=row.meals_cost,
        hours_per_day=row.hours_per_day, days_per_week=row.days_per_week, contract_months=row.contract_months,
        closing_date=row.closing_date, score=points, pay_left=pay_left(row), reasons=reasons,
        rules=rules_met(seeker, row),
    )


def _vacancies(session, seeker: SeekerProfile, today: date, limit: int) -> list[VacancyMatch]:  # noqa: ANN001
    ranked = []
    if seeker.trades:
        ranked = _ranked_ids(session, seeker, today, V.c.trade.in_(sorted(seeker.trades)), limit)
        other = V.c.trade.not_in(sorted(seeker.trades))
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
    rows = session.execute(select(V, E.c.name.label("employer_name")).join(E, E.c.id == V.c.employer_id)
                           .where(V.c.id.in_(list(order))))
    return [_vacancy_match(seeker, r) for r in sorted(rows, key=lambda r: order[r.id])]


def vacancies_for_seeker(engine: Engine, *, seeker_id: int, today: date, limit: int = 20) -> list[VacancyMatch]:
    """The vacancies that fit a seeker, best first (see the module docstring for the rules)."""
    with unit_of_work(engine, write=False) as session:
        _serial(session)
        seeker = _profile(session, seeker_id)
        return [] if seeker is None else _vacancies(session, seeker, today, limit)


def vacancies_for_ticket(engine: Engine, *, ticket_code: str, today: date, limit: int = 5) -> list[VacancyMatch]:
    """The same, for the seeker holding a ticket (the ticket and registration pages know the code)."""
    with unit_of_work(engine, write=False) as session:
        _serial(session)
        seeker_id = session.execute(
            select(S.c.id).where(S.c.ticket_code == normalize_ticket_code(ticket_code))).scalar_one_or_none()
        seeker = _profile(session, seeker_id) if seeker_id is not None else None
        return [] if seeker is None else _vacancies(session, seeker, today, limit)


# --- seekers for a vacancy ----------------------------------------------------------------------


def _seeker_conditions(vacancy: Vacancy, today: date) -> list[ColumnElement]:
    conditions = [
        S.c.birth_date <= latest_birth_for_age(today, vacancy.age_min),
        S.c.birth_date > latest_birth_for_age(today, vacancy.age_max + 1),
        S.c.education.in_(_allowed_educations(EDUCATION_RANK.get(vacancy.min_education, 0))),
    ]
    if vacancy.gender:
        conditions.append(S.c.gender == vacancy.gender)
    if vacancy.scope == "local":
        conditions.append(or_(S.c.intention.in_(("nearby", "either")), S.c.leave_constraint != "none"))
    else:
        conditions.append(and_(S.c.leave_constraint == "none", S.c.intention.in_(("go_out", "either"))))
    return conditions


def candidate_wage_fits(expected: int | None, vacancy: Vacancy) -> bool:
    return expected is None or expected <= vacancy.wage_max


_CANDIDATE_COLUMNS = (S.c.id, S.c.name, S.c.birth_date, S.c.gender, S.c.education, S.c.intention,
                      S.c.leave_constraint, S.c.township, S.c.expected_wage)


def _seeker_tiers(session, vacancy: Vacancy, today: date, limit: int) -> list:  # noqa: ANN001
    hard = _seeker_conditions(vacancy, today)
    fits = or_(S.c.expected_wage.is_(None), S.c.expected_wage <= vacancy.wage_max)
    has_trade = exists().where(ST.c.seeker_id == S.c.id, ST.c.trade == vacancy.trade)
    tiers = [
        # the trade's seekers, newest first, walking (trade, seeker_id)
        select(*_CANDIDATE_COLUMNS).select_from(ST).join(S, S.c.id == ST.c.seeker_id)
        .where(ST.c.trade == vacancy.trade, *hard, wage).order_by(ST.c.seeker_id.desc())
        for wage in (fits, not_(fits))
    ] + [
        # everyone else, newest first, walking the primary key
        select(*_CANDIDATE_COLUMNS).where(*hard, wage, not_(has_trade)).order_by(S.c.id.desc())
        for wage in (fits, not_(fits))
    ]
    rows: list = []
    for stmt in tiers:
        if len(rows) >= limit:
            break
        rows += list(session.execute(stmt.limit(limit - len(rows))))
    return rows


def _known_seekers(session, employer_id: int, seeker_ids: list[int]) -> set[int]:  # noqa: ANN001
    if not seeker_ids:
        return set()
    A, B = Application.__table__, BoothScan.__table__  # noqa: N806
    stmt = union(
        select(A.c.seeker_id).where(A.c.employer_id == employer_id, A.c.seeker_id.in_(seeker_ids)),
        select(B.c.seeker_id).where(B.c.employer_id == employer_id, B.c.seeker_id.in_(seeker_ids)),
    )
    return set(session.execute(stmt).scalars())


def _candidate_rules(row, vacancy: Vacancy, age: int) -> tuple[Reason, ...]:  # noqa: ANN001
    rules = [Reason(N_("Age {age}, within {min}–{max}"), {"age": age, "min": vacancy.age_min, "max": vacancy.age_max}),
             Reason(N_("Education: {education}"), {"education": EDUCATION_LEVELS.get(row.education, row.education)},
                    ("education",))]
    if vacancy.scope == "local":
        rules.append(Reason(N_("Wants nearby work or either") if row.leave_constraint == "none"
                            else N_("Cannot leave home: nearby work suits")))
    else:
        rules.append(Reason(N_("Willing to work away from home")))
    if vacancy.gender:
        rules.append(Reason(N_("Gender: {gender}"), {"gender": GENDERS[vacancy.gender]}, ("gender",)))
    return tuple(rules)


def _candidate(rank: int, row, trades: tuple[str, ...], vacancy: Vacancy, today: date,  # noqa: ANN001
               known: bool) -> Candidate:
    age = age_on(row.birth_date, today)
    points, reasons = 0, []
    if vacancy.trade in trades:
        points += TRADE_POINTS
        reasons.append(Reason(N_("Has the trade: {trade}"), {"trade": TRADES.get(vacancy.trade, vacancy.trade)},
                              ("trade",)))
    if row.expected_wage is None:
        points += CANDIDATE_WAGE_POINTS
        reasons.append(Reason(N_("No expected wage given")))
    elif row.expected_wage <= vacancy.wage_max:
        points += CANDIDATE_WAGE_POINTS
        reasons.append(Reason(N_("Expects {expected} yuan; you offer {min}–{max}"),
                              {"expected": _money(row.expected_wage), "min": _money(vacancy.wage_min),
                               "max": _money(vacancy.wage_max)}))
    else:
        reasons.append(Reason(N_("Expects {expected} yuan, above your top {max}"),
                              {"expected": _money(row.expected_wage), "max": _money(vacancy.wage_max)}))
    return Candidate(
        rank=rank, label=row.name if known else "", known=known, seeker_id=row.id if known else None, age=age,
        gender=row.gender, education=row.education, trades=trades, intention=row.intention,
        township=row.township, expected_wage=row.expected_wage, score=points, reasons=tuple(reasons),
        rules=_candidate_rules(row, vacancy, age),
    )


def seekers_for_vacancy(engine: Engine, *, vacancy_id: int, employer_id: int | None, today: date,
                        limit: int = 50) -> list[Candidate]:
    """The registered seekers who fit a vacancy, best first, anonymous until they showed interest.

    `employer_id` is the recruiter's employer (the vacancy must be theirs, else VacancyNotFound);
    None for organizers, who see what the vacancy's employer sees. A vacancy that is closed, past
    its closing date or whose employer is not approved has no candidates.
    """
    with unit_of_work(engine, write=False) as session:
        vacancy = session.get(Vacancy, vacancy_id)
        if vacancy is None or (employer_id is not None and vacancy.employer_id != employer_id):
            raise VacancyNotFound(vacancy_id)
        employer_status = session.execute(select(E.c.status).where(E.c.id == vacancy.employer_id)).scalar_one()
        if (vacancy.status != VacancyStatus.OPEN or vacancy.closing_date < today
                or employer_status != EmployerStatus.APPROVED):
            return []
        _serial(session)
        rows = _seeker_tiers(session, vacancy, today, limit)
        ids = [r.id for r in rows]
        trades: dict[int, list[str]] = {}
        if ids:
            for seeker_id, trade in session.execute(
                    select(ST.c.seeker_id, ST.c.trade).where(ST.c.seeker_id.in_(ids)).order_by(ST.c.trade)):
                trades.setdefault(seeker_id, []).append(trade)
        known = _known_seekers(session, vacancy.employer_id, ids)
        return [_candidate(i, r, tuple(trades.get(r.id, ())), vacancy, today, r.id in known)
                for i, r in enumerate(rows, start=1)]


def open_vacancies_of(engine: Engine, *, employer_id: int | None, today: date) -> list[VacancyChoice]:
    """An employer's open vacancies not past their closing date (all employers' for None), newest first."""
    stmt = (select(V.c.id, V.c.title, V.c.trade, V.c.closing_date)
            .where(V.c.status == VacancyStatus.OPEN, V.c.closing_date >= today,
                   V.c.employer_id == employer_id if employer_id is not None else literal(True))
            .order_by(V.c.id.desc()))
    with unit_of_work(engine, write=False) as session:
        return [VacancyChoice(vacancy_id=r.id, title=r.title, trade=r.trade, closing_date=r.closing_date)
                for r in session.execute(stmt)]

