"""A person at human pace registers from the QR link: time to the ticket, then to a full profile.

    python3 bench/human_pace.py [--flow ticket_first|single_form] [--url http://host:port --fair CODE]

A scripted person on a 390x844 phone (Chromium, Chinese) opens /register?fair=<a running fair> and
goes through the steps of a flow (a table of `Step`s below): before each tap a 1.5 s pause, each
keystroke 0.4 s (typed with `page.keyboard.type(..., delay=...)`; a Chinese name costs its pinyin
keystrokes, e.g. 王秀兰 = "wangxiulan" + a candidate pick = 11), and 3 s to read each new screen.
Printed: the time from opening the link to the ticket on screen, and to a full profile, each with
the counts of taps, keystrokes and screens, and how much of the time was the person (the pauses)
and how much the app (the rest). Not a timed assertion: issue 10 aims at 90 s to the ticket and
150 s to a full profile.

Without --url it starts the app on a fresh SQLite database with a fair running today
(bench/browser_bench.py). Each run registers a new person (a fresh ID number and mobile).

`FLOWS` holds the flows as step tables: `single_form` is the registration as it was before
issue 10 (one long form, then the confirmation, then the ticket); `ticket_first` is issue 10's
(name, ID number, mobile, village, consent; confirmation; ticket; then the "tell us more" groups,
each saved with one press). The targets are Playwright selectors, by widget key (`.st-key-<key>`)
where possible: when a page changes, adjust its table only.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser_bench import FAIR, launch, portal  # noqa: E402

TAP_S = 1.5  # to find the next thing and tap it
KEY_S = 0.4  # per keystroke
READ_S = 3.0  # to read a new screen


@dataclass(frozen=True)
class Pace:
    tap_s: float = TAP_S
    key_s: float = KEY_S
    read_s: float = READ_S


HUMAN = Pace()
FAST = Pace(0.0, 0.0, 0.0)  # for tests that only need to reach a screen (tests/browser/test_tap_targets.py)
TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Step:
    """One thing the person does.

    kind: "open" (the QR link: a new screen), "type" (tap a field, type), "choose" (tap a list, maybe type
    to filter, tap an option), "tap" (a choice), "key" (a key such as Enter, no tap), "press" (a button;
    `screen=True` when it leads to a new screen to read), "mark" (nothing done: only a milestone).
    `then`: a selector that shows the step worked (waited for). `keys`: the keystrokes a person makes
    for `text` (default: one per character). `milestone`: a name under which the time and counts so far
    are reported once this step is done.
    """

    kind: str
    target: str = ""
    text: str = ""
    keys: int | None = None
    option: str = ""
    then: str = ""
    screen: bool = False
    milestone: str = ""

    @property
    def keystrokes(self) -> int:
        if self.kind in ("key", "mark"):
            return 1 if self.kind == "key" else 0
        return len(self.text) if self.keys is None else self.keys

    @property
    def taps(self) -> int:
        return {"open": 0, "type": 1, "choose": 2, "tap": 1, "key": 0, "press": 1, "mark": 0}[self.kind]

    @property
    def screens(self) -> int:
        return 1 if self.kind == "open" or self.screen else 0

    def pause_s(self, pace: Pace = HUMAN) -> float:
        """The person's own time for this step: taps, keystrokes, reading."""
        return self.taps * pace.tap_s + self.keystrokes * pace.key_s + self.screens * pace.read_s


@dataclass(frozen=True)
class Tally:
    taps: int = 0
    keystrokes: int = 0
    screens: int = 0
    pause_s: float = 0.0

    def add(self, step: Step, pace: Pace = HUMAN) -> Tally:
        return Tally(self.taps + step.taps, self.keystrokes + step.keystrokes, self.screens + step.screens,
                     self.pause_s + step.pause_s(pace))


def milestones(steps: list[Step], pace: Pace = HUMAN) -> dict[str, Tally]:
    """The counts and the person's own time from the first step up to each milestone (pure arithmetic)."""
    tally, out = Tally(), {}
    for step in steps:
        tally = tally.add(step, pace)
        if step.milestone:
            out[step.milestone] = tally
    return out


@dataclass(frozen=True)
class Person:
    name: str
    name_keys: int  # pinyin keystrokes + the candidate pick
    id_number: str
    mobile: str

    @staticmethod
    def new(rng: random.Random) -> Person:
        from services.core.validation import make_resident_id

        birth = date(1966, 3, 9)  # about 60 years old
        id_number = make_resident_id("530627", birth, rng.randrange(1, 999), "F")
        return Person(name="王秀兰", name_keys=11, id_number=id_number, mobile=f"139{rng.randrange(10**8):08d}")


