"""Checks shared by the fair and site forms, and saving a new fair or site under its code.

Every problem of a form is collected in a dict field → message id and raised at once as
`FieldErrors` (services.core.errors), which the forms show beside each field.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models import Fair, Site
from services.core.errors import FieldErrors
from services.core.i18n import N_
from services.places.codes import CODE_PATTERN, code_taken, new_code, normalize_code
from services.places.county import County

MAX_LENGTHS = {"name": 120, "venue": 200, "township": 40, "campaign": 80}

NAME_MISSING = N_("Please enter the name of the fair or site.")
TOO_LONG = N_("This text is too long.")
CODE_INVALID = N_("A code has 2 to 16 letters, digits or dashes, and starts with a letter or digit.")
CODE_TAKEN = N_("This code is already used by another fair or site. Please choose another one.")
DATES_REVERSED = N_("The last day is before the first day.")
TOWNSHIP_UNKNOWN = N_("This township is not in the county.")
TOWNSHIP_MISSING = N_("Please choose a township.")
STATUS_INVALID = N_("Please choose a status.")
KIND_INVALID = N_("Please choose the kind of registration point.")
NOT_FOUND = N_("This fair or site no longer exists. Please reload the page.")


def check_text(errors: dict[str, str], fields: dict[str, str]) -> dict[str, str]:
    cleaned = {k: (v or "").strip() for k, v in fields.items()}
    for key, value in cleaned.items():
        if len(value) > MAX_LENGTHS[key]:
            errors[key] = TOO_LONG
    if "name" in cleaned and not cleaned["name"]:
        errors["name"] = NAME_MISSING
    return cleaned


def check_township(errors: dict[str, str], township: str, county: County | None, *, required: bool) -> None:
    if county is None:
        return
    if not township:
        if required:
            errors["township"] = TOWNSHIP_MISSING
    elif county.township(township) is None:
        errors["township"] = TOWNSHIP_UNKNOWN


def check_code(errors: dict[str, str], code: str | None) -> str:
    code = normalize_code(code)
    if code and not CODE_PATTERN.fullmatch(code):
        errors["code"] = CODE_INVALID
    return code


def raise_if_any(errors: dict[str, str]) -> None:
    if errors:
        raise FieldErrors(errors)


def insert_with_code(session: Session, row: Fair | Site, code: str | None, prefix: str) -> None:
    """Add the row under `code`, or under a fresh generated code; a code in use is refused."""
    if code:
        if code_taken(session, code):
            raise FieldErrors({"code": CODE_TAKEN})
        row.code = code
    else:
        row.code = new_code(prefix)
        while code_taken(session, row.code):
            row.code = new_code(prefix)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:  # the same code saved at the same moment by someone else
        raise FieldErrors({"code": CODE_TAKEN}) from None
    session.refresh(row)
