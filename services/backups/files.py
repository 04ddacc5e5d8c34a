"""Where a backup goes and how it is written: a timestamped name in a folder, written beside its final
place and renamed only when complete (a half-written backup never carries the final name)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from services.core.clock import local_now


def target_path(dest: str | Path, suffix: str, now: datetime | None = None) -> Path:
    """DEST itself, or DEST/portal-YYYYmmdd-HHMMSS<suffix> when DEST is a folder (or ends with a slash)."""
    path = Path(dest)
    if path.is_dir() or str(dest).endswith(os.sep):
        path.mkdir(parents=True, exist_ok=True)
        stamp = (now or local_now()).strftime("%Y%m%d-%H%M%S")
        return path / f"portal-{stamp}{suffix}"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def finish(tmp: Path, path: Path) -> None:
    """Make the complete file appear under its name at once (same folder: an atomic rename)."""
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, path)
