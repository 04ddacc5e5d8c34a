"""Prepare a portal database for a bench run (run as a subprocess, so the load generator imports no app code).

    python3 -m bench.loadgen.portal_setup DATABASE_URL FAIR [--staff]

Prints the database's durability (bench/durability.py; a PostgreSQL without fsync or synchronous_commit
is marked NOT PRODUCTION DURABILITY, not refused: these runs test behaviour), migrates, adds the fair
(running today). With `--staff`: an organizer and a recruiter of an approved employer with one open vacancy,
each with a live server-side session; prints JSON with the sign-in cookie of each (the staff cookie a
browser would hold, signed with PORTAL_COOKIE_KEY from the environment, which the app processes must get too).
"""

from __future__ import annotations

import json
import sys
import time

COOKIE = "portal_staff"  # components.auth.COOKIE_NAME


def main(argv: list[str]) -> None:
    import jwt

    from bench.durability import report
    from services.accounts import passwords
    from services.accounts.sessions import start_session
    from services.accounts.staff import create_user
    from services.core.crypto import resolve_cookie_key
    from services.core.db import make_engine, migrate
    from services.core.settings import get_settings
    from services.places.sources import create_fair

    url, fair = argv[0], argv[1]
    engine = make_engine(url)
    report(engine, allow_unsafe=True)  # printed by the caller; loudly marked when not durable
    migrate(engine)
    fair_row = create_fair(engine, code=fair, name="2026年春风行动招聘会", township="城关镇")
    if "--staff" not in argv:
        return
    from tests.factories import make_employer, make_vacancy

    passwords.BCRYPT_ROUNDS = 4
    employer = make_employer(engine, name="东莞市华丰电子有限公司", serial=7)
    make_vacancy(engine, employer, fairs=(fair_row.id,))
    key = resolve_cookie_key(get_settings())
    exp = time.time() + 7 * 24 * 3600
    cookies = {}
    accounts = (("bench_org", "organizer", {}), ("bench_rec", "recruiter", {"employer_id": employer}))
    for username, role, extra in accounts:
        create_user(engine, username=username, display_name=f"压测 {role}", role=role,
                    password="a long bench passphrase", **extra)
        start_session(engine, username=username, cookie_exp=exp)
        cookies[role] = {COOKIE: jwt.encode({"username": username, "exp_date": exp}, key, algorithm="HS256")}
    print(json.dumps(cookies))


if __name__ == "__main__":
    main(sys.argv[1:])
