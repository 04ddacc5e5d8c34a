"""What each kind of subsidy rule does with its parameters, and how parameters are checked.

The code knows four kinds (models.subsidy.RuleKind); the figures are parameters of a rule's version:

- PER_HIRE {amount, min_contract_months}: per hire whose contract has at least `min_contract_months`.
- OLDER_WORKER {amount, min_contract_months, man_min_age, woman_min_age}: per hire of a man of at
  least `man_min_age` or a woman of at least `woman_min_age` (whole years on the start date, see
  `dates.age_on`) with a long enough contract; paid *instead of* PER_HIRE (never both).
- POOR_BAND {bands: [{min, max, amount}]}: once per employer and period, the band the number of
  different registered-poor people hired (start date in the period) falls in; both ends of a band
  included, `max` None = no upper end; bands follow on without gaps or overlaps.
- RETAINED {amount, months}: per hire, once a visit on or after `months` months from the start date
  finds the worker still working for the hire's employer.

Training kinds (issue 16; per completed enrolment of a course not cancelled, judged by the version valid
on the completion date: services/training/subsidy.py):

- TRAINED_PERSON {guiding, skills, targeted, entrepreneurship, poor_only}: the amount of the course's kind
  for each person who completed it (0: that kind is not paid); `poor_only` 1 = registered-poor people only.
- CERTIFIED {amount, min_level, poor_only}: instead of TRAINED_PERSON (never both) when the completion has
  a certificate of at least `min_level` (1 basic, 2 intermediate, 3 advanced).
- PROVIDER_HEAD {amount}: to the course's provider, per person who completed it.

`params_text` says a version's parameters in words (a message id and values, translated by pages).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from models import RuleKind
from services.core.errors import Checker, FieldError
from services.core.i18n import N_

MAX_AMOUNT = 10_000_000
AMOUNT_MESSAGE = N_("Enter a whole number of yuan, 0 or more.")

KIND_LABELS: dict[str, str] = {
    RuleKind.PER_HIRE: N_("Per hire"),
    RuleKind.OLDER_WORKER: N_("Per hire of an older worker"),
    RuleKind.POOR_BAND: N_("Once per employer: registered-poor hires"),
    RuleKind.RETAINED: N_("Worker retained"),
    RuleKind.TRAINED_PERSON: N_("Training: per person trained"),
    RuleKind.CERTIFIED: N_("Training: with a certificate"),
    RuleKind.PROVIDER_HEAD: N_("Training: to the provider"),
}


@dataclass(frozen=True)
class Param:
    """One whole-number parameter of a kind: its label, range and the message when it is refused."""

    label: str
    low: int
    high: int
    message: str


AMOUNT = Param(N_("Amount (yuan)"), 0, MAX_AMOUNT, AMOUNT_MESSAGE)
MONTHS_MESSAGE = N_("Enter a whole number of months from 1 to 120.")
CONTRACT = Param(N_("Contract of at least (months)"), 1, 120, MONTHS_MESSAGE)
AGE_MESSAGE = N_("Enter an age in whole years from 16 to 80.")
POOR_ONLY = Param(N_("Registered poor only (1 yes, 0 no)"), 0, 1, N_("Enter 1 (registered poor only) or 0."))
LEVELS = {1: N_("basic"), 2: N_("intermediate"), 3: N_("advanced")}  # CertificateLevel, in order

PARAMS: dict[str, dict[str, Param]] = {
    RuleKind.PER_HIRE: {"amount": AMOUNT, "min_contract_months": CONTRACT},
    RuleKind.OLDER_WORKER: {
        "amount": AMOUNT, "min_contract_months": CONTRACT,
        "man_min_age": Param(N_("Men aged at least (years)"), 16, 80, AGE_MESSAGE),
        "woman_min_age": Param(N_("Women aged at least (years)"), 16, 80, AGE_MESSAGE),
    },
    RuleKind.POOR_BAND: {},  # bands: see parse_bands
    RuleKind.RETAINED: {
        "amount": AMOUNT,
        "months": Param(N_("Still working after (months)"), 1, 120, MONTHS_MESSAGE),
    },
    RuleKind.TRAINED_PERSON: {
        "guiding": Param(N_("Guiding training (yuan per person)"), 0, MAX_AMOUNT, AMOUNT_MESSAGE),
        "skills": Param(N_("Skills training (yuan per person)"), 0, MAX_AMOUNT, AMOUNT_MESSAGE),
        "targeted": Param(N_("Targeted poverty-alleviation training (yuan per person)"), 0, MAX_AMOUNT,
                          AMOUNT_MESSAGE),
        "entrepreneurship": Param(N_("Entrepreneurship training (yuan per person)"), 0, MAX_AMOUNT, AMOUNT_MESSAGE),
        "poor_only": POOR_ONLY,
    },
    RuleKind.CERTIFIED: {
        "amount": AMOUNT,
        "min_level": Param(N_("Certificate of at least (1 basic, 2 intermediate, 3 advanced)"), 1, 3,
                           N_("Enter 1 (basic), 2 (intermediate) or 3 (advanced).")),
        "poor_only": POOR_ONLY,
    },
    RuleKind.PROVIDER_HEAD: {"amount": AMOUNT},
}
BAND_FIELDS = ("min", "max", "amount")


def parse_whole(raw: object, low: int, high: int, message: str, *, blank: bool = False) -> int | None:
    """A whole number as typed ("20,000", "20000", 20000.0) within low..high; None for blank when allowed."""
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        if blank:
            return None
        raise FieldError(message)
    if isinstance(raw, bool):
        raise FieldError(message)
    if isinstance(raw, str):
        text = raw.strip().replace(",", "").replace("，", "").replace(" ", "")
        if not text:
            if blank:
                return None
            raise FieldError(message)
        try:
            number = float(text) if any(ch in text for ch in ".eE") else int(text)
        except ValueError:
            raise FieldError(message) from None
    elif isinstance(raw, int | float):
        number = raw
    else:
        raise FieldError(message)
    if isinstance(number, float):
        if not number.is_integer():
            raise FieldError(message)
        number = int(number)
    if not low <= number <= high:
        raise FieldError(message)
    return number


@dataclass(frozen=True)
class Band:
    min: int
    max: int | None  # None: no upper end
    amount: int

    def holds(self, count: int) -> bool:
        return self.min <= count and (self.max is None or count <= self.max)


def bands_of(params: Mapping[str, Any]) -> list[Band]:
    return [Band(int(b["min"]), None if b.get("max") is None else int(b["max"]), int(b["amount"]))
            for b in params.get("bands", [])]


def band_for(count: int, bands: list[Band]) -> Band | None:
    """The band `count` falls in (both ends included), or None below the first band."""
    return next((b for b in bands if b.holds(count)), None)


def parse_bands(rows: list[Mapping[str, object]], check: Checker) -> list[dict[str, int | None]]:
    """Bands as typed, one row each ({min, max, amount}); a row left wholly empty is ignored.

    Errors go to `check` as band_<i>_<field> (i counts from 0), or "bands" for the whole list."""
    out: list[dict[str, int | None]] = []
    filled = [(i, r) for i, r in enumerate(rows) if any(str(r.get(f) or "").strip() for f in BAND_FIELDS)]
    if not filled:
        check.add("bands", N_("Give at least one band."))
        return out
    expected: int | None = None
    for n, (i, row) in enumerate(filled):
        last = n == len(filled) - 1
        low = check.check(f"band_{i}_min", parse_whole, row.get("min"), 1, 100_000,
                          N_("A band starts at a whole number of hires, 1 or more."))
        high = check.check(f"band_{i}_max", parse_whole, row.get("max"), 1, 100_000,
                           N_("A band ends at a whole number of hires, or is left empty (no upper end)."),
                           blank=True)
        amount = check.check(f"band_{i}_amount", parse_whole, row.get("amount"), 0, MAX_AMOUNT, AMOUNT_MESSAGE)
        if low is not None and expected is not None and low != expected:
            check.add(f"band_{i}_min", (N_("Bands follow on without gaps or overlaps: this one starts at {n}."),
                                        {"n": expected}))
        if high is None and not last and f"band_{i}_max" not in check.errors:
            check.add(f"band_{i}_max", N_("Only the last band can be left without an upper end."))
        if low is not None and high is not None and high < low:
            check.add(f"band_{i}_max", N_("A band ends at or after its start."))
        expected = high + 1 if high is not None else None
        out.append({"min": low, "max": high, "amount": amount})
    return out


def parse_params(kind: str, raw: Mapping[str, object], check: Checker) -> dict[str, Any]:
    """A kind's parameters as typed, checked; errors go to `check` (field = the parameter's name)."""
    if kind == RuleKind.POOR_BAND:
        rows = raw.get("bands")
        return {"bands": parse_bands(list(rows) if isinstance(rows, list) else [], check)}
    return {name: check.check(name, parse_whole, raw.get(name), p.low, p.high, p.message)
            for name, p in PARAMS[kind].items()}


def _yuan(amount: int) -> str:
    return f"{amount:,}"


def band_text(band: Band) -> tuple[str, dict[str, Any]]:
    if band.max is None:
        return N_("{low} or more: {amount} yuan"), {"low": band.min, "amount": _yuan(band.amount)}
    return N_("{low}–{high}: {amount} yuan"), {"low": band.min, "high": band.max, "amount": _yuan(band.amount)}


def params_text(kind: str, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The version's rule in words: (message id, values); POOR_BAND's {bands} is a list of band_text."""
    if kind == RuleKind.PER_HIRE:
        return (N_("{amount} yuan per hire with a contract of at least {months} months."),
                {"amount": _yuan(params["amount"]), "months": params["min_contract_months"]})
    if kind == RuleKind.OLDER_WORKER:
        return (N_("{amount} yuan per hire, instead of the per-hire amount, for a man aged {man} or more or a "
                   "woman aged {woman} or more (whole years on the start date) with a contract of at least "
                   "{months} months."),
                {"amount": _yuan(params["amount"]), "man": params["man_min_age"],
                 "woman": params["woman_min_age"], "months": params["min_contract_months"]})
    if kind in TRAINING_KINDS:
        return _training_text(kind, params)
    if kind == RuleKind.POOR_BAND:
        return (N_("Once per employer and period, by the number of different registered-poor people hired "
                   "in the period: {bands}."), {"bands": [band_text(b) for b in bands_of(params)]})
    return (N_("{amount} yuan per hire, once a visit {months} months or more after the start date finds the "
               "worker still working for the employer."),
            {"amount": _yuan(params["amount"]), "months": params["months"]})


