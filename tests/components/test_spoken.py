"""What the read-aloud button says: utterances cut at Chinese punctuation, and a recording for every text
the kiosk reads (a changed translation fails here until `python3 scripts/make_prompts.py` is run)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from components import spoken
from components.kiosk_prompts import all_prompt_ids
from components.spoken import (
    BREAKS,
    MANIFEST,
    MAX_UTTERANCE,
    PLAUSIBLE_PACE,
    PROMPTS_DIR,
    chinese,
    seconds_per_char,
    text_hash,
    utterances,
)
from services.core.i18n import NC_
from services.core.reference import CONSENT_TEXT
from services.core.settings import get_settings

RUN_AGAIN = "run `python3 scripts/make_prompts.py` (apt-get install -y espeak-ng opus-tools) and commit static/prompts/"
HANZI = st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF)
TEXT = st.text(st.one_of(HANZI, st.sampled_from(BREAKS + "、 \u3000"), st.sampled_from("18AB")), max_size=200)


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


@settings(deadline=None)  # the machine is shared: a slow example is not a wrong one
@given(TEXT)
def test_utterances_are_short_and_lose_nothing(text: str) -> None:
    out = utterances(text)
    assert all(0 < len(u) <= MAX_UTTERANCE for u in out), out
    assert all(u == u.strip() for u in out)
    assert squeeze("".join(out)) == squeeze(text)


@settings(deadline=None)
@given(st.lists(st.tuples(st.text(HANZI, min_size=1, max_size=MAX_UTTERANCE - 1), st.sampled_from("。！？；，")),
                min_size=1, max_size=12))
def test_utterances_end_at_punctuation(clauses: list[tuple[str, str]]) -> None:
    """Clauses that fit are never cut inside, and neighbours are joined while they fit."""
    text = "".join(words + mark for words, mark in clauses)
    out = utterances(text)
    assert all(u[-1] in BREAKS for u in out), out
    pieces = [w + m for w, m in clauses]
    assert all(any(p in u for u in out) for p in pieces)  # no clause split across utterances
    assert all(len(a) + len(b) > MAX_UTTERANCE for a, b in zip(out, out[1:], strict=False))


def test_utterances_examples() -> None:
    assert utterances("") == []
    assert utterances("欢迎。按大按钮登记，领取您的招聘会求职卡。") == ["欢迎。按大按钮登记，领取您的招聘会求职卡。"]
    assert utterances("字" * 90) == ["字" * 40, "字" * 40, "字" * 10]
    assert utterances("甲" * 30 + "、" + "乙" * 30) == ["甲" * 30 + "、", "乙" * 30]
    consent = utterances(chinese(CONSENT_TEXT))
    assert len(consent) >= 4 and consent[0].startswith("我同意")


def test_the_consent_is_read_too() -> None:
    assert CONSENT_TEXT in all_prompt_ids()


def test_every_prompt_is_translated() -> None:
    english = [m for m in all_prompt_ids() if chinese(m) == str.__str__(m)]
    assert not english, f"no Chinese for {english}: the kiosk would read English"


def test_every_prompt_has_its_recording() -> None:
    entries = spoken.manifest()
    missing = []
    for message in all_prompt_ids():
        text = chinese(message)
        entry = entries.get(text_hash(text))
        if not entry or entry["text"] != text or not (PROMPTS_DIR / str(entry["file"])).is_file():
            missing.append(text)
    assert not missing, f"no recording of {missing}: {RUN_AGAIN}"


def test_the_manifest_matches_the_files() -> None:
    entries = spoken.manifest()
    texts = {chinese(m) for m in all_prompt_ids()}
    for key, entry in entries.items():
        assert key == text_hash(str(entry["text"])), entry
        assert entry["file"] == f"{key}.ogg"
        path = PROMPTS_DIR / str(entry["file"])
        assert path.stat().st_size == entry["bytes"], f"{path} changed since the manifest: {RUN_AGAIN}"
        assert path.read_bytes()[:4] == b"OggS" and b"OpusHead" in path.read_bytes()[:64]
    stale = sorted(str(e["text"])[:20] for e in entries.values() if e["text"] not in texts)
    assert not stale, f"recordings no longer read: {stale}: {RUN_AGAIN}"


def test_the_recordings_are_small_and_plausible() -> None:
    entries = spoken.manifest().values()
    assert sum(int(e["bytes"]) for e in entries) < 600_000  # the whole set well under 1 MB
    low, high = PLAUSIBLE_PACE
    odd = {str(e["text"]): round(seconds_per_char(str(e["text"]), float(e["duration"])), 2) for e in entries
           if not low <= seconds_per_char(str(e["text"]), float(e["duration"])) <= high}
    assert not odd, f"seconds per character outside {PLAUSIBLE_PACE}: {odd}"


def test_static_holds_only_the_prompts() -> None:
    """static/ is served to anyone at /app/static/: only the shipped recordings and their manifest."""
    static = PROMPTS_DIR.parent
    files = {p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file()}
    shipped = {f"prompts/{e['file']}" for e in spoken.manifest().values()} | {f"prompts/{MANIFEST.name}"}
    assert files == shipped, files ^ shipped
    data_dir = get_settings().data_dir.resolve()
    assert static.resolve() not in (data_dir, *data_dir.parents)  # nothing the app writes lands there


def test_script_and_urls() -> None:
    start = all_prompt_ids()[0]
    [item] = spoken.script([start])
    assert list(item["chunks"]) == utterances(chinese(start))
    assert item["audio"] == f"/app/static/prompts/{text_hash(chinese(start))}.ogg"
    assert spoken.recording_url("a.ogg", "/portal/") == "/portal/app/static/prompts/a.ogg"
    assert spoken.script(["Not a prompt anyone recorded"])[0]["audio"] is None


def test_script_keeps_contexts_apart() -> None:
    """NC_ messages compare equal to their plain text: the cache must not hand one's Chinese to the other."""
    trade, industry = NC_("trade", "Construction"), NC_("industry", "Construction")
    assert chinese(trade) != chinese(industry)
    assert [list(i["chunks"]) for i in spoken.script([trade, industry])] == [[chinese(trade)], [chinese(industry)]]
