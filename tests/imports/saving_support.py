"""Hand-built CheckReports for the saving tests (the checker's output, without the checker)."""

from __future__ import annotations

import hashlib

from services.imports.types import (
    FIELDS,
    CheckedRow,
    CheckReport,
    HeaderMapping,
    HouseholdLine,
    Problem,
    ProblemKind,
    RawTable,
)
from services.places.county import County
from services.registration.forms import validate_registration
from tests.factories import form, person_id


def row(county: County, n: int, *, line: int | None = None, household: HouseholdLine | None = None,
        problems: list[Problem] | None = None, **overrides: object) -> CheckedRow:
    """Person `n` (ID number and mobile of their own) as a checked row; `draft=None` when `invalid`."""
    invalid = overrides.pop("invalid", False)
    overrides.setdefault("id_number", person_id(n % 500, gender="M" if n >= 500 else "F"))
    overrides.setdefault("phone", f"139{n:08d}")
    draft = None if invalid else validate_registration(form(**overrides), county=county)
    number = line if line is not None else n + 2
    raw = {"name": str(overrides.get("name", "王秀兰")), "id_number": str(overrides["id_number"]),
           "phone": str(overrides["phone"])}
    if invalid:
        problems = [*(problems or []), Problem(row=number, column="手机号", field="phone", value=raw["phone"],
                                               kind=ProblemKind.PHONE, message="Not a mobile number.")]
    return CheckedRow(row=number, raw=raw, draft=draft, household=household, problems=problems or [])


def report(rows: list[CheckedRow], *, name: str = "东门村.xlsx", content: str = "v1") -> CheckReport:
    headers = tuple(f.header for f in FIELDS)
    table = RawTable(headers=headers, rows=[tuple("" for _ in headers) for _ in rows],
                     row_numbers=[r.row for r in rows], file_name=name,
                     sha256=hashlib.sha256(content.encode()).hexdigest(), kind="xlsx")
    return CheckReport(table=table, mapping=HeaderMapping(columns=dict(enumerate(f.name for f in FIELDS))), rows=rows)


def other_phone(number: int) -> Problem:
    return Problem(row=number, column="身份证号", field="id_number", value="", kind=ProblemKind.REGISTERED_OTHER_PHONE,
                   message="This ID number is already registered with another mobile number.")
