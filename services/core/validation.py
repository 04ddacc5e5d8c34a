"""Validators and normalizers for what a seeker types: ID number, mobile phone, name.

Resident ID numbers follow GB 11643-1999: a 6-digit area code, an 8-digit birth
date, a 3-digit sequence whose last digit is odd for men, and a check character
(ISO 7064 MOD 11-2, `0`-`9` or `X`). Each error is a message id for translation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import phonenumbers

from services.core.errors import FieldError
from services.core.i18n import N_

MIN_AGE = 16
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
     50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
)


# What parse_resident_id refuses, one message per reason (an import tells the reasons apart by them).
ID_BLANK = N_("Please enter your ID number.")
ID_LENGTH = N_("An ID number has 18 characters. Please check for missing or extra digits.")
ID_CHARACTERS = N_("An ID number is 17 digits followed by a digit or X.")
ID_AREA = N_("The first digits of this ID number are not a valid area code.")
ID_BIRTH_DATE = N_("The birth date inside this ID number is not a real date.")
ID_CHECK = N_("This ID number is not valid (the last character does not match). Please check each digit.")
ID_UNDER_16 = N_("Registration is for people aged 16 or over.")


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: date
    gender: str  # "M" or "F"

    @property
    def masked(self) -> str:
        return mask_id(self.number)

    @property
    def last4(self) -> str:
        return self.number[-4:]

    def age_on(self, today: date) -> int:
        return age_on(self.birth_date, today)


def _local_today() -> date:
    from services.core.clock import local_today  # here: settings are not needed for pure checks

    return local_today()


def age_on(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _fold(raw: str) -> str:
    """Full-width to half-width, and drop the spaces people type between groups (then NFKC again: a space
    dropped between a letter and a combining mark leaves them to compose, so folding twice changes nothing)."""
    return unicodedata.normalize("NFKC", re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", raw or "")))


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def _fold_upper(raw: str) -> str:
    """Folded and upper-case (NFKC once more: "ß" upper-cased is "SS", which a following mark composes with)."""
    return unicodedata.normalize("NFKC", _fold(raw).upper())


def normalize_id_number(raw: str) -> str:
    return _fold_upper(raw)


def parse_resident_id(raw: str, *, today: date | None = None) -> ResidentId:
    """Validate and decode an 18-character resident ID number, or raise FieldError."""
    today = today or _local_today()
    number = normalize_id_number(raw)
    if not number:
        raise FieldError(ID_BLANK)
    if len(number) != 18:
        raise FieldError(ID_LENGTH)
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise FieldError(ID_CHARACTERS)
    if int(number[:2]) not in PROVINCE_CODES:
        raise FieldError(ID_AREA)
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise FieldError(ID_BIRTH_DATE) from None
    if birth.year < 1900 or birth > today:
        raise FieldError(ID_BIRTH_DATE)
    if id_check_char(number[:17]) != number[17]:
        raise FieldError(ID_CHECK)
    if age_on(birth, today) < MIN_AGE:
        raise FieldError(ID_UNDER_16)
    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return ResidentId(number=number, birth_date=birth, gender=gender)


def mask_id(number: str) -> str:
    """At most the first 6 and last 4 characters are ever shown.

    Made from a typed or decrypted number when a page or an export shows one, never stored: with
    the stored birth date, a stored mask was the whole number (models/seeker.py).
    """
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


_MOBILE_DIGITS = re.compile(r"1\d{10}")


def normalize_mobile(raw: str) -> str:
    """Return the 11-digit mainland mobile number, or raise FieldError.

    Spaces, dashes, brackets, full-width digits and a +86 / 0086 prefix are accepted.
    """
    folded = _fold(raw).replace("(", "").replace(")", "")
    if not folded:
        raise FieldError(N_("Please enter your mobile number."))
    if folded.startswith("0086"):
        folded = "+86" + folded[4:]
    try:  # the usual case, 11 digits starting with 1, needs no parsing (an import checks thousands)
        parsed = (phonenumbers.PhoneNumber(country_code=86, national_number=int(folded))
                  if _MOBILE_DIGITS.fullmatch(folded) else phonenumbers.parse(folded, "CN"))
    except phonenumbers.NumberParseException:
        raise FieldError(N_("A mobile number is 11 digits starting with 1.")) from None
    national = str(parsed.national_number)
    if parsed.country_code != 86 or not re.fullmatch(r"1\d{10}", national):
        raise FieldError(N_("A mobile number is 11 digits starting with 1."))
    if not phonenumbers.is_valid_number(parsed):
        raise FieldError(N_("This mobile number does not exist. Please check it."))
    return national


def choice(value: str | None, allowed: dict[str, str], blank: str) -> str:
    """One of the codes a form offers: `blank` (a message id) when nothing was chosen."""
    if not value:
        raise FieldError(blank)
    if value not in allowed:
        raise FieldError(N_("Please choose one of the options."))
    return value


def mask_mobile(number: str) -> str:
    return number[:3] + "****" + number[-4:]


def normalize_name(raw: str) -> str:
    """A person's name as written on the ID card; refuse digits and symbols typed by mistake."""
    name = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw or "")).strip()
    if not name:
        raise FieldError(N_("Please enter your name."))
    if len(name) < 2 or len(name) > 30:
        raise FieldError(N_("A name has 2 to 30 characters."))
    if any(ch.isdigit() or unicodedata.category(ch).startswith("C") for ch in name):
        raise FieldError(N_("A name cannot contain digits."))
    return name


