"""The village search: characters, pinyin, initials, ranking; properties over generated counties."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.places.county import County, Township, Village
from services.places.pinyin import char_readings, core_name, display_pinyin, normalize_query
from services.places.village_search import (
    Match,
    search_villages,
    village_index,
    village_initials,
    village_pinyin,
)


def places(hits) -> list[tuple[str, str]]:
    return [(h.township, h.village) for h in hits]


def make_county(townships: dict[str, list[str]]) -> County:
    return County("测试县", "Test County", "云南省", "530627",
                  tuple(Township(t, t, tuple(Village(v, v) for v in vs)) for t, vs in townships.items()))


SMALL = make_county({
    "大河乡": ["大河村", "小河村", "岩脚村", "松林村"],
    "长安镇": ["长安村", "重庆村", "银行村", "绿水村", "女儿村"],
    "龙泉镇": ["龙泉村", "中寨村", "西街社区", "岩口村", "大河村"],
})


@pytest.mark.parametrize("query", ["yj", "YJ", "ｙｊ", "yjc", "yanjiao", "yan jiao", "YanJiao", "ｙａｎ ｊｉａｏ",
                                   "yanjiaocun", "yanj", "yjiao", "yánjiǎo", "岩脚", "岩脚村", "大河乡岩脚村"])
def test_yanjiao_is_found_first(query: str) -> None:
    assert places(search_villages(SMALL, query))[0] == ("大河乡", "岩脚村")


@pytest.mark.parametrize(("query", "match"), [
    ("岩脚村", Match.EXACT), ("yanjiaocun", Match.EXACT), ("岩脚", Match.EXACT_CORE), ("yanjiao", Match.EXACT_CORE),
    ("岩", Match.NAME_PREFIX), ("yj", Match.INITIALS), ("y", Match.INITIALS), ("yanj", Match.PINYIN),
    ("yjiao", Match.PINYIN), ("脚", Match.SUBSTRING), ("jiao", Match.SUBSTRING), ("乡岩", Match.SUBSTRING),
    ("大河乡", Match.TOWNSHIP), ("dhx", Match.TOWNSHIP), ("dahexiang", Match.TOWNSHIP),
])
def test_how_yanjiao_matched(query: str, match: Match) -> None:
    hit = next(h for h in search_villages(SMALL, query, limit=50) if h.village == "岩脚村")
    assert hit.match == match
    assert hit.value == "大河乡/岩脚村" and hit.pinyin == "yanjiaocun"


def test_ranking_exact_before_prefix_before_initials_before_pinyin_before_substring() -> None:
    county = make_county({"乡": ["岩", "岩石村", "银角村", "岩脚村", "小岩村"]})
    assert [h.village for h in search_villages(county, "岩")] == ["岩", "岩石村", "岩脚村", "小岩村"]
    # "yj": initials of 岩脚村 and 银角村 (in the file's order); "yan" whole: the pinyin prefix of 岩石
    assert [h.village for h in search_villages(county, "yj")] == ["银角村", "岩脚村"]
    hits = search_villages(county, "yan")
    assert hits[0].village == "岩" and hits[0].match == Match.EXACT
    assert [h.match for h in hits] == sorted(h.match for h in hits)


def test_polyphonic_characters_match_by_each_reading() -> None:
    for query in ("changan", "zhangan", "cac", "zac", "chongqing", "zhongqing", "yinhang", "yinxing", "yh"):
        assert search_villages(SMALL, query), query
    assert search_villages(SMALL, "changan")[0].village == "长安村"
    assert search_villages(SMALL, "yinhang")[0].village == "银行村"


def test_u_umlaut_as_v_or_u() -> None:
    for query in ("lvshui", "lushui", "lüshui", "lu:shui", "lv", "nver", "nuer"):
        assert search_villages(SMALL, query)[0].village in {"绿水村", "女儿村"}, query
    assert search_villages(SMALL, "lvshui")[0].village == "绿水村"


def test_preferred_township_first_among_equals_and_stable() -> None:
    assert places(search_villages(SMALL, "大河村")) == [("大河乡", "大河村"), ("龙泉镇", "大河村")]
    preferred = search_villages(SMALL, "大河村", prefer_township="龙泉镇")
    assert places(preferred) == [("龙泉镇", "大河村"), ("大河乡", "大河村")]
    # a better match stays before the preferred township's weaker one
    assert places(search_villages(SMALL, "yj", prefer_township="龙泉镇"))[0] == ("大河乡", "岩脚村")
    assert search_villages(SMALL, "yk")[0].village == "岩口村"


def test_empty_query_lists_the_preferred_township() -> None:
    assert [h.village for h in search_villages(SMALL, "", prefer_township="大河乡")] == ["大河村", "小河村", "岩脚村",
                                                                                       "松林村"]
    assert all(h.match == Match.LISTED for h in search_villages(SMALL, " ' "))
    assert len(search_villages(SMALL, "", prefer_township="不存在乡", limit=3)) == 3
    assert search_villages(SMALL, "", limit=0) == []


def test_not_found() -> None:
    assert search_villages(SMALL, "qwerty") == []
    assert search_villages(SMALL, "北京") == []


def test_the_configured_county(county: County) -> None:
    assert search_villages(county, "yj")[0].village == "岩脚村"
    assert search_villages(county, "Dongmen")[0].village == "东门村"  # the English label
    assert search_villages(county, "xijie")[0].village == "西街社区"


def test_pinyin_helpers() -> None:
    assert village_pinyin("岩脚村") == "yanjiaocun" and village_pinyin("岩脚村", " ") == "yan jiao cun"
    assert village_initials("岩脚村") == "yjc"
    assert core_name("西街社区") == "西街" and core_name("村") == "村"
    assert display_pinyin("岩脚村") == "Yanjiao"
    assert normalize_query(" Ｙán-Jiǎo ") == "yanjiao" and normalize_query("ü") == "v"
    assert "chang" in char_readings("长") and "zhang" in char_readings("长")


def test_phrase_dictionary_not_loaded() -> None:
    search_villages(SMALL, "x")
    constants = sys.modules.get("pypinyin.constants")
    assert constants is None or not constants.PHRASES_DICT


def test_index_is_built_once_per_county() -> None:
    assert village_index(SMALL) is village_index(SMALL)


# --- properties over generated counties ---

COMMON = "岩脚大小河松林新田龙泉石桥杉树高坡中寨凉水白云青山井坪子团结马鞍箐口核桃花椒长重行乐和绿女堡沙坝营盘"
han = st.one_of(st.sampled_from(COMMON), st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF))
village_names = st.builds(lambda core, suffix: core + suffix, st.text(han, min_size=1, max_size=4),
                          st.sampled_from(["村", "社区", ""]))
counties = st.lists(
    st.tuples(st.text(han, min_size=1, max_size=3).map(lambda t: t + "乡"),
              st.lists(village_names, min_size=1, max_size=8, unique=True)),
    min_size=1, max_size=5, unique_by=lambda t: t[0],
).map(lambda ts: make_county(dict(ts)))


@st.composite
def county_and_place(draw):
    county = draw(counties)
    township = draw(st.sampled_from(county.townships))
    return county, township.name, draw(st.sampled_from(township.villages)).name


def every_place(county: County) -> set[tuple[str, str]]:
    return {(t.name, v.name) for t in county.townships for v in t.villages}


@settings(max_examples=80, deadline=None)
@given(county_and_place())
def test_a_village_is_found_by_its_name_initials_and_pinyin(case) -> None:
    county, township, village = case
    everything = len(every_place(county))
    hits = search_villages(county, village, prefer_township=township)
    assert hits[0].village == village and hits[0].match == Match.EXACT
    assert places(hits)[0] == (township, village)  # the preferred township first among equals
    for query in (village_initials(village), village_pinyin(village), village_pinyin(village, " ").upper(),
                  village_pinyin(core_name(village))):
        assert (township, village) in places(search_villages(county, query, limit=everything)), query


@settings(max_examples=100, deadline=None)
@given(counties, st.text("abcdefghijklmnopqrstuvwxyzABCXYZ ü'ｙ", max_size=12), st.integers(0, 12),
       st.none() | st.text(han, max_size=3))
def test_any_latin_query_is_safe(county: County, query: str, limit: int, prefer: str | None) -> None:
    hits = search_villages(county, query, prefer_township=prefer, limit=limit)
    assert len(hits) <= limit
    assert set(places(hits)) <= every_place(county)
    assert len(set(places(hits))) == len(hits)
    assert [h.match for h in hits] == sorted(h.match for h in hits)


@settings(max_examples=50, deadline=None)
@given(counties, st.text(max_size=8), st.integers(0, 12))
def test_any_text_query_is_safe(county: County, query: str, limit: int) -> None:
    hits = search_villages(county, query, limit=limit)
    assert len(hits) <= limit and set(places(hits)) <= every_place(county)
