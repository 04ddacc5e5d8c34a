"""INTERFACE STUB (owner: the read-aloud branch) — a big "Read aloud" button for the kiosk.

`read_aloud(_, parts, key=...)`: `parts` are message ids (components.kiosk_prompts); the button speaks
their Simplified Chinese text (whatever the page language) with the browser's speech synthesis,
utterance language zh-CN, after the voices have loaded, long text split into short utterances; where
the device has no Chinese voice it plays the recorded prompts in static/prompts/; never silence and
never an English voice.
"""

from __future__ import annotations

from collections.abc import Sequence

from services.core.i18n import Translator


def read_aloud(_: Translator, parts: Sequence[str], *, key: str) -> None:
    """Draw the button (a stub until the read-aloud branch lands)."""
