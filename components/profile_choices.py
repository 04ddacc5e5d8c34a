"""The choices of the profile questions under the ticket, with their icons (components.profile_groups).

Each question is a row of large single-tap choices (st.pills), never a drop-down: the icon helps a
reader who reads slowly. Icons are Material Symbols drawn by Streamlit's own font (no emoji font is
needed on the phone); in pills they are hidden from screen readers, unlike icons in Markdown, whose
English names would be read aloud, so the group headings carry none. Labels are the message ids of
services.core.reference.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.core.i18n import N_
from services.core.reference import EDUCATION_LEVELS, INTENTIONS, LEAVE_CONSTRAINTS, POOR_HOUSEHOLD, TRADES, YES_NO

TRADE_ICONS = {
    "ag_machinery_repair": "agriculture", "welding": "hardware", "housekeeping": "house",
    "nursing_care": "elderly", "baby_care": "child_care", "cosmetology": "content_cut", "livestock_breeding": "pets",
    "tea_art": "emoji_food_beverage", "pig_breeding": "savings", "cattle_breeding": "grass",
    "cash_crop_planting": "eco", "walnut_planting": "park", "pepper_planting": "local_florist",
    "electronics_assembly": "memory", "garment_sewing": "checkroom", "furniture_fitting": "chair",
    "shoe_making": "steps", "construction": "construction", "logistics": "local_shipping", "catering": "restaurant",
    "security_guard": "security", "cleaning": "cleaning_services",
}


@dataclass(frozen=True)
class Question:
    field: str  # the answer's name in services.registration.profile.GROUP_FIELDS
    label: str  # message id
    options: dict[str, str]  # code -> message id
    icons: dict[str, str]  # code -> Material Symbols name
    multi: bool = False


QUESTIONS: dict[str, tuple[Question, ...]] = {
    "trades": (Question("trades", N_("What can you do? Tap all that fit, or none."), TRADES, TRADE_ICONS,
                        multi=True),),
    "place": (
        Question("intention", N_("Where do you want to work?"), INTENTIONS,
                 {"go_out": "train", "nearby": "home", "either": "sync_alt"}),
        Question("leave_constraint", N_("Can you leave home to work?"), LEAVE_CONSTRAINTS,
                 {"none": "directions_walk", "care": "family_restroom", "health": "healing", "other": "block"}),
    ),
    "education": (Question("education", N_("Education"), EDUCATION_LEVELS, dict.fromkeys(EDUCATION_LEVELS, "school")),),
    "training": (Question("willing_to_train", N_("Are you willing to take skills training?"), YES_NO,
                          {"yes": "thumb_up", "no": "thumb_down"}),),
    "poor_household": (Question("poor_household", N_("Is your household a registered poor household?"),
                                POOR_HOUSEHOLD, {"yes": "check_circle", "no": "cancel", "unknown": "help"}),),
}