TRAINING_KINDS = (RuleKind.TRAINED_PERSON, RuleKind.CERTIFIED, RuleKind.PROVIDER_HEAD)


def _training_text(kind: str, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    who = N_("registered-poor people only") if params.get("poor_only") else N_("everyone")
    if kind == RuleKind.TRAINED_PERSON:
        return (N_("Per person who completed a course: guiding {guiding}, skills {skills}, targeted "
                   "{targeted}, entrepreneurship {entrepreneurship} yuan; {who}."),
                {**{k: _yuan(int(params[k])) for k in ("guiding", "skills", "targeted", "entrepreneurship")},
                 "who": who})
    if kind == RuleKind.CERTIFIED:
        return (N_("{amount} yuan per person who completed a course with a certificate of level {level} or "
                   "higher, instead of the per-person amount; {who}."),
                {"amount": _yuan(int(params["amount"])), "level": LEVELS.get(int(params["min_level"]), ""),
                 "who": who})
    return N_("{amount} yuan to the provider per person who completed its course."), {
        "amount": _yuan(int(params["amount"]))}


def rule_words(kind: str, params: Mapping[str, Any], _: Callable[..., str]) -> str:
    """`params_text` translated with the page's (or the CLI's) translator `_`."""
    message, values = params_text(kind, params)
    values = {k: _(v) if k in ("who", "level") else v for k, v in values.items()}  # words (training kinds)
    if "bands" in values:
        sep = "；" if getattr(_, "language", "en") == "zh_CN" else "; "
        values = {**values, "bands": sep.join(_(m, **v) for m, v in values["bands"])}
    return _(message, **values)
