"""One export row: the columns, their headers in the reader's language, each cell's label, and
the guard against spreadsheet formulas (OWASP "CSV injection").

A profile answer not given (NULL: the ticket came first) is an empty cell, never "None" or a
guessed "No"; the last column names the groups not answered yet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from models import SourceKind
from services.core.clock import local_zone
from services.core.crypto import Vault
from services.core.i18n import N_, translator
from services.core.reference import EDUCATION_LEVELS, GENDERS, INTENTIONS, POOR_HOUSEHOLD, TRADES, YES_NO
from services.core.validation import age_on, mask_id
from services.places.county import County
from services.registration.profile import missing_groups
from services.registration.profile_labels import MISSING_HEADER, missing_labels

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\x00")
QUOTE = "'"
TRIGGER_SET = frozenset(FORMULA_TRIGGERS)


def neutralize(text: str) -> str:
    """Make a text cell inert in a spreadsheet: a leading quote before a formula trigger."""
    return QUOTE + text if text[:1] in FORMULA_TRIGGERS else text


def cell(value: object) -> object:
    return neutralize(value) if isinstance(value, str) else value


# (key, header message id, width in the .xlsx)
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("ticket_code", N_("Ticket code"), 11),
    ("name", N_("Name"), 12),
    ("id_number", N_("ID number"), 21),
    ("phone", N_("Mobile number"), 14),
    ("gender", N_("Gender"), 7),
    ("age", N_("Age"), 6),
    ("township", N_("Township"), 14),
    ("village", N_("Village"), 16),
    ("education", N_("Education"), 14),
    ("trades", N_("Trades and skills"), 28),
    ("intention", N_("Employment intention"), 22),
    ("expected_wage", N_("Expected monthly wage (yuan)"), 12),
    ("willing_to_train", N_("Willing to train"), 10),
    ("poor_household", N_("Registered poor household"), 12),
    ("can_leave_home", N_("Can leave home to work"), 16),
    ("registered_at", N_("Registered at"), 17),
    ("source", N_("Registered through"), 30),
    ("profile_missing", MISSING_HEADER, 30),  # the profile groups not answered yet ("" when complete)
)
DATETIME_COLUMNS = frozenset({"registered_at"})
SHEET_NAME = N_("Job seekers")

CAN_LEAVE_HOME = {
    "none": N_("Yes"),
    "care": N_("No (care duties)"),
    "health": N_("No (health)"),
    "other": N_("No (other reasons)"),
}
SOURCE_LABELS = {SourceKind.DIRECT: N_("Directly (no fair or site)"), SourceKind.IMPORT: N_("Imported")}
TRADE_ORDER = {code: i for i, code in enumerate(TRADES)}


class Labeler:
    """Turns one database row into the cells of one export row, in one language."""

    def __init__(self, language: str, county: County, today: date, vault: Vault,
                 fairs: dict[int, str], sites: dict[int, str], *, full_ids: bool):
        self._ = translator(language)
        self.language, self.county, self.today, self.vault = language, county, today, vault
        self.full_ids = full_ids
        self.fairs, self.sites = fairs, sites
        self.zone = local_zone()
        self.trade_sep = "、" if language == "zh_CN" else ", "
        _ = self._
        self.places: dict[str, str] = {}
        self.gaps: dict[str, str] = {}
        self.maps = {key: {code: _(msg) for code, msg in table.items()} for key, table in (
            ("education", EDUCATION_LEVELS), ("gender", GENDERS), ("intention", INTENTIONS),
            ("poor_household", POOR_HOUSEHOLD), ("can_leave_home", CAN_LEAVE_HOME), ("trades", TRADES),
            ("yes_no", YES_NO), ("source", SOURCE_LABELS))}

    def headers(self) -> list[str]:
        return [self._(header) for _key, header, _width in COLUMNS]

    def place(self, name: str) -> str:
        if name not in self.places:
            self.places[name] = self.county.label(name, self.language) if name else ""
        return self.places[name]

    def source(self, kind: str, fair_id: int | None, site_id: int | None) -> str:
        if fair_id is not None:
            return self.fairs.get(fair_id, "")
        if site_id is not None:
            return self.sites.get(site_id, "")
        return self.maps["source"].get(kind, "")

    def cells(self, row: Sequence[Any], trades: Sequence[str]) -> list[object]:
        """One export row, in the order of COLUMNS (the row's columns are those of `_select`)."""
        (_id, ticket, name, birth, gender, township, village, education, intention, wage, train, poor, leave,
         answered, created, kind, fair_id, site_id, id_number, phone) = row
        if self.full_ids:
            id_number, phone = self.vault.decrypt(id_number), self.vault.decrypt(phone)
        else:  # no part of the ID is stored in clear: the mask comes from the decrypted number
            id_number = mask_id(self.vault.decrypt(id_number))
        m = self.maps
        if len(trades) > 1:
            trades = sorted(trades, key=lambda t: TRADE_ORDER.get(t, len(TRADE_ORDER)))
        return [
            ticket, name, id_number, phone, m["gender"].get(gender, gender), age_on(birth, self.today),
            self.place(township), self.place(village), m["education"].get(education, education),
            self.trade_sep.join([m["trades"].get(t, t) for t in trades]),
            m["intention"].get(intention, intention), wage,
            None if train is None else m["yes_no"]["yes" if train else "no"],
            m["poor_household"].get(poor, poor), m["can_leave_home"].get(leave, leave),
            created.astimezone(self.zone).replace(tzinfo=None, second=0, microsecond=0),
            self.source(kind, fair_id, site_id), self.missing(answered),
        ]

    def missing(self, answered: str | None) -> str:
        """The groups not answered yet, in the reader's words (one text per distinct value)."""
        key = answered or ""
        if key not in self.gaps:
            self.gaps[key] = missing_labels(missing_groups(answered), self._, self.language)
        return self.gaps[key]
