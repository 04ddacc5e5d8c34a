"""The village picker with AppTest, on a small demo page: search, choose, "not in the list",
what ends in session_state for the registration service, reruns and the language switch."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from services.core.errors import FieldErrors
from services.core.i18n import translator
from services.core.reference import OTHER
from services.registration.register import RegistrationForm, validate_registration
from tests.factories import form

zh = translator("zh_CN")  # the demo page opens in Chinese (the messages are English until the catalog has them)


def demo() -> None:
    import streamlit as st

    from components import runtime
    from components.village_picker import village_picker

    runtime.language_switch()
    _ = runtime.t()
    place = village_picker(_, key_prefix="reg_", county=runtime.county(), language=runtime.language(),
                           prefer_township=st.session_state.get("prefer"))
    st.text(f"chosen={place}")
    st.text_input("Name", key="reg_name")  # another answer of the form, to see it kept beside


@pytest.fixture
def at(app_env) -> AppTest:
    app = AppTest.from_function(demo, default_timeout=30)
    app.session_state["prefer"] = "城关镇"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def options(app: AppTest) -> list[str]:
    return list(app.pills(key="reg_village_pick").options)


def choose(app: AppTest, value: str) -> AppTest:
    app.pills(key="reg_village_pick").set_value(value).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def typed(app: AppTest, text: str) -> AppTest:
    app.text_input(key="reg_village_query").input(text).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def state(app: AppTest, key: str) -> object:
    try:
        return app.session_state[key]
    except KeyError:
        return None


def chosen(app: AppTest) -> tuple[object, object]:
    """What the registration service reads: reg_place and reg_village_other."""
    return state(app, "reg_place"), state(app, "reg_village_other")


def read_form(app: AppTest) -> RegistrationForm:
    """What the registration form would read from the session (components/registration_form.split_place)."""
    place, other = chosen(app)
    township, village = (OTHER, OTHER) if place == OTHER else str(place).split("/")
    return form(township=township, village=village, village_other=other or "")


def test_empty_box_lists_the_preferred_township_and_the_always_visible_other(at: AppTest) -> None:
    labels = options(at)
    assert labels[0] == "东门村（城关镇）" and len(labels) == 7  # 城关镇's six villages, then "not in the list"
    assert labels[-1] == zh("Not in the list: write your village above")
    label = at.text_input(key="reg_village_query").label
    assert "dm" in label and "东门" in label  # the example is a village of the preferred township
    assert at.text_input(key="reg_village_query").proto.type == 0  # the plain text keyboard: not search, not phone


def test_initials_find_the_village_and_the_choice_ends_in_the_form_keys(at: AppTest, county) -> None:
    typed(at, "yj")
    assert options(at) == ["岩脚村（大河乡）", zh("Not in the list: use “{typed}”", typed="yj")]
    choose(at, "大河乡/岩脚村")
    assert chosen(at) == ("大河乡/岩脚村", "")
    assert any(t.value == "chosen=大河乡/岩脚村" for t in at.text)
    draft = validate_registration(read_form(at), county=county)
    assert (draft.township, draft.village) == ("大河乡", "岩脚村")


@pytest.mark.parametrize("query", ["岩脚", "yanjiao", "YAN JIAO", "ｙｊ", "yjiao"])
def test_characters_and_pinyin_forms(at: AppTest, query: str) -> None:
    assert options(typed(at, query))[0] == "岩脚村（大河乡）"


def test_a_place_not_listed_is_accepted_as_typed(at: AppTest, county) -> None:
    typed(at, "  老鹰  岩 ")
    assert at.caption and any("老鹰 岩" in c.value for c in at.caption)  # "none matches ... use it as it is"
    assert options(at) == [zh("Not in the list: use “{typed}”", typed="老鹰 岩")]
    choose(at, OTHER)
    assert chosen(at) == (OTHER, "老鹰 岩")
    typed(at, "老鹰岩村")  # corrected after choosing: the typed text follows
    assert chosen(at) == (OTHER, "老鹰岩村")
    draft = validate_registration(read_form(at), county=county)
    assert (draft.township, draft.village) == ("", "老鹰岩村")


def test_other_with_an_empty_box_asks_for_the_name(at: AppTest, county) -> None:
    choose(at, OTHER)
    assert chosen(at) == (OTHER, "")
    with pytest.raises(FieldErrors) as refused:
        validate_registration(read_form(at), county=county)
    assert "village" in refused.value.errors  # "Please write the name of your village."


def test_choice_kept_across_reruns_another_search_and_the_language_switch(at: AppTest) -> None:
    typed(at, "yj")
    choose(at, "大河乡/岩脚村")
    at.text_input(key="reg_name").input("王秀兰").run()
    assert at.pills(key="reg_village_pick").value == "大河乡/岩脚村"
    typed(at, "dm")  # looking at another name: the choice stays, first and selected
    assert options(at)[:2] == ["岩脚村（大河乡）", "东门村（城关镇）"]
    assert at.pills(key="reg_village_pick").value == "大河乡/岩脚村"
    at.button_group(key="lang_switch").set_value("en").run()
    assert not at.exception
    assert at.text_input(key="reg_village_query").value == "dm"
    assert at.text_input(key="reg_name").value == "王秀兰"
    assert options(at)[:2] == ["Yanjiao 岩脚村 (Dahe Township)", "Dongmen 东门村 (Chengguan Town)"]
    assert at.pills(key="reg_village_pick").value == "大河乡/岩脚村"
    assert chosen(at) == ("大河乡/岩脚村", "")
    at.button_group(key="lang_switch").set_value("zh_CN").run()
    assert at.pills(key="reg_village_pick").value == "大河乡/岩脚村"
    assert chosen(at) == ("大河乡/岩脚村", "")


def test_other_kept_across_the_language_switch(at: AppTest) -> None:
    typed(at, "老鹰岩")
    choose(at, OTHER)
    at.button_group(key="lang_switch").set_value("en").run()
    assert at.pills(key="reg_village_pick").value == OTHER
    assert chosen(at) == (OTHER, "老鹰岩")


def test_unchoosing_and_choosing_another(at: AppTest) -> None:
    choose(at, "城关镇/东门村")
    choose(at, None)
    assert chosen(at)[0] is None
    choose(at, "城关镇/南屏村")
    assert chosen(at) == ("城关镇/南屏村", "")


def test_prefilled_other_shows_its_text(app_env) -> None:
    app = AppTest.from_function(demo, default_timeout=30)
    app.session_state["reg_place"] = OTHER
    app.session_state["reg_village_other"] = "老鹰岩"
    app.run()
    assert app.text_input(key="reg_village_query").value == "老鹰岩"
    assert app.pills(key="reg_village_pick").value == OTHER


def test_labels_in_english_use_pinyin_where_the_file_has_no_english(county) -> None:
    from components.village_picker import place_label

    assert place_label(county, "大河乡/岩脚村", "zh_CN") == "岩脚村（大河乡）"
    assert place_label(county, "大河乡/岩脚村", "en") == "Yanjiao 岩脚村 (Dahe Township)"
    assert place_label(county, "大河乡/不在册村", "en") == "Buzaice 不在册村 (Dahe Township)"


def test_the_choice_is_confirmed_in_words(at: AppTest) -> None:
    choose(typed(at, "yj"), "大河乡/岩脚村")
    assert any(zh("Chosen: {place}", place="岩脚村（大河乡）") in m.value for m in at.markdown)
    choose(typed(at, "老鹰岩"), OTHER)
    assert any(zh("Chosen: “{typed}” (not in the list)", typed="老鹰岩") in m.value for m in at.markdown)


@pytest.mark.parametrize("query", ["岩脚", "岩脚村", "yanjiao", "Yan Jiao Cun"])
def test_a_name_typed_in_full_chooses_its_village_at_once(at: AppTest, query: str) -> None:
    typed(at, query)
    assert chosen(at) == ("大河乡/岩脚村", "")
    assert at.pills(key="reg_village_pick").value == "大河乡/岩脚村"


def test_no_choice_made_for_the_typist_when_the_name_is_not_unique_or_not_whole(at: AppTest) -> None:
    typed(at, "yj")  # initials: the person taps
    assert chosen(at)[0] is None
    typed(at, "老鹰岩")
    choose(at, OTHER)
    typed(at, "岩脚")  # a listed village named in full after all: the listed one is better data
    assert chosen(at) == ("大河乡/岩脚村", "")
