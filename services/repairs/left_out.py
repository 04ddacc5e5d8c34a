"""Rows an import left out: kept when the import is saved, then fixed in place or dismissed.

The cells (ID numbers, phones) are stored only encrypted (Vault, JSON); the problems are stored without
the values as typed, and shown with the ID number and phone masked. A fix checks the row with the import's
own rules (`imports.row_rules.RowChecker`: `validate_registration`, consent given as the import does) and
registers it through `register_seeker`, channel "import", the batch's source and the import's submission
id, with its household link (code, relation, members) made the way the import makes it
(`imports.households`). Fixed or dismissed, a row is marked (who, when, why) and kept.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime

from sqlmodel import Session

from models import ImportBatch, LeftOutRow
from models.base import utcnow
from services.accounts.township import TownshipScope
from services.core.crypto import Vault
from services.core.db import transactional
from services.core.errors import FieldErrors, Message, NotFound, StateChanged
from services.core.i18n import N_
from services.core.validation import mask_id, mask_mobile
from services.imports.households import Member, link_members, save_households
from services.imports.messages import OTHER_TOWNSHIP
from services.imports.row_rules import RowChecker
from services.imports.saving import submission_id
from services.imports.types import FIELD_BY_NAME, CheckedRow, HeaderMapping, Problem, ProblemKind, RawTable
from services.places.county import County
from services.places.sources import Source
from services.registration.register import IdentityTaken, register_seeker

FIXED, DISMISSED = "fixed", "dismissed"
GONE = N_("This row is no longer in the repair queue.")
CLOSED = N_("Someone else has fixed or dismissed this row already.")
NEED_REASON = N_("Please say why this row is dismissed.")
TAKEN = N_("This ID number is already registered with another mobile number. The registration desk settles "
           "it with the ID card.")


def masked(field: str, value: str) -> str:
    """A cell as the queue shows it: ID numbers and phones masked."""
    text = (value or "").strip()
    if field == "id_number":
        return mask_id(text)
    if field == "phone":
        return mask_mobile(text) if len(text) >= 8 else "*" * len(text)
    return text


def cells(vault: Vault, item: LeftOutRow) -> dict[str, str]:
    """The row's cells as typed (decrypted: only for the fix form)."""
    return dict(json.loads(vault.decrypt(item.cells_enc)))


def problems(item: LeftOutRow, raw: Mapping[str, str]) -> list[Problem]:
    """The stored problems, each with its value masked."""
    out = []
    for p in json.loads(item.problems):
        message: Message = (p["message"][0], p["message"][1]) if p["message"][1] else p["message"][0]
        expected: Message = (p["expected"][0], p["expected"][1]) if p["expected"][1] else p["expected"][0]
        out.append(Problem(item.row, p["column"], p["field"], masked(p["field"], raw.get(p["field"], "")),
                           ProblemKind(p["kind"]), message, expected, p["blocking"]))
    return out


def _open(session: Session, item_id: int, township: str | None) -> LeftOutRow:
    item = session.get(LeftOutRow, item_id, with_for_update=True)
    if item is None:
        raise NotFound(GONE)
    TownshipScope(township).check(item.township)
    if item.closed_at is not None:
        raise StateChanged(CLOSED)
    return item


def check_cells(raw: Mapping[str, str], *, county: County, row: int = 0, today: date | None = None
                ) -> CheckedRow:
    """One row checked with the import's rules (the fields named by `raw`)."""
    names = [f for f in raw if f in FIELD_BY_NAME]
    table = RawTable(headers=tuple(FIELD_BY_NAME[f].header for f in names), rows=[], row_numbers=[],
                     file_name="", sha256="", kind="repair")
    checker = RowChecker(table, HeaderMapping(columns=dict(enumerate(names))), county, today or date.today())
    checked, _facts = checker.check(row, {f: str(raw[f] or "") for f in names})
    return checked


@transactional
def fix_left_out(session: Session, vault: Vault, *, item_id: int, raw: Mapping[str, str], staff_id: int,
                 county: County, today: date | None = None, now: datetime | None = None,
                 township: str | None = None) -> int:
    """Register a left-out row as corrected (FieldErrors, by field, when it is still wrong); its seeker id.

    `raw` holds the corrected cells; a cell it leaves out or empty keeps the value stored (so an ID number
    that was right need not be typed again). `township`: township staff fix rows of their township, into
    their township, only (PortalError for a row of another one)."""
    item = _open(session, item_id, township)
    raw = {**cells(vault, item), **{k: str(v) for k, v in raw.items() if str(v or "").strip()}}
    checked = check_cells(raw, county=county, row=item.row, today=today)
    blocking = [p for p in checked.problems if p.blocking]
    if township and not blocking and checked.draft is not None and checked.draft.township != township:
        raise FieldErrors({"township": (OTHER_TOWNSHIP, {"township": checked.draft.township, "yours": township})})
    if blocking or checked.draft is None:
        errors: dict[str, Message] = {}
        for p in blocking:
            errors.setdefault(p.field, p.message)
        raise FieldErrors(errors or {"name": N_("Please check this row.")})
    batch = session.get(ImportBatch, item.batch_id)
    assert batch is not None
    now = now or utcnow()
    source = Source(kind=batch.source_kind, fair_id=batch.fair_id, site_id=batch.site_id)
    try:
        result = register_seeker(session, vault, checked.draft, source=source, channel="import", now=now,
                                 submission_id=submission_id(batch.sha256, item.row))
    except IdentityTaken as exc:
        raise FieldErrors({"id_number": TAKEN}) from exc
    _join(session, checked, result.seeker_id, now)
    item.cells_enc = vault.encrypt(json.dumps(raw, ensure_ascii=False))
    item.closed_at, item.closed_by, item.outcome, item.seeker_id = now, staff_id, FIXED, result.seeker_id
    session.add(item)
    session.flush()
    return result.seeker_id


def _join(session: Session, checked: CheckedRow, seeker_id: int, now: datetime) -> None:
    """The row's household line, as the import saves it: the household made or found, the person linked."""
    line, draft = checked.household, checked.draft
    if line is None or not line.code or draft is None:
        return
    member = Member(seeker_id=seeker_id, key=(draft.township, draft.village, line.code), relation=line.relation,
                    size=line.size, poor=draft.poor_household == "yes")
    conn = session.connection()
    ids = save_households(conn, [member], now)
    link_members(conn, [(seeker_id, ids[member.key], member.relation)])


@transactional
def dismiss_left_out(session: Session, *, item_id: int, staff_id: int, reason: str,
                     now: datetime | None = None, township: str | None = None) -> None:
    """Take a row out of the queue with a reason (kept and marked, never deleted); `township` as for a fix."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise FieldErrors.one("reason", NEED_REASON)
    item = _open(session, item_id, township)
    item.closed_at, item.closed_by, item.outcome, item.reason = now or utcnow(), staff_id, DISMISSED, reason[:200]
    session.add(item)
    session.flush()
