"""The Chinese font posters are drawn with (Noto Sans CJK SC, bold), found once per process."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from services.core.i18n import N_

FONT_FAMILY = "Noto Sans CJK SC"
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",  # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",  # Arch
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",  # Fedora
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Bold.otf",
    "/usr/share/fonts/noto-cjk/NotoSansSC-Bold.otf",
)

class PosterFontMissing(RuntimeError):
    """No Chinese font to draw posters with."""

    message = N_("The Chinese font for posters is not installed on the server "
                 "(Debian: apt-get install fonts-noto-cjk).")




@lru_cache(maxsize=1)
def font_file() -> tuple[str, int]:
    """The bold Noto Sans CJK SC face: (file, index in a font collection)."""
    paths = [p for p in FONT_CANDIDATES if Path(p).is_file()]
    if not paths and shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", f"{FONT_FAMILY}:bold"], capture_output=True,
                               text=True, timeout=10, check=False).stdout.strip()
        if found and Path(found).is_file():  # fc-match always answers: the checks below decide
            paths.append(found)
    for path in paths:
        if path.lower().endswith((".ttc", ".otc")):
            for index, face in enumerate(TTCollection(path, lazy=True).fonts):
                if face["name"].getDebugName(1) == FONT_FAMILY:
                    return path, index
        elif re.search(r"CJK|\bSC\b", TTFont(path, lazy=True)["name"].getDebugName(1) or ""):
            return path, 0
    raise PosterFontMissing(PosterFontMissing.message)
