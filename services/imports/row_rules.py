"""One row of a village list checked as a registration: the form built from the cells goes through the
registration's own rules (`validate_registration`), and each refused field becomes a Problem tied to the
row and the column; what the rules normalized without doubt is listed as a Repair.

Nothing here looks at other rows or at the database (households, duplicates: households_check.py,
duplicates.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol, TypeVar

from services.core import validation
from services.core.errors import FieldErrors, Message
from services.core.validation import ResidentId, normalize_mobile, normalize_name, parse_resident_id
from services.imports import messages as m
from services.imports.cells import folded, is_blank, parse_age, parse_gender, repair_kind
from services.imports.choices import choice_code, is_open_wage, options_text, trade_codes
from services.imports.places_check import Places
from services.imports.types import (
    FIELD_BY_NAME,
    CheckedRow,
    HeaderMapping,
    HouseholdLine,
    Problem,
    ProblemKind,
    RawTable,
    Repair,
    RepairKind,
)
from services.places.county import County
from services.registration.forms import RegistrationForm, validate_registration

IDENTITY = ("name", "id_number", "phone", "township", "village")
MAX_INCOME = 10_000_000  # yuan a year: more is a typing mistake
CHOICES = ("education", "intention", "leave_constraint", "poor_household", "willing_to_train")
GROUP_OF = {"education": "education", "trades": "trades", "intention": "place", "leave_constraint": "place",
            "expected_wage": "wage", "poor_household": "poor_household", "willing_to_train": "training"}
PAIRS = {"intention": "leave_constraint", "leave_constraint": "intention"}  # one group: both or neither
ID_KINDS = {
    validation.ID_LENGTH: ProblemKind.ID_LENGTH, validation.ID_BIRTH_DATE: ProblemKind.ID_BIRTH_DATE,
    validation.ID_CHECK: ProblemKind.ID_CHECK, validation.ID_UNDER_16: ProblemKind.UNDER_16,
}
ID_EXPECTED = {ProblemKind.ID_BIRTH_DATE: m.EXPECTED_ID_BIRTH, ProblemKind.UNDER_16: m.EXPECTED_ADULT}
HEAD_WORDS = ("户主", "本人")
T = TypeVar("T")


class _Add(Protocol):  # how the helpers add a problem to the row being checked
    def __call__(self, field: str, kind: ProblemKind, message: Message, expected: Message = "",
                 blocking: bool = True) -> None: ...


@dataclass(frozen=True)
class RowFacts:
    """What the cross-row checks need of a row, as the registration's rules read it (None: refused)."""

    resident_id: ResidentId | None
    phone: str | None
    name: str | None
    township: str | None
    village: str | None


def _id_message(message: Message) -> tuple[ProblemKind, Message]:
    key = message if isinstance(message, str) else message[0]
    return ID_KINDS.get(key, ProblemKind.ID_OTHER), message


