"""Record the kiosk's prompts: the Chinese text of every message id the kiosk reads aloud, spoken by
espeak-ng's Mandarin voice, as small Ogg Opus files in static/prompts/ with static/prompts/manifest.json.

    apt-get install -y espeak-ng opus-tools    # only where the prompts are made (not in CI: they are committed)
    python3 scripts/make_prompts.py            # makes what is missing, drops recordings no longer used
    python3 scripts/make_prompts.py --force    # records everything again

The ids come from components.kiosk_prompts.all_prompt_ids(); the text from the zh_CN catalog. A file is
named by a hash of its text (components.spoken.text_hash), so a changed translation gets a new
recording and the test tests/components/test_spoken.py fails until this script has been run.

Each recording: espeak-ng -v cmn, leading and trailing silence trimmed, resampled to 16 kHz mono, Opus
at ~16 kbit/s tuned for speech, decoded again to check it plays and to measure its length. The script
prints every prompt's seconds per character (components.spoken.PLAUSIBLE_PACE) and the total size.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path
from typing import Any

import numpy as np
from scipy.signal import resample_poly

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from components.kiosk_prompts import all_prompt_ids
from components.spoken import (
    EDGE_SILENCE,
    MANIFEST,
    PLAUSIBLE_PACE,
    PROMPTS_DIR,
    chinese,
    seconds_per_char,
    text_hash,
)

VOICE = "cmn"  # espeak-ng's Mandarin
SPEED = 210  # espeak-ng's "words a minute" (default 175, which drawls at ~0.45 s a syllable): ~0.33 s a syllable
RATE = 16_000
BITRATE = 16  # kbit/s
SILENCE = 200  # samples quieter than this (of 32767) at the ends are trimmed


def synthesize(text: str) -> tuple[np.ndarray, int]:
    wav = subprocess.run(["espeak-ng", "-v", VOICE, "-s", str(SPEED), "--stdout", text],
                         check=True, capture_output=True).stdout
    with wave.open(io.BytesIO(wav)) as w:
        rate, channels = w.getframerate(), w.getnchannels()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
    return samples, rate


def trim(samples: np.ndarray, rate: int) -> np.ndarray:
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > SILENCE)
    if loud.size == 0:
        raise SystemExit("espeak-ng produced silence")
    keep = int(EDGE_SILENCE * rate)
    return samples[max(0, loud[0] - keep): loud[-1] + keep]


def write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.astype(np.int16).tobytes())


def encode(text: str, out: Path, work: Path) -> float:
    """Record `text` into `out` (Ogg Opus); returns its decoded length in seconds."""
    samples, rate = synthesize(text)
    samples = trim(samples, rate)
    if rate != RATE:
        samples = np.clip(resample_poly(samples.astype(np.float64), RATE, rate), -32768, 32767).astype(np.int16)
    src = work / "in.wav"
    write_wav(src, samples, RATE)
    serial = int(text_hash(text)[:8], 16) & 0x7FFFFFFF  # a fixed stream serial: the same text, the same bytes
    subprocess.run(["opusenc", "--quiet", "--bitrate", str(BITRATE), "--speech", "--padding", "0",
                    "--serial", str(serial), str(src), str(out)], check=True)
    return decoded_seconds(out, work)


def decoded_seconds(path: Path, work: Path) -> float:
    """Decode a recording (proves it plays) and return its length."""
    dst = work / "out.wav"
    subprocess.run(["opusdec", "--quiet", "--rate", str(RATE), str(path), str(dst)], check=True)
    with wave.open(str(dst)) as w:
        return w.getnframes() / w.getframerate()


def texts() -> list[str]:
    """The Chinese text of every prompt id, each once, in the list's order."""
    return list(dict.fromkeys(chinese(m) for m in all_prompt_ids()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="record every prompt again")
    args = parser.parse_args(argv)
    for tool in ("espeak-ng", "opusenc", "opusdec"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} not found: apt-get install -y espeak-ng opus-tools")
    PROMPTS_DIR.mkdir(parents=True, exist_ok=True)
    old = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    manifest: dict[str, dict[str, Any]] = {}
    made = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for text in texts():
            key = text_hash(text)
            file = f"{key}.ogg"
            path = PROMPTS_DIR / file
            if args.force or key not in old or not path.exists():
                seconds = encode(text, path, work)
                made += 1
            else:
                seconds = float(old[key]["duration"])
            manifest[key] = {"file": file, "duration": round(seconds, 2), "bytes": path.stat().st_size,
                             "text": text}
    kept = {entry["file"] for entry in manifest.values()}
    dropped = [p for p in PROMPTS_DIR.glob("*.ogg") if p.name not in kept]
    for p in dropped:
        p.unlink()
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")
    report(manifest, made, len(dropped))
    return 0


def report(manifest: dict[str, dict[str, Any]], made: int, dropped: int) -> None:
    low, high = PLAUSIBLE_PACE
    odd = 0
    for entry in manifest.values():
        text = str(entry["text"])
        per_char = seconds_per_char(text, float(entry["duration"]))
        flag = "" if low <= per_char <= high else f"  <- outside {low:.2f}-{high:.2f} s/char"
        odd += bool(flag)
        print(f"{entry['file']}  {entry['duration']:6.2f} s  {entry['bytes']:6d} B  {per_char:.2f} s/char  "
              f"{text[:30]}{flag}")
    total = sum(int(e["bytes"]) for e in manifest.values())
    seconds = sum(float(e["duration"]) for e in manifest.values())
    print(f"{len(manifest)} prompts ({made} recorded now, {dropped} dropped), {seconds:.1f} s of speech, "
          f"{total} bytes ({total / 1024:.1f} KiB) in static/prompts/; {odd} outside the plausible pace")


if __name__ == "__main__":
    sys.exit(main())
