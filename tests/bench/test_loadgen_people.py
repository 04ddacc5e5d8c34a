"""The load generator's simulated people are valid and distinct (no database, no server)."""

from __future__ import annotations

from bench.loadgen.scenarios import TICKET, Person
from services.core.validation import normalize_mobile, normalize_name, parse_resident_id


def test_people_are_valid_and_distinct() -> None:
    people = [Person(n) for n in (*range(0, 5000), 10_000_000, 10_000_001, 11_999_999)]
    assert len({p.id_number for p in people}) == len(people)
    for p in people[::97]:
        rid = parse_resident_id(p.id_number)
        assert rid.number == p.id_number and rid.gender == ("M" if p.male else "F")
        assert normalize_mobile(p.mobile) == p.mobile
        assert normalize_name(p.name) == p.name


def test_ticket_code_is_read_from_the_ticket_markup() -> None:
    found = TICKET.search("<div style='font-size:2.6rem'>7KQM 4XZ2</div>")
    assert found and found.group(1) + found.group(2) == "7KQM4XZ2"