# --- the flows -------------------------------------------------------------------------------------

PRIMARY = "[data-testid=stMain] button[data-testid^=stBaseButton-primary]"
QR_IMAGE = "[data-testid=stMain] [data-testid=stImage] img"


def single_form(p: Person, fair: str) -> list[Step]:
    """Before issue 10: every answer on one form, then the confirmation, then the ticket (profile included)."""
    radio = ".st-key-reg_{} [role=radiogroup] label:has-text('{}')"
    return [
        Step("open", f"/register?fair={fair}", then=".st-key-reg_name input"),
        Step("type", ".st-key-reg_name input", p.name, keys=p.name_keys),
        Step("type", ".st-key-reg_id_number input", p.id_number),
        Step("type", ".st-key-reg_phone input", p.mobile),
        Step("choose", ".st-key-reg_place input", "东门", keys=7, option="role=option[name='东门村 (城关镇)']"),
        Step("choose", ".st-key-reg_education input", option="role=option[name='初中']"),
        Step("choose", ".st-key-reg_trades input", option="role=option[name='家政服务']"),
        Step("choose", ".st-key-reg_trades input", "缝纫", keys=7, option="role=option[name='服装缝纫']"),
        Step("tap", "[data-testid=stMain] h1"),  # closes the list
        Step("tap", radio.format("intention", "就近")),
        Step("type", ".st-key-reg_expected_wage input", "3000"),
        Step("tap", radio.format("leave_constraint", "照顾")),
        Step("tap", radio.format("willing_to_train", "是")),
        Step("tap", radio.format("poor_household", "否")),
        Step("tap", ".st-key-reg_consent label"),
        Step("press", PRIMARY, then="text=请核对您的信息", screen=True, milestone="confirmation"),
        Step("press", PRIMARY, then=QR_IMAGE, screen=True, milestone="ticket"),
        Step("mark", milestone="full profile"),  # the form asked everything before the ticket
    ]


def ticket_first(p: Person, fair: str) -> list[Step]:
    """Issue 10: who you are and where to reach you, the confirmation, the ticket; then "tell us more".

    Step 1 by widget key (components/registration_form.py), the village by the picker
    (components/village_picker.py: pinyin initials, Enter, tap the village), each profile group a
    box keyed `reg_pf_<ticket code>_<group>_box` with its pills and one Save (components/profile_groups.py);
    a saved group folds into `..._<group>_done`.
    """

    def box(group: str) -> str:
        return f"[class*='st-key-reg_pf_'][class*='_{group}_box']"

    def save(group: str, milestone: str = "") -> Step:
        return Step("press", f"{box(group)} [class*='_{group}_save'] button",
                    then=f"[class*='st-key-reg_pf_'][class*='_{group}_done']", milestone=milestone)

    return [
        Step("open", f"/register?fair={fair}", then=".st-key-reg_name input"),
        Step("type", ".st-key-reg_name input", p.name, keys=p.name_keys),
        Step("type", ".st-key-reg_id_number input", p.id_number),
        Step("type", ".st-key-reg_phone input", p.mobile),
        Step("type", ".st-key-reg_village_query input", "dm"),  # pinyin initials of 东门
        Step("key", "Enter", then=".st-key-reg_village_pick button:has-text('东门村')"),
        Step("tap", ".st-key-reg_village_pick button:has-text('东门村')"),
        Step("tap", ".st-key-reg_consent label"),
        Step("press", ".st-key-reg_next button", then=".st-key-reg_confirm button", screen=True,
             milestone="confirmation"),
        Step("press", ".st-key-reg_confirm button", then=QR_IMAGE, screen=True, milestone="ticket"),
        Step("tap", f"{box('trades')} button:has-text('家政')"),
        Step("tap", f"{box('trades')} button:has-text('缝纫')"),
        save("trades"),
        Step("tap", f"{box('place')} button:has-text('就近')"),
        Step("tap", f"{box('place')} button:has-text('照顾')"),
        save("place"),
        Step("tap", f"{box('education')} button:has-text('初中')"),
        save("education"),
        Step("type", f"{box('wage')} input", "3000"),
        save("wage"),
        Step("tap", f"{box('training')} button:has-text('是')"),
        save("training"),
        Step("tap", f"{box('poor_household')} button:has-text('否')"),
        save("poor_household", milestone="full profile"),
    ]


