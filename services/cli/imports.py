"""`python -m services.cli import-seekers FILE [--dry-run] [--source CODE] [--township NAME]`: a village list
from a script.

Reads the file (`imports.reading`: type by content, encodings, loose headers), checks every row
(`imports.checking`), saves the valid rows (`imports.saving.import_rows`, one transaction) and prints
ONE JSON object: rows, valid, new, updated, unchanged, left_out, needing_review, problems and repairs
counted per kind, and the batch's id. `--dry-run` runs the very same save and rolls it back, so its
counts are exactly what a real run would do now, and nothing is written. `--source` is the code of
the fair or site the people are registered at (default: direct); `--township` imports for one township
only, as its staff would on the page (rows of other townships are refused, row by row).

A refused file, missing columns or an unknown source print one translated line and exit with 1 (no
JSON); a real run that fails exits non-zero, having saved nothing.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from sqlalchemy.engine import Engine

from services.cli.output import CliError
from services.core.crypto import vault_for
from services.core.db import unit_of_work
from services.core.errors import FieldErrors
from services.core.i18n import N_
from services.core.settings import get_settings
from services.imports import checking, reading
from services.imports.saving import import_rows
from services.imports.types import FIELD_BY_NAME, ImportSummary
from services.places.county import load_county
from services.places.sources import Source, resolve_source

MISSING_COLUMNS = N_("These columns are missing: {columns}.")
UNKNOWN_SOURCE = N_("There is no open fair or site with the code {code}.")
UNKNOWN_TOWNSHIP = N_("The county has no township named {township}.")


class _RollBack(Exception):
    """Ends a dry run's transaction without committing."""


def source_for(engine: Engine, code: str | None) -> Source:
    """The fair (first) or site with this code; none given: direct."""
    if not code:
        return Source.direct()
    for found in (resolve_source(engine, fair_code=code), resolve_source(engine, site_code=code)):
        if found.problem is None:
            return found.source
    raise CliError(UNKNOWN_SOURCE, code=code)


def cmd_import_seekers(args: argparse.Namespace, engine: Engine) -> None:
    # looked up on their modules when the command runs (tests may stand in for them)
    read_table, match_headers, check_table = reading.read_table, reading.match_headers, checking.check_table
    settings = get_settings()
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(N_("The file cannot be read: {reason}"), reason=exc.strerror or "") from None
    table = read_table(data, path.name)
    mapping = match_headers(table.headers)
    if not mapping.ok:
        raise FieldErrors.one("file", MISSING_COLUMNS, columns="、".join(FIELD_BY_NAME[f].header
                                                                          for f in mapping.missing))
    vault = vault_for(settings)
    source = source_for(engine, args.source)
    county = load_county(settings.county_file)
    township = getattr(args, "township", None) or None
    if township is not None and county.township(township) is None:
        raise CliError(UNKNOWN_TOWNSHIP, township=township)
    scope = {"township": township} if township else {}  # (tests may stand in for check_table)
    report = check_table(engine, vault, table, mapping, county=county, **scope)
    summary: ImportSummary | None = None
    if args.dry_run:
        try:
            with unit_of_work(engine) as session:
                summary = import_rows(session, vault, report, staff_id=None, source=source, township=township)
                raise _RollBack
        except _RollBack:
            pass
    else:
        summary = import_rows(engine, vault, report, staff_id=None, source=source, township=township)
    assert summary is not None
    print(json.dumps({
        "rows": summary.rows, "valid": len(report.valid_rows), "new": summary.new, "updated": summary.updated,
        "unchanged": summary.unchanged, "left_out": summary.left_out, "needing_review": summary.needing_review,
        "problems": dict(sorted(Counter(str(p.kind) for p in report.problems).items())),
        "repairs": dict(sorted(Counter(str(r.kind) for r in report.repairs).items())),
        "dry_run": bool(args.dry_run), "batch_id": None if args.dry_run else summary.batch_id,
    }, ensure_ascii=False))


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    cmd = sub.add_parser("import-seekers", help="check a village list (.xlsx or .csv) and save its valid rows; "
                                                "prints one JSON object with the counts")
    cmd.add_argument("file", help="the list: .xlsx, or .csv in UTF-8 or GBK")
    cmd.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
    cmd.add_argument("--source", help="code of the fair or site the people are registered at (default: direct)")
    cmd.add_argument("--township", help="import for this township only: rows of other townships are refused")
    return cmd
