"""The dry run against the people already registered, on SQLite and on PostgreSQL: the same ID number
with the same mobile (an update), with another mobile (needs review), and names that sound alike."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import event

from services.imports.checking import check_table
from services.imports.messages import LIKELY_REGISTERED
from services.imports.types import ProblemKind
from services.places.sources import Source
from services.registration.register import register_seeker, validate_registration
from tests.factories import form
from tests.imports.checking_rows import MAPPING, TODAY, cells, id_of, phone_of, table

ALIKE_BIRTH = date(1990, 1, 1)


def _register(engine, vault, county, n: int, *, name: str, id_number: str, phone: str, village: str = "岩脚村",
              at: datetime = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)) -> int:
    draft = validate_registration(form(name=name, id_number=id_number, phone=phone, township="大河乡",
                                       village=village), county=county, today=TODAY)
    return register_seeker(engine, vault, draft, source=Source.direct(), submission_id=f"setup-{n}",
                           now=at).seeker_id


def test_registered_people_are_updates_reviews_or_warnings(engine, vault, county) -> None:
    same = _register(engine, vault, county, 1, name="王秀兰", id_number=id_of(1), phone=phone_of(1))
    _register(engine, vault, county, 2, name="李建国", id_number=id_of(2), phone="13800000002")
    _register(engine, vault, county, 3, name="张伟", id_number=id_of(3, born=ALIKE_BIRTH), phone=phone_of(3))
    _register(engine, vault, county, 4, name="张玮", id_number=id_of(6, born=ALIKE_BIRTH), phone=phone_of(6),
              village="松林村")  # the same sound and birth date in another village: not alike
    rows = [
        cells(1, name="王秀兰"),  # row 2: the same ID number and mobile: an update
        cells(2, name="李建国"),  # row 3: the same ID number, another mobile: needs review
        cells(3, name="张伟", id_number=id_of(3, born=ALIKE_BIRTH)),  # row 4: the registered 张伟 himself
        cells(4, name="张玮", id_number=id_of(4, born=ALIKE_BIRTH)),  # row 5: sounds like the registered 张伟
        cells(5),  # row 6: new
    ]
    report = check_table(engine, vault, table(rows), MAPPING, county=county, today=TODAY)
    by_row = {r.row: r for r in report.rows}

    assert by_row[2].existing_seeker_id == same and by_row[2].valid and not by_row[2].problems
    (review,) = by_row[3].problems
    assert (review.kind, review.blocking, review.field) == (ProblemKind.REGISTERED_OTHER_PHONE, True, "id_number")
    assert review.message == ("Already registered ({name}, {village}, {date}) with another mobile: needs review.",
                              {"name": "李*国", "village": "岩脚村", "date": "2026-03-02"})
    assert by_row[3].existing_seeker_id is None and not by_row[3].valid
    # rows 4 and 5 sound alike in the file; row 5 also sounds like the registered 张伟, row 4 is him
    (in_file,) = by_row[4].problems
    assert by_row[4].existing_seeker_id is not None and in_file.message[1]["rows"] == "5"
    alike = {p.message[0]: p for p in by_row[5].problems}
    assert {p.kind for p in alike.values()} == {ProblemKind.LIKELY_DUPLICATE}
    assert not any(p.blocking for p in alike.values())
    registered = alike[LIKELY_REGISTERED]
    assert registered.message[1] == {"name": "张*", "date": "2026-03-02"}
    assert by_row[5].valid and by_row[5].existing_seeker_id is None
    assert by_row[6].valid and by_row[6].existing_seeker_id is None and not by_row[6].problems


def test_a_long_file_reads_the_database_in_a_few_queries(engine, vault, county) -> None:
    _register(engine, vault, county, 1, name="王秀兰", id_number=id_of(1), phone=phone_of(1))
    rows = [cells(n) for n in range(1, 1201)]
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        report = check_table(engine, vault, table(rows), MAPPING, county=county, today=TODAY)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert report.rows[0].existing_seeker_id is not None
    assert len(statements) <= 3  # ID numbers by the thousand (2), the likely duplicates (1): never one per row
