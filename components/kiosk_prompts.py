"""What the kiosk reads aloud: its questions and their choices, as message ids.

The kiosk's "Read aloud" button (components.read_aloud) speaks the Chinese text of these message ids
with the browser's speech synthesis (zh-CN), or, where the device has no Chinese voice, plays the
recorded prompts shipped in static/prompts/ (made ahead of time by scripts/make_prompts.py from this
list; a test checks that every text the kiosk reads has its recording). Keep one list: a question
added to the kiosk is added here, then `python3 scripts/make_prompts.py`.
"""

from __future__ import annotations

from components.profile_choices import QUESTIONS
from services.core.i18n import N_
from services.core.reference import CONSENT_TEXT

# The identity steps, one question per screen (pages/public/kiosk.py).
IDENTITY_QUESTIONS: dict[str, str] = {
    "name": N_("What is your name? Type it as on your ID card."),
    "id_number": N_("What is your ID number? It has 18 characters."),
    "phone": N_("What is your mobile number? A family member's number is fine too."),
    "village": N_("Which village are you from? Type its name or its pinyin."),
    "consent": N_("Do you agree that the labor bureau keeps your details to find you work?"),
    "confirm": N_("Please check your details. If they are right, press confirm."),
}
START = N_("Welcome. Press the big button to register and get your job-fair ticket.")
DONE = N_("You are registered. Take your ticket slip from the printer and show it at the employers' booths.")
# Added by the kiosk page: its claim screen (the ID number is registered with another mobile).
CLAIM = N_("This ID number is already registered. Please go to the staff desk with your ID card.")


def profile_prompts() -> dict[str, tuple[str, ...]]:
    """Each profile question's field -> its question and its choices (message ids), as the kiosk reads them."""
    out: dict[str, tuple[str, ...]] = {}
    for questions in QUESTIONS.values():
        for q in questions:
            out[q.field] = (q.label, *q.options.values())
    return out


def all_prompt_ids() -> list[str]:
    """Every message id the kiosk may read aloud, each once (what scripts/make_prompts.py records)."""
    ids = [START, DONE, *IDENTITY_QUESTIONS.values()]
    for texts in profile_prompts().values():
        ids.extend(texts)
    ids.append(N_("How much do you want to earn a month?"))
    ids.append(CLAIM)
    ids.append(CONSENT_TEXT)  # the consent step reads the whole consent text too
    return list(dict.fromkeys(ids))
