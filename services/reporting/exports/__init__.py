"""Exports of registered job seekers to CSV and Excel, masked by default, full IDs audited.

Rows are streamed from the database in batches (a server-side cursor on PostgreSQL) and
written as they come: a CSV incrementally, an .xlsx with XlsxWriter's `constant_memory`
mode, so memory stays flat for hundreds of thousands of seekers. Headers and labels are
in the reader's language; place names through the county file.

Every text cell that a spreadsheet could read as a formula (starting with `=`, `+`, `-`,
`@`, tab, carriage return or NUL) is prefixed with a single quote (OWASP "CSV
injection"); numbers stay numbers, and the .xlsx writer never turns text into formulas.

Masks are made from the decrypted values: no part of an ID number is stored in clear
(models/seeker.py), so the masked export decrypts each row's ID in its batch and masks it (first
6 and last 4 characters); the phone mask is the stored `phone_masked`.

The full-ID export (organizers only; the page checks the role) decrypts ID numbers and
phones and records an `AuditEvent` in the same service call: the event commits only with
a complete file, and a file is returned only after the event committed (one transaction
on PostgreSQL; see `export_full_ids` for SQLite, which has a single writer).

The package: filters.py (which seekers), cells.py (columns, labels, the formula guard),
writers.py (CSV and .xlsx), export.py (streaming, the audited full-ID export).
"""

from services.reporting.exports.cells import (
    CAN_LEAVE_HOME,
    COLUMNS,
    FORMULA_TRIGGERS,
    QUOTE,
    SHEET_NAME,
    SOURCE_LABELS,
    neutralize,
)
from services.reporting.exports.export import (
    AUDIT_ACTION,
    BATCH_SIZE,
    ExportResult,
    ProgressCallback,
    export_filename,
    export_full_ids,
    export_registrations,
)
from services.reporting.exports.filters import (
    MIME_TYPES,
    DateField,
    ExportChoices,
    ExportFilter,
    ExportFormat,
    Place,
    count_registrations,
    export_choices,
)
from services.reporting.exports.writers import XLSX_MAX_ROWS

__all__ = [
    "AUDIT_ACTION", "BATCH_SIZE", "CAN_LEAVE_HOME", "COLUMNS", "FORMULA_TRIGGERS", "MIME_TYPES", "QUOTE",
    "SHEET_NAME", "SOURCE_LABELS", "XLSX_MAX_ROWS", "DateField", "ExportChoices", "ExportFilter", "ExportFormat",
    "ExportResult", "Place", "ProgressCallback", "count_registrations", "export_choices", "export_filename",
    "export_full_ids", "export_registrations", "neutralize",
]
