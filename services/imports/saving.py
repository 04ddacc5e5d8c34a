"""Saving a checked list: the chosen valid rows in one transaction, with a batch record.

Each chosen valid row is registered through the registration's own write path, a few hundred rows per
statement (`registration/bulk.py`, the same upsert and rules as `register_seeker`), channel "import"
and the chosen source (a site, a fair, or direct):

- a person not registered yet is **new**: saved, with one check-in (channel "import", the source, the
  import's time; submission id "import:<file checksum>:<row>", so a retry never doubles it). It keeps
  the dashboard's rule that every seeker's first registration is a check-in at that moment: imported
  people count as registered today, at the chosen place (or "direct"), like any new registration;
- a person registered with the same ID number and mobile is **updated** where the row changes
  something (each changed field recorded in `seeker_change`: old → new, reason "import", the batch,
  who) or **unchanged**. Neither gets a check-in: a check-in says someone registered at a place, and
  a list updating a person says nothing of the kind — the batch records the import instead. So a
  re-import of the same file writes only its batch record (everything `unchanged`);
- a known ID number with another mobile is not imported: **needing review**, recorded as an identity
  claim (as the registration page does) for staff to settle with the ID card;
- rows not valid, not chosen, or repeating an ID number of an earlier chosen row are **left out**.
  A row the check flagged as registered with another mobile counts as needing review, chosen or not:
  it is never left out silently. The rows left out are kept for the repair queue (`repairs/keep.py`).

new + updated + unchanged + left_out + needing_review = the file's rows. All or nothing: any failure
undoes every row and the batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.engine import Connection
from sqlmodel import Session

from models import ImportBatch, SeekerChange
from models.base import utcnow
from services.core.crypto import Vault
from services.core.db import transactional
from services.imports.households import Member, link_members, save_households
from services.imports.known import HOUSEHOLD_FIELDS, Known, changes, household_changes, read_known
from services.imports.types import CheckedRow, CheckReport, ImportSummary, ProblemKind, Progress
from services.places.sources import Source
from services.registration.bulk import BulkEntry, register_many
from services.registration.claims import record_claim
from services.repairs.keep import store_left_out

SLICE = 1000  # rows registered per step (the progress bar moves after each)
REASON = "import"
Change = tuple[str, str | None, str | None]


@dataclass
class _Plan:
    new: list[CheckedRow] = field(default_factory=list)
    write: list[tuple[CheckedRow, Known, list[Change]]] = field(default_factory=list)  # updates of the row
    same: list[tuple[CheckedRow, Known, list[Change]]] = field(default_factory=list)  # household changes only
    review: list[tuple[CheckedRow, int | None]] = field(default_factory=list)  # (row, the registered person)
    left_out: int = 0
    left: list[CheckedRow] = field(default_factory=list)  # the rows left out (kept for the repair queue)


def submission_id(sha256: str, row: int) -> str:
    return f"import:{sha256[:32]}:{row}"


@transactional
def import_rows(session: Session, vault: Vault, report: CheckReport, *, staff_id: int | None, source: Source,
                rows: Iterable[int] | None = None, progress: Progress | None = None,
                now: datetime | None = None, township: str | None = None) -> ImportSummary:
    """Save the chosen valid rows (`rows`: their row numbers; default every valid row) in one transaction.

    `township`: a township staff member's import (`accounts.township`): rows of another township are
    left out whatever the check said; the left-out rows whose township is not known are kept in the
    repair queue of this township."""
    now = now or utcnow()
    total = len(report.rows)
    if progress:
        progress(0, total)
    conn = session.connection()
    plan = _plan(conn, vault, report, None if rows is None else set(rows), township)
    table = report.table
    batch = ImportBatch(staff_id=staff_id, created_at=now, file_name=table.file_name[:200], sha256=table.sha256,
                        kind=table.kind, source_kind=str(source.kind), fair_id=source.fair_id, site_id=source.site_id)
    session.add(batch)
    session.flush()
    assert batch.id is not None
    new = updated = 0
    members: list[tuple[CheckedRow, int, bool]] = []  # saved rows, their seeker, whether to (re)link
    history: list[dict[str, object]] = []
    done = total - len(plan.new) - len(plan.write)

    def record(seeker_id: int, found: list[Change]) -> None:
        history.extend({"seeker_id": seeker_id, "field": f, "old": o, "new": n, "reason": REASON,
                        "batch_id": batch.id, "staff_id": staff_id, "at": now} for f, o, n in found)

    work: list[tuple[CheckedRow, BulkEntry, list[Change]]] = [
        *((r, BulkEntry(r.draft, submission_id(table.sha256, r.row)), []) for r in plan.new if r.draft),
        *((r, BulkEntry(r.draft, None, k.sealed), found) for r, k, found in plan.write if r.draft)]
    for start in range(0, len(work), SLICE):
        part = work[start:start + SLICE]
        entries = [entry for _r, entry, _f in part]
        results = register_many(session, vault, entries, source=source, channel=REASON, now=now)
        for (row, entry, found), result in zip(part, results, strict=True):
            if result.taken:  # registered meanwhile from another mobile
                plan.review.append((row, result.seeker_id))
                continue
            new += result.created
            updated += not result.created
            members.append((row, result.seeker_id, entry.submission_id is not None or _moved(found)))
            if not result.created:
                record(result.seeker_id, found)
        done += len(part)
        if progress:
            progress(done, total)
    for row, known, found in plan.same:
        members.append((row, known.seeker_id, _moved(found)))
        record(known.seeker_id, found)
        updated += bool(found)
    _households(conn, members, now)
    if history:
        conn.execute(insert(SeekerChange.__table__), history)
    for row, owner in plan.review:
        if row.draft is not None and owner is not None:
            record_claim(session, vault, row.draft, seeker_id=owner, submission_id=submission_id(table.sha256, row.row),
                         now=now)
    store_left_out(conn, vault, batch.id, plan.left, now, township=township)
    unchanged = sum(1 for _r, _k, found in plan.same if not found)
    batch.rows, batch.new, batch.updated, batch.unchanged = total, new, updated, unchanged
    batch.left_out, batch.needing_review = plan.left_out, len(plan.review)
    session.add(batch)
    session.flush()
    if progress:
        progress(total, total)
    return ImportSummary(batch_id=batch.id, rows=total, new=new, updated=updated, unchanged=unchanged,
                         left_out=plan.left_out, needing_review=len(plan.review))


def _plan(conn: Connection, vault: Vault, report: CheckReport, chosen: set[int] | None,
          township: str | None = None) -> _Plan:
    plan = _Plan()
    digests: dict[int, str] = {}
    seen: set[str] = set()
    candidates: list[CheckedRow] = []
    for row in report.rows:
        flagged = any(p.kind == ProblemKind.REGISTERED_OTHER_PHONE for p in row.problems)
        if row.draft is not None and (flagged or (row.valid and (chosen is None or row.row in chosen))):
            digests[row.row] = vault.digest("id", row.draft.resident_id.number)
        if flagged:
            plan.review.append((row, None))
        elif not row.valid or (chosen is not None and row.row not in chosen) or digests[row.row] in seen \
                or (township is not None and row.draft is not None and row.draft.township != township):
            plan.left_out += 1
            plan.left.append(row)
        else:
            seen.add(digests[row.row])
            candidates.append(row)
    known = read_known(conn, list(digests.values()))
    plan.review = [(r, known[digests[r.row]].seeker_id if digests.get(r.row) in known else None)
                   for r, _owner in plan.review]
    for row in candidates:
        assert row.draft is not None
        person = known.get(digests[row.row])
        if person is None:
            plan.new.append(row)
        elif person.phone_hmac != vault.digest("phone", row.draft.phone):
            plan.review.append((row, person.seeker_id))
        else:
            found, write = changes(person, row.draft)
            found += household_changes(person, row.draft, row.household)
            (plan.write if write else plan.same).append((row, person, found))
    return plan


def _households(conn: Connection, members: list[tuple[CheckedRow, int, bool]], now: datetime) -> None:
    """Households for the saved rows' household lines; members linked where `relink` (new, or moved)."""
    lines = [(Member(seeker_id=sid, key=(r.draft.township, r.draft.village, r.household.code),
                     relation=r.household.relation, size=r.household.size, poor=r.draft.poor_household == "yes",
                     income=r.household.income),
              relink) for r, sid, relink in members if r.household is not None and r.household.code
             and r.draft is not None]
    if not lines:
        return
    ids = save_households(conn, [m for m, _relink in lines], now)
    link_members(conn, [(m.seeker_id, ids[m.key], m.relation) for m, relink in lines if relink])


def _moved(found: list[Change]) -> bool:
    return any(f in HOUSEHOLD_FIELDS for f, _o, _n in found)


__all__ = ["SLICE", "import_rows", "submission_id"]
