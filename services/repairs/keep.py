"""Keeping the rows an import leaves out, for the repair queue: the cells encrypted (Vault, JSON), the
problems without the values as typed. Called by `imports.saving.import_rows` inside its transaction."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from models import LeftOutRow
from services.core.crypto import Vault
from services.core.errors import message_parts
from services.imports.types import CheckedRow, Problem, ProblemKind


def _problem_json(p: Problem) -> dict[str, Any]:
    mid, values = message_parts(p.message)
    eid, evalues = message_parts(p.expected)
    return {"column": p.column, "field": p.field, "kind": str(p.kind), "message": [mid, values],
            "expected": [eid, evalues], "blocking": p.blocking}


def _place(row: CheckedRow, field: str) -> str:
    """The township or village as the check repaired it (城关 → 城关镇), else as typed."""
    repaired = next((r.after for r in row.repairs if r.field == field), None)
    return (repaired or row.raw.get(field) or "").strip()


def _township(row: CheckedRow, uploader: str | None) -> str:
    """The queue a row waits in: its township; a township staff member's row whose township is blank or
    unknown waits in theirs (a row of another known township waits in that township's)."""
    unknown = any(p.field == "township" and p.kind in (ProblemKind.BLANK, ProblemKind.UNKNOWN_TOWNSHIP)
                  for p in row.problems)
    return uploader if uploader and unknown else _place(row, "township")


def store_left_out(conn: Connection, vault: Vault, batch_id: int, rows: Iterable[CheckedRow],
                   now: datetime, *, township: str | None = None) -> int:
    """Keep the rows an import left out (called by `imports.saving.import_rows`, in its transaction);
    `township`: the uploader's township, for rows that name none the county knows."""
    values = [{"batch_id": batch_id, "row": r.row, "township": _township(r, township)[:40],
               "village": _place(r, "village")[:60],
               "problems": json.dumps([_problem_json(p) for p in r.problems], ensure_ascii=False, default=str),
               "cells_enc": vault.encrypt(json.dumps(r.raw, ensure_ascii=False)), "created_at": now}
              for r in rows]
    if values:
        conn.execute(insert(LeftOutRow.__table__), values)
    return len(values)
