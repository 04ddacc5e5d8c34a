"""Registration scenarios: one simulated phone opens the link, fills the form, submits, reads its ticket.

Each flow is data (`Flow`: the start path and a list of `Step`s: which widgets to fill, found by
kind and key or label, which button to press, what must show after): `PORTAL` follows this
project's flow (tests/browser/test_register_browser.py), `REFERENCE` bench/reference_app.py's one
form. When a page changes, change its list. `run_flow` drives one phone through a flow and reads
the 8-character ticket code at the end.
Every simulated person is distinct: a valid 18-character resident ID number (GB 11643-1999)
and an 11-digit mobile number, both derived from the person's number.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from bench.loadgen.client import SessionError, StreamlitSession, Widget

AREA_CODE = "530627"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "秀兰国华建军丽芳志强玉梅小红文明海燕春生桂英德福"
TICKET = re.compile(r"\b([0-9A-Z]{4}) ([0-9A-Z]{4})\b")
TYPING = "typing"  # the reruns while filling a screen (Fill.rerun), summed per phone
MOBILE_PREFIXES = ("135", "136", "137", "138", "139", "150", "151", "158", "159", "186", "187", "188")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def resident_id(area: str, birth: date, sequence: int, male: bool) -> str:
    """Same rule as services.core.validation.make_resident_id (kept here so the client needs no app code)."""
    first17 = f"{area}{birth:%Y%m%d}{(sequence % 500) * 2 + (1 if male else 0):03d}"
    return first17 + ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


@dataclass(frozen=True)
class Person:
    n: int

    @property
    def male(self) -> bool:
        return self.n % 2 == 1

    @property
    def id_number(self) -> str:
        """Unique for n below 12 million: (birth date, sequence, gender) differ."""
        birth = date(1966, 1, 1) + timedelta(days=(self.n // 1000) % 12_000)
        return resident_id(AREA_CODE, birth, (self.n // 2) % 500, self.male)

    @property
    def mobile(self) -> str:
        """11 digits on a prefix that phonenumbers knows as a mainland mobile range."""
        return f"{MOBILE_PREFIXES[self.n % len(MOBILE_PREFIXES)]}{self.n % 100_000_000:08d}"

    @property
    def name(self) -> str:
        return SURNAMES[self.n % len(SURNAMES)] + GIVEN[(self.n // 7) % len(GIVEN)] + GIVEN[(self.n // 3) % len(GIVEN)]

    @property
    def wage(self) -> int:
        return 3000 + 500 * (self.n % 8)


@dataclass
class Outcome:
    """One simulated phone's registration: the ticket it read, and the time of each script run."""

    person: int
    code: str = ""
    error: str = ""
    steps: dict[str, float] = field(default_factory=dict)
    session: StreamlitSession | None = None  # still open (hold=True): the caller closes it

    @property
    def submit_to_ticket(self) -> float:
        """From pressing submit to the ticket on screen: the server's reruns, without reading time."""
        return sum(t for name, t in self.steps.items() if name not in ("open", TYPING))


async def _timed(outcome: Outcome, name: str, action) -> None:
    start = time.perf_counter()
    await action
    outcome.steps[name] = time.perf_counter() - start


async def _close_or_hold(s: StreamlitSession, outcome: Outcome, hold: bool) -> None:
    if hold and not outcome.error:
        outcome.session = s
    else:
        await s.close()


def _pick(options: list[str], n: int, *, skip_last: bool = False) -> str:
    usable = options[:-1] if skip_last else options
    return usable[n % len(usable)]


def form_submit_button(s: StreamlitSession) -> Widget:
    return next(w for w in s.widgets() if w.kind == "button" and w.proto.is_form_submitter)


def alerts(s: StreamlitSession) -> list[str]:
    return [e.alert.body for _path, e in s.ordered() if e.WhichOneof("type") == "alert"]


def read_ticket(s: StreamlitSession) -> str:
    for text in s.texts():
        found = TICKET.search(text)
        if found:
            return found.group(1) + found.group(2)
    return ""


# --- the flows as data: what each screen asks, which button goes on, what must show next ----------

Value = Callable[[Person, Widget], Any]


