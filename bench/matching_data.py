"""The matching bench's data: 1,000,000 seekers and 50,000 vacancies written in bulk (bench/matching.py).

Rows go straight into the migrated schema with the demo generator's distributions (age, gender, education
by age, trades by gender, leave constraints, intention, expected wage: `services/cli/demo/`) but dummy
encrypted fields of realistic length (matching never reads them). Vacancies come from 150 employers (140
approved) with realistic requirements.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine

from services.cli.demo import DAYS_PER_YEAR, EDUCATION_BY_AGE, TRADE_WEIGHTS, WAGE_WEIGHTS, WAGES, _Pick
from services.core.clock import local_today
from services.core.settings import ROOT
from services.places.county import load_county
from services.places.geography import CITIES
from services.registration.profile import COMPLETE

ENC = "gAAAAAB" + "x" * 133  # a Fernet token of an 18-character ID number is about 140 characters
N_EMPLOYERS, N_APPROVED = 150, 140

SEEKER_COLUMNS = ("id", "ticket_code", "name", "id_hmac", "id_enc", "phone_hmac", "phone_enc",
                  "phone_masked", "birth_date", "gender", "township", "village", "education", "intention",
                  "expected_wage", "willing_to_train", "poor_household", "leave_constraint", "consent_version",
                  "consented_at", "source_kind", "created_at", "updated_at", "profile_answered")
VACANCY_COLUMNS = ("id", "employer_id", "title", "trade", "description", "province", "city", "scope",
                   "distance_km", "travel_hours", "trip_fare", "trip_home_payer", "wage_min", "wage_max", "headcount",
                   "age_min", "age_max", "min_education", "gender", "gender_basis", "housing", "housing_cost",
                   "meals", "meals_cost", "contract_months", "hours_per_day", "days_per_week", "closing_date",
                   "status", "created_at", "updated_at")

# vacancy requirements as recruiters write them
AGE_RANGES = _Pick({(18, 45): 30, (18, 50): 20, (16, 55): 12, (18, 40): 12, (20, 35): 8, (18, 60): 10,
                    (25, 50): 5, (30, 55): 3})
MIN_EDUCATION = _Pick({"none": 25, "primary": 25, "junior": 35, "senior": 10, "vocational": 2, "college": 3})
VACANCY_TRADES = _Pick({"electronics_assembly": 16, "garment_sewing": 10, "shoe_making": 6, "furniture_fitting": 6,
                        "construction": 10, "logistics": 8, "catering": 8, "security_guard": 6, "cleaning": 6,
                        "housekeeping": 4, "nursing_care": 3, "baby_care": 2, "welding": 5, "ag_machinery_repair": 1,
                        "cosmetology": 1, "livestock_breeding": 1, "tea_art": 1, "pig_breeding": 1,
                        "cattle_breeding": 1, "cash_crop_planting": 1, "walnut_planting": 1, "pepper_planting": 1})
SCOPES = _Pick({"local": 25, "province": 20, "out": 55})
GENDER_RULE = _Pick({"": 96, "F": 3, "M": 1})


def _seeker_rows(rng: random.Random, start: int, count: int, today: date, townships: list[tuple[str, list[str]]]):
    """(seeker row tuples, trade rows) with the demo generator's distributions."""
    education = [(limit, _Pick(w)) for limit, w in EDUCATION_BY_AGE]
    trades_by_gender = {g: _Pick({t: w[i] for t, w in TRADE_WEIGHTS.items()}) for i, g in enumerate("MF")}
    n_trades = _Pick({0: 28, 1: 40, 2: 22, 3: 10})
    wage = _Pick(list(zip(WAGES, WAGE_WEIGHTS, strict=True)))
    leave = {"M": _Pick({"none": 86, "care": 6, "health": 5, "other": 3}),
             "F": _Pick({"none": 70, "care": 22, "health": 5, "other": 3})}
    poor = _Pick({"yes": 20, "no": 72, "unknown": 8})
    first_day = datetime.combine(today - timedelta(days=730), datetime.min.time(), UTC)
    rows, trade_rows = [], []
    for i in range(start, start + count):
        gender = "M" if rng.random() < 0.52 else "F"
        age = rng.triangular(18.02, 60.0, 40.0) if rng.random() < 0.94 else rng.uniform(60.0, 65.9)
        birth = date.fromordinal(today.toordinal() - int(age * DAYS_PER_YEAR))
        years = int(age)
        edu = next(pick for limit, pick in education if years < limit)(rng)
        lv = leave[gender](rng) if years < 55 else rng.choice(("none", "none", "care", "health"))
        if lv == "none":
            intention = "go_out" if (r := rng.random()) < 0.5 else "nearby" if r < 0.75 else "either"
        else:
            intention = "nearby" if rng.random() < 0.85 else "either"
        township, villages = townships[rng.randrange(len(townships))]
        created = first_day + timedelta(seconds=int((i / 1_000_000) * 730 * 86400) % (730 * 86400))
        rows.append((i, f"B{i:07d}", "求职者", f"{i:064x}", ENC, f"{i * 7919:064x}", ENC,
                     "139****5678", birth, gender, township, rng.choice(villages), edu, intention,
                     None if rng.random() < 0.25 else wage(rng), rng.random() < 0.6, poor(rng), lv, "2026-11-v1",
                     created, "fair", created, created, COMPLETE))
        for trade in dict.fromkeys(trades_by_gender[gender](rng) for _ in range(n_trades(rng))):
            trade_rows.append((i, trade))
    return rows, trade_rows


