"""What the browser benchmarks share: the app on a loopback port with a running fair, and Debian's Chromium.

`portal(data_dir, root)` starts `streamlit run app.py` in the checkout `root` (this repository by
default; its .streamlit/config.toml) against a fresh SQLite database in `data_dir` holding one fair
running today (code SPRING26), yields the base URL, and stops the server. `--root` in the scripts
measures another checkout, e.g. a snapshot of main: `git archive main | tar -x -C /tmp/main`.
`launch(playwright)` starts headless Chromium as the browser tests do.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.loadgen.server import Server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SECRET = "bench-secret-key-that-is-long-enough-0123456789"
FAIR = "SPRING26"
FAIR_NAME = "2026年春风行动招聘会"


def _env(data_dir: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "STREAMLIT_"))}
    env.update(DATABASE_URL=url, PORTAL_DATA_DIR=str(data_dir), PORTAL_SECRET_KEY=SECRET, PYTHONUNBUFFERED="1")
    return env


def _database(data_dir: Path, root: Path) -> str:
    """A migrated SQLite database with the fair SPRING26 running today, made by `root`'s own command line
    (so a checkout with newer migrations, e.g. a snapshot of main, gets its own schema)."""
    url = f"sqlite:///{data_dir / 'portal.db'}"
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    for command in (["migrate"], ["create-fair", "--name", FAIR_NAME, "--code", FAIR, "--township", "城关镇",
                                  "--starts-on", today, "--ends-on", today]):
        done = subprocess.run([sys.executable, "-m", "services.cli", *command], cwd=root, env=_env(data_dir, url),
                              capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"services.cli {command[0]} failed:\n{done.stdout}{done.stderr}")
    return url


@contextlib.contextmanager
def portal(data_dir: Path, root: Path = ROOT, timeout: float = 60.0) -> Iterator[str]:
    """The app of the checkout `root` served on 127.0.0.1 (a free port); yields its base URL.
    Log: data_dir/server.log. Started and stopped as the load generator does (`bench.loadgen.server`)."""
    url = _database(data_dir, root)
    server = Server(script="app.py", cwd=root, log_path=data_dir / "server.log",
                    env={"DATABASE_URL": url, "PORTAL_DATA_DIR": str(data_dir), "PORTAL_SECRET_KEY": SECRET})
    server.start(timeout)
    try:
        yield server.base_url
    finally:
        server.stop()


def launch(playwright):
    """Debian's headless Chromium (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