FLOWS = {"single_form": single_form, "ticket_first": ticket_first}


# --- the person ------------------------------------------------------------------------------------


@dataclass
class Timeline:
    at: dict[str, float] = field(default_factory=dict)  # milestone -> seconds since the link was opened


def settled(page) -> None:
    """The script run has finished (nothing stale, nothing running)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=stElementContainer][data-stale=true],"
        " [data-testid=stStatusWidgetRunningIcon]')", timeout=TIMEOUT_MS)


def do(page, step: Step, base: str, pace: Pace = HUMAN) -> None:
    """One step at `pace`: the pause before a tap, the typing speed, the reading after a new screen."""
    if step.kind == "open":
        page.goto(base + step.target, wait_until="domcontentloaded")
    elif step.kind == "key":
        page.wait_for_timeout(pace.key_s * 1000)
        page.keyboard.press(step.target)
    elif step.kind != "mark":
        page.wait_for_timeout(pace.tap_s * 1000)
        target = page.locator(step.target).first
        target.scroll_into_view_if_needed()
        target.click()
        if step.text:
            page.keyboard.type(step.text, delay=step.keystrokes * pace.key_s * 1000 / len(step.text))
        if step.kind == "choose":
            page.wait_for_timeout(pace.tap_s * 1000)
            page.locator(step.option).first.click()
    if step.then:
        page.locator(step.then).first.wait_for(state="visible", timeout=TIMEOUT_MS)
    if step.kind in ("open", "press", "key"):
        settled(page)
    if step.screens:
        page.wait_for_timeout(pace.read_s * 1000)


def walk(page, steps: list[Step], base: str, *, until: str, pace: Pace = FAST) -> None:
    """Do `steps` on an open page (its "open" steps skipped: the page is open) up to the milestone `until`."""
    for step in steps:
        if step.kind != "open":
            do(page, step, base, pace)
        if step.milestone == until:
            return
    raise ValueError(f"no milestone {until!r} in the steps")


def run(browser, base: str, steps: list[Step], pace: Pace = HUMAN) -> Timeline:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(TIMEOUT_MS)
    timeline = Timeline()
    try:
        page = context.new_page()
        start = time.perf_counter()
        for n, step in enumerate(steps, 1):
            try:
                do(page, step, base, pace)
            except Exception as exc:
                page.screenshot(path=Path(tempfile.gettempdir()) / "human_pace_failed.png")
                raise SystemExit(f"step {n} {step}: {exc}") from exc
            if step.milestone:
                timeline.at[step.milestone] = time.perf_counter() - start
        return timeline
    finally:
        context.close()


def report(flow: str, steps: list[Step], timeline: Timeline, pace: Pace = HUMAN) -> str:
    lines = [f"{flow}: 390x844, Chinese; {pace.tap_s:g} s a tap, {pace.key_s:g} s a keystroke, "
             f"{pace.read_s:g} s to read a screen"]
    for name, tally in milestones(steps, pace).items():
        seconds = timeline.at.get(name)
        took = f"{seconds:6.1f} s (the person {tally.pause_s:.1f} s, the app {seconds - tally.pause_s:.1f} s)" \
            if seconds is not None else "not reached"
        lines.append(f"  {name + ':':<14} {took}; {tally.taps} taps, {tally.keystrokes} keystrokes, "
                     f"{tally.screens} screens")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flow", choices=sorted(FLOWS), default="ticket_first")
    parser.add_argument("--url", help="a running portal (default: start one on a fresh database)")
    parser.add_argument("--fair", default=FAIR, help="the code of a running fair (with --url)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--fast", action="store_true", help="no pauses: check the step table quickly")
    args = parser.parse_args(argv)
    pace = Pace(0.05, 0.01, 0.05) if args.fast else HUMAN

    from playwright.sync_api import sync_playwright

    steps = FLOWS[args.flow](Person.new(random.Random(args.seed)), args.fair)
    with tempfile.TemporaryDirectory(prefix="humanpace-") as tmp, sync_playwright() as pw:
        browser = launch(pw)
        if args.url:
            timeline = run(browser, args.url.rstrip("/"), steps, pace)
        else:
            with portal(Path(tmp), args.root) as base:
                warm = FLOWS[args.flow](Person.new(random.Random()), FAIR)[:1]  # the cold process's first page
                run(browser, base, [replace(warm[0], milestone="")])
                timeline = run(browser, base, steps, pace)
        browser.close()
    print(report(args.flow, steps, timeline, pace))


if __name__ == "__main__":
    main()
