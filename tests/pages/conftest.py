"""Page tests: until fu-core's follow-up services are on this branch (issue 13), the pages that call them
(employers, pipeline, repairs) get the stand-ins of tests/followup_fakes.py; once they exist, nothing changes."""

from __future__ import annotations

import importlib

import pytest

from tests import followup_fakes


@pytest.fixture(autouse=True)
def _followup_services_present(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in followup_fakes.MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            followup_fakes.install(monkeypatch)
            return
