"""The import's likely-duplicate query at 200,000 registered people (issue 12), before and after the index
of migration 0018 (seeker: township, village, birth_date), on a fresh SQLite file (or --database-url).

    python3 bench/duplicates.py [--seekers 200000] [--rows 20000] [--repeat 3] [--database-url URL]

Inserts `--seekers` people spread over the county's villages (birth dates over 44 years), then times, for a
county-wide list of `--rows` rows (half of them people already registered) and for one village's list:

* **before**: the query as it was (townships IN, villages IN, birth dates BETWEEN: the file's span),
  without the index (dropped for the run): the baseline, in the same run;
* the same query with the index;
* **after**: the query now in `imports/duplicates.py` (each (township, village, birth date) of the file
  looked up in the index, 500 per statement), with the index.

Each figure is the best of `--repeat` runs, with the rows returned and the query plan (SQLite's EXPLAIN
QUERY PLAN / PostgreSQL's EXPLAIN) of the first statement.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from bench.durability import report
from models import Seeker
from services.core.db import make_engine, migrate, select_wide
from services.core.settings import ROOT
from services.imports import duplicates
from services.places.county import County, load_county

INDEX = "ix_seeker_village_birth"
NOW = datetime(2026, 3, 1, tzinfo=UTC)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ("秀兰", "建国", "春梅", "志强", "小红", "文", "伟", "芳", "军", "丽")


def birth(rng: random.Random) -> date:
    return date(1962 + rng.randrange(44), 1 + rng.randrange(12), 1 + rng.randrange(28))


def fill(engine: Engine, county: County, seekers: int, rng: random.Random) -> list[tuple[str, str, date, str]]:
    """`seekers` people inserted directly (ciphertexts are placeholders); their (township, village, birth, name)."""
    places = [(t.name, v.name) for t in county.townships for v in t.villages]
    people = []
    table = Seeker.__table__
    with engine.begin() as conn:
        for start in range(0, seekers, 10_000):
            batch = []
            for n in range(start, min(seekers, start + 10_000)):
                township, village = rng.choice(places)
                born, name = birth(rng), rng.choice(SURNAMES) + rng.choice(GIVEN)
                people.append((township, village, born, name))
                batch.append({"ticket_code": f"B{n:09d}", "name": name, "id_hmac": f"id{n:062d}", "id_enc": "x",
                              "phone_hmac": f"ph{n:062d}", "phone_enc": "x", "phone_masked": "139****0000",
                              "birth_date": born, "gender": "MF"[n % 2], "township": township, "village": village,
                              "profile_answered": "", "consent_version": "v1", "consented_at": NOW,
                              "source_kind": "direct", "created_at": NOW, "updated_at": NOW})
            conn.execute(insert(table), batch)
    return people


def old_query(session: Session, sounds: Iterable[duplicates.Sound]) -> list[Any]:
    """The query before this change (imports/duplicates.py at 0017), kept here as the baseline."""
    places: dict[str, set[str]] = {}
    births: list[date] = []
    for township, village, born, _name in sounds:
        places.setdefault(township, set()).add(village)
        births.append(born)
    villages = sorted({v for vs in places.values() for v in vs})
    statement = select_wide(Seeker.id, Seeker.id_hmac, Seeker.name, Seeker.township, Seeker.village,
                            Seeker.birth_date, Seeker.created_at).where(
        col(Seeker.township).in_(sorted(places)), col(Seeker.village).in_(villages),
        col(Seeker.birth_date).between(min(births), max(births)))
    wanted = {(t, v) for t, vs in places.items() for v in vs}
    return [s for s in session.exec(statement) if (s.township, s.village) in wanted]


def new_query(session: Session, sounds: Iterable[duplicates.Sound]) -> list[Any]:
    return list(duplicates._registered_like(session, sounds))


def plan(engine: Engine, query: Callable[[Session, list[duplicates.Sound]], list[Any]],
         sounds: list[duplicates.Sound]) -> str:
    """The plan of the query's first statement."""
    captured: list[tuple[str, Any]] = []

    def grab(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if not captured and statement.lstrip().upper().startswith("SELECT"):
            captured.append((statement, parameters))

    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", grab)
    try:
        with Session(engine) as session:
            query(session, sounds)
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    statement, parameters = captured[0]
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.cursor()
        raw.execute(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement, parameters)
        rows = raw.fetchall()
    return "; ".join(str(r[-1] if sqlite else r[0]).strip() for r in rows)


def timed(engine: Engine, query: Callable[[Session, list[duplicates.Sound]], list[Any]],
          sounds: list[duplicates.Sound], repeat: int) -> tuple[float, int]:
    best, found = float("inf"), 0
    for _ in range(repeat):
        with Session(engine) as session:
            started = time.perf_counter()
            found = len(query(session, sounds))
            best = min(best, time.perf_counter() - started)
    return best, found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seekers", type=int, default=200_000)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--database-url", help="an empty database to use instead of a fresh SQLite file")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    county = load_county(ROOT / "config" / "county.toml")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}")
        report(engine, allow_unsafe=True)  # reads only: a PostgreSQL without fsync is marked, not refused
        migrate(engine)
        started = time.perf_counter()
        people = fill(engine, county, args.seekers, rng)
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
        print(f"{engine.dialect.name}: {args.seekers:,} seekers inserted in {time.perf_counter() - started:.1f} s")
        registered = [(t, v, b, duplicates.name_sound(n)) for t, v, b, n in rng.sample(people, args.rows // 2)]
        places = sorted({(t, v) for t, v, _b, _n in people})
        new = [(*rng.choice(places), birth(rng), duplicates.name_sound("张玮"))
               for _ in range(args.rows - len(registered))]
        county_list = registered + new
        one_village = [s for s in county_list if (s[0], s[1]) == places[0]]
        lists = {f"county-wide list, {len(county_list):,} rows": county_list,
                 f"one village's list, {len(one_village):,} rows": one_village}
        runs = [("before: old query, no index", old_query, False), ("old query, with the index", old_query, True),
                ("after: new query, with the index", new_query, True)]
        for label, sounds in lists.items():
            print(label)
            for name, query, indexed in runs:
                with engine.begin() as conn:
                    conn.execute(text(f"DROP INDEX IF EXISTS {INDEX}"))
                    if indexed:
                        conn.execute(text(f"CREATE INDEX {INDEX} ON seeker (township, village, birth_date)"))
                    conn.execute(text("ANALYZE"))
                seconds, found = timed(engine, query, sounds, args.repeat)
                print(f"  {name:<34} {seconds * 1000:8.0f} ms  {found:7,} seekers read back")
                print(f"    plan: {plan(engine, query, sounds)[:300]}")
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
