"""What the database holds after a bench run, against what the phones saw (a subprocess: app code and keys).

    python3 -m bench.loadgen.audit < seen.json     (DATABASE_URL, PORTAL_SECRET_KEY in the environment)

stdin: {"people": {ID number: [ticket codes shown to that person, one per attempt that showed one]}}.
stdout (JSON): seekers and check-ins stored; per person the rows under their ID number (found by its keyed
digest, as the app finds them); `lost`: people shown a ticket with no row, or a row with another code;
`duplicated`: people with more than one row, or codes shown twice for different people; `mismatched`:
different codes shown to one person; `unseen`: rows of people never shown a ticket (a submit whose answer
the phone never got); `integrity`: PRAGMA integrity_check on SQLite, "n/a" on PostgreSQL.
"""

from __future__ import annotations

import json
import sys
from collections import Counter


def main() -> None:
    from sqlalchemy import text

    from services.core.crypto import vault_for
    from services.core.db import make_engine
    from services.core.settings import get_settings

    settings = get_settings()
    vault = vault_for(settings)
    people: dict[str, list[str]] = json.load(sys.stdin)["people"]
    engine = make_engine(settings.effective_database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id_hmac, ticket_code FROM seeker")).all()
        checkins = conn.execute(text("SELECT count(*) FROM checkin")).scalar_one()
        integrity = ("; ".join(r[0] for r in conn.execute(text("PRAGMA integrity_check")))
                     if conn.dialect.name == "sqlite" else "n/a")
    by_digest: dict[str, list[str]] = {}
    for digest, code in rows:
        by_digest.setdefault(digest, []).append(code)
    lost = duplicated = mismatched = confirmed = 0
    digests = set()
    for number, codes in people.items():
        digest = vault.digest("id", number)
        digests.add(digest)
        stored = by_digest.get(digest, [])
        duplicated += len(stored) > 1
        if codes:
            confirmed += 1
            mismatched += len(set(codes)) > 1
            lost += not stored or any(c not in stored for c in codes)
    shown = Counter(c for codes in people.values() for c in set(codes))
    duplicated += sum(1 for n in shown.values() if n > 1)
    unseen = sum(1 for number, codes in people.items() if not codes and vault.digest("id", number) in by_digest)
    print(json.dumps({
        "seekers": len(rows), "checkins": checkins, "confirmed": confirmed, "lost": lost,
        "duplicated": duplicated, "mismatched": mismatched, "unseen": unseen,
        "strangers": len(set(by_digest) - digests), "integrity": integrity,
    }))


if __name__ == "__main__":
    main()
