"""The hiring pipeline, in one import: stages and their history, hires, a vacancy's candidates, CSV.

The parts live in their own modules (one responsibility each):

- services.recruiting.stages: `record_stage`, the one way a seeker is moved along, and the history;
- services.recruiting.hires: hire terms, recording and cancelling a hire (never deleting it), the
  `HireRecorded` / `HireCancelled` events, an application's hire records;
- services.recruiting.pipeline_view: the vacancies to choose from and a vacancy's candidates by stage;
- services.recruiting.pipeline_csv: the pipeline as a CSV file.
"""

from __future__ import annotations

from services.recruiting.hires import (
    HireCancelled,
    HireRecord,
    HireRecorded,
    HireTerms,
    validate_hire_terms,
)
from services.recruiting.pipeline_csv import CSV_COLUMNS, export_pipeline, pipeline_csv, pipeline_filename
from services.recruiting.pipeline_view import (
    Candidate,
    EmployerChoice,
    VacancyChoice,
    VacancyPipeline,
    employers_with_vacancies,
    list_vacancies,
    vacancy_pipeline,
)
from services.recruiting.stages import (
    SEEKER_ACTED,
    STAGE_ORDER,
    HistoryEntry,
    NoAccess,
    StageResult,
    UnknownSeeker,
    application_history,
    record_stage,
)

__all__ = [
    "CSV_COLUMNS",
    "SEEKER_ACTED",
    "STAGE_ORDER",
    "Candidate",
    "EmployerChoice",
    "HireCancelled",
    "HireRecord",
    "HireRecorded",
    "HireTerms",
    "HistoryEntry",
    "NoAccess",
    "StageResult",
    "UnknownSeeker",
    "VacancyChoice",
    "VacancyPipeline",
    "application_history",
    "employers_with_vacancies",
    "export_pipeline",
    "list_vacancies",
    "pipeline_csv",
    "pipeline_filename",
    "record_stage",
    "vacancy_pipeline",
    "validate_hire_terms",
]
