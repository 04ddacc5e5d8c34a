"""bench/human_pace.py's arithmetic: what each step costs a person, and the counts up to each milestone
(no browser, no server)."""

from __future__ import annotations

import random

import pytest

from bench.human_pace import FAST, FLOWS, KEY_S, READ_S, TAP_S, Pace, Person, Step, Tally, Timeline, milestones, report
from services.core.validation import normalize_mobile, parse_resident_id


@pytest.mark.parametrize(("step", "taps", "keys", "screens"), [
    (Step("open", "/register"), 0, 0, 1),
    (Step("type", ".a input", "13912345678"), 1, 11, 0),
    (Step("type", ".a input", "王秀兰", keys=11), 1, 11, 0),  # pinyin keystrokes, not characters
    (Step("choose", ".a input", option="role=option"), 2, 0, 0),
    (Step("choose", ".a input", "东门", keys=7, option="role=option"), 2, 7, 0),
    (Step("tap", ".a label"), 1, 0, 0),
    (Step("key", "Enter"), 0, 1, 0),
    (Step("press", "button"), 1, 0, 0),
    (Step("press", "button", screen=True), 1, 0, 1),
    (Step("mark", milestone="x"), 0, 0, 0),
])
def test_each_step_costs_its_taps_keystrokes_and_reading(step: Step, taps: int, keys: int, screens: int) -> None:
    assert (step.taps, step.keystrokes, step.screens) == (taps, keys, screens)
    assert step.pause_s() == pytest.approx(taps * TAP_S + keys * KEY_S + screens * READ_S)
    assert step.pause_s(Pace(tap_s=2, key_s=1, read_s=10)) == taps * 2 + keys + screens * 10
    assert step.pause_s(FAST) == 0


def test_milestones_add_up_the_steps_before_them() -> None:
    steps = [
        Step("open", "/register", then="x"),  # 3 s
        Step("type", "name", "王秀兰", keys=11),  # 1.5 + 4.4
        Step("type", "mobile", "13912345678"),  # 1.5 + 4.4
        Step("press", "next", screen=True),  # 1.5 + 3
        Step("press", "confirm", screen=True, milestone="ticket"),  # 1.5 + 3
        Step("tap", "pill"),  # 1.5
        Step("press", "save", milestone="full profile"),  # 1.5
    ]
    found = milestones(steps)
    assert list(found) == ["ticket", "full profile"]
    assert found["ticket"] == Tally(taps=4, keystrokes=22, screens=3, pause_s=pytest.approx(3 + 5.9 * 2 + 4.5 * 2))
    assert found["full profile"].taps == 6 and found["full profile"].keystrokes == 22
    assert found["full profile"].pause_s == pytest.approx(found["ticket"].pause_s + 3.0)


def test_report_splits_the_time_between_the_person_and_the_app() -> None:
    steps = [Step("open", "/r"), Step("press", "b", screen=True, milestone="ticket"),
             Step("mark", milestone="full profile")]
    text = report("demo", steps, Timeline(at={"ticket": 10.0}))
    assert text.startswith("demo: 390x844, Chinese; 1.5 s a tap, 0.4 s a keystroke, 3 s to read a screen")
    assert "ticket:" in text and "10.0 s (the person 7.5 s, the app 2.5 s); 1 taps, 0 keystrokes, 2 screens" in text
    assert "full profile:  not reached" in text


@pytest.mark.parametrize("flow", sorted(FLOWS))
def test_every_flow_reaches_the_ticket_then_a_full_profile(flow: str) -> None:
    steps = FLOWS[flow](Person.new(random.Random(1)), "SPRING26")
    assert steps[0].kind == "open" and steps[0].target == "/register?fair=SPRING26"
    found = milestones(steps)
    assert list(found)[-2:] == ["ticket", "full profile"]
    assert found["ticket"].pause_s <= found["full profile"].pause_s
    assert found["full profile"].taps == sum(s.taps for s in steps)


def test_people_are_valid() -> None:
    rng = random.Random(7)
    for _ in range(50):
        p = Person.new(rng)
        assert parse_resident_id(p.id_number).gender == "F"
        assert normalize_mobile(p.mobile) == p.mobile
