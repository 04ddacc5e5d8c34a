"""Switch the summary updates off, for a baseline only (issue 15: what the summaries cost a registration).

The writes that add a check-in or a seeker call `services.summaries.record.record` in their transaction
(docs/ROLLUPS.md). A baseline without them replaces that helper by a no-op: in `services.summaries.record`
(so modules imported afterwards bind the no-op) and in every module already imported that bound it by name
(registration/register.py, bulk.py, checkin.py). Nothing in services/ knows about this switch: production
has no way to run without its summaries. The dashboard of such a database is wrong until
`python -m services.cli rebuild-summaries`; benches use throwaway databases.

In-process: `with summaries_off(): ...`. For app processes, bench/loadgen/no_summaries.py switches them off
and then runs `streamlit` in the same interpreter (the load generator's `BENCH_SUMMARIES=off`).

`WRITERS` names the helpers switched off: a branch that adds another summary helper (e.g. one moving a
person between profile cells) adds it here, so the baseline stays "no summaries at all".
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager

WRITERS = (("services.summaries.record", "record"), ("services.summaries.profiles", "move"),
           ("services.summaries.profiles", "add"))


def _no_op(*_args: object, **_kwargs: object) -> None:
    return None


def switch_off() -> list[str]:
    """Replace every summary writer by a no-op for the rest of the process; returns where it was replaced."""
    replaced = []
    for module_name, attribute in WRITERS:
        module = importlib.import_module(module_name)
        original = getattr(module, attribute)
        if original is _no_op:
            continue
        for name, loaded in list(sys.modules.items()):
            if name.startswith("services.") and getattr(loaded, attribute, None) is original:
                setattr(loaded, attribute, _no_op)
                replaced.append(f"{name}.{attribute}")
        setattr(module, attribute, _no_op)
    return replaced


@contextmanager
def summaries_off() -> Iterator[list[str]]:
    """The summary writers are no-ops inside the block (modules imported before and inside it alike)."""
    saved = {}
    for module_name, attribute in WRITERS:
        module = importlib.import_module(module_name)
        saved[(module_name, attribute)] = getattr(module, attribute)
    replaced = switch_off()
    try:
        yield replaced
    finally:
        for (module_name, attribute), original in saved.items():
            setattr(importlib.import_module(module_name), attribute, original)
            for name, loaded in list(sys.modules.items()):
                if name.startswith("services.") and getattr(loaded, attribute, None) is _no_op:
                    setattr(loaded, attribute, original)
