"""Streamlit's static files compressed once with gzip -9, for HAProxy to send as they are (config/static_gz.lua).

Debian's HAProxy compresses with libslz (fast, stateless, much weaker than gzip -9: the 841 KiB protobuf
bundle goes out as 224 KiB instead of 98 KiB). Streamlit's bundle never changes while a release is
installed, so it is compressed once, here, into a cache folder:

    DEST/static/js/index.DormvYxC.js.gz ...   one file per compressible file of streamlit/static/static
    DEST/static.map                           "URL path  content type", one line each (HAProxy map format)

HAProxy reads the map: a GET of a path in it from a client that accepts gzip is answered by the Lua
service from memory (gzip -9 body, `Content-Encoding: gzip`, `Vary: Accept-Encoding`, the year-long
cache header); anything else (a path not in it, a client without gzip) goes to the app servers as before.
The map's first line names the Streamlit release and a digest of its index.html: a folder made for
another release is made again (`precompress` is cheap to call at every start).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import os
import re
import secrets
import shutil
from pathlib import Path

MAP_NAME = "static.map"
# compressible by content; fonts (woff2), images and the like are compressed already and go to the app
COMPRESSIBLE = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css",
                ".json": "application/json", ".svg": "image/svg+xml", ".txt": "text/plain",
                ".ttf": "font/ttf", ".otf": "font/otf", ".eot": "application/vnd.ms-fontobject",
                ".wasm": "application/wasm", ".map": "application/json"}
MIN_GAIN = 0.9  # kept only when the gzip body is at most 90 % of the file
# Streamlit's index.js loads the Material Symbols font (367 KiB) at start-up, icon or not
# (`document.fonts.load('1em "Material Symbols Rounded"')`, which asks for a space). A `unicode-range` without
# the space makes that call load nothing: the font comes when an icon (letters) is drawn, never on the public
# seeker pages, which draw none. Only in the copy the proxy sends; the file on disk stays as it is.
ICON_FONT_FACE = re.compile(r"(@font-face\{font-family:\s*\"?Material Symbols Rounded\"?;)([^}]*)\}")
ICONS_WITHOUT_SPACE = "unicode-range:U+21-10FFFF;"
PATCHES = 1  # raise it when `patched` changes: folders made before are made again


def streamlit_static() -> Path:
    """The folder Streamlit serves at `/` (index.html) and `/static/…` (its hashed bundle)."""
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static"


def stamp(source: Path) -> str:
    """The release the compressed files belong to: Streamlit's version and a digest of its index.html."""
    import streamlit

    digest = hashlib.sha256((source / "index.html").read_bytes()).hexdigest()[:16]
    return f"# streamlit {streamlit.__version__} index.html {digest} patches {PATCHES}"


def content_type(path: Path) -> str:
    kind = COMPRESSIBLE.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return kind + "; charset=utf-8" if kind.startswith("text/") or kind == "application/json" else kind


def patched(relative: str, data: bytes) -> bytes:
    """The file as the proxy sends it: Streamlit's stylesheet with the icon font's `unicode-range` (above)."""
    if not relative.endswith(".css") or b"Material Symbols Rounded" not in data:
        return data
    text = data.decode()

    def add_range(m: re.Match[str]) -> str:
        return m.group(0) if "unicode-range" in m.group(2) else f"{m.group(1)}{ICONS_WITHOUT_SPACE}{m.group(2)}}}"
    return ICON_FONT_FACE.sub(add_range, text).encode()


def precompress(dest: Path, source: Path | None = None, *, level: int = 9) -> Path:
    """Compress `source`/static/** (Streamlit's bundle) into `dest`; returns the map file.

    Nothing is done when `dest` already holds this release. Written into a temporary folder beside `dest`
    and renamed, so two clusters starting at once never see half a folder."""
    source = source or streamlit_static()
    dest = Path(dest)
    header = stamp(source)
    current = dest / MAP_NAME
    if current.exists() and current.read_text().split("\n", 1)[0] == header:
        return current
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = dest.with_name(f"{dest.name}.{os.getpid()}.{secrets.token_hex(4)}")  # readable by HAProxy's user
    work.mkdir()
    lines = [header]
    for path in sorted((source / "static").rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        relative = path.relative_to(source).as_posix()
        data = patched(relative, path.read_bytes())
        packed = gzip.compress(data, compresslevel=level, mtime=0)
        if len(packed) > len(data) * MIN_GAIN:
            continue
        if any(c.isspace() for c in relative):
            continue  # a map key is one word
        target = work / (relative + ".gz")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(packed)
        lines.append(f"/{relative} {content_type(path)}")
    (work / MAP_NAME).write_text("\n".join(lines) + "\n")
    old = dest.with_name(dest.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    try:
        work.rename(dest)
    except OSError:  # another start made it meanwhile: theirs is as good
        shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    return dest / MAP_NAME
