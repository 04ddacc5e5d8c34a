"""What an audit event says, in words: each action's message id and its detail made readable and masked.

`ACTION_LABELS` names every action the code writes (`AuditEvent(action=...)` in services/; a test
reads the code and fails on an action without a label); an action not in the table (an old or a
future one) is shown by its raw name. `describe(detail)` turns the JSON detail into (label, text)
pairs: known keys get a message id, known codes (roles, employer statuses, target metrics) their
words, and no full ID number or phone ever leaves: values under phone keys are masked, and any
ID number or phone number inside a text is masked where it stands (the detail of
`employer_contact_updated` carries the contact's phone as typed; a reason or a note may hold one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from services.core.i18n import LANGUAGE_NAMES, N_
from services.core.reference import EMPLOYER_STATUSES
from services.core.validation import mask_id, mask_mobile
from services.reporting.targets import METRIC_LABELS

ACTION_LABELS: dict[str, str] = {
    # accounts
    "first_organizer_created": N_("First organizer account created"),
    "account_created": N_("Staff account created"),
    "recruiter_added": N_("Recruiter account added"),
    "account_enabled": N_("Account enabled"),
    "account_disabled": N_("Account disabled"),
    "account_role_changed": N_("Account given another role"),
    "password_reset": N_("Password reset by an organizer"),
    "password_changed": N_("Own password changed"),
    # employers and vacancies
    "employer_signed_up": N_("Employer signed up"),
    "employer_created": N_("Employer added by an organizer"),
    "employer_approved": N_("Employer approved"),
    "employer_rejected": N_("Employer rejected"),
    "employer_suspended": N_("Employer suspended"),
    "employer_reinstated": N_("Employer reinstated"),
    "employer_contact_updated": N_("Employer contact changed"),
    "vacancy_created": N_("Vacancy created"),
    "vacancy_updated": N_("Vacancy changed"),
    "vacancy_closed": N_("Vacancy closed"),
    "vacancy_reopened": N_("Vacancy reopened"),
    # registration, the desk, the kiosk
    "desk_consent_read": N_("Consent read out at the desk"),
    "desk_mobile_changed": N_("Mobile number changed at the desk"),
    "desk_household_joined": N_("Person joined to a household at the desk"),
    "identity_claim_proven": N_("ID number claimed with the previous mobile"),
    "identity_claim_reviewed": N_("ID number claim reviewed by staff"),
    "kiosk_pin_set": N_("Kiosk PIN set"),
    "kiosk_pin_cleared": N_("Kiosk PIN removed"),
    "kiosk_exit": N_("Kiosk mode left"),
    # after the hire
    "follow_up_recorded": N_("Follow-up visit recorded"),
    "follow_up_confirmed": N_("Recruiter confirmed the worker is still employed"),
    "wage_issue_resolved": N_("Wage issue resolved"),
    "unreachable_closed": N_("Unreachable person closed in the repair queue"),
    "household_plan_saved": N_("Household plan step saved"),
    "household_plan_closed": N_("Household plan step closed"),
    "subsidy_rule_changed": N_("Subsidy rule changed"),
    # skills training
    "training_course_created": N_("Training course created"),
    "training_course_changed": N_("Training course changed"),
    "training_course_cancelled": N_("Training course cancelled"),
    "training_enrolled_from_list": N_("People enrolled on a course from a list"),
    "training_completed": N_("Training completed"),
    "training_certificate_issued": N_("Training certificate issued"),
    # figures and files
    "targets_saved": N_("Targets saved"),
    "export_full_ids": N_("Export with full ID numbers"),
    "audit_log_exported": N_("Audit log exported"),
    "report_pdf_downloaded": N_("Meeting report (PDF) downloaded"),
}

# Who an event's actor is when no staff member did it (services write these names).
ACTOR_LABELS: dict[str, str] = {
    "self_service": N_("The person themselves"),
    "kiosk_pin": N_("Kiosk (with the site PIN)"),
    "system": N_("The system"),
    "": N_("Nobody signed in"),
}

KEY_LABELS: dict[str, str] = {
    "username": N_("User name"), "role": N_("Role"), "employer_id": N_("Employer no."),
    "site_id": N_("Site no."), "site": N_("Site"), "name": N_("Name"), "credit_code": N_("Credit code"),
    "from": N_("From"), "to": N_("To"), "note": N_("Note"), "reason": N_("Reason"),
    "contact_name": N_("Contact person"), "contact_phone": N_("Contact phone"),
    "vacancy_id": N_("Vacancy no."), "title": N_("Job title"), "changed": N_("Changed"),
    "closing_date": N_("Closing date"), "seeker_id": N_("Job seeker no."), "old_mobile": N_("Old mobile"),
    "new_mobile": N_("New mobile"), "claims": N_("Claims"), "claim_id": N_("Claim no."),
    "outcome": N_("Outcome"), "submission_id": N_("Submission"), "consent_version": N_("Consent version"),
    "replaced": N_("Replaced an old PIN"), "method": N_("How"), "ip": N_("Address"),
    "filters": N_("Filters"), "rows": N_("Rows"), "format": N_("Format"), "year": N_("Year"),
    "changes": N_("Changes"), "period": N_("Period"), "township": N_("Township"),
    "from_role": N_("Role before"), "city": N_("City"),
    # the filters of an export
    "actor": N_("Who"), "action": N_("What"), "date_from": N_("From date"), "date_to": N_("To date"),
    "text": N_("Text"), "fair_id": N_("Fair no."), "date_field": N_("Dates apply to"),
    "incomplete_only": N_("Only incomplete profiles"), "language": N_("Language"),
}

# Codes written as values, in words (by the key they stand under).
ROLE_LABELS = {"organizer": N_("Organizer"), "recruiter": N_("Recruiter"), "desk": N_("Registration desk staff"),
               "township": N_("Township staff"), "workstation": N_("Labor-export workstation staff")}
VALUE_LABELS: dict[str, Mapping[str, str]] = {
    "role": ROLE_LABELS, "from_role": ROLE_LABELS,
    "from": EMPLOYER_STATUSES, "to": EMPLOYER_STATUSES, "metric": METRIC_LABELS,
    "method": {"pin": N_("With the site PIN"), "organizer": N_("An organizer signed in")},
    "language": LANGUAGE_NAMES,  # names, not message ids: the same in every language
}

PHONE_KEYS = frozenset({"phone", "mobile", "contact_phone", "old_mobile", "new_mobile"})
ID_KEYS = frozenset({"id_number"})
IP_KEYS = frozenset({"ip"})

# A resident ID number (18 characters, the last may be X; or the old 15 digits) and a phone
# (a mobile, with +86, spaces or dashes; a landline with its 0 area code) wherever they stand in a text.
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?(1\d{2})[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?(\d{7,8})(?!\d)")

Translate = Callable[[str], str]


def mask_text(text: str) -> str:
    """`text` with every ID number and phone number in it masked (ID: first 6 and last 4; phone: 3 and 4)."""
    text = _ID.sub(lambda m: mask_id(m.group(1).upper()), text)
    text = _MOBILE.sub(lambda m: mask_mobile(m.group(1) + m.group(2) + m.group(3)), text)
    return _LANDLINE.sub(lambda m: m.group(1) + "-" + "*" * (len(m.group(2)) - 4) + m.group(2)[-4:], text)


def mask_phone(value: object) -> str:
    digits = re.sub(r"\D", "", str(value or ""))
    if "*" in str(value):  # already masked where it was written
        return str(value)
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return mask_mobile(digits) if len(digits) >= 8 else "*" * len(digits)


def mask_ip(value: object) -> str:
    """An address without its last part: 10.0.3.* (IPv6: its first half)."""
    text = str(value or "")
    if "." in text:
        return ".".join([*text.split(".")[:3], "*"])
    if ":" in text:
        return ":".join([*text.split(":")[:4], "*"])
    return text


def action_words(action: str, _: Translate) -> str:
    """An action in the reader's words; an unknown action by its raw name."""
    return _(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def actor_words(actor: str, _: Translate) -> str:
    """Who did it: a user name as it is; the system's own names in words."""
    return _(ACTOR_LABELS[actor]) if actor in ACTOR_LABELS else actor


def action_label(action: str) -> str:
    """The message id of an action, or its raw name when the table does not know it."""
    return ACTION_LABELS.get(action, action)


def actor_label(actor: str) -> str:
    return ACTOR_LABELS.get(actor, actor)


def _value(key: str, value: object, _: Translate) -> str:
    if key in PHONE_KEYS:
        return mask_phone(value) if value not in (None, "") else ""
    if key in ID_KEYS:
        return mask_id(str(value or ""))
    if key in IP_KEYS:
        return mask_ip(value)
    if key in VALUE_LABELS and isinstance(value, str) and value in VALUE_LABELS[key]:
        return _(VALUE_LABELS[key][value])
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if value is None or value == "":
        return "—"
    if isinstance(value, Mapping):
        if key == "changed":  # {field: [before, after]}
            return "; ".join(f"{k}: {_pair(k, v, _)}" for k, v in value.items())
        return "; ".join(f"{_(KEY_LABELS.get(str(k), str(k)))}: {_value(str(k), v, _)}" for k, v in value.items()
                         if v not in (None, "", False))
    if isinstance(value, list | tuple):
        if key == "changes":  # targets: [{township, metric, old, new}]
            return "; ".join(_change(c, _) for c in value if isinstance(c, Mapping))
        return ", ".join(_value(key, v, _) for v in value)
    return mask_text(str(value))


def _pair(key: str, value: object, _: Translate) -> str:
    if isinstance(value, list | tuple) and len(value) == 2:
        return f"{_value(key, value[0], _)} → {_value(key, value[1], _)}"
    return _value(key, value, _)


def _change(change: Mapping[str, object], _: Translate) -> str:
    place = str(change.get("township") or "") or _("whole county")
    metric = _value("metric", change.get("metric"), _)
    return f"{mask_text(place)} {metric}: {_value('old', change.get('old'), _)} → {_value('new', change.get('new'), _)}"


def describe(detail: Mapping[str, object] | None, _: Translate) -> list[tuple[str, str]]:
    """The detail as (label, text) pairs in the reader's language, masked; empty values left out."""
    out: list[tuple[str, str]] = []
    for key, value in (detail or {}).items():
        if value is None or value == "" or value == [] or value == {}:
            continue
        out.append((_(KEY_LABELS.get(key, key)), _value(key, value, _)))
    return out


def detail_text(detail: Mapping[str, object] | None, _: Translate) -> str:
    """The detail in one line: "Label: text · Label: text"."""
    return " · ".join(f"{label}: {text}" for label, text in describe(detail, _))
