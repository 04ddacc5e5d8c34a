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
           "download_button", "page_link")


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
            if label:
                out.append(str(label))
            out += [str(o) for o in (getattr(w, "options", None) or [])]
    return out


ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def fill_registration(at: AppTest, **overrides: object) -> AppTest:
    values: dict[str, object] = {
        "name": "王秀兰", "id_number": "530627 19800517 2462", "phone": "139 1234 5678", "place": "城关镇/东门村",
        "education": "junior", "trades": ["garment_sewing"], "intention": "nearby", "expected_wage": 4500,
        "leave_constraint": "none", "willing_to_train": "yes", "poor_household": "no", "consent": True,
    }
    values.update(overrides)
    for field in ("name", "id_number", "phone", "village_other"):
        if field in values:
            at.text_input(key=f"reg_{field}").input(values[field])
    for field in ("place", "education"):
        at.selectbox(key=f"reg_{field}").set_value(values[field])
    at.multiselect(key="reg_trades").set_value(values["trades"])
    for field in ("intention", "leave_constraint", "willing_to_train", "poor_household"):
        at.radio(key=f"reg_{field}").set_value(values[field])
    at.number_input(key="reg_expected_wage").set_value(values["expected_wage"])
    at.checkbox(key="reg_consent").set_value(values["consent"])
    return at


def click(at: AppTest, label: str) -> AppTest:
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}; buttons: {[b.label for b in at.button]}"
    matches[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at
