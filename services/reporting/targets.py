"""Yearly targets set by organizers: registrations, people employed, people transferred out, people trained,
for the whole county (township "") and for each township.

The targets page edits a whole year at once: `target_table` gives one row per place with
the current values, `save_targets` validates every cell, then writes the changes in one
transaction (a cleared cell removes that target) and records who changed what.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import SupportsInt, cast

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from models import AuditEvent, Target, TargetMetric
from models.base import utcnow
from services.core.db import transactional
from services.core.errors import FieldError, FieldErrors
from services.core.i18n import N_
from services.places.county import County

METRIC_LABELS: dict[str, str] = {
    TargetMetric.REGISTRATIONS: N_("Registrations"),
    TargetMetric.EMPLOYED: N_("People employed"),
    TargetMetric.TRANSFERRED_OUT: N_("People transferred out"),
    TargetMetric.TRAINED: N_("People trained"),
}
METRICS: tuple[str, ...] = tuple(METRIC_LABELS)
MAX_TARGET = 10_000_000
MIN_YEAR, MAX_YEAR = 2000, 2100
COUNTY = ""  # the township value of the county-wide targets

Key = tuple[str, str]  # (township, metric)


@dataclass(frozen=True)
class TargetRow:
    township: str  # "" for the county
    values: dict[str, int | None] = field(default_factory=dict)  # metric -> target or None


def parse_target(raw: object) -> int | None:
    """A target as typed: blank (no target) or a whole number from 0 to 10,000,000."""
    if raw is None:
        return None
    if isinstance(raw, str):
        text = raw.strip().replace(",", "").replace("，", "")
        if not text:
            return None
        try:
            raw = float(text) if any(ch in text for ch in ".eE") else int(text)
        except ValueError:
            raise FieldError(N_("A target is a whole number of people, 0 or more.")) from None
    if isinstance(raw, bool):
        raise FieldError(N_("A target is a whole number of people, 0 or more."))
    if isinstance(raw, float):
        if math.isnan(raw):
            return None
        if not raw.is_integer():
            raise FieldError(N_("A target is a whole number of people, 0 or more."))
        raw = int(raw)
    if not isinstance(raw, int):
        try:
            raw = int(cast(SupportsInt, raw))  # numpy integers from the table editor; TypeError otherwise
        except (TypeError, ValueError):
            raise FieldError(N_("A target is a whole number of people, 0 or more.")) from None
    if raw < 0:
        raise FieldError(N_("A target is a whole number of people, 0 or more."))
    if raw > MAX_TARGET:
        raise FieldError(N_("A target cannot be more than 10,000,000."))
    return raw


def check_year(year: int) -> int:
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year must be between {MIN_YEAR} and {MAX_YEAR}")
    return year


def get_targets(engine: Engine, year: int) -> dict[Key, int]:
    """{(township, metric): value} for one year; township "" is the county."""
    t = Target.__table__.c
    with engine.connect() as conn:
        rows = conn.execute(select(t.township, t.metric, t.value).where(t.year == check_year(year)))
        return {(township, metric): value for township, metric, value in rows}


def target_table(engine: Engine, year: int, county: County) -> list[TargetRow]:
    """The county first, then each configured township, then any other township with targets."""
    current = get_targets(engine, year)
    places = [COUNTY, *(t.name for t in county.townships)]
    places += sorted({t for t, _m in current} - set(places))
    return [TargetRow(p, {m: current.get((p, m)) for m in METRICS}) for p in places]


def township_sums(rows: list[TargetRow]) -> dict[str, tuple[int, int | None]]:
    """Per metric: (sum of the township targets, county target), to show where they disagree."""
    out = {}
    for m in METRICS:
        county = next((r.values.get(m) for r in rows if r.township == COUNTY), None)
        out[m] = (sum(r.values.get(m) or 0 for r in rows if r.township != COUNTY), county)
    return out


def validate_targets(cells: Mapping[Key, object], county: County) -> dict[Key, int | None]:
    """Check every cell; raise FieldErrors keyed by (township, metric) listing all refused cells."""
    allowed = {COUNTY, *(t.name for t in county.townships)}
    errors: dict[Key, str] = {}
    clean: dict[Key, int | None] = {}
    for (township, metric), raw in cells.items():
        if township not in allowed:
            errors[(township, metric)] = N_("This township is not in the county.")
            continue
        if metric not in METRICS:
            errors[(township, metric)] = N_("Unknown target.")
            continue
        try:
            clean[(township, metric)] = parse_target(raw)
        except FieldError as exc:
            errors[(township, metric)] = exc.message
    if errors:
        raise FieldErrors(errors)
    return clean


@transactional
def save_targets(session: Session, year: int, cells: Mapping[Key, object], *, county: County,
                 actor: str = "") -> int:
    """Set the given cells for `year` (None or blank removes a target); returns how many changed.

    Cells not given are left alone. Everything is validated first; nothing is written if
    any cell is refused.
    """
    year = check_year(year)
    clean = validate_targets(cells, county)
    now = utcnow()
    changes: list[dict] = []
    existing = {(t.township, t.metric): t for t in session.execute(
        select(Target).where(col(Target.year) == year)).scalars()}
    for (township, metric), value in clean.items():
        row = existing.get((township, metric))
        old = row.value if row is not None else None
        if old == value:
            continue
        if value is None:
            assert row is not None  # no row and no value: unchanged, skipped above
            session.execute(delete(Target).where(col(Target.id) == row.id))
        elif row is None:
            session.add(Target(year=year, township=township, metric=metric, value=value, updated_at=now))
        else:
            row.value, row.updated_at = value, now
        changes.append({"township": township, "metric": metric, "old": old, "new": value})
    if changes:
        session.add(AuditEvent(actor=actor, action="targets_saved", detail={"year": year, "changes": changes}))
    return len(changes)
