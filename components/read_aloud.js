// The "Read aloud" button (components/read_aloud.py): Mandarin from the browser's speech synthesis, or the
// recorded prompts where the device has no Chinese voice. Runs in the browser only: a tap never reruns the
// script on the server.
//
// data: {items: [{chunks: [utterance, ...], audio: "/app/static/prompts/<hash>.ogg" | null}, ...],
//        label, stop}: one item per message id, in order; label / stop: the button's words (page language).
//
// The button's data-mode says what it does now ("" idle, "wait" looking for a voice, "speech",
// "recordings"): the browser test reads it.

const VOICE_WAIT_MS = 2000; // getVoices() is empty until the voices have loaded
const START_WAIT_MS = 3000; // speak() that has not started by then: a voice that cannot speak
const RATE = 0.9; // a little slower than the default, for older listeners
const ICON_SPEAK = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3 9v6h4l5 5V4L7 9H3z"/><path d="M16.5 12a4.5 4.5 0 0 0-2.5-4v8a4.5 4.5 0 0 0 2.5-4z"/><path d="M14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z"/></svg>';
const ICON_STOP = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><rect x="6" y="6" width="12" height="12" rx="1.5"/></svg>';

const shared = (window.__portalReadAloud = window.__portalReadAloud || { current: null, voices: null });

function synth() {
  return typeof window.speechSynthesis === "object" && window.speechSynthesis &&
    typeof window.SpeechSynthesisUtterance === "function" ? window.speechSynthesis : null;
}

function listVoices() {
  const s = synth();
  if (!s) return [];
  try { return s.getVoices() || []; } catch (e) { return []; }
}

// The voices: at once where they are there (or where waiting is over), else a promise of them, kept until
// `voiceschanged` brings some or VOICE_WAIT_MS have passed (started when the first button appears, so that
// a tap seldom waits; after that first wait no tap waits again).
function voicesNow() {
  const now = listVoices();
  if (now.length || shared.settled || !synth()) return now;
  if (shared.voices) return shared.voices;
  shared.voices = new Promise((resolve) => {
    const s = synth();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearInterval(poll);
      clearTimeout(timer);
      shared.settled = true;
      resolve(listVoices());
    };
    const changed = () => { if (listVoices().length) finish(); };
    if (s.addEventListener) s.addEventListener("voiceschanged", changed);
    const poll = setInterval(changed, 200); // some browsers never send voiceschanged
    const timer = setTimeout(finish, VOICE_WAIT_MS);
  });
  return shared.voices;
}

// zh-CN first, then another Mandarin voice; never Cantonese (zh-HK, yue), never anything else.
function chineseVoice(voices) {
  const lang = (v) => String(v.lang || "").replace(/_/g, "-").toLowerCase();
  const cantonese = (v) => /^(yue|zh-hk|zh-mo|zh-yue)/.test(lang(v)) || /cantonese|粤|廣東|广东/i.test(v.name || "");
  const rank = (v) => {
    const l = lang(v);
    if (cantonese(v)) return -1;
    if (l === "zh-cn" || l === "cmn-cn" || l === "zh-hans-cn" || l === "cmn-hans-cn") return 3;
    if (l.startsWith("cmn") || l.startsWith("zh-hans")) return 2;
    if (l === "zh" || l.startsWith("zh-")) return 1;
    return -1;
  };
  let best = null;
  let bestScore = -1;
  for (const v of voices) {
    const r = rank(v);
    if (r < 0) continue;
    const score = r * 2 + (v.localService ? 1 : 0); // a voice on the device works without the network
    if (score > bestScore) { best = v; bestScore = score; }
  }
  return best;
}

function makeState(root) {
  return { root, button: root.querySelector("button"), audio: root.querySelector("audio"), data: null, run: 0,
    mode: "", utterance: null, timer: null, said: "" };
}

function render(st) {
  const b = st.button;
  const busy = st.mode !== "";
  b.dataset.mode = st.mode;
  b.setAttribute("aria-pressed", busy ? "true" : "false");
  b.classList.toggle("speaking", busy);
  b.querySelector(".ra-icon").innerHTML = busy ? ICON_STOP : ICON_SPEAK;
  b.querySelector(".ra-label").textContent = busy ? st.data.stop : st.data.label;
}

