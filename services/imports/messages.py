"""What the dry run says about a cell, in plain words (message ids, translated by the pages), and what
it expects instead. The validators' own messages (services/core/validation.py) are used where they fit a
list as well as a form: the ID number's, the mobile's, the name's, the wage's."""

from __future__ import annotations

from services.core.i18n import N_

CELL_BLANK = N_("This cell is empty.")
EXPECTED: dict[str, str] = {
    "name": N_("The person's name, as on the ID card."),
    "id_number": N_("18 characters: 17 digits, then a digit or X."),
    "phone": N_("A mobile number: 11 digits starting with 1."),
    "township": N_("A township of the county."),
    "village": N_("A village of the township."),
    "expected_wage": N_("A monthly wage in yuan, e.g. 4500, or an empty cell."),
    "household_size": N_("The same number of people on the row of every member of the household."),
    "household_income": N_("The household's wage income of the year in yuan, a whole number, e.g. 36000."),
}
EXPECTED_ID_BIRTH = N_("Characters 7 to 14 are the birth date: year, month, day (e.g. 19850312).")
EXPECTED_ADULT = N_("People aged 16 or over.")

TOWNSHIP_UNKNOWN = N_("The county has no township of this name.")
TOWNSHIP_SUGGEST = N_("The county has no township of this name. Did you mean {suggestion}?")
TOWNSHIP_OF_VILLAGE = N_("The township is empty: {village} is in {township}?")
VILLAGE_UNKNOWN = N_("{township} has no village of this name.")
VILLAGE_SUGGEST = N_("{township} has no village of this name. Did you mean {suggestion}?")
COUNTY_NO_VILLAGE = N_("The county has no village of this name.")
COUNTY_VILLAGE_SUGGEST = N_("The county has no village of this name. Did you mean {suggestion}?")
OTHER_TOWNSHIP = N_("This person lives in {township}: you import lists of {yours} only.")
EXPECTED_YOUR_TOWNSHIP = N_("People of {township}. Send this row to its township or to the county bureau.")
VILLAGE_ELSEWHERE = N_("{township} has no village of this name: {village} is in {other}.")

CHOICE_UNKNOWN = N_("This is not one of the options.")
TRADES_UNKNOWN = N_("Not a trade on the list: {unknown}.")
EXPECTED_OPTIONS = N_("One of: {options}.")
EXPECTED_TRADES = N_("Trades from the list, separated by 、: {options}.")
PAIR_LEFT_OUT = N_("Not saved: it is saved together with “{other}”, which is empty.")
EXPECTED_PAIR = N_("Both answers, or neither.")

AGE_NOT_NUMBER = N_("The age is not a number of years: the age from the ID number is used.")
AGE_MISMATCH = N_("The ID number says the person was born on {birth}: {age} years old, not {typed}.")
EXPECTED_AGE = N_("The age from the ID number ({age}), or an empty cell.")
GENDER_UNKNOWN = N_("The gender is neither 男 nor 女: the gender from the ID number is used.")
GENDER_SAYS_MAN = N_("The ID number is a man's, but the gender column says female.")
GENDER_SAYS_WOMAN = N_("The ID number is a woman's, but the gender column says male.")
EXPECTED_GENDER = N_("The gender from the ID number, or an empty cell.")

SIZE_NOT_NUMBER = N_("The number of household members is not a number.")
INCOME_NOT_NUMBER = N_("The household's annual wage income is not a number of yuan.")
SIZE_DISAGREES = N_("The members of household {code} give different sizes: {sizes} (rows {rows}).")
SIZE_TOO_SMALL = N_("Household {code} has {count} rows in the list but a size of {size}.")
NO_HEAD = N_("Household {code} has no head (户主) in the list (rows {rows}).")
TWO_HEADS = N_("Household {code} has {count} heads (户主) in the list (rows {rows}).")
EXPECTED_HEAD = N_("One member of each household has the relation 户主 (or 本人).")

DUPLICATE_ROWS = N_("The same ID number is also on row {rows}.")
EXPECTED_ONCE = N_("Each person once: keep one of the rows.")
REGISTERED_OTHER_PHONE = N_("Already registered ({name}, {village}, {date}) with another mobile: needs review.")
EXPECTED_REVIEW = N_("Staff check the ID card and change the mobile at the registration desk.")
LIKELY_IN_FILE = N_("Maybe the same person as row {rows}: same village, birth date and name sound ({names}).")
LIKELY_REGISTERED = N_("Maybe the same person as {name}, registered on {date}: same village, birth date and "
                       "name sound.")
EXPECTED_TWO_PEOPLE = N_("Check that these are two different people.")

MISSING_COLUMNS = N_("The file has no column for: {columns}.")


def rows_text(numbers: list[int], limit: int = 10) -> str:
    """Row numbers for a message: "3, 8, 12", or the first few and how many more ("3, 8, … +40")."""
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown if len(numbers) <= limit else f"{shown}, … +{len(numbers) - limit}"
