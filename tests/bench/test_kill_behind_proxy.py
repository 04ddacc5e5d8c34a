"""The kill test through HAProxy, short: two processes behind the proxy (scripts/cluster.py, the deployment of
issue 14), SIGKILLs at fixed points of progress; the phones reach only the proxy and retry through it.
Skipped where scripts/cluster.py or haproxy is missing (it arrives with the deployment)."""

from __future__ import annotations

import asyncio
import importlib.util
import shutil
from pathlib import Path

import pytest

from bench import kill_test

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("scripts.cluster") is None or shutil.which("haproxy") is None,
    reason="needs scripts/cluster.py and HAProxy (apt-get install haproxy)")


def test_kills_behind_the_proxy_lose_and_double_nothing(tmp_path: Path) -> None:
    from bench.loadgen.proxied import ProxiedPortal

    with ProxiedPortal(tmp_path, processes=2, database="sqlite") as portal:
        tally = asyncio.run(kill_test.run(portal, people=20, sessions=5, gap=(0.0, 0.0), drop_every=4,
                                          timeout=90, seconds=600, kill_at=[3, 8, 13]))
        audit = portal.audit(tally.people)
    assert len(tally.kills) == 3
    assert tally.gave_up == 0 and tally.shown == 20, tally.errors
    assert audit["lost"] == 0 and audit["duplicated"] == 0 and audit["mismatched"] == 0, audit
    assert audit["seekers"] == 20 and audit["strangers"] == 0 and audit["integrity"] == "ok", audit