@dataclass(frozen=True)
class Fill:
    """Set one widget, found by kind and key or label; `value(person, widget)` gives its value."""

    kind: str
    value: Value
    key: str | None = None
    label: str | None = None
    optional: bool = False  # not on screen: skip it (e.g. a field a returning person has not)
    rerun: bool = False  # outside a form: the page reruns when it is set (a text box left, a pill tapped)

    async def apply(self, s: StreamlitSession, person: Person, outcome: Outcome) -> None:
        try:
            widget = s.find(self.kind, key=self.key, label=self.label)
        except SessionError:
            if self.optional:
                return
            raise
        if self.rerun:  # timed apart, as "typing": not part of submit -> ticket
            start = time.perf_counter()
            await s.submit(widget, self.value(person, widget))
            outcome.steps[TYPING] = outcome.steps.get(TYPING, 0.0) + time.perf_counter() - start
        else:
            s.set(widget, self.value(person, widget))


@dataclass(frozen=True)
class Press:
    """The button that ends a step: by key or label, or the form's submit button, or the one primary
    button outside a form."""

    key: str | None = None
    label: str | None = None
    form_submit: bool = False
    primary: bool = False

    def find(self, s: StreamlitSession) -> Widget:
        buttons = [w for w in s.widgets() if w.kind in ("button", "download_button")]
        if self.form_submit:
            hits = [w for w in buttons if w.proto.is_form_submitter]
        elif self.primary:
            hits = [w for w in buttons if w.proto.type == "primary" and not w.proto.is_form_submitter]
        else:
            hits = [w for w in buttons if (self.key is None or w.key == self.key)
                    and (self.label is None or w.label == self.label)]
        if len(hits) != 1:
            raise SessionError(f"{len(hits)} buttons match {self}; messages: " + " | ".join(alerts(s))[:300])
        return hits[0]


def expect_button(press: Press) -> Callable[[StreamlitSession], None]:
    """After the step, this button must be on screen (the next step's)."""
    def check(s: StreamlitSession) -> None:
        press.find(s)
    return check


def expect_ticket(s: StreamlitSession) -> None:
    if not read_ticket(s):
        raise SessionError("no ticket code on screen: " + " | ".join(s.texts())[:300])


@dataclass(frozen=True)
class Step:
    """One screen: fill these widgets, press this button (one script run, timed as `name`), check."""

    name: str
    press: Press
    fills: tuple[Fill, ...] = ()
    expect: Callable[[StreamlitSession], None] | None = None


@dataclass(frozen=True)
class Flow:
    """Where a phone starts (URL path and query, `{fair}` filled in) and the steps to its ticket."""

    path: str
    steps: tuple[Step, ...]


def _text(attr: str) -> Value:
    return lambda person, _widget: getattr(person, attr)


def _option(*, skip_last: bool = False) -> Value:
    return lambda person, widget: _pick(widget.options, person.n, skip_last=skip_last)


def _two_trades(person: Person, widget: Widget) -> list[str]:
    options = widget.options
    return [options[person.n % len(options)], options[(person.n + 5) % len(options)]]


FORM_SUBMIT = Press(form_submit=True)
PRIMARY = Press(primary=True)

# This project's registration (pages/public/register.py, components/registration_form.py): one form
# with everything, "next" to the confirmation step, "confirm", the ticket.
ONE_FORM = Flow("/register?fair={fair}&lang=zh", (
    Step("submit", FORM_SUBMIT, (
        Fill("text_input", _text("name"), key="reg_name"),
        Fill("text_input", _text("id_number"), key="reg_id_number"),
        Fill("text_input", _text("mobile"), key="reg_phone"),
        Fill("selectbox", _option(skip_last=True), key="reg_place"),  # the last option is "not in the list"
        Fill("selectbox", _option(), key="reg_education", optional=True),
        Fill("multiselect", _two_trades, key="reg_trades", optional=True),
        Fill("radio", _option(), key="reg_intention", optional=True),
        Fill("radio", _option(), key="reg_leave_constraint", optional=True),
        Fill("radio", _option(), key="reg_willing_to_train", optional=True),
        Fill("radio", _option(), key="reg_poor_household", optional=True),
        Fill("number_input", _text("wage"), key="reg_expected_wage", optional=True),
        Fill("checkbox", lambda _p, _w: True, key="reg_consent"),
    ), expect_button(PRIMARY)),
    Step("confirm", PRIMARY, expect=expect_ticket),
))

