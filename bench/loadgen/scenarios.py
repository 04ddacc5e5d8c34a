"""Registration scenarios: one simulated phone opens the link, fills the form, submits, reads its ticket.

`portal` follows this project's flow (tests/browser/test_register_browser.py): the form at
/register?fair=CODE&lang=zh, "next" (form submit) to the confirmation step, "confirm", then
the ticket with its 8-character code. `reference` fills bench/reference_app.py's one form.
Every simulated person is distinct: a valid 18-character resident ID number (GB 11643-1999)
and an 11-digit mobile number, both derived from the person's number.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.loadgen.client import SessionError, StreamlitSession, Widget

AREA_CODE = "530627"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "秀兰国华建军丽芳志强玉梅小红文明海燕春生桂英德福"
TICKET = re.compile(r"\b([0-9A-Z]{4}) ([0-9A-Z]{4})\b")
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
        return sum(t for name, t in self.steps.items() if name != "open")


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


async def portal(base_url: str, person: Person, *, fair: str, think: float = 0.0, timeout: float = 60.0,
                 hold: bool = False) -> Outcome:
    outcome = Outcome(person.n)
    s = StreamlitSession(base_url, f"/register?fair={fair}&lang=zh", timeout=timeout)
    try:
        await _timed(outcome, "open", s.open())
        n = person.n
        s.set(s.find("text_input", key="reg_name"), person.name)
        s.set(s.find("text_input", key="reg_id_number"), person.id_number)
        s.set(s.find("text_input", key="reg_phone"), person.mobile)
        place = s.find("selectbox", key="reg_place")
        s.set(place, _pick(place.options, n, skip_last=True))  # the last option is "not in the list"
        education = s.find("selectbox", key="reg_education")
        s.set(education, _pick(education.options, n))
        trades = s.find("multiselect", key="reg_trades").options
        s.set(s.find("multiselect", key="reg_trades"), [trades[n % len(trades)], trades[(n + 5) % len(trades)]])
        for key in ("reg_intention", "reg_leave_constraint", "reg_willing_to_train", "reg_poor_household"):
            radio = s.find("radio", key=key)
            s.set(radio, _pick(radio.options, n))
        s.set(s.find("number_input", key="reg_expected_wage"), person.wage)
        s.set(s.find("checkbox", key="reg_consent"), True)
        await asyncio.sleep(think)
        await _timed(outcome, "submit", s.click(form_submit_button(s)))
        confirm = [w for w in s.widgets()
                   if w.kind == "button" and w.proto.type == "primary" and not w.proto.is_form_submitter]
        if len(confirm) != 1:
            raise SessionError("no confirmation step; messages: " + " | ".join(alerts(s))[:300])
        await asyncio.sleep(think)
        await _timed(outcome, "confirm", s.click(confirm[0]))
        outcome.code = read_ticket(s)
        if not outcome.code:
            raise SessionError("no ticket code on screen: " + " | ".join(s.texts())[:300])
    except (SessionError, OSError, TimeoutError) as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"
    finally:
        await _close_or_hold(s, outcome, hold)
    return outcome


async def reference(base_url: str, person: Person, *, think: float = 0.0, timeout: float = 60.0,
                    hold: bool = False) -> Outcome:
    outcome = Outcome(person.n)
    s = StreamlitSession(base_url, "/", timeout=timeout)
    try:
        await _timed(outcome, "open", s.open())
        n = person.n
        s.set(s.find("text_input", key="name"), person.name)
        s.set(s.find("text_input", key="id_number"), person.id_number)
        s.set(s.find("text_input", key="phone"), person.mobile)
        for key in ("village", "education"):
            box = s.find("selectbox", key=key)
            s.set(box, _pick(box.options, n))
        trades = s.find("multiselect", key="trades").options
        s.set(s.find("multiselect", key="trades"), [trades[n % len(trades)], trades[(n + 5) % len(trades)]])
        radio = s.find("radio", key="intention")
        s.set(radio, _pick(radio.options, n))
        s.set(s.find("number_input", key="wage"), person.wage)
        s.set(s.find("checkbox", key="consent"), True)
        await asyncio.sleep(think)
        await _timed(outcome, "submit", s.click(form_submit_button(s)))
        outcome.code = read_ticket(s)
        if not outcome.code:
            raise SessionError("no code on screen: " + " | ".join(s.texts())[:300])
    except (SessionError, OSError, TimeoutError) as exc:
        outcome.error = f"{type(exc).__name__}: {exc}"
    finally:
        await _close_or_hold(s, outcome, hold)
    return outcome
