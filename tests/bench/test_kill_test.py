"""The kill test's machinery, short (bench/kill_test.py runs the full one): SIGKILL during registrations,
retries after a dropped confirm, nothing confirmed lost or doubled, SQLite intact. No timing thresholds."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bench import kill_test
from bench.loadgen.processes import Portal


def test_kills_and_dropped_confirms_lose_and_double_nothing(tmp_path: Path) -> None:
    with Portal(tmp_path, processes=1, database="sqlite") as portal:
        # two kills at fixed points of progress (not times: a busy machine only slows it down); every 4th
        # person first drops the connection right after tapping "confirm", then tries again
        tally = asyncio.run(kill_test.run(portal, people=15, sessions=5, gap=(0.0, 0.0), drop_every=4,
                                          timeout=90, seconds=600, kill_at=[4, 10]))
        audit = portal.audit(tally.people)
    assert len(tally.kills) == 2
    assert tally.dropped >= 1 and tally.retried >= tally.dropped
    assert tally.gave_up == 0 and tally.shown == 15, tally.errors
    assert audit["lost"] == 0 and audit["duplicated"] == 0 and audit["mismatched"] == 0, audit
    assert audit["seekers"] == 15 and audit["strangers"] == 0 and audit["integrity"] == "ok", audit
    assert audit["checkins"] >= 15


def test_a_retry_after_an_unconfirmed_submit_shows_the_same_ticket(tmp_path: Path) -> None:
    """The portal's rule: the same ID number from the same mobile is the same person (an upsert on the ID
    number's keyed digest), so the second try shows the ticket the first one stored, and no second row."""
    from bench.loadgen import scenarios

    person = scenarios.Person(4242)
    with Portal(tmp_path, processes=1, database="sqlite") as portal:
        url = portal.urls[0]

        async def go() -> tuple[str, str]:
            await kill_test.drop_after_confirm(url, person, 90, False)
            await asyncio.sleep(1)  # let the dropped run finish on the server, if it runs at all
            first = await scenarios.portal(url, person, fair=kill_test.FAIR, timeout=90)
            again = await scenarios.portal(url, person, fair=kill_test.FAIR, timeout=90)
            return first.code or first.error, again.code or again.error

        first, again = asyncio.run(go())
        audit = portal.audit({person.id_number: [first, again]})
    assert first == again and len(first) == 8
    assert audit["seekers"] == 1 and audit["lost"] == 0 and audit["duplicated"] == 0 and audit["mismatched"] == 0
