"""How soon a registration on the primary shows on a streaming replica, and what the dashboard's lag check costs.

    python3 bench/replica.py [--count 200]

Starts a primary and a hot standby from Debian's binaries (tests/pg.py `StreamingReplica`: fsync off,
`synchronous_commit` on, both on this machine), migrates, then registers `--count` people one at a time
through `register_seeker` on the primary and, after each commit, polls the read engine (services/core/read_db.py)
every 2 ms until the person is there. Prints the delay from the commit's return to visible on the replica (median,
95th percentile, max), the time of one `replica_lag` check (with the primary's WAL position, as the dashboard
does), and one dashboard build on the primary and on the replica.
Not a test; the figures depend on the machine's load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bench.durability import BANNER, report
from services.core.crypto import Vault
from services.core.db import make_engine, migrate
from services.core.read_db import make_read_engine, replica_lag
from services.core.settings import ROOT
from services.places.county import load_county
from services.places.sources import Source
from services.registration.register import register_seeker, validate_registration
from services.reporting.dashboard import DashboardFilter, build_dashboard
from tests.factories import form, person_id
from tests.pg import StreamingReplica, find_bindir


def _ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"median {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, max {values[-1] * 1000:.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    bindir = find_bindir()
    if bindir is None:
        print("no PostgreSQL server binaries: apt-get install postgresql")
        return 2
    pair = StreamingReplica(bindir)
    try:
        primary_url, standby_url = pair.start()
        primary = make_engine(primary_url)
        report(primary, allow_unsafe=True, label="primary")  # tests/pg.py's pair: fsync off, marked loudly
        migrate(primary)
        reads = make_read_engine(standby_url)
        vault, county = Vault.from_secret("bench-secret-key-that-is-long-enough-0123456789"), load_county(
            ROOT / "config" / "county.toml")
        delays: list[float] = []
        for n in range(args.count):
            draft = validate_registration(form(id_number=person_id(n, gender="MF"[n % 2]), phone=f"138{n:08d}"),
                                          county=county)
            seeker_id = register_seeker(primary, vault, draft, source=Source.direct(),
                                        submission_id=f"bench-{n}").seeker_id
            committed = time.perf_counter()
            with reads.connect() as conn:
                while not conn.execute(text("SELECT 1 FROM seeker WHERE id = :i"), {"i": seeker_id}).first():
                    conn.rollback()
                    time.sleep(0.002)
            delays.append(time.perf_counter() - committed)
        checks = []
        for _ in range(50):
            started = time.perf_counter()
            lag = replica_lag(reads, primary=primary)
            checks.append(time.perf_counter() - started)
        builds = {}
        for name, engine in (("primary", primary), ("replica", reads)):
            build_dashboard(engine, DashboardFilter())  # warm
            started = time.perf_counter()
            build_dashboard(engine, DashboardFilter())
            builds[name] = time.perf_counter() - started
        print(f"streaming replica on this machine (fsync off: {BANNER}, synchronous_commit on), {args.count} "
              "registrations into an empty database")
        print(f"registration visible on the replica after the commit returned: {_ms(delays)}")
        print(f"replica_lag check (primary's WAL position + the replica's): {_ms(checks)}; last: {lag}")
        print("dashboard build, whole county: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in builds.items()))
        primary.dispose()
        reads.dispose()
    finally:
        pair.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
