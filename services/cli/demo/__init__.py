"""Demo data: a realistic county with sites, fairs, many registered job seekers, and the
employers, vacancies, applications, hires and booth scans (employers.py, applications.py).

    python -m services.cli demo-data --seekers 5000 [--seed 1] [--fairs 2] [--batch 5000]
                                     [--employers 150] [--vacancies 3000] [--workers 1] [--row-by-row]

Rows are stored exactly as `services.registration.register.register_seeker` stores them
(keyed digests, Fernet-encrypted ID and phone, masked copies, a ticket code from
`new_ticket_code`), but written in bulk, one transaction per batch. Into an empty database
`loader.bulk_load` writes them (COPY on PostgreSQL, executemany on SQLite, from writer processes
that also encrypt; secondary indexes dropped for the load and created again: `bulk.py`), so
10 million seekers are a matter of an hour, not a day; otherwise (or with `--row-by-row`) one Core
`INSERT … ON CONFLICT DO NOTHING` executemany per table and batch. Both draw the same people.

Determinism: on an empty database a given `--seed` always yields the same people,
places, dates and submission ids. Ciphertexts (Fernet draws a random IV) and ticket
codes (`new_ticket_code` draws from `secrets`, as in production) differ between runs.

Re-running on a database that already holds seekers: the random stream is then seeded
with the seed *and* the number of seekers already there, so a re-run draws other
people; seekers are inserted with ON CONFLICT DO NOTHING (a person or ticket code
already present is skipped, never overwritten) and skipped rows are replaced by
fresh draws, so exactly `--seekers` new seekers are added. Ticket codes are also
de-duplicated within the run. Sites and fairs are found again by their codes, employers
by their credit codes; each run adds `vacancies` new vacancies, and applications only
for its own new seekers (to its own new vacancies).

The package: people.py (seekers and check-ins), places.py (sites and fairs), employers.py
(employers and vacancies), applications.py (applications, hires, booth scans), run.py
(`generate_demo`: batches written in bulk), loader.py and bulk.py (the bulk load).
"""

from services.cli.demo.applications import Recruiter, write_applications
from services.cli.demo.employers import APPROVED, PENDING, Job, add_vacancies, employer_plan, ensure_employers
from services.cli.demo.people import (
    DAYS_PER_YEAR,
    EDUCATION_BY_AGE,
    MAX_FAIRS,
    MOBILE_PREFIXES,
    TRADE_WEIGHTS,
    WAGE_WEIGHTS,
    WAGES,
    PeopleFactory,
    _Pick,
)
from services.cli.demo.places import ensure_fairs, ensure_sites, fair_plan
from services.cli.demo.run import DemoReport, generate_demo

__all__ = [
    "APPROVED", "DAYS_PER_YEAR", "EDUCATION_BY_AGE", "MAX_FAIRS", "MOBILE_PREFIXES", "PENDING", "TRADE_WEIGHTS",
    "WAGES", "WAGE_WEIGHTS", "DemoReport", "Job", "PeopleFactory", "Recruiter", "_Pick", "add_vacancies",
    "employer_plan", "ensure_employers", "ensure_fairs", "ensure_sites", "fair_plan", "generate_demo",
    "write_applications",
]