class RowChecker:
    """Checks rows of one table against one county, on one day."""

    def __init__(self, table: RawTable, mapping: HeaderMapping, county: County, today: date):
        self.county, self.today = county, today
        self.places = Places.of(county)
        self.index: dict[str, int] = {}
        self.header: dict[str, str] = {}
        for i, name in sorted(mapping.columns.items()):
            if name in FIELD_BY_NAME and name not in self.index:
                self.index[name] = i
                self.header[name] = table.headers[i] if i < len(table.headers) else FIELD_BY_NAME[name].header

    def cells(self, values: tuple[str, ...]) -> dict[str, str]:
        return {f: (values[i] if i < len(values) else "") or "" for f, i in self.index.items()}

    def check(self, number: int, raw: dict[str, str]) -> tuple[CheckedRow, RowFacts]:
        row = CheckedRow(row=number, raw=raw, draft=None)

        def problem(field: str, kind: ProblemKind, message: Message, expected: Message = "",
                    blocking: bool = True) -> None:
            row.problems.append(Problem(number, self.header[field], field, raw[field], kind, message, expected,
                                        blocking))

        def repaired(field: str, after: str | None, kind: RepairKind | None = None) -> None:
            before = raw.get(field, "")
            if after is not None and after != before:
                row.repairs.append(Repair(number, self.header[field], field, before, after,
                                          kind or repair_kind(field, before)))

        blank = {f for f in IDENTITY if is_blank(raw.get(f))}
        for f in sorted(blank, key=IDENTITY.index):
            problem(f, ProblemKind.BLANK, self._blank_message(f, raw), m.EXPECTED[f])
        township = self.places.township(raw.get("township", ""))
        village = self.places.village(township, raw.get("village", "")) if township else None

        form = RegistrationForm(
            name=raw.get("name", ""), id_number=raw.get("id_number", ""), phone=raw.get("phone", ""),
            township=township or folded(raw.get("township")) or None,
            village=village or folded(raw.get("village")) or None, consent=True)
        unanswered = self._answers(form, raw, problem)
        rid: ResidentId | None
        phone: str | None
        name: str | None
        try:
            row.draft = draft = validate_registration(form, county=self.county, today=self.today,
                                                      unanswered=frozenset(unanswered))
            rid, phone, name = draft.resident_id, draft.phone, draft.name
        except FieldErrors as exc:
            self._refused(exc.errors, blank, raw, township, problem)
            # the values the rules took (they take them again here: only rows with a problem pay twice)
            rid = None if "id_number" in exc.errors else parse_resident_id(form.id_number, today=self.today)
            phone = None if "phone" in exc.errors else normalize_mobile(form.phone)
            name = None if "name" in exc.errors else normalize_name(form.name)

        repaired("name", name)
        repaired("id_number", rid.number if rid else None)
        repaired("phone", phone)
        for f, value in (("township", township), ("village", village)):
            if value is not None:
                repaired(f, value, RepairKind.PLACE_NAME if folded(raw[f]) != value else None)
        if township is None and not blank & {"township", "village"} and "village" in self.header \
                and not self.places.find_village(raw["village"]):  # a township to fix, and a village
            problem("village", ProblemKind.UNKNOWN_VILLAGE, self._village_message(None, raw["village"]),
                    m.EXPECTED["village"])
        if rid is not None:
            self._age_gender(rid, raw, problem)
        row.household = self._household(raw, problem)
        return row, RowFacts(rid, phone, name, township, village)

    def _answers(self, form: RegistrationForm, raw: dict[str, str], problem: _Add) -> set[str]:
        """Fill the form's profile answers from the cells; the groups left unanswered (no column, or empty)."""
        filled = {f for f in GROUP_OF if f in raw and not is_blank(raw[f])}
        unanswered = {GROUP_OF[f] for f in GROUP_OF if f not in filled}
        for f in CHOICES:
            if f in filled:
                setattr(form, f, choice_code(f, raw[f]) or folded(raw[f]))
        if "trades" in filled:
            codes, unknown = trade_codes(raw["trades"])
            form.trades = [*codes, *unknown]
        if "expected_wage" in filled:
            form.expected_wage = "" if is_open_wage(raw["expected_wage"]) else raw["expected_wage"]
        for f, other in PAIRS.items():
            if f in filled and other not in filled:
                label = self.header.get(other, FIELD_BY_NAME[other].header)
                problem(f, ProblemKind.BLANK, (m.PAIR_LEFT_OUT, {"other": label}), m.EXPECTED_PAIR, blocking=False)
        return unanswered

    def _refused(self, errors: dict[Any, Message], blank: set[str], raw: dict[str, str], township: str | None,
                 problem: _Add) -> None:
        """Each field the registration's rules refused, as a Problem (the blank ones are said already)."""
        for f, message in errors.items():
            if f in blank or f not in self.header:
                continue
            if f == "id_number":
                kind, text = _id_message(message)
                problem(f, kind, text, ID_EXPECTED.get(kind, m.EXPECTED["id_number"]))
            elif f == "name":
                problem(f, ProblemKind.NAME, message, m.EXPECTED["name"])
            elif f == "phone":
                problem(f, ProblemKind.PHONE, message, m.EXPECTED["phone"])
            elif f == "township":
                problem(f, ProblemKind.UNKNOWN_TOWNSHIP, self._township_message(raw), m.EXPECTED["township"])
            elif f == "village":
                problem(f, ProblemKind.UNKNOWN_VILLAGE, self._village_message(township, raw["village"]),
                        m.EXPECTED["village"])
            elif f == "trades":
                unknown = "、".join(trade_codes(raw[f])[1])
                problem(f, ProblemKind.CHOICE, (m.TRADES_UNKNOWN, {"unknown": unknown}),
                        (m.EXPECTED_TRADES, {"options": options_text(f)}))
            elif f in CHOICES:
                problem(f, ProblemKind.CHOICE, m.CHOICE_UNKNOWN, (m.EXPECTED_OPTIONS, {"options": options_text(f)}))
            elif f == "expected_wage":
                problem(f, ProblemKind.WAGE, message, m.EXPECTED["expected_wage"])
    def _blank_message(self, field: str, raw: dict[str, str]) -> Message:
        found = self.places.find_village(raw.get("village", "")) if field == "township" else []
        if len(found) == 1:  # the village names its township: offer it
            return (m.TOWNSHIP_OF_VILLAGE, {"village": found[0][1], "township": found[0][0]})
        return m.CELL_BLANK

    def _township_message(self, raw: dict[str, str]) -> Message:
        suggestion = self.places.suggest_township(raw["township"])
        if suggestion is None:  # the township of the village named
            found = self.places.find_village(raw.get("village", ""))
            suggestion = found[0][0] if len(found) == 1 else None
        return (m.TOWNSHIP_SUGGEST, {"suggestion": suggestion}) if suggestion else m.TOWNSHIP_UNKNOWN

    def _village_message(self, township: str | None, cell: str) -> Message:
        """No such village in the township (None: the township is unknown too: in the county)."""
        elsewhere = self.places.find_village(cell) if township else []
        if township and elsewhere:
            others = "、".join(t for t, _v in elsewhere)
            return (m.VILLAGE_ELSEWHERE, {"township": township, "village": elsewhere[0][1], "other": others})
        found = self.places.suggest_village(township, cell)
        if found is None:
            return (m.VILLAGE_UNKNOWN, {"township": township}) if township else m.COUNTY_NO_VILLAGE
        other, village = found
        if other == township:
            return (m.VILLAGE_SUGGEST, {"township": township, "suggestion": village})
        if township:
            return (m.VILLAGE_SUGGEST, {"township": township, "suggestion": f"{other}{village}"})
        return (m.COUNTY_VILLAGE_SUGGEST, {"suggestion": f"{other}{village}"})

    def _age_gender(self, rid: ResidentId, raw: dict[str, str], problem: _Add) -> None:
        if not is_blank(raw.get("age")):
            typed = parse_age(raw["age"])
            real = rid.age_on(self.today)
            if typed is None:
                problem("age", ProblemKind.AGE_MISMATCH, m.AGE_NOT_NUMBER, (m.EXPECTED_AGE, {"age": real}),
                        blocking=False)
            elif typed not in (real, self.today.year - rid.birth_date.year):  # lists often count by year
                values = {"birth": rid.birth_date.isoformat(), "age": real, "typed": typed}
                problem("age", ProblemKind.AGE_MISMATCH, (m.AGE_MISMATCH, values), (m.EXPECTED_AGE, {"age": real}))
        if not is_blank(raw.get("gender")):
            gender = parse_gender(raw["gender"])
            if gender is None:
                problem("gender", ProblemKind.GENDER_MISMATCH, m.GENDER_UNKNOWN, m.EXPECTED_GENDER, blocking=False)
            elif gender != rid.gender:
                says = m.GENDER_SAYS_MAN if rid.gender == "M" else m.GENDER_SAYS_WOMAN
                problem("gender", ProblemKind.GENDER_MISMATCH, says, m.EXPECTED_GENDER)

    def _household(self, raw: dict[str, str], problem: _Add) -> HouseholdLine | None:
        code = folded(raw.get("household_code"))
        if not code:
            return None
        relation = folded(raw.get("relation"))
        size: int | None = None
        if not is_blank(raw.get("household_size")):
            text = folded(raw["household_size"]).rstrip("人口")
            if text.isascii() and text.isdigit() and 0 < int(text) < 100:  # isdigit() alone takes ፩, ²
                size = int(text)
            else:
                problem("household_size", ProblemKind.HOUSEHOLD_SIZE, m.SIZE_NOT_NUMBER, m.EXPECTED["household_size"])
        income = None
        if not is_blank(raw.get("household_income")):
            money = folded(raw["household_income"]).replace(",", "").replace("，", "").removesuffix("元")
            whole, _dot, cents = money.partition(".")
            if whole.isascii() and whole.isdigit() and (not cents or cents.isdigit()) and int(whole) <= MAX_INCOME:
                income = int(whole)  # yuan; cents dropped
            else:
                problem("household_income", ProblemKind.HOUSEHOLD_INCOME, m.INCOME_NOT_NUMBER,
                        m.EXPECTED["household_income"])
        return HouseholdLine(code=code, relation="户主" if relation in HEAD_WORDS else relation, size=size,
                             income=income)


