"""The attendance sheet and the completion list: masked names with the village, ticks from the tap list, a
signature column; certificate numbers; typed text never a formula."""

from __future__ import annotations

import io

import openpyxl

from services.training.attendance import record_attendance
from services.training.completion import complete, issue_certificate
from services.training.enrolment import enrol
from services.training.queries import completion_list, course_view, roster
from services.training.sheets import attendance_sheet, completion_sheet
from tests.training.support import course, people, staff


def _english(message: str, **values: object) -> str:
    return message.format(**values)


def _cells(data: bytes) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_the_sheets_hold_masked_names_ticks_and_certificates(engine, vault) -> None:
    org = staff(engine)
    course_id = course(engine, org, sessions=1, title="=HYPERLINK(\"x\")缝纫")
    first, second = people(engine, vault, 2)
    for seeker in (first, second):
        enrol(engine, course_id=course_id, seeker_id=seeker, channel="desk", by=org)
    view = course_view(engine, course_id=course_id, by=org)
    record_attendance(engine, session_id=view.sessions[0].id, seeker_id=first, by=org)
    rows = _cells(attendance_sheet(view, view.sessions[0], roster(engine, course_id=course_id, by=org), _english))
    assert not str(rows[0][0]).startswith("=")  # a typed title is never a formula
    assert rows[4] == ["No.", "Name", "Village", "Attended", "Signature"]
    people_rows = {r[1]: r for r in rows[5:]}
    assert set(people_rows) == {"王*兰", "李*国"}
    assert people_rows["王*兰"][3] == "✓" and people_rows["李*国"][3] in (None, "")
    text = " ".join(str(c) for r in rows for c in r if c is not None)
    assert "王秀兰" not in text and "139" not in text  # no full name, no phone
    enrolment = next(r.enrolment_id for r in roster(engine, course_id=course_id, by=org) if r.seeker_id == first)
    complete(engine, enrolment_id=enrolment, by=org)
    number = issue_certificate(engine, enrolment_id=enrolment, by=org)
    view, done = completion_list(engine, course_id=course_id, by=org)
    rows = _cells(completion_sheet(view, done, _english))
    assert rows[5][1:3] == ["王*兰", "东门村"] and rows[5][4:] == [1, number]
    assert len(rows) == 6
