"""Helpers for page tests with streamlit.testing.v1.AppTest."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components import routes

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "text", "info", "error", "warning",
                 "success")
WIDGETS = ("text_input", "selectbox", "multiselect", "radio", "checkbox", "number_input", "button",
           "download_button", "page_link", "button_group")


def open_page(page: str | None = None, **query: str) -> AppTest:
    """Run app.py like a browser opening /<page>?<query> (`page`: a public URL path of the route table)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(routes.file(page)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def visible_text(at: AppTest) -> list[str]:
    """Every string the page shows: text elements, widget labels and option labels."""
    out: list[str] = []
    for kind in TEXT_ELEMENTS:
        out += [str(e.value) for e in getattr(at, kind)]
    for kind in WIDGETS:
        for w in getattr(at, kind):
            label = getattr(w, "label", None)
            if label and getattr(w, "key", None) != "lang_switch":  # its label is not shown
                out.append(str(label))
            out += [str(o) for o in (getattr(w, "options", None) or [])]
    return out


ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


IDENTITY = {"name": "王秀兰", "id_number": "530627 19800517 2462", "phone": "139 1234 5678", "place": "城关镇/东门村",
            "consent": True}


def fill_registration(at: AppTest, **overrides: object) -> AppTest:
    """Step 1 of the registration (ticket first): name, ID number, mobile, village, consent."""
    unknown = set(overrides) - set(IDENTITY) - {"village_other"}
    assert not unknown, f"step 1 has no {unknown}: profile answers come after the ticket (fill_profile)"
    values = IDENTITY | overrides
    for field in ("name", "id_number", "phone"):
        at.text_input(key=f"reg_{field}").input(values[field])
    choose_village(at, str(values["place"]), str(values.get("village_other", "")))
    at.checkbox(key="reg_consent").set_value(values["consent"])
    return at


def choose_village(at: AppTest, place: str, typed: str = "") -> AppTest:
    """The village picker (components.village_picker): type the village's name, then tap it (or tap
    "not in the list" after typing the place). Typing runs the search (a rerun)."""
    from services.core.reference import OTHER

    village = place.partition("/")[2]
    at.text_input(key="reg_village_query").input(typed if place == OTHER else village).run()
    assert not at.exception, [e.value for e in at.exception]
    if at.session_state["reg_place"] != place if "reg_place" in at.session_state else True:
        at.button_group(key="reg_village_pick").set_value(place).run()
    return at


PROFILE = {"trades": ["garment_sewing"], "intention": "nearby", "leave_constraint": "none", "education": "junior",
           "expected_wage": "4500", "willing_to_train": "yes", "poor_household": "no"}
GROUP_OF = {"trades": "trades", "intention": "place", "leave_constraint": "place", "education": "education",
            "expected_wage": "wage", "willing_to_train": "training", "poor_household": "poor_household"}


def profile_key(at: AppTest, field: str) -> str:
    """The widget key of a profile answer under the ticket on screen (components.profile_groups)."""
    code = at.session_state["my_ticket"]
    return f"reg_pf_{code}_{field}"


def answer_group(at: AppTest, group: str, save: str = "保存", **answers: object) -> AppTest:
    """Tap the answers of one profile group and press its one Save button."""
    for field, value in answers.items():
        key = profile_key(at, field)
        if field == "expected_wage":
            at.text_input(key=key).input(value)
        else:
            at.button_group(key=key).set_value(value)
    button = at.button(key=profile_key(at, f"{group}_save"))
    assert button.label == save, button.label
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def fill_profile(at: AppTest, save: str = "保存", **overrides: object) -> AppTest:
    """Answer every profile group (one press each), with `PROFILE` unless told otherwise."""
    values = PROFILE | overrides
    for group in ("trades", "place", "education", "wage", "training", "poor_household"):
        answer_group(at, group, save, **{f: v for f, v in values.items() if GROUP_OF[f] == group})
    return at


def click(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    matches[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at
