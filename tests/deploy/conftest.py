"""The deployment under test: scripts/cluster.py's Cluster (PostgreSQL + 2 Streamlit processes + HAProxy).

One cluster per test session, with `X-Served-By` on every answer (the proxy's server name, test mode only)
so a test can tell which process answered. Without haproxy or PostgreSQL's binaries the tests are skipped,
except in CI, where that is a failure (scripts/test.sh installs both).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from scripts.cluster import HAPROXY, Cluster
from services.places.sources import create_fair
from tests.browser.conftest import FAIR_CODE, FAIR_NAME, FAIR_TOWNSHIP
from tests.conftest import TEST_SECRET
from tests.pg import find_bindir


def _require(what: str, present: bool) -> None:
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the deployment tests, but {what} is missing (scripts/test.sh installs it)")
    pytest.skip(f"{what} not found: apt-get install haproxy postgresql")


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    _require("haproxy", bool(shutil.which("haproxy") or os.path.exists(HAPROXY)))
    _require("PostgreSQL", find_bindir() is not None)
    with Cluster(processes=2, database="postgresql", served_by=True,
                 env={"PORTAL_SECRET_KEY": TEST_SECRET}) as c:
        create_fair(c.engine, code=FAIR_CODE, name=FAIR_NAME, township=FAIR_TOWNSHIP)
        yield c
