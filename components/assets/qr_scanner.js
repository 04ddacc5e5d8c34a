// The booth's live ticket scanner (components/qr_scanner.py). Runs in the recruiter's browser: the rear
// camera's frames are decoded here, about 9 a second on a downscaled canvas (BarcodeDetector where the
// browser has it, the bundled jsQR otherwise), and only a ticket's code goes to the server. Every word
// shown comes from Python in `data.labels` (the page's language).
//
// Streamlit calls the default export again on every script run (new data), with the same parentElement and
// without calling the previous cleanup; so one scanner lives per parentElement (SCANNERS) and is updated,
// and the camera stops only when the component has really left the page (cleanup, or the loop finding its
// element gone).

const SCANNERS = new WeakMap();
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const LOOK_ALIKES = { O: "0", I: "1", L: "1", U: "V" };
const SCAN_EVERY_MS = 110; // ~9 frames a second
const SCAN_WIDTH = 480; // frames are decoded at this width at most
const REPEAT_MS = 4000; // the same code is not sent again until it was out of view this long
const PHOTO_WIDTH = 1600; // a photo sent to the server is scaled down to this width at most

// what Python's str.strip() removes at both ends
const PY_SPACE = /^[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

// Python's urllib.parse.unquote: %XX bytes decoded as UTF-8 (bad sequences become U+FFFD).
function unquote(text) {
  if (!text.includes("%")) return text;
  const bytes = [];
  const enc = new TextEncoder();
  for (let i = 0; i < text.length;) {
    if (text[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const ch = String.fromCodePoint(text.codePointAt(i));
      bytes.push(...enc.encode(ch));
      i += ch.length;
    }
  }
  return new TextDecoder("utf-8").decode(new Uint8Array(bytes));
}

// The path and the first non-empty "code" of a link, split as Python's urlsplit and parse_qs do.
function linkParts(raw) {
  let url = raw.replace(/^[\x00-\x20]+/, "").replace(/[\t\r\n]/g, "");
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(url);
  if (scheme) url = url.slice(scheme[0].length);
  if (url.startsWith("//")) {
    let end = url.length;
    for (const c of "/?#") { const i = url.indexOf(c, 2); if (i >= 0 && i < end) end = i; }
    url = url.slice(end);
  }
  const hash = url.indexOf("#");
  if (hash >= 0) url = url.slice(0, hash);
  let query = "";
  const q = url.indexOf("?");
  if (q >= 0) { query = url.slice(q + 1); url = url.slice(0, q); }
  let code = null;
  for (const pair of query.split("&")) {
    const eq = pair.indexOf("=");
    if (eq < 0 || eq === pair.length - 1) continue; // no value: left out, as parse_qs does
    if (unquote(pair.slice(0, eq).replace(/\+/g, " ")) === "code") {
      code = unquote(pair.slice(eq + 1).replace(/\+/g, " "));
      break;
    }
  }
  return { path: url, code };
}

// The ticket code a QR text holds, as services.recruiting.booth.code_from_qr_text reads it, or null.
export function codeFromQrText(text) {
  let raw = (text || "").replace(PY_SPACE, "");
  if (raw.includes("/") || raw.includes("?")) {
    const { path, code } = linkParts(raw);
    raw = code !== null ? code : path.replace(/\/+$/, "").split("/").pop();
  }
  const code = Array.from(raw.toUpperCase()).filter(ch => /[\p{L}\p{N}]/u.test(ch))
    .map(ch => LOOK_ALIKES[ch] || ch).join("");
  return code.length === 8 && Array.from(code).every(ch => ALPHABET.includes(ch)) ? code : null;
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

class Scanner {
  constructor(root) {
    this.root = root;
    this.host = root.host || root; // a shadow root's element on the page
    this.stream = null;
    this.timer = null;
    this.detector = undefined; // undefined: not asked yet; null: none
    this.last = { code: null, at: 0 };
    this.data = { labels: {} };
    this.handled = 0;
    this.build();
    this.onHide = () => this.stop();
    window.addEventListener("pagehide", this.onHide);
  }

  build() {
    const box = this.box = el("div", "qs");
    box.dataset.state = "idle";
    const view = this.view = el("div", "qs-view");
    const video = this.video = el("video");
    video.setAttribute("playsinline", "");
    video.setAttribute("muted", "");
    video.muted = true;
    video.autoplay = true;
    view.append(video, el("div", "qs-aim"));
    this.hint = el("div", "qs-hint");
    view.append(this.hint);
    this.status = el("p", "qs-status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    const buttons = el("div", "qs-buttons");
    this.startBtn = el("button", "qs-btn qs-primary qs-start");
    this.nextBtn = el("button", "qs-btn qs-primary qs-next");
    this.snapBtn = el("button", "qs-btn qs-snap");
    this.stopBtn = el("button", "qs-btn qs-stop");
    this.fileLabel = el("label", "qs-btn qs-file");
    this.fileText = el("span");
    this.file = el("input");
    this.file.type = "file";
    this.file.accept = "image/*";
    this.file.setAttribute("capture", "environment");
    this.fileLabel.append(this.fileText, this.file);
    for (const b of [this.startBtn, this.nextBtn, this.snapBtn, this.stopBtn]) b.type = "button";
    buttons.append(this.startBtn, this.nextBtn, this.snapBtn, this.fileLabel, this.stopBtn);
    box.append(view, this.status, buttons);
    this.canvas = document.createElement("canvas");
    this.root.append(box);
    this.startBtn.addEventListener("click", () => this.start());
    this.stopBtn.addEventListener("click", () => this.stop());
    this.nextBtn.addEventListener("click", () => this.send("next", true));
    this.snapBtn.addEventListener("click", () => this.snap());
    this.file.addEventListener("change", () => this.readFile());
  }

  update(data, setTriggerValue) {
    this.data = data || { labels: {} };
    this.setTriggerValue = setTriggerValue;
    const L = this.data.labels || {};
    this.startBtn.textContent = L.start || "";
    this.nextBtn.textContent = L.next || "";
    this.snapBtn.textContent = L.snap || "";
    this.stopBtn.textContent = L.stop || "";
    this.fileText.textContent = L.photo || "";
    this.hint.textContent = L.aim || "";
    this.box.dataset.compact = this.data.compact ? "1" : "0";
    if (this.data.handled !== this.handled) { // the page has answered what was sent: the card, or why not
      this.handled = this.data.handled;
      if (["ok", "reading"].includes(this.status.dataset.kind)) this.say(this.stream ? "" : L.idle || "");
    }
    if (!this.status.textContent && !this.stream) this.say(L.idle || "");
  }

  say(text, kind) {
    this.status.textContent = text || "";
    this.status.dataset.kind = kind || "";
  }

  setState(state) {
    this.box.dataset.state = state;
    this.host.dataset && (this.host.dataset.scannerState = state);
  }

  send(name, value) {
    if (this.setTriggerValue) this.setTriggerValue(name, value);
  }

  async start() {
    const L = this.data.labels || {};
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      this.setState("failed");
      this.say(L.no_camera, "error");
      return;
    }
    this.setState("starting");
    this.say(L.starting);
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: false, video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } },
      });
    } catch (err) {
      this.stream = null;
      this.setState("failed");
      const refused = err && (err.name === "NotAllowedError" || err.name === "SecurityError");
      this.say(refused ? L.refused : L.no_camera, "error");
      return;
    }
    this.video.srcObject = this.stream;
    try { await this.video.play(); } catch (e) { /* autoplay of a muted inline video is allowed */ }
    this.host.dataset.streamStart = String(Date.now()); // for the browser test's timing
    await this.findDetector();
    this.setState("live");
    this.say(this.decoder() ? L.aim : L.no_live, this.decoder() ? "" : "warn");
    this.loop();
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.stream) this.stream.getTracks().forEach(t => t.stop());
    this.stream = null;
    this.video.srcObject = null;
    if (this.box.dataset.state !== "failed") {
      this.setState("idle");
      this.say((this.data.labels || {}).idle || "");
    }
  }

  destroy() {
    this.stop();
    window.removeEventListener("pagehide", this.onHide);
  }

  async findDetector() {
    if (this.detector !== undefined) return;
    this.detector = null;
    if (typeof window.BarcodeDetector === "function") {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) this.detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      } catch (e) { this.detector = null; }
    }
  }

  decoder() {
    return this.detector || typeof jsQR === "function";
  }

  async decodeFrame() {
    const v = this.video;
    if (v.readyState < 2 || !v.videoWidth) return null;
    if (this.detector) {
      const found = await this.detector.detect(v);
      return found.map(b => b.rawValue);
    }
    if (typeof jsQR !== "function") return null;
    const scale = Math.min(1, SCAN_WIDTH / v.videoWidth);
    const w = Math.round(v.videoWidth * scale), h = Math.round(v.videoHeight * scale);
    const c = this.canvas;
    if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
    const ctx = c.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(v, 0, 0, w, h);
    const found = jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: "dontInvert" });
    return found ? [found.data] : [];
  }

  loop() {
    if (!this.stream) return;
    if (!this.host.isConnected) { this.destroy(); return; } // the page was left without a cleanup call
    const began = performance.now();
    this.decodeFrame().then(texts => this.found(texts || [])).catch(() => {}).finally(() => {
      if (this.stream) this.timer = setTimeout(() => this.loop(), Math.max(0, SCAN_EVERY_MS - (performance.now() - began)));
    });
  }

  found(texts) {
    if (!texts.length) return;
    const L = this.data.labels || {};
    const code = texts.map(codeFromQrText).find(c => c);
    if (!code) {
      this.say(L.not_ticket, "warn");
      return;
    }
    const now = Date.now();
    // a ticket that stays in view (or comes back within REPEAT_MS) is not sent again; nor the open card's
    if (code === this.last.code && now - this.last.at < REPEAT_MS) { this.last.at = now; return; }
    if (code === this.data.current) { this.last = { code, at: now }; return; }
    this.last = { code, at: now };
    this.host.dataset.lastCode = code;
    this.host.dataset.sentAt = String(now);
    this.say((L.found || "{code}").replace("{code}", code.slice(0, 4) + " " + code.slice(4)), "ok");
    this.send("code", code);
  }

  // a frame of the live camera, as a JPEG for the server's decoder (a sharper reader than live decoding)
  snap() {
    const v = this.video;
    if (!this.stream || !v.videoWidth) return;
    const c = document.createElement("canvas");
    c.width = v.videoWidth; c.height = v.videoHeight;
    c.getContext("2d").drawImage(v, 0, 0);
    this.say((this.data.labels || {}).reading, "reading");
    this.send("photo", c.toDataURL("image/jpeg", 0.9));
  }

  // a picture taken with the phone's camera app or chosen from the device, scaled down, for the server
  readFile() {
    const f = this.file.files && this.file.files[0];
    this.file.value = "";
    if (!f) return;
    const L = this.data.labels || {};
    this.say(L.reading, "reading");
    const url = URL.createObjectURL(f);
    const img = new Image();
    img.onload = () => {
      const scale = Math.min(1, PHOTO_WIDTH / Math.max(img.naturalWidth, img.naturalHeight));
      const c = document.createElement("canvas");
      c.width = Math.max(1, Math.round(img.naturalWidth * scale));
      c.height = Math.max(1, Math.round(img.naturalHeight * scale));
      c.getContext("2d").drawImage(img, 0, 0, c.width, c.height);
      URL.revokeObjectURL(url);
      this.send("photo", c.toDataURL("image/jpeg", 0.9));
    };
    img.onerror = () => { URL.revokeObjectURL(url); this.say(L.not_picture, "error"); };
    img.src = url;
  }
}

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  let scanner = SCANNERS.get(parentElement);
  if (!scanner) {
    scanner = new Scanner(parentElement);
    SCANNERS.set(parentElement, scanner);
  }
  scanner.update(data, setTriggerValue);
  return () => {
    // Streamlit may call an older cleanup while a newer call still uses this scanner: stop only once gone
    setTimeout(() => { if (!scanner.host.isConnected) { scanner.destroy(); SCANNERS.delete(parentElement); } }, 200);
  };
}
