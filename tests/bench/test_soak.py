"""The fair-day soak's machinery, one short minute (bench/soak.py runs 30): registrations, booth scans and a
dashboard at once, memory sampled; the counts agree and nothing fails; once more behind HAProxy (skipped where
scripts/cluster.py or haproxy is missing). No timing or memory thresholds."""

from __future__ import annotations

import asyncio
import importlib.util
import shutil
from pathlib import Path

import pytest

from bench import soak
from bench.loadgen.processes import Portal


def test_a_short_soak_registers_scans_and_refreshes_without_errors(tmp_path: Path) -> None:
    args = soak.parser().parse_args(["--minutes", "0.5", "--processes", "1", "--database", "sqlite",
                                     "--phones", "3", "--think", "0.5", "--between", "0.5", "--scan-every", "2",
                                     "--refresh", "3", "--sample", "10", "--timeout", "90"])
    with Portal(tmp_path, processes=1, database="sqlite", staff=True) as portal:
        day = asyncio.run(soak.run(portal, args))
        audit = portal.audit(day.people)
    assert day.errors == []
    confirmed = sum(1 for codes in day.people.values() if codes)
    assert confirmed >= 2 and confirmed == len(day.people)
    assert audit["seekers"] == confirmed and audit["lost"] == 0 and audit["duplicated"] == 0, audit
    assert day.scans >= 1 and day.cards == day.scans
    assert day.refreshes >= 1
    assert len(day.samples) >= 2 and all(rss > 0 for _m, sizes, _cpu in day.samples for rss in sizes)
    lines = soak.memory_lines(day)
    assert any("slope" in line for line in lines)


@pytest.mark.skipif(importlib.util.find_spec("scripts.cluster") is None or shutil.which("haproxy") is None,
                    reason="needs scripts/cluster.py and HAProxy (apt-get install haproxy)")
def test_a_short_soak_behind_the_proxy_reaches_both_processes(tmp_path: Path) -> None:
    from bench.loadgen.proxied import ProxiedPortal

    args = soak.parser().parse_args(["--minutes", "0.5", "--processes", "2", "--database", "sqlite", "--proxy",
                                     "--phones", "3", "--think", "0.5", "--between", "0.5", "--scan-every", "2",
                                     "--refresh", "3", "--sample", "10", "--timeout", "90"])
    with ProxiedPortal(tmp_path, processes=2, database="sqlite", staff=True) as portal:
        day = asyncio.run(soak.run(portal, args))
        audit = portal.audit(day.people)
        spread = portal.spread()
    assert day.errors == []
    confirmed = sum(1 for codes in day.people.values() if codes)
    assert confirmed >= 2 and confirmed == len(day.people)
    assert audit["seekers"] == confirmed and audit["lost"] == 0 and audit["duplicated"] == 0, audit
    assert day.scans >= 1 and day.cards == day.scans and day.refreshes >= 1
    assert len(spread) == 2 and all(n > 0 for n in spread.values()), spread  # the proxy used both processes
    assert all(len(sizes) == 2 for _m, sizes, _cpu in day.samples) and len(day.loads) == len(day.samples)
    assert len(day.waits) == confirmed - 2  # every registration's wait, the warm-up's (one per process) apart
