"""The read-aloud button in AppTest: drawn with its label in the page language, the text always Chinese."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from components.kiosk_prompts import IDENTITY_QUESTIONS, START
from components.spoken import chinese, text_hash, utterances

SCRIPT = """
import streamlit as st
from components.kiosk_prompts import IDENTITY_QUESTIONS, START
from components.read_aloud import read_aloud
from services.core.i18n import translator

read_aloud(translator(st.session_state.get("lang", "zh_CN")), [START, IDENTITY_QUESTIONS["name"]], key="ra")
st.button("rerun", key="again")
"""


def drawn(language: str) -> dict:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.session_state["lang"] = language
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [element] = [e for e in at.main if getattr(e, "key", None) == "ra"]
    assert element.proto.component_name == "portal_read_aloud"
    at.button(key="again").click().run()  # a rerun draws it again, the same
    assert not at.exception
    return json.loads(element.proto.json)


@pytest.mark.parametrize(("language", "label", "stop"), [("zh_CN", "读给我听", "正在读…点一下停止"),
                                                        ("en", "Read aloud", "Reading… tap to stop")])
def test_the_button_in_both_languages(language: str, label: str, stop: str) -> None:
    data = drawn(language)
    assert (data["label"], data["stop"]) == (label, stop)
    expected = [chinese(START), chinese(IDENTITY_QUESTIONS["name"])]
    assert [item["chunks"] for item in data["items"]] == [utterances(t) for t in expected]  # Chinese either way
    assert [item["audio"] for item in data["items"]] == [f"/app/static/prompts/{text_hash(t)}.ogg" for t in expected]
