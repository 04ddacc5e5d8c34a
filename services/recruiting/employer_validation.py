"""What is typed about a company (`EmployerForm`) and its rules: every problem at once, as FieldErrors
(field name -> message id), through one `Checker`. Nothing is saved here."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

from services.accounts.staff import check_new_account
from services.core.errors import Checker, FieldError
from services.core.i18n import N_
from services.core.reference import INDUSTRIES
from services.core.validation import choice, normalize_credit_code, normalize_mobile, normalize_name
from services.places.geography import CITIES, PROVINCES

NOTE_MAX = 200


@dataclass
class EmployerForm:
    """What was typed about the company, as the page read it from the widgets."""

    name: str = ""
    credit_code: str = ""
    province: str | None = None
    city: str = ""
    industry: str | None = None
    contact_name: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class EmployerDraft:
    """A validated company, ready to save."""

    name: str
    credit_code: str
    province: str
    city: str
    industry: str
    contact_name: str
    contact_phone: str


def normalize_company_name(raw: str) -> str:
    name = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw or "")).strip()
    if not name:
        raise FieldError(N_("Please enter the company name."))
    if len(name) < 2 or len(name) > 100:
        raise FieldError(N_("A company name has 2 to 100 characters."))
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise FieldError(N_("The company name contains characters that cannot be used."))
    return name


def normalize_contact_name(raw: str) -> str:
    if not (raw or "").strip():
        raise FieldError(N_("Please enter the contact person's name."))
    return normalize_name(raw)


def normalize_contact_phone(raw: str) -> str:
    """A mobile number (11 digits) or a landline with its area code, written 0769-22334455."""
    folded = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", raw or ""))
    if not folded:
        raise FieldError(N_("Please enter the contact phone number."))
    if folded.startswith("0086"):
        folded = "0" + folded[4:] if folded[4:5] != "1" else folded[4:]
    elif folded.startswith("+86"):
        folded = "0" + folded[3:] if folded[3:4] != "1" else folded[3:]
    if re.fullmatch(r"1\d{10}", folded):
        return normalize_mobile(folded)
    bad = N_("Enter a mobile number (11 digits) or a landline with its area code, e.g. 0769-22334455.")
    if not re.fullmatch(r"0\d{9,11}", folded):
        raise FieldError(bad)
    parsed = phonenumbers.parse(folded, "CN")
    area = phonenumbers.length_of_geographical_area_code(parsed)
    if not phonenumbers.is_valid_number(parsed) or not area:
        raise FieldError(bad)
    national = str(parsed.national_number)
    return f"0{national[:area]}-{national[area:]}"


def _city(form: EmployerForm) -> str:
    city = re.sub(r"\s+", "", unicodedata.normalize("NFKC", form.city or ""))
    if not city:
        raise FieldError(N_("Please enter the city."))
    if len(city) > 40:
        raise FieldError(N_("This name is too long."))
    known = CITIES.get(city) or CITIES.get(city + "市")
    if known is not None:
        if form.province in PROVINCES and known[0] != form.province:
            raise FieldError(N_("This city is not in the chosen province."))
        return city if city in CITIES else city + "市"
    return city


def review_note(note: str) -> str:
    text = " ".join((note or "").split())
    if not text:
        raise FieldError(N_("Please write the reason: the company is told."))
    if len(text) > NOTE_MAX:
        raise FieldError(N_("Please keep the reason under 200 characters."))
    return text


def check_employer(v: Checker, form: EmployerForm) -> EmployerDraft | None:
    """Check every company field into `v`; the draft when all are right."""
    name = v.check("name", normalize_company_name, form.name)
    credit_code = v.check("credit_code", normalize_credit_code, form.credit_code)
    province = v.check("province", choice, form.province, PROVINCES, N_("Please choose the province."))
    city = v.check("city", _city, form)
    industry = v.check("industry", choice, form.industry, INDUSTRIES, N_("Please choose the industry."))
    contact_name = v.check("contact_name", normalize_contact_name, form.contact_name)
    contact_phone = v.check("contact_phone", normalize_contact_phone, form.contact_phone)
    if (v.errors or name is None or credit_code is None or province is None or city is None or industry is None
            or contact_name is None or contact_phone is None):  # a check that fails returns None
        return None
    return EmployerDraft(name=name, credit_code=credit_code, province=province, city=city, industry=industry,
                         contact_name=contact_name, contact_phone=contact_phone)


def validate_employer(form: EmployerForm) -> EmployerDraft:
    """Check every company field and report all problems at once (FieldErrors)."""
    v = Checker()
    draft = check_employer(v, form)
    v.raise_if_any()
    assert draft is not None
    return draft


def check_account(v: Checker, *, username: str, display_name: str, password: str,
                  password_repeat: str | None) -> None:
    """Check a new recruiter account's fields into `v`."""
    for name, message in check_new_account(username=username, display_name=display_name,
                                           password=password).items():
        v.add(name, message)
    if password_repeat is not None and password_repeat != password:
        v.add("password_repeat", N_("The two passwords are not the same."))
