"""A vacancy's pipeline as CSV (UTF-8 with BOM for Excel), stage by stage; never ID numbers.

An answer not given reads "Not answered"; the last column names the profile groups not
answered yet (empty when the profile is complete). "Notes" carries the application's whole note
history, oldest first, one line per note with its time and author (`note_history`), not only the last."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from services.core.clock import local_zone
from services.core.crypto import Vault
from services.core.i18n import N_, translator
from services.core.reference import APPLICATION_SOURCES, EDUCATION_LEVELS, GENDERS, STAGES, TRADES
from services.places.county import County
from services.recruiting.pipeline_view import VacancyPipeline, vacancy_pipeline
from services.recruiting.stages import STAGE_ORDER, HistoryEntry
from services.registration.profile_labels import MISSING_HEADER, NOT_ANSWERED, list_separator, missing_labels
from services.reporting.exports import neutralize

CSV_COLUMNS = (
    N_("Stage"), N_("Name"), N_("Gender"), N_("Age"), N_("Education"), N_("Trades and skills"), N_("Township"),
    N_("Mobile number"), N_("Came through"), N_("Notes"), N_("Applied at"), N_("Last change"),
    N_("Interviewed at"), N_("Offered at"), N_("Hired at"), N_("Start date"), N_("Monthly wage (yuan)"),
    N_("Contract (months)"), MISSING_HEADER,
)


def pipeline_filename(pipeline: VacancyPipeline, now: datetime | None = None) -> str:
    when = (now or datetime.now(UTC)).astimezone(local_zone())
    return f"pipeline-vacancy{pipeline.vacancy.id}-{when:%Y%m%d-%H%M}.csv"


def note_history(history: tuple[HistoryEntry, ...] | list[HistoryEntry], *, language: str) -> str:
    """Every note of an application's history, oldest first, one per line: "2026-05-01 10:20 王科长: note".
    A step the seeker took is signed "The job seeker" in `language`; steps without a note are left out."""
    _ = translator(language)
    zone = local_zone()
    return "\n".join(f"{h.at.astimezone(zone):%Y-%m-%d %H:%M} {_(h.who) if h.by_seeker else h.who}: {h.note}"
                     for h in history if h.note)


def pipeline_csv(pipeline: VacancyPipeline, *, language: str, county: County) -> bytes:
    """The pipeline as CSV (UTF-8 with BOM for Excel), stage by stage; no ID numbers.
    Text cells a spreadsheet could run as formulas are neutralized as in services.reporting.exports."""
    _ = translator(language)
    zone = local_zone()
    sep, gap = list_separator(language), _(NOT_ANSWERED)

    def when(value: datetime | None) -> str:
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([neutralize(_(h)) for h in CSV_COLUMNS])
    for stage in STAGE_ORDER:
        for c in pipeline.by_stage.get(stage, []):
            cells: list[object] = [
                _(STAGES[c.stage]), c.name, _(GENDERS[c.gender]) if c.gender in GENDERS else c.gender, c.age,
                gap if c.education is None else
                _(EDUCATION_LEVELS[c.education]) if c.education in EDUCATION_LEVELS else c.education,
                gap if "trades" in c.missing else sep.join(_(TRADES[t]) if t in TRADES else t for t in c.trades),
                county.label(c.township, language) if c.township else "", c.phone,
                _(APPLICATION_SOURCES[c.source]) if c.source in APPLICATION_SOURCES else c.source,
                note_history(c.history, language=language),
                when(c.applied_at), when(c.last_change), when(c.interviewed_at), when(c.offered_at),
                when(c.hired_at), c.hire.start_date.isoformat() if c.hire and c.hire.start_date else "",
                c.hire.monthly_wage if c.hire else "", c.hire.contract_months if c.hire else "",
                missing_labels(c.missing, _, language),
            ]
            writer.writerow([neutralize(v) if isinstance(v, str) else v for v in cells])
    return buf.getvalue().encode("utf-8-sig")


def export_pipeline(engine: Engine, vault: Vault, *, vacancy_id: int, employer_id: int | None, language: str,
                    county: County, now: datetime | None = None) -> tuple[str, bytes]:
    """The file name and CSV bytes of a vacancy's pipeline; NoAccess unless it is `employer_id`'s."""
    pipeline = vacancy_pipeline(engine, vault, vacancy_id=vacancy_id, employer_id=employer_id)
    return pipeline_filename(pipeline, now), pipeline_csv(pipeline, language=language, county=county)
