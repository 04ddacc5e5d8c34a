"""What a registration form holds, and its validation: the identity step, or everything at once.

The ticket comes first (issue 10): `validate_identity` checks only what identifies and reaches
the person — name, ID number, mobile, village and consent — and returns a draft whose profile
answers are None (not answered yet; `answered` is empty); `validate_identity_field` checks one of
those questions with the same rules, for the kiosk's one question per screen. The answers follow, group by group
(services/registration/profile.py). `validate_registration` checks a whole form at once, for
imports, demo data and tests; its draft answers every group.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from services.core.clock import local_today
from services.core.errors import Checker, FieldError, FieldErrors
from services.core.i18n import N_
from services.core.reference import (
    CONSENT_VERSION,
    EDUCATION_LEVELS,
    INTENTIONS,
    LEAVE_CONSTRAINTS,
    OTHER,
    POOR_HOUSEHOLD,
    TRADES,
    YES_NO,
)
from services.core.validation import (
    ResidentId,
    choice,
    normalize_mobile,
    normalize_name,
    parse_resident_id,
    parse_wage,
)
from services.places.county import County

T = TypeVar("T")

PROFILE_GROUPS: tuple[str, ...] = ("trades", "place", "education", "wage", "training", "poor_household")
# The answers of each group; each is a `seeker` column of that name, except "trades" (rows of seeker_trade).
GROUP_FIELDS: dict[str, tuple[str, ...]] = {
    "trades": ("trades",), "place": ("intention", "leave_constraint"), "education": ("education",),
    "wage": ("expected_wage",), "training": ("willing_to_train",), "poor_household": ("poor_household",),
}


def split_groups(stored: str | None) -> frozenset[str]:
    """The groups named in `seeker.profile_answered` (comma-separated)."""
    return frozenset(g for g in (stored or "").split(",") if g)


def join_groups(groups: frozenset[str] | set[str]) -> str:
    """`seeker.profile_answered` for these groups: sorted, comma-separated (equal sets, equal text)."""
    return ",".join(sorted(groups))


@dataclass
class RegistrationForm:
    """What the person entered, as the page read it from the widgets."""

    name: str = ""
    id_number: str = ""
    phone: str = ""
    township: str | None = None
    village: str | None = None
    village_other: str = ""
    education: str | None = None
    trades: list[str] = field(default_factory=list)
    intention: str | None = None
    expected_wage: int | float | str | None = None
    willing_to_train: str | None = None
    poor_household: str | None = None
    leave_constraint: str | None = None
    consent: bool = False


@dataclass(frozen=True)
class RegistrationDraft:
    """A validated registration, ready to confirm and save. Profile answers are None when not
    answered; `answered` names the profile groups this draft answers (and so saves)."""

    name: str
    resident_id: ResidentId
    phone: str
    township: str
    village: str
    education: str | None = None
    trades: tuple[str, ...] = ()
    intention: str | None = None
    expected_wage: int | None = None
    willing_to_train: bool | None = None
    poor_household: str | None = None
    leave_constraint: str | None = None
    consent_version: str = CONSENT_VERSION
    answered: frozenset[str] = frozenset(PROFILE_GROUPS)

    def age(self, today: date | None = None) -> int:
        return self.resident_id.age_on(today or local_today())


def _identity(fields: Checker, form: RegistrationForm, county: County, today: date | None
              ) -> tuple[str | None, ResidentId | None, str | None, str | None, str | None]:
    name = fields.check("name", normalize_name, form.name)
    resident_id = fields.check("id_number", parse_resident_id, form.id_number, today=today)
    phone = fields.check("phone", normalize_mobile, form.phone)
    township = None  # one place question on the form: one message, the village's, when nothing is chosen
    if form.township or form.village:
        township = fields.check("township", _township, form, county)
    village = fields.check("village", _village, form, county)
    if not form.consent:
        fields.add("consent", N_("Please read and tick the consent box to register."))
    return name, resident_id, phone, township, village


def validate_identity(form: RegistrationForm, *, county: County, today: date | None = None) -> RegistrationDraft:
    """The ticket's step: name, ID number, mobile, village, consent (FieldErrors: every problem at once).

    The draft answers no profile group: saving it never overwrites answers a returning person gave."""
    fields = Checker()
    name, resident_id, phone, township, village = _identity(fields, form, county, today)
    fields.raise_if_any()
    assert name is not None and resident_id is not None and phone is not None and township is not None
    assert village is not None
    return RegistrationDraft(name=name, resident_id=resident_id, phone=phone, township=township, village=village,
                             answered=frozenset())


# The identity step's questions, in the order a one-question-per-screen form asks them (the kiosk), and the
# fields whose messages each one shows (the village question shows the township's too).
IDENTITY_STEPS: tuple[str, ...] = ("name", "id_number", "phone", "village", "consent")
_QUESTION_FIELDS: dict[str, tuple[str, ...]] = {"village": ("township", "village")}


def question_fields(question: str) -> tuple[str, ...]:
    """The fields whose messages a question of the identity step shows."""
    return _QUESTION_FIELDS.get(question, (question,))


def validate_identity_field(question: str, form: RegistrationForm, *, county: County,
                            today: date | None = None) -> None:
    """One question of the identity step (`IDENTITY_STEPS`), for a form that asks one per screen:
    the very checks and messages of `validate_identity`, raised as FieldErrors for that question's
    field(s) only; the other answers may still be empty."""
    if question not in IDENTITY_STEPS:
        raise ValueError(f"not a question of the identity step: {question!r}")
    fields = Checker()
    _identity(fields, form, county, today)
    wanted = question_fields(question)
    errors = {name: message for name, message in fields.errors.items() if name in wanted}
    if errors:
        raise FieldErrors(errors)


def validate_registration(form: RegistrationForm, *, county: County, today: date | None = None,
                          unanswered: frozenset[str] = frozenset()) -> RegistrationDraft:
    """Check every field, identity and profile, and report all problems at once (FieldErrors).

    `unanswered` names profile groups the form does not answer (an imported list without those
    columns or cells): they are not checked, stay None and are left out of the draft's `answered`."""
    fields = Checker()
    name, resident_id, phone, township, village = _identity(fields, form, county, today)

    def check(group: str, name: str, fn: Callable[..., T], *args: Any) -> T | None:
        return None if group in unanswered else fields.check(name, fn, *args)

    education = check("education", "education", choice, form.education, EDUCATION_LEVELS,
                      N_("Please choose your education."))
    trades = check("trades", "trades", check_trades, form.trades)
    intention = check("place", "intention", choice, form.intention, INTENTIONS,
                      N_("Please choose where you want to work."))
    expected_wage = check("wage", "expected_wage", parse_wage, form.expected_wage)
    answer = N_("Please answer this question.")
    willing = check("training", "willing_to_train", choice, form.willing_to_train, YES_NO, answer)
    poor_household = check("poor_household", "poor_household", choice, form.poor_household, POOR_HOUSEHOLD, answer)
    leave_constraint = check("place", "leave_constraint", choice, form.leave_constraint, LEAVE_CONSTRAINTS, answer)
    fields.raise_if_any()
    # a check that fails returns None and records its error, so past raise_if_any none is None but the unanswered
    assert (name is not None and resident_id is not None and phone is not None and township is not None
            and village is not None)
    return RegistrationDraft(
        name=name, resident_id=resident_id, phone=phone, township=township, village=village, education=education,
        trades=trades or (), intention=intention, expected_wage=expected_wage,
        willing_to_train=None if willing is None else willing == "yes",
        poor_household=poor_household, leave_constraint=leave_constraint,
        answered=frozenset(PROFILE_GROUPS) - unanswered,
    )


def _township(form: RegistrationForm, county: County) -> str:
    if not form.township:
        raise FieldError(N_("Please choose your township."))
    if form.township == OTHER:
        return ""  # the typed place goes in `village`
    if county.township(form.township) is None:
        raise FieldError(N_("Please choose one of the options."))
    return form.township


def _village(form: RegistrationForm, county: County) -> str:
    typed = " ".join("".join(ch for ch in form.village_other or "" if not unicodedata.category(ch).startswith("C")
                             or ch.isspace()).split())  # no control characters (a NUL fails on PostgreSQL)
    if form.village == OTHER or form.township == OTHER:
        if not typed:
            raise FieldError(N_("Please write the name of your village."))
        if len(typed) > 60:
            raise FieldError(N_("This name is too long."))
        return typed
    if not form.village:
        raise FieldError(N_("Please choose your village."))
    township = county.township(form.township or "")
    if township is not None and form.village not in {v.name for v in township.villages}:
        raise FieldError(N_("This village is not in the chosen township."))
    return form.village


def check_trades(trades: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(trades or []))
    if any(t not in TRADES for t in chosen):
        raise FieldError(N_("Please choose one of the options."))
    return chosen