def make_resident_id(area_code: str, birth: date, sequence: int, gender: str) -> str:
    """Build a valid ID number (demo data, tests): `sequence` 0-499 picks the 3-digit order code."""
    seq = (sequence % 500) * 2 + (1 if gender == "M" else 0)  # last sequence digit odd for men
    first17 = f"{area_code}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17)


# Unified social credit code (GB 32100-2015): 18 characters from 31 (no I, O, S, V, Z),
# the last a check character over the first 17.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def normalize_credit_code(raw: str) -> str:
    """An employer's unified social credit code, upper-case without spaces, or FieldError."""
    code = _fold_upper(raw or "")
    if not code:
        raise FieldError(N_("Please enter the unified social credit code."))
    if len(code) != 18:
        raise FieldError(N_("The unified social credit code has 18 characters."))
    if any(c not in CREDIT_CODE_CHARS for c in code):
        raise FieldError(N_("The code uses only digits and capital letters other than I, O, S, V and Z."))
    if not code[2:8].isdigit():
        raise FieldError(N_("Characters 3 to 8 of the code are the area code and must be digits."))
    if credit_code_check_char(code[:17]) != code[17]:
        raise FieldError(N_("This unified social credit code is not valid: please check each character."))
    return code


def make_credit_code(area_code: str, serial: int) -> str:
    """A valid code for demo data and tests: a company (91) in `area_code` with a serial number."""
    body = f"91{area_code}{serial:09d}"[:17]
    return body + credit_code_check_char(body)


MAX_MONTHLY_WAGE = 100_000
WAGE_PLAUSIBLE_FROM = 1_000  # below this, a monthly wage was most likely typed in thousands ("4" for 4,000)
_WAGE_UNITS = {"千": 1_000, "k": 1_000, "万": 10_000, "w": 10_000}


def parse_wage(raw: str | int | float | None) -> int | None:
    """An expected monthly wage as typed: "4500", "4,500 元", "４５００", "4.5千", "1万"; empty = open.

    Refused with a message that explains itself: not a number, below zero, zero, more than
    100,000 a month; a small number (4, 50, 450) asks "did you mean 4,000?" with the suggested
    value in the error's values (`suggestion` formatted, `value` as a number).
    """
    if raw is None:
        return None
    if isinstance(raw, int | float):
        text = str(raw)
    else:
        text = unicodedata.normalize("NFKC", raw).strip().lower()
        text = re.sub(r"[\s,，]+", "", text)
        text = re.sub(r"(元|块|块钱|rmb|yuan)?(/|每|一)?(月|个月)?$", "", text)
        if not text:
            return None
    if text.startswith("-") or text.startswith("负"):
        raise FieldError(N_("A wage cannot be below zero. Please write the monthly wage you want, e.g. 4500."))
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(千|k|万|w)?", text)
    if match is None:
        raise FieldError(N_("Please write the wage in digits, e.g. 4500, or leave it empty."))
    value = float(match.group(1)) * _WAGE_UNITS.get(match.group(2) or "", 1)
    if value == 0:
        raise FieldError(N_("Please write the monthly wage you want, or leave it empty if any wage is fine."))
    if value > MAX_MONTHLY_WAGE:
        raise FieldError(N_("That is more than 100,000 yuan a month. Please write the monthly wage you want, "
                            "e.g. 4500."))
    if value < WAGE_PLAUSIBLE_FROM:
        suggestion = value
        while suggestion < WAGE_PLAUSIBLE_FROM:
            suggestion *= 10
        suggested = round(suggestion)
        raise FieldError(N_("Did you mean {suggestion} yuan a month?"), suggestion=f"{suggested:,}", value=suggested)
    return round(value)
