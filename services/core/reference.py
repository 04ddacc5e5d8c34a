"""Fixed lists the forms choose from: education levels, trades, intentions.

Codes are stored; labels are English message ids translated at display time.
"""

from __future__ import annotations

from services.core.i18n import N_, NC_

EDUCATION_LEVELS: dict[str, str] = {
    "none": N_("No schooling"),
    "primary": N_("Primary school"),
    "junior": N_("Junior middle school"),
    "senior": N_("Senior high school"),
    "vocational": N_("Technical or vocational school"),
    "college": N_("College or above"),
}

# The county's 22 training trades and the factory and service work recruiters ask for.
TRADES: dict[str, str] = {
    "ag_machinery_repair": N_("Agricultural machinery repair"),
    "welding": N_("Electric welding"),
    "housekeeping": N_("Housekeeping"),
    "nursing_care": N_("Nursing care"),
    "baby_care": N_("Baby care"),
    "cosmetology": N_("Cosmetology"),
    "livestock_breeding": N_("Livestock breeding"),
    "tea_art": N_("Tea art"),
    "pig_breeding": N_("Pig breeding"),
    "cattle_breeding": N_("Cattle breeding"),
    "cash_crop_planting": N_("Cash-crop planting"),
    "walnut_planting": N_("Walnut planting"),
    "pepper_planting": N_("Pepper planting"),
    "electronics_assembly": N_("Electronics assembly"),
    "garment_sewing": N_("Garment sewing"),
    "furniture_fitting": N_("Furniture fitting"),
    "shoe_making": N_("Shoe making"),
    "construction": NC_("trade", "Construction"),
    "logistics": N_("Logistics"),
    "catering": N_("Catering"),
    "security_guard": N_("Security guard"),
    "cleaning": N_("Cleaning"),
}

INTENTIONS: dict[str, str] = {
    "go_out": N_("Go out to work in another province"),
    "nearby": N_("Work nearby (in the county or city)"),
    "either": N_("Either is fine"),
}

LEAVE_CONSTRAINTS: dict[str, str] = {
    "none": N_("Yes, I can leave home to work"),
    "care": N_("No: I care for children or elderly at home"),
    "health": N_("No: health reasons"),
    "other": N_("No: other reasons"),
}

POOR_HOUSEHOLD: dict[str, str] = {
    "yes": N_("Yes"),
    "no": N_("No"),
    "unknown": N_("Not sure"),
}

YES_NO: dict[str, str] = {"yes": N_("Yes"), "no": N_("No")}

GENDERS: dict[str, str] = {"M": N_("Male"), "F": N_("Female")}

OTHER = "__other__"

CONSENT_VERSION = "2026-11-v1"
CONSENT_TEXT = N_(
    "I agree that the county labor bureau keeps my ID number and mobile number. "
    "The ID number is used only to confirm who I am and to avoid registering me twice; "
    "it is stored encrypted and only bureau staff can see it. Employers see my name, age, "
    "education, skills and wishes, and see my phone number only after I apply to them, "
    "so they can call me about a job."
)

# Education levels in order, for "minimum education" rules (vocational ranks with senior high).
EDUCATION_RANK: dict[str, int] = {
    "none": 0, "primary": 1, "junior": 2, "senior": 3, "vocational": 3, "college": 4,
}

INDUSTRIES: dict[str, str] = {
    "manufacturing": N_("Manufacturing"),
    "electronics": N_("Electronics"),
    "garments_shoes": N_("Garments and shoes"),
    "furniture": N_("Furniture"),
    "construction": NC_("industry", "Construction"),
    "logistics": N_("Logistics and delivery"),
    "catering_hotels": N_("Catering and hotels"),
    "domestic_services": N_("Domestic and care services"),
    "security_property": N_("Security and property management"),
    "agriculture": N_("Agriculture and breeding"),
    "workshop": N_("Poverty-alleviation workshop"),
    "public_welfare": N_("Public-welfare jobs"),
    "other": N_("Other"),
}

EMPLOYER_STATUSES: dict[str, str] = {
    "pending": N_("Waiting for approval"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "suspended": N_("Suspended"),
}

SCOPES: dict[str, str] = {
    "local": N_("Nearby (in our city)"),
    "province": N_("Elsewhere in our province"),
    "out": N_("Another province"),
}

TRIP_PAYERS: dict[str, str] = {
    "employer": N_("The employer pays"),
    "shared": N_("Employer and worker share it"),
    "worker": N_("The worker pays"),
}

# pipeline stages, in order; "not suitable" ends an application at any point
STAGES: dict[str, str] = {
    "interested": N_("Interested"),
    "interviewed": N_("Interviewed"),
    "offered": N_("Offered"),
    "hired": N_("Hired"),
    "not_suitable": N_("Not suitable"),
}

APPLICATION_SOURCES: dict[str, str] = {
    "board": N_("Job board"),
    "kiosk": N_("Kiosk"),
    "booth": N_("Booth"),
}
