"""The Latin-word rule of tests/browser/latin.py, without a browser."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.browser.latin import latin_in


def test_words_codes_and_allowed() -> None:
    assert latin_in("Skip to main content") == ["Skip", "to", "main", "content"]
    assert latin_in("共3项可选。") == []
    assert latin_in("二维码下面的号码：AB12 CD34") == []  # a ticket code
    assert latin_in("SPRING26 · 91441900MA4W3XXXXX") == []  # a fair code, a sample credit code
    assert latin_in("扫 QR 码 · English") == []
    assert latin_in("Help for 密码") == ["Help", "for"]
    assert latin_in("至少 8 km") == ["km"]  # units are not allowed until a page uses them
    assert latin_in("您的村：输入村名或拼音首字母（例如“岩脚村”输入 yj）") == []
    assert latin_in("输入 yj") == ["yj"]  # pinyin only where the text says it is pinyin


@given(st.text(alphabet="的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
                        "0123456789，。：、（）· ", max_size=40))
def test_chinese_and_digits_are_never_latin(text: str) -> None:
    assert latin_in(text) == []


@given(st.from_regex(r"[a-z]{2,8}", fullmatch=True))
def test_a_lowercase_word_is_latin_outside_pinyin_hints(word: str) -> None:
    assert latin_in(f"这是 {word} 。") == [word]
