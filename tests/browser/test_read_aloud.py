"""The "Read aloud" button in Chromium: Mandarin from speech synthesis where there is a Chinese voice, the
recorded prompts (served from /app/static/prompts/) where there is none, and a second tap stops.

Headless Chromium has no voices of its own; each test decides what the page sees with an init script:
none (getVoices() stays empty), a fake speechSynthesis with a zh-CN voice that records speak(), or only
an English voice. The demo page is written to a temp dir beside a `static` link to the project's
static/ (Streamlit serves the folder next to the main script).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from components.kiosk_prompts import IDENTITY_QUESTIONS, START
from components.spoken import MAX_UTTERANCE, chinese, manifest, recording
from services.core.reference import CONSENT_TEXT
from tests.browser.conftest import ROOT, PortalServer, _require_chromium, serve_app, settled
from tests.browser.latin import latin_in, latin_words

pytestmark = pytest.mark.browser

PARTS = [START, IDENTITY_QUESTIONS["name"], CONSENT_TEXT]

DEMO = f'''
import sys
sys.path.insert(0, {str(ROOT)!r})
import streamlit as st
from components import runtime
from components.kiosk_prompts import IDENTITY_QUESTIONS, START
from components.read_aloud import read_aloud
from services.core.reference import CONSENT_TEXT

runtime.style()
runtime.language_switch()
_ = runtime.t()
read_aloud(_, [START, IDENTITY_QUESTIONS["name"], CONSENT_TEXT], key="ra_demo")
read_aloud(_, [IDENTITY_QUESTIONS["phone"]], key="ra_other")
st.button("再来一次", key="rerun")
# the kiosk's next step: the same button with other words, or no button at all
step = st.radio("第几步", ["第一步", "第二步"], key="step", horizontal=True)
if not st.checkbox("不要朗读按钮", key="hide"):
    read_aloud(_, [IDENTITY_QUESTIONS["name" if step == "第一步" else "phone"]], key="ra_step")
'''

# speechSynthesis as a test wants it: VOICES is the list getVoices() gives once the voices have "loaded"
# (300 ms after the page starts, announced by voiceschanged); speak() is recorded in window.__spoken and
# each utterance "ends" after SPEAK_MS (never, when null).
FAKE_SYNTH = r"""
(() => {
  const VOICES = %(voices)s;
  const SPEAK_MS = %(speak_ms)s;
  const FAIL = %(fail)s;  // every speak() fails, as a network voice does offline
  window.__spoken = [];
  window.__cancels = 0;
  class FakeUtterance {
    constructor(text) { this.text = text; this.lang = ''; this.voice = null; this.rate = 1;
      this.onstart = null; this.onend = null; this.onerror = null; }
  }
  const synth = new EventTarget();
  let loaded = false;
  let timer = null;
  synth.getVoices = () => (loaded ? VOICES : []);
  synth.speaking = false;
  synth.speak = (u) => {
    window.__spoken.push({text: u.text, lang: u.lang, voice: u.voice ? u.voice.name : null, rate: u.rate});
    if (FAIL) { setTimeout(() => u.onerror && u.onerror({error: 'synthesis-failed'}), 5); return; }
    setTimeout(() => u.onstart && u.onstart({}), 5);
    if (SPEAK_MS !== null) timer = setTimeout(() => u.onend && u.onend({}), SPEAK_MS);
  };
  synth.cancel = () => { window.__cancels += 1; clearTimeout(timer); };
  synth.pause = () => {};
  synth.resume = () => {};
  Object.defineProperty(window, 'speechSynthesis', {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = FakeUtterance;
  setTimeout(() => { loaded = true; synth.dispatchEvent(new Event('voiceschanged')); }, 300);
})();
"""
ZH = "{name: 'Fake 普通话', lang: 'zh-CN', localService: true, default: false}"
HK = "{name: 'Fake 粤语', lang: 'zh-HK', localService: true, default: false}"
EN = "{name: 'Fake English', lang: 'en-US', localService: true, default: true}"
NO_VOICES = """
(() => {
  if (window.speechSynthesis) {
    window.speechSynthesis.getVoices = () => [];
    window.speechSynthesis.speak = () => { (window.__spoken = window.__spoken || []).push('speak'); };
  }
})();
"""


def fake_synth(*voices: str, speak_ms: int | None = 20, fail: bool = False) -> str:
    return FAKE_SYNTH % {"voices": "[" + ", ".join(voices) + "]",
                         "speak_ms": "null" if speak_ms is None else speak_ms, "fail": str(fail).lower()}


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, artifacts_dir: Path) -> Iterator[PortalServer]:
    _require_chromium()
    data_dir = tmp_path_factory.mktemp("read_aloud")
    app_dir = data_dir / "app"
    app_dir.mkdir()
    (app_dir / "static").symlink_to(ROOT / "static")  # Streamlit serves the static/ beside the main script
    script = app_dir / "read_aloud_demo.py"
    script.write_text(DEMO, encoding="utf-8")
    with serve_app(f"sqlite:///{data_dir / 'unused.db'}", data_dir, artifacts_dir, "read_aloud",
                   script=str(script)) as server:
        yield server


def button(page: Page, key: str = "ra_demo"):
    return page.locator(f".st-key-{key} button.ra-button")


def open_demo(page: Page, server: PortalServer, init_script: str | None) -> list[tuple[str, int, str]]:
    """Open the demo page; returns the list the prompt responses (url, status, content type) go into."""
    if init_script:
        page.add_init_script(init_script)
    prompts: list[tuple[str, int, str]] = []
    page.on("response", lambda r: prompts.append((r.url, r.status, r.headers.get("content-type", "")))
            if "/prompts/" in r.url else None)
    page.goto(server.url("/"), wait_until="domcontentloaded")
    expect(button(page)).to_be_visible()
    settled(page)
    expect(button(page)).to_have_text("读给我听")
    return prompts


def assert_buttons_chinese(page: Page, state: str) -> None:
    """No Latin word in the buttons (text, aria attributes): the demo page itself is not the portal's shell."""
    found = [(where, word) for where, word in latin_words(page, tooltips=False) if "st-key-ra_" in where]
    assert not found, f"Latin in the read-aloud buttons ({state}): {found}"


def prompt_path(message: str) -> str:
    file = recording(chinese(message))
    assert file, f"no recording for {message!r}"
    return f"/app/static/prompts/{file}"


def test_no_voices_plays_the_recordings_in_order(page: Page, demo_server: PortalServer) -> None:
    prompts = open_demo(page, demo_server, NO_VOICES)
    box = button(page).bounding_box()
    assert box and box["height"] >= 48 and box["width"] >= 48, box
    assert_buttons_chinese(page, "idle")
    button(page).click()
    expect(button(page)).to_have_attribute("data-mode", "recordings", timeout=5000)
    expect(button(page)).to_have_attribute("aria-pressed", "true")
    expect(button(page)).to_contain_text("正在读")
    assert_buttons_chinese(page, "reading")
    audio = page.locator(".st-key-ra_demo audio")
    page.wait_for_function("() => document.querySelector('.st-key-ra_demo audio').currentTime > 0.2")  # it plays
    for message in PARTS:
        expect(audio).to_have_attribute("src", prompt_path(message))
        page.wait_for_function("(path) => window.__prompt_seen = "
                               "performance.getEntriesByType('resource').some(e => e.name.endsWith(path))",
                               arg=prompt_path(message))
        audio.evaluate("a => a.dispatchEvent(new Event('ended'))")  # as if it had played to its end
    expect(button(page)).to_have_attribute("data-mode", "")
    expect(button(page)).to_have_text("读给我听")
    assert page.evaluate("window.__spoken || []") == []  # speak() was never called
    served = [(re.sub(r"^https?://[^/]+", "", url), status, kind) for url, status, kind in prompts]
    for message in PARTS:
        got = [s for s in served if s[0] == prompt_path(message)]
        assert got, (message, served)
        assert all(status in (200, 206) and kind.startswith("audio/") for _, status, kind in got), got


def test_every_recording_decodes_in_chromium(page: Page, demo_server: PortalServer) -> None:
    open_demo(page, demo_server, None)
    files = sorted(str(e["file"]) for e in manifest().values())
    durations = page.evaluate("""async (files) => {
      const out = [];
      for (const f of files) {
        const buf = await (await fetch('/app/static/prompts/' + f)).arrayBuffer();
        const audio = await new OfflineAudioContext(1, 16000, 16000).decodeAudioData(buf);
        out.push(audio.duration);
      }
      return out;
    }""", files)
    expected = [float(e["duration"]) for e in sorted(manifest().values(), key=lambda e: str(e["file"]))]
    assert durations == pytest.approx(expected, abs=0.05)


def test_a_chinese_voice_speaks_short_utterances_in_order(page: Page, demo_server: PortalServer) -> None:
    prompts = open_demo(page, demo_server, fake_synth(EN, HK, ZH))
    button(page).click()
    expect(button(page)).to_have_attribute("data-mode", "speech", timeout=5000)
    expect(button(page)).to_have_attribute("data-mode", "", timeout=10_000)  # every utterance ended
    spoken = page.evaluate("window.__spoken")
    assert spoken, "speak() was never called"
    assert {s["lang"] for s in spoken} == {"zh-CN"}
    assert {s["voice"] for s in spoken} == {"Fake 普通话"}
    assert all(len(s["text"]) <= MAX_UTTERANCE for s in spoken), [s["text"] for s in spoken]
    said = "".join(s["text"] for s in spoken)
    assert said == "".join(re.sub(r"\s", "", chinese(m)) for m in PARTS)  # everything, in order
    assert len(spoken) >= 6  # the consent alone is four utterances
    assert prompts == []  # no recording was fetched


def test_only_an_english_voice_plays_the_recordings(page: Page, demo_server: PortalServer) -> None:
    prompts = open_demo(page, demo_server, fake_synth(EN, HK))
    button(page).click()
    expect(button(page)).to_have_attribute("data-mode", "recordings", timeout=5000)
    expect(page.locator(".st-key-ra_demo audio")).to_have_attribute("src", prompt_path(START))
    page.wait_for_timeout(300)
    assert page.evaluate("window.__spoken") == []  # never an English (or Cantonese) voice
    assert any(url.endswith(prompt_path(START)) and status in (200, 206) for url, status, _ in prompts), prompts


def test_a_voice_that_fails_falls_back_to_the_recordings(page: Page, demo_server: PortalServer) -> None:
    open_demo(page, demo_server, fake_synth(ZH, fail=True))
    button(page).click()
    expect(button(page)).to_have_attribute("data-mode", "recordings", timeout=5000)
    expect(page.locator(".st-key-ra_demo audio")).to_have_attribute("src", prompt_path(START))
    assert len(page.evaluate("window.__spoken")) == 1  # tried once, then the recordings from that part on


def test_a_second_tap_stops(page: Page, demo_server: PortalServer) -> None:
    open_demo(page, demo_server, fake_synth(ZH, speak_ms=None))  # an utterance that never ends
    button(page).click()
    expect(button(page)).to_have_attribute("data-mode", "speech", timeout=5000)
    assert len(page.evaluate("window.__spoken")) == 1
    # a rerun of the page (another widget) does not cut the voice off
    page.get_by_role("button", name="再来一次").click()
    settled(page)
    expect(button(page)).to_have_attribute("data-mode", "speech")
    cancels = page.evaluate("window.__cancels")
    button(page).click()
    expect(button(page)).to_have_attribute("data-mode", "")
    expect(button(page)).to_have_attribute("aria-pressed", "false")
    expect(button(page)).to_have_text("读给我听")
    assert page.evaluate("window.__cancels") > cancels
    page.wait_for_timeout(300)
    assert len(page.evaluate("window.__spoken")) == 1  # nothing more was said

    # another button on the page: starting it stops the first
    button(page).click()
    expect(button(page)).to_have_attribute("data-mode", "speech")
    button(page, "ra_other").click()
    expect(button(page, "ra_other")).to_have_attribute("data-mode", "speech")
    expect(button(page)).to_have_attribute("data-mode", "")
    assert page.evaluate("window.__spoken")[-1]["text"] == chinese(IDENTITY_QUESTIONS["phone"])


def test_the_next_step_stops_the_voice(page: Page, demo_server: PortalServer) -> None:
    open_demo(page, demo_server, fake_synth(ZH, speak_ms=None))
    step = button(page, "ra_step")
    step.click()
    expect(step).to_have_attribute("data-mode", "speech", timeout=5000)
    page.get_by_text("第二步").click()  # the same key, other words: the old question is not read on
    settled(page)
    expect(step).to_have_attribute("data-mode", "")
    step.click()
    expect(step).to_have_attribute("data-mode", "speech")
    assert page.evaluate("window.__spoken")[-1]["text"] == chinese(IDENTITY_QUESTIONS["phone"])
    cancels = page.evaluate("window.__cancels")
    page.get_by_text("不要朗读按钮").click()  # the button leaves the page: its voice stops with it
    settled(page)
    expect(step).to_have_count(0)
    page.wait_for_function("(n) => window.__cancels > n", arg=cancels)


def test_a_recording_that_does_not_load_is_skipped_once(page: Page, demo_server: PortalServer) -> None:
    page.route(f"**{prompt_path(START)}", lambda route: route.fulfill(status=404, body="gone"))
    open_demo(page, demo_server, NO_VOICES)
    button(page).click()
    audio = page.locator(".st-key-ra_demo audio")
    expect(audio).to_have_attribute("src", prompt_path(IDENTITY_QUESTIONS["name"]), timeout=5000)
    page.wait_for_timeout(500)  # the failed file's second event (error and play()'s refusal) skips nothing more
    expect(audio).to_have_attribute("src", prompt_path(IDENTITY_QUESTIONS["name"]))
    expect(button(page)).to_have_attribute("data-mode", "recordings")


def test_a_second_tap_stops_the_recordings(page: Page, demo_server: PortalServer) -> None:
    open_demo(page, demo_server, NO_VOICES)
    audio = page.locator(".st-key-ra_demo audio")
    button(page).click()
    expect(button(page)).to_have_attribute("data-mode", "recordings", timeout=5000)
    button(page).click()
    expect(button(page)).to_have_attribute("data-mode", "")
    assert audio.evaluate("a => a.paused && !a.getAttribute('src')")
    # once the wait for voices is over, a tap plays at once (within the tap, no second wait)
    page.wait_for_function("() => window.__portalReadAloud.settled === true")
    mode = button(page).evaluate("b => { b.click(); return b.dataset.mode; }")
    assert mode == "recordings"


def test_english_page_reads_chinese(page: Page, demo_server: PortalServer) -> None:
    open_demo(page, demo_server, fake_synth(ZH))
    page.get_by_role("radio", name="English").click()
    settled(page)
    expect(button(page)).to_have_text("Read aloud")
    button(page).click()
    expect(button(page)).to_contain_text("tap to stop")
    expect(button(page)).to_have_attribute("data-mode", "", timeout=10_000)
    said = "".join(s["text"] for s in page.evaluate("window.__spoken"))
    assert said.startswith(chinese(START)[:5]) and not latin_in(said)
