"""Command line for operators: `python -m services.cli --help`.

    python -m services.cli migrate
    python -m services.cli create-fair --name "春风行动招聘会" --code SPRING26 --township 城关镇
    python -m services.cli create-site --name "幸福社区安置点" --code XINGFU --township 新街镇
    python -m services.cli sources          # every fair and site with its registration URL
    python -m services.cli create-staff --username zhang --name "张科长" --role organizer
    python -m services.cli demo-data --seekers 5000 --seed 1   # a demo county (see services/cli/demo/)
    python -m services.cli demo-data --seekers 5000 --vacancies 50000   # ... with more vacancies
    python -m services.cli import-seekers 东门村.xlsx --dry-run --source XINGFU   # a village list (imports.py)
    python -m services.cli rebuild-summaries [--verify]   # the dashboard's summary tables (summaries.py)
    python -m services.cli refresh-households   # daily: household rows made stale by the days, retention folded
    python -m services.cli backup /var/backups/portal/   # SQLite online copy or pg_dump (backups.py)
    python -m services.cli restore BACKUP [--to URL] [--force]

Expected failures (a code already taken, a missing or unknown township, a bad date, an
unknown company) print one line in the portal's language (PORTAL_LANGUAGE, Chinese by
default) and exit with status 1. Links are printed with PORTAL_BASE_URL.
"""

from __future__ import annotations

import argparse
import sys

from sqlalchemy.engine import Engine

from services.cli import backups, households, imports, summaries
from services.cli.demo import APPROVED, MAX_FAIRS, generate_demo
from services.cli.output import CliError, _, base_url, date_option, refused
from services.core.crypto import vault_for
from services.core.db import make_engine, migrate, unit_of_work
from services.core.errors import PortalError
from services.core.i18n import N_
from services.core.settings import get_settings
from services.places.county import County, load_county
from services.places.fair_status import fair_status
from services.places.sources import FAIR_STATUSES, create_fair, create_site, list_fairs, list_sites, registration_url
from services.reporting.audit_detail import ROLE_LABELS


def _engine() -> Engine:
    engine = make_engine(get_settings().effective_database_url)
    migrate(engine)
    return engine


def cmd_migrate(_args: argparse.Namespace) -> None:
    _engine()
    print(_(N_("The database schema is up to date: {database}"),
            database=get_settings().effective_database_url.split("@")[-1]))


def _county() -> County:
    return load_county(get_settings().county_file)


def cmd_create_fair(args: argparse.Namespace) -> None:
    starts_on, ends_on = date_option(args.starts_on, "--starts-on"), date_option(args.ends_on, "--ends-on")
    fair = create_fair(
        _engine(), name=args.name, code=args.code, venue=args.venue, township=args.township,
        campaign=args.campaign, starts_on=starts_on, ends_on=ends_on, status=args.status, county=_county(),
    )
    print(_(N_("Job fair {code}: {name}"), code=fair.code, name=fair.name))
    print(registration_url(base_url(), fair_code=fair.code))


def cmd_create_site(args: argparse.Namespace) -> None:
    site = create_site(_engine(), name=args.name, code=args.code, kind=args.kind, township=args.township,
                       county=_county())
    print(_(N_("Registration point {code}: {name}"), code=site.code, name=site.name))
    print(registration_url(base_url(), site_code=site.code))


def cmd_create_staff(args: argparse.Namespace) -> None:
    """Create a staff account; the password is asked for (or read from PORTAL_NEW_PASSWORD)."""
    import getpass
    import os

    from models import Employer
    from services.accounts.staff import create_user

    if args.role == "recruiter" and args.employer_id is None:
        raise CliError(N_("A recruiter acts for a company: give --employer-id (see the Employers page)."))
    engine = _engine()
    if args.role == "recruiter":
        with unit_of_work(engine, write=False) as session:
            if session.get(Employer, args.employer_id) is None:
                raise CliError(N_("There is no company with the number {id} (see the Employers page)."),
                               id=args.employer_id)
    password = os.environ.get("PORTAL_NEW_PASSWORD") or getpass.getpass("password: ")
    # a refused name or password raises FieldErrors: main() prints it as one line
    user = create_user(engine, username=args.username, display_name=args.name, role=args.role,
                       password=password, email=args.email, actor="cli",
                       employer_id=args.employer_id if args.role == "recruiter" else None,
                       township=args.township, city=args.city)
    print(_(N_("{role} {username} created; sign in at {url}"), role=_(ROLE_LABELS.get(user.role, user.role)),
            username=user.username, url=f"{base_url().rstrip('/')}/signin"))


