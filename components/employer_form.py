"""The company fields and the recruiter-account fields, shared by /join and the organizers' page.

Widgets are keyed `<prefix><field>`, so a submit callback reads them with `read_company` and
the errors it stores (field -> message id) show beside the fields on the same rerun, with
everything typed kept.
"""

from __future__ import annotations

import streamlit as st

from components import runtime
from components.text import literal
from services.core.errors import FieldErrors, PortalError
from services.core.i18n import Translator
from services.core.reference import INDUSTRIES
from services.places.geography import PROVINCES, province_label
from services.recruiting.employer_validation import EmployerForm

COMPANY_FIELDS = ("name", "credit_code", "province", "city", "industry", "contact_name", "contact_phone")
ACCOUNT_FIELDS = ("username", "display_name", "password", "password_repeat")
KEEP = {"persist_state": "page"}


def field_error(_: Translator, errors: dict[str, str], field: str) -> None:
    message = errors.get(field)
    if message:
        st.error(_(message), icon="⚠️")


def company_fields(_: Translator, prefix: str, errors: dict[str, str], *, contact: bool = True) -> None:
    lang = runtime.language()
    st.text_input(_("Company name (as on the business licence)"), key=prefix + "name", max_chars=100, **KEEP)
    field_error(_, errors, "name")
    st.text_input(_("Unified social credit code (18 characters)"), key=prefix + "credit_code", max_chars=30,
                  placeholder="91441900MA4W3XXXXX", **KEEP)
    field_error(_, errors, "credit_code")
    st.selectbox(_("Province of the company"), list(PROVINCES), index=None, key=prefix + "province",
                 format_func=lambda p: province_label(p, lang), placeholder=_("Choose one"), **KEEP)
    field_error(_, errors, "province")
    st.text_input(_("City"), key=prefix + "city", max_chars=40, placeholder=_("e.g. 东莞市 (in Chinese)"), **KEEP)
    field_error(_, errors, "city")
    st.selectbox(_("Industry"), list(INDUSTRIES), index=None, key=prefix + "industry",
                 format_func=lambda c: _(INDUSTRIES[c]), placeholder=_("Choose one"), **KEEP)
    field_error(_, errors, "industry")
    if contact:
        contact_fields(_, prefix, errors)


def contact_fields(_: Translator, prefix: str, errors: dict[str, str]) -> None:
    st.text_input(_("Contact person"), key=prefix + "contact_name", max_chars=30, **KEEP)
    field_error(_, errors, "contact_name")
    st.text_input(_("Contact phone (mobile, or landline with area code)"), key=prefix + "contact_phone",
                  max_chars=20, type="phone", placeholder="0769-22334455", **KEEP)
    field_error(_, errors, "contact_phone")


def account_fields(_: Translator, prefix: str, errors: dict[str, str], *, repeat: bool = True,
                   first_password: bool = False) -> None:
    st.text_input(_("User name for signing in (letters and digits)"), key=prefix + "username", max_chars=40,
                  autocomplete="username", **KEEP)
    field_error(_, errors, "username")
    st.text_input(_("Your name") if not first_password else _("Name"), key=prefix + "display_name",
                  max_chars=60, **KEEP)
    field_error(_, errors, "display_name")
    label = _("First password (the person changes it after signing in)") if first_password else _("Password")
    st.text_input(label, key=prefix + "password", type="password", max_chars=128, autocomplete="new-password",
                  help=_("At least 8 characters. A short sentence is easy to remember."))
    field_error(_, errors, "password")
    if repeat:
        st.text_input(_("Repeat the password"), key=prefix + "password_repeat", type="password", max_chars=128,
                      autocomplete="new-password")
        field_error(_, errors, "password_repeat")


def read_company(prefix: str) -> EmployerForm:
    s = st.session_state
    return EmployerForm(**{f: s.get(prefix + f) or ("" if f not in {"province", "industry"} else None)
                           for f in COMPANY_FIELDS})


def read_account(prefix: str) -> dict[str, str]:
    s = st.session_state
    return {f: s.get(prefix + f) or "" for f in ("username", "display_name", "password")}


def clear(prefix: str) -> None:
    """Forget what was typed (after a successful save): the next company starts blank."""
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(prefix):
            del st.session_state[key]


FLASH = "emp_flash"


def done(message: str, prefix: str | None = None) -> None:
    """A save worked: say so on the next run and, for a form (`prefix`), start it blank."""
    st.session_state[FLASH] = ("success", message)
    if prefix:
        clear(prefix)


def fail(exc: PortalError, prefix: str | None = None) -> None:
    """A save was refused: the form's errors beside its fields (`prefix`), the reason above the page."""
    _ = runtime.t()
    if isinstance(exc, FieldErrors) and prefix:
        st.session_state[f"{prefix}errors"] = exc.errors
        message = _("Some answers need fixing. Please look at the messages beside the fields.")
    else:
        message = _(exc.message)
    st.session_state[FLASH] = ("error", message)


def show_flash() -> None:
    flash = st.session_state.pop(FLASH, None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(literal(flash[1]))