# Ticket first (issue 10), the portal's registration now: name, ID number, mobile, the village
# (components/village_picker.py: type in its search box, tap a village pill), consent; "next"
# (st.button reg_next, no st.form) to the confirmation, "confirm" (reg_confirm), the ticket. The
# profile groups come after the ticket and are optional, so the load generator skips them.
# `ONE_FORM` above is the single form before issue 10 (kept for comparing old figures).
PORTAL = Flow("/register?fair={fair}&lang=zh", (
    Step("submit", Press(key="reg_next"), (
        Fill("text_input", _text("name"), key="reg_name"),
        Fill("text_input", _text("id_number"), key="reg_id_number"),
        Fill("text_input", _text("mobile"), key="reg_phone"),
        Fill("text_input", lambda p, _w: "城关", key="reg_village_query", rerun=True),
        Fill("button_group", _option(skip_last=True), key="reg_village_pick", rerun=True),
        Fill("checkbox", lambda _p, _w: True, key="reg_consent"),
    ), expect_button(Press(key="reg_confirm"))),
    Step("confirm", Press(key="reg_confirm"), expect=expect_ticket),
))
TICKET_FIRST = PORTAL

# bench/reference_app.py: one form, the code on screen.
REFERENCE = Flow("/", (
    Step("submit", FORM_SUBMIT, (
        Fill("text_input", _text("name"), key="name"),
        Fill("text_input", _text("id_number"), key="id_number"),
        Fill("text_input", _text("mobile"), key="phone"),
        Fill("selectbox", _option(), key="village"),
        Fill("selectbox", _option(), key="education"),
        Fill("multiselect", _two_trades, key="trades"),
        Fill("radio", _option(), key="intention"),
        Fill("number_input", _text("wage"), key="wage"),
        Fill("checkbox", lambda _p, _w: True, key="consent"),
    ), expect_ticket),
))


FLOWS = {"ticket-first": PORTAL, "one-form": ONE_FORM}  # the portal's registration, by page version


async def run_step(s: StreamlitSession, step: Step, person: Person, outcome: Outcome, think: float = 0.0) -> None:
    """Fill, think, press (timed), check what must show."""
    for fill in step.fills:
        await fill.apply(s, person, outcome)
    await asyncio.sleep(think)
    await _timed(outcome, step.name, s.click(step.press.find(s)))
    if step.expect is not None:
        step.expect(s)


async def run_flow(base_url: str, flow: Flow, person: Person, *, fair: str = "", think: float = 0.0,
                   timeout: float = 60.0, hold: bool = False, load_page: bool = False) -> Outcome:
    """One phone through `flow`: open, every step, then read the ticket code. `load_page`: GET the page first
    and keep its cookies (a proxy's sticky-session cookie)."""
    outcome = Outcome(person.n)
    s = StreamlitSession(base_url, flow.path.format(fair=fair), timeout=timeout)
    try:
        await _timed(outcome, "open", s.open(load_page=load_page))
        for step in flow.steps:
            await run_step(s, step, person, outcome, think)
        outcome.code = read_ticket(s)
        if not outcome.code:
            raise SessionError("no ticket code on screen: " + " | ".join(s.texts())[:300])
    except (SessionError, OSError, TimeoutError) as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"
    finally:
        await _close_or_hold(s, outcome, hold)
    return outcome


async def portal(base_url: str, person: Person, *, fair: str, think: float = 0.0, timeout: float = 60.0,
                 hold: bool = False, flow: Flow = PORTAL, load_page: bool = False) -> Outcome:
    return await run_flow(base_url, flow, person, fair=fair, think=think, timeout=timeout, hold=hold,
                          load_page=load_page)


async def reference(base_url: str, person: Person, *, think: float = 0.0, timeout: float = 60.0,
                    hold: bool = False, load_page: bool = False) -> Outcome:
    return await run_flow(base_url, REFERENCE, person, think=think, timeout=timeout, hold=hold,
                          load_page=load_page)