def _vacancy_rows(rng: random.Random, count: int, today: date) -> list[tuple]:
    def scope_of(city: str) -> str:  # the county's city is 昭通市 in 云南省 (config/county.toml)
        return "local" if city == "昭通市" else "province" if CITIES[city][0] == "云南省" else "out"

    cities = {scope: [c for c in CITIES if scope_of(c) == scope] for scope in ("local", "province", "out")}
    now = datetime.now(UTC)
    rows = []
    for i in range(1, count + 1):
        scope = SCOPES(rng)
        city = rng.choice(cities[scope])
        wage_min = rng.randrange(2800, 7001, 100)
        age_min, age_max = AGE_RANGES(rng)
        housing, meals = rng.random() < 0.7, rng.random() < 0.5
        created = now - timedelta(days=(count - i) * 180 / count)
        rows.append((i, rng.randrange(1, N_EMPLOYERS + 1), f"岗位{i}", VACANCY_TRADES(rng), "", CITIES[city][0],
                     city, scope, rng.randrange(20, 2500), 10.0, 300, "worker", wage_min,
                     wage_min + rng.randrange(0, 2501, 100), rng.randrange(1, 100), age_min, age_max,
                     MIN_EDUCATION(rng), GENDER_RULE(rng), "", housing, rng.choice((0, 0, 150, 300)) if housing else 0,
                     meals, rng.choice((0, 200, 400)) if meals else 0, 12, 8.0, 6.0,
                     today + timedelta(days=rng.randrange(-10, 91)),
                     "open" if rng.random() < 0.92 else "closed", created, created))
    return rows


def _employer_rows() -> list[tuple]:
    from services.core.validation import make_credit_code

    now = datetime.now(UTC)
    return [(i, f"企业{i}", make_credit_code("441900", i), "广东省", "东莞市", "manufacturing", "李经理", "0769-1",
             "approved" if i <= N_APPROVED else ("pending", "suspended", "rejected")[i % 3], "", "", None, now, now)
            for i in range(1, N_EMPLOYERS + 1)]


EMPLOYER_COLUMNS = ("id", "name", "credit_code", "province", "city", "industry", "contact_name", "contact_phone",
                    "status", "status_note", "reviewed_by", "reviewed_at", "created_at", "updated_at")


def count_rows(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def _write(engine: Engine, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        if engine.dialect.name == "sqlite":
            marks = ", ".join("?" * len(columns))
            cur.execute("BEGIN")
            cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
            cur.execute("COMMIT")
        else:
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            raw.commit()
    finally:
        raw.close()


def build(engine: Engine, *, seekers: int, vacancies: int, seed: int = 7, batch: int = 100_000) -> None:
    """Fill a migrated, empty database."""
    today = local_today()
    county = load_county(ROOT / "config" / "county.toml")
    townships = [(t.name, [v.name for v in t.villages] or [t.name]) for t in county.townships]
    rng = random.Random(seed)
    t0 = time.perf_counter()
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    _write(engine, "employer", EMPLOYER_COLUMNS, _employer_rows())
    for start in range(1, seekers + 1, batch):
        rows, trades = _seeker_rows(rng, start, min(batch, seekers + 1 - start), today, townships)
        _write(engine, "seeker", SEEKER_COLUMNS, rows)
        _write(engine, "seeker_trade", ("seeker_id", "trade"), trades)
        print(f"  seekers {start + len(rows) - 1:,}/{seekers:,}  {time.perf_counter() - t0:.0f} s", flush=True)
    _write(engine, "vacancy", VACANCY_COLUMNS, _vacancy_rows(rng, vacancies, today))
    # some interest and booth scans, so "known by name" has rows to look through
    now = datetime.now(UTC)
    apps = {(rng.randrange(1, vacancies + 1), rng.randrange(1, seekers + 1)) for _ in range(min(20_000, seekers))}
    with engine.connect() as conn:
        employer_of = dict(conn.execute(text("SELECT id, employer_id FROM vacancy")).all())
    _write(engine, "application", ("vacancy_id", "seeker_id", "employer_id", "stage", "source", "note", "created_at",
                                   "updated_at"),
           [(v, s, employer_of[v], "interested", "board", "", now, now) for v, s in apps])
    _write(engine, "booth_scan", ("employer_id", "seeker_id", "method", "at"),
           [(rng.randrange(1, N_EMPLOYERS + 1), rng.randrange(1, seekers + 1), "camera", now) for _ in range(5000)])
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            for table in ("seeker", "vacancy", "employer", "application", "booth_scan"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
            conn.commit()
    print(f"  built in {time.perf_counter() - t0:.0f} s", flush=True)


def analyze(engine: Engine) -> None:
    """PostgreSQL: VACUUM ANALYZE, as autovacuum would after a load. SQLite: nothing, as the app
    never runs ANALYZE there (the plans must be good without statistics)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