def cmd_sources(_args: argparse.Namespace) -> None:
    base = base_url()
    with unit_of_work(_engine(), write=False) as session:
        for fair in list_fairs(session):
            status = _(FAIR_STATUSES[fair_status(fair)])  # its dates, in the county's time zone
            print(f"{_(N_('Job fair'))}  {fair.code:<10} {status}  {fair.name}  "
                  f"{registration_url(base, fair_code=fair.code)}")
        for site in list_sites(session):
            state = _(N_("Active") if site.active else N_("Closed"))
            print(f"{_(N_('Registration point'))}  {site.code:<10} {state}  {site.name}  "
                  f"{registration_url(base, site_code=site.code)}")


def cmd_demo_data(args: argparse.Namespace) -> None:
    settings = get_settings()
    report = generate_demo(
        _engine(), vault_for(settings), load_county(settings.county_file), seekers=args.seekers,
        seed=args.seed, fairs=args.fairs, batch=args.batch, employers=args.employers, vacancies=args.vacancies,
        village_list=True, bulk=not args.row_by_row, workers=args.workers,
    )
    rate = report.seekers / report.seconds if report.seconds else 0.0
    print(_(N_("total time {seconds} s ({rate} seekers/s)"), seconds=f"{report.seconds:.1f}", rate=f"{rate:,.0f}"))


def cmd_rebuild_summaries(args: argparse.Namespace) -> None:
    summaries.cmd_rebuild_summaries(args, _engine())


def cmd_import_seekers(args: argparse.Namespace) -> None:
    imports.cmd_import_seekers(args, _engine())


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m services.cli", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)

    fair = sub.add_parser("create-fair", help="create a job fair and print its registration URL")
    fair.add_argument("--name", required=True)
    fair.add_argument("--code", help="short code for the QR link (default: generated)")
    fair.add_argument("--venue", default="")
    fair.add_argument("--township", default="")
    fair.add_argument("--campaign", default="", help='e.g. "春风行动"')
    fair.add_argument("--starts-on", help="first day, e.g. 2026-03-05")
    fair.add_argument("--ends-on", help="last day (default: the first day)")
    fair.add_argument("--status", default="open", choices=["planned", "open", "closed"])
    fair.set_defaults(func=cmd_create_fair)

    site = sub.add_parser("create-site", help="create a relocation site or village point and print its URL")
    site.add_argument("--name", required=True)
    site.add_argument("--code")
    site.add_argument("--kind", default="relocation", choices=["relocation", "village_point"])
    site.add_argument("--township", default="")
    site.set_defaults(func=cmd_create_site)

    sub.add_parser("sources", help="list fairs and sites with their URLs").set_defaults(func=cmd_sources)

    staff = sub.add_parser("create-staff", help="create an organizer or recruiter account (asks for the password)")
    staff.add_argument("--username", required=True)
    staff.add_argument("--name", required=True, help="display name, e.g. 县人社局 张科长")
    staff.add_argument("--role", default="organizer", choices=["organizer", "recruiter", "desk", "township",
                                                               "workstation"])
    staff.add_argument("--email", default="")
    staff.add_argument("--employer-id", type=int, default=None, help="the company a recruiter acts for")
    staff.add_argument("--township", default=None, help="township staff: their township, e.g. 大河乡")
    staff.add_argument("--city", default=None, help="workstation staff: the destination city, e.g. 东莞市")
    staff.set_defaults(func=cmd_create_staff)

    demo = sub.add_parser("demo-data", help="fill the database with a demo county: sites, fairs, seekers")
    demo.add_argument("--seekers", type=_positive, default=5000, help="new seekers to add (default 5000)")
    demo.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    demo.add_argument("--fairs", type=int, default=2, choices=range(1, MAX_FAIRS + 1), metavar="N",
                      help=f"fairs, 1-{MAX_FAIRS}; the first is open today (default 2)")
    demo.add_argument("--batch", type=_positive, default=5000, help="seekers per transaction (default 5000)")
    demo.add_argument("--employers", type=int, default=APPROVED, metavar="N",
                      help=f"approved employers, found again on a re-run (default {APPROVED}; 0: no recruiting data)")
    demo.add_argument("--vacancies", type=int, default=3000, metavar="N",
                      help="new vacancies, with applications and hires from a share of the new seekers (default 3000)")
    demo.add_argument("--workers", type=int, default=1, metavar="N",
                      help="processes sealing and writing (COPY on PostgreSQL) batches while the next are drawn "
                           "(default 1, the most for SQLite; 0: all in one process)")
    demo.add_argument("--row-by-row", action="store_true",
                      help="insert with ON CONFLICT DO NOTHING even into an empty database (no COPY, no index drop)")
    demo.set_defaults(func=cmd_demo_data)

    imports.add_parser(sub).set_defaults(func=cmd_import_seekers)
    backups.add_parsers(sub)
    summaries.add_parser(sub).set_defaults(func=cmd_rebuild_summaries)
    households.add_parser(sub).set_defaults(func=lambda args: households.cmd_refresh_households(args, _engine()))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; an expected failure prints one translated line to stderr and returns 1."""
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except PortalError as exc:
        print(refused(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