function setMode(st, mode) {
  st.mode = mode;
  render(st);
}

function stop(st) {
  st.run += 1;
  clearTimeout(st.timer);
  if (st.mode === "speech" || st.mode === "wait") {
    const s = synth();
    if (s) s.cancel();
  }
  st.utterance = null;
  const a = st.audio;
  a.onended = a.onerror = null;
  a.pause();
  a.removeAttribute("src");
  if (shared.current === st) shared.current = null;
  setMode(st, "");
}

function done(st, run) {
  if (run !== st.run) return;
  stop(st);
}

async function start(st) {
  if (shared.current && shared.current !== st) stop(shared.current); // one voice at a time on the page
  stop(st);
  shared.current = st;
  const run = st.run;
  const s = synth();
  if (s && (s.speaking || s.pending)) s.cancel(); // whatever else was speaking
  let voices = voicesNow();
  if (voices instanceof Promise) { // decided within the tap where possible: some browsers want play() there
    setMode(st, "wait");
    voices = await voices;
    if (run !== st.run) return; // stopped while waiting
  }
  const voice = chineseVoice(voices);
  if (voice) speak(st, run, voice);
  else play(st, run, 0);
}

function speak(st, run, voice) {
  const s = synth();
  const queue = [];
  st.data.items.forEach((item, part) => item.chunks.forEach((text) => queue.push({ text, part })));
  let next = 0;
  let started = false;
  setMode(st, "speech");
  const fallBack = (part) => {
    if (run !== st.run) return;
    clearTimeout(st.timer);
    st.utterance = null;
    s.cancel();
    play(st, run, part);
  };
  const say = () => {
    if (run !== st.run) return;
    if (next >= queue.length) { done(st, run); return; }
    const { text, part } = queue[next++];
    const u = new SpeechSynthesisUtterance(text);
    u.lang = "zh-CN";
    u.voice = voice;
    u.rate = RATE;
    u.onstart = () => { started = true; clearTimeout(st.timer); };
    u.onend = () => { if (st.utterance === u) say(); };
    u.onerror = (e) => {
      if (st.utterance !== u) return; // cancelled by us
      const err = e && e.error;
      if (err === "interrupted" || err === "canceled") { done(st, run); return; } // someone else spoke
      fallBack(part); // the voice failed (e.g. a network voice offline): the recordings from this part on
    };
    st.utterance = u; // keep a reference: some browsers drop the events of an utterance nobody holds
    clearTimeout(st.timer);
    if (!started) st.timer = setTimeout(() => { if (!started && st.utterance === u) fallBack(part); }, START_WAIT_MS);
    if (s.paused) s.resume(); // a synthesis left paused would swallow the utterance
    s.speak(u);
  };
  say();
}

function play(st, run, fromPart) {
  const files = st.data.items.slice(fromPart).map((item) => item.audio).filter(Boolean);
  if (!files.length) { done(st, run); return; }
  setMode(st, "recordings");
  const a = st.audio;
  let next = 0;
  let current = -1;
  const advance = (from) => { if (from === current) playNext(); }; // once per file, whichever event comes first
  const playNext = () => {
    if (run !== st.run) return;
    if (next >= files.length) { done(st, run); return; }
    const me = (current = next++);
    a.src = files[me];
    const p = a.play();
    if (p && p.catch) {
      p.catch((e) => {
        if (run !== st.run || !e || e.name === "AbortError") return;
        if (e.name === "NotAllowedError") done(st, run); // the browser wants a tap first: the next tap plays
        else advance(me);
      });
    }
  };
  a.onended = () => advance(current);
  a.onerror = () => advance(current); // a file that does not load: the next one
  playNext();
}

export default function (component) {
  const { parentElement, data } = component;
  const root = parentElement.querySelector(".ra-root") || parentElement;
  if (!root.__readAloud) root.__readAloud = makeState(root);
  const st = root.__readAloud;
  const said = JSON.stringify(data.items);
  if (st.mode && said !== st.said) stop(st); // the same button on the next step: not the old text
  st.said = said;
  st.data = data;
  st.button.onclick = () => (st.mode ? stop(st) : start(st));
  render(st);
  voicesNow(); // start loading the voices now, so that the tap finds them
  return () => stop(st);
}
