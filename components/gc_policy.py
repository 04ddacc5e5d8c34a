"""Keep Streamlit's collection after every script run cheap: freeze the long-lived heap.

Streamlit runs a full `gc.collect(2)` after every script run (`runner.postScriptGC`, on by
default). A full collection walks every object the collector tracks: with the portal's modules
loaded (Streamlit, SQLAlchemy, pydantic, the services) that is about 142,000 objects and 75 ms, three
times per registration. Almost all of them are module-level objects that live as long as the
process: classes, functions, their dicts, the SQLAlchemy mappers. `gc.freeze()` moves every object
tracked at that moment into a permanent generation that collections skip.

When: at the start of a script run (app.py calls `freeze_new_modules()` first), whenever the set of
imported modules has grown since the last freeze. Pages import their services lazily, so the first
visit of each kind of page imports more; the next run freezes those too. That happens a bounded
number of times per process (once per new set of modules, in practice a handful: each page's first
visit), never again once every page was visited, so sessions that come and go are not frozen over
and over. Before freezing, one full collection frees what is garbage already, so only live objects are
frozen.

Why memory stays flat: frozen objects are still freed by reference counting when they die; only
cyclic garbage among the frozen objects would never be collected. The objects frozen are the
modules' (live for the whole process) plus whatever the sessions open at one of those few freezes
hold, a bounded amount taken at most once per freeze. Everything made afterwards (widget state,
ForwardMsgs, sessions) stays in the ordinary generations and is collected after every run as before,
now in a few milliseconds. `bench/memory_run.py` measures it (30 minutes of registrations).

`PORTAL_GC_FREEZE=0` turns it off (to measure the difference). Only a server freezes: under AppTest
(the page tests) the test process is left alone.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time

_lock = threading.Lock()
_frozen_modules = 0  # len(sys.modules) at the last freeze
_logging = False
freezes = 0  # how many times this process froze (bench/memory_run.py reads it through the log)


def enabled() -> bool:
    """On in a Streamlit server (`streamlit run` loads its bootstrap module), unless PORTAL_GC_FREEZE=0;
    off under AppTest, so a test process's own objects are never frozen."""
    if os.environ.get("PORTAL_GC_FREEZE", "1").strip().lower() in {"0", "false", "no", "off"}:
        return False
    return "streamlit.web.bootstrap" in sys.modules


def freeze_new_modules() -> bool:
    """Freeze the heap if modules were imported since the last freeze; True when it froze."""
    global _frozen_modules, freezes
    if not enabled() or len(sys.modules) == _frozen_modules:  # the common case: one len() per run
        return False
    with _lock:
        count = len(sys.modules)
        if count == _frozen_modules:
            return False
        gc.collect()  # garbage already made is freed, not frozen
        gc.freeze()
        _frozen_modules = count
        freezes += 1
    return True


def _log_every(seconds: float) -> None:
    while True:
        time.sleep(seconds)
        figures = " ".join(f"{k}={v}" for k, v in stats().items())
        print(f"gc-stats {figures}", file=sys.stderr, flush=True)


def start_stats_log() -> None:
    """With PORTAL_GC_LOG=SECONDS, print `stats()` to stderr every SECONDS (bench/memory_run.py reads
    the server's log); started once per process."""
    global _logging
    seconds = float(os.environ.get("PORTAL_GC_LOG") or 0)
    if seconds <= 0 or _logging:
        return
    with _lock:
        if not _logging:
            _logging = True
            threading.Thread(target=_log_every, args=(seconds,), name="gc-stats", daemon=True).start()


def stats() -> dict[str, int]:
    """Figures for a debug look: objects frozen, tracked per generation, freezes so far, and what Streamlit
    holds outside the collector's view (media files such as ticket images, sessions open and kept)."""
    counts = gc.get_count()
    return {"frozen": gc.get_freeze_count(), "gen0": counts[0], "gen1": counts[1], "gen2": counts[2],
            "tracked": len(gc.get_objects()), "freezes": freezes, **_streamlit_figures()}


def _streamlit_figures() -> dict[str, int]:
    """Best effort, from Streamlit's internals (absent figures when a version names them otherwise)."""
    try:
        from streamlit.runtime import Runtime

        runtime = Runtime.instance()
        files = dict(runtime.media_file_mgr._storage._files_by_id)  # type: ignore[attr-defined]
        sessions = runtime._session_mgr  # type: ignore[attr-defined]
        return {"media_files": len(files), "media_kb": sum(len(f.content) for f in files.values()) // 1024,
                "sessions_active": len(sessions._active_session_info_by_id),
                "sessions_kept": len(sessions._session_storage._cache)}
    except Exception:  # a debug figure: never worth an error
        return {}
