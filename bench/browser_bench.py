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
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SECRET = "bench-secret-key-that-is-long-enough-0123456789"
FAIR = "SPRING26"
FAIR_NAME = "2026年春风行动招聘会"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    Log: data_dir/server.log."""
    url = _database(data_dir, root)
    port = _free_port()
    env = _env(data_dir, url)
    with (data_dir / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_healthy(proc, base, timeout, data_dir)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def _wait_healthy(proc: subprocess.Popen, base: str, timeout: float, data_dir: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"streamlit exited with code {proc.returncode}: see {data_dir / 'server.log'}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.25)
    raise SystemExit(f"streamlit did not answer its health check within {timeout:g} s")


def launch(playwright):
    """Debian's headless Chromium (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
