"""What the "Read aloud" button says (components.read_aloud), without Streamlit: the Simplified Chinese
text of message ids, split into short utterances for the browser's speech synthesis, and the recorded
prompts that stand in for it where the device has no Chinese voice.

The recordings live in static/prompts/ (served by Streamlit at /app/static/prompts/, see
.streamlit/config.toml), one Ogg Opus file per Chinese text, named by a hash of that text, listed in
static/prompts/manifest.json (hash -> file, duration, bytes, text). scripts/make_prompts.py makes them
from components.kiosk_prompts.all_prompt_ids(); a translation that changes changes its hash, so a test
fails until the script is run again. static/ holds nothing but these shipped prompts: nothing about a
person is ever written there.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from services.core.i18n import Contextual, translator

ROOT = Path(__file__).resolve().parents[1]
PROMPTS_DIR = ROOT / "static" / "prompts"
MANIFEST = PROMPTS_DIR / "manifest.json"
URL_PATH = "app/static/prompts"  # Streamlit's static serving, below the server's base path
SPOKEN_LANGUAGE = "zh_CN"  # read aloud in Mandarin whatever the page language

MAX_UTTERANCE = 40  # characters: short utterances start fast and dodge browsers' long-text cut-offs
# Where an utterance may end: the Chinese sentence and clause marks (and their ASCII twins).
BREAKS = "。！？；，：!?;,:"
_PIECE = re.compile(f"[^{re.escape(BREAKS)}]*[{re.escape(BREAKS)}]+|[^{re.escape(BREAKS)}]+")
# Inside a clause that is still too long, prefer these places to cut.
_SOFT = "、 ）)"


# A recording's pace (scripts/make_prompts.py prints it, a test checks it): its seconds without the
# silence kept at its ends, per spoken character. Plausible Mandarin speech: 0.15-0.4 s a character.
EDGE_SILENCE = 0.05  # seconds kept at each end of a recording
PLAUSIBLE_PACE = (0.15, 0.4)
_SILENT = set(BREAKS + "、（）() \u3000")


def seconds_per_char(text: str, duration: float) -> float:
    spoken = sum(1 for c in text if c not in _SILENT)
    return max(0.0, duration - 2 * EDGE_SILENCE) / max(1, spoken)


def chinese(message: str) -> str:
    """The Simplified Chinese text of a message id (its context kept), whatever the page language."""
    return translator(SPOKEN_LANGUAGE)(message)


def text_hash(text: str) -> str:
    """The name of a text's recording: 16 hex digits of the SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _cut(piece: str, limit: int) -> list[str]:
    """A clause longer than `limit`: cut after the last soft break within the limit, else at the limit."""
    out = []
    while len(piece) > limit:
        window = piece[:limit]
        at = max(window.rfind(c) for c in _SOFT) + 1
        if at <= 0:
            at = limit
        out.append(piece[:at])
        piece = piece[at:]
    if piece:
        out.append(piece)
    return out


def utterances(text: str, limit: int = MAX_UTTERANCE) -> list[str]:
    """`text` as short utterances in order: cut after Chinese punctuation (。！？；，：), neighbouring clauses
    joined while they fit in `limit` characters; a clause longer than that is cut (after 、 or a space
    where there is one). Whitespace at the ends of an utterance is dropped; nothing else is lost."""
    pieces: list[str] = []
    for piece in _PIECE.findall(text):
        pieces.extend(_cut(piece, limit))
    out: list[str] = []
    for piece in pieces:
        if out and len(out[-1]) + len(piece) <= limit:
            out[-1] += piece
        else:
            out.append(piece)
    return [u.strip() for u in out if u.strip()]


@lru_cache(maxsize=1)
def manifest() -> dict[str, dict[str, object]]:
    """static/prompts/manifest.json: text hash -> {"file", "duration", "bytes", "text"} (empty if missing)."""
    try:
        return json.loads(MANIFEST.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def recording(text: str) -> str | None:
    """The file name of `text`'s recording in static/prompts/, or None where there is none."""
    entry = manifest().get(text_hash(text))
    return str(entry["file"]) if entry else None


def recording_url(file: str, base_url_path: str = "") -> str:
    """The address Streamlit serves a recording at: /<base path>/app/static/prompts/<file>."""
    base = base_url_path.strip("/")
    return "/" + "/".join(p for p in (base, URL_PATH, file) if p)


def script(parts: Sequence[str], base_url_path: str = "") -> list[dict[str, object]]:
    """What the button says for these message ids, in order: per part its utterances and its recording."""
    return [dict(_item(str.__str__(p), getattr(p, "context", None), base_url_path)) for p in parts]


@lru_cache(maxsize=1024)
def _item(message: str, context: str | None, base_url_path: str) -> tuple[tuple[str, object], ...]:
    """One part, computed once per process (the texts are fixed): keyed by its context too, as a message
    with a context (NC_) compares equal to the plain message."""
    text = chinese(Contextual(context, message) if context else message)
    file = recording(text)
    return (("chunks", tuple(utterances(text))), ("audio", recording_url(file, base_url_path) if file else None))
