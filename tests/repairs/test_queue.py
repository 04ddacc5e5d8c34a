"""The queue's figures per township (open claims, incomplete profiles, left-out rows, the oldest wait) and the
paged list of incomplete profiles. Both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from services.imports.saving import import_rows
from services.places.sources import Source
from services.registration.claims import record_claim
from services.registration.forms import validate_identity
from services.registration.register import register_seeker
from services.repairs import queue
from tests.factories import form, person_id, register
from tests.imports.saving_support import report, row

NOW = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)


def test_figures_count_open_items_per_township_and_the_oldest_wait(engine, vault, county) -> None:
    register(engine, vault, 0)  # complete profile
    short = validate_identity(form(id_number=person_id(3),
                                   phone="13900000003", township="城关镇", village="东门村"), county=county)
    register_seeker(engine, vault, short, source=Source.direct(), submission_id="s3", now=NOW - timedelta(days=4))
    owner = register(engine, vault, 1)
    with Session(engine) as s:
        record_claim(s, vault, validate_identity(form(id_number=person_id(1),
                                                      phone="13800000009"), county=county),
                     seeker_id=owner.seeker_id, submission_id="c1", now=NOW - timedelta(days=2))
        s.commit()
    import_rows(engine, vault, report([row(county, 7, invalid=True)]), staff_id=None, source=Source.direct(),
                now=NOW - timedelta(days=1))
    figures = {f.township: f for f in queue.figures(engine)}
    town = figures["城关镇"]
    assert (town.claims, town.incomplete) == (1, 1)
    assert town.waited_days(NOW) == 4
    assert sum(f.left_out for f in figures.values()) == 1
    people, total = queue.incomplete(engine, township="城关镇")
    assert total == 1 and people[0].missing == ["trades", "place", "education", "wage", "training", "poor_household"]
    assert queue.incomplete(engine, township="大河乡")[1] == 0
    assert [c.seeker_id for c in queue.open_claims(engine, vault, township="城关镇")] == [owner.seeker_id]
    assert queue.open_claims(engine, vault, township="大河乡") == []
