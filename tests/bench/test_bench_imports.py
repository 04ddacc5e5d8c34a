"""bench/imports.py runs on a small list (it broke once when the import gained columns: a KeyError)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_bench_checks_and_saves_a_small_generated_list() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "imports.py"), "--rows", "200"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    first = next(line for line in lines if line.strip().startswith("rows 200,"))
    valid = int(first.split("valid ")[1].split(",")[0])
    assert 170 <= valid < 200 and "new " + str(valid) in first  # 5 % spoiled, the rest new
    again = [line for line in lines if line.strip().startswith("rows 200,")][1]
    assert f"unchanged {valid}" in again and "new 0" in again  # the same file again changes nothing
    assert any("end to end" in line and "met" in line for line in lines)
