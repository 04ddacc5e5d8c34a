"""The gc policy freezes the heap once per new set of imported modules, and only in a server."""

from __future__ import annotations

import gc
import sys
import types
import weakref
from collections.abc import Iterator

import pytest

from components import gc_policy


@pytest.fixture
def in_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(sys.modules, "streamlit.web.bootstrap", types.ModuleType("streamlit.web.bootstrap"))
    monkeypatch.delenv("PORTAL_GC_FREEZE", raising=False)
    monkeypatch.setattr(gc_policy, "_frozen_modules", 0)
    monkeypatch.setattr(gc_policy, "freezes", 0)
    yield
    gc.unfreeze()  # the test process goes on as before


def test_freezes_once_then_only_when_modules_were_imported(in_server: None, monkeypatch: pytest.MonkeyPatch) -> None:
    assert gc_policy.freeze_new_modules()
    frozen = gc.get_freeze_count()
    assert frozen > 1000 and gc_policy.freezes == 1
    assert not gc_policy.freeze_new_modules()  # the next runs: nothing new imported, nothing done
    assert not gc_policy.freeze_new_modules()
    assert gc_policy.freezes == 1
    monkeypatch.setitem(sys.modules, "portal_lazy_page_module", types.ModuleType("portal_lazy_page_module"))
    assert gc_policy.freeze_new_modules()  # a page imported more: its objects are frozen too
    assert gc_policy.freezes == 2
    assert gc_policy.stats()["frozen"] == gc.get_freeze_count()


def test_garbage_is_collected_before_freezing(in_server: None) -> None:
    class Node:
        pass

    a, b = Node(), Node()
    a.other, b.other = b, a  # a reference cycle: only the collector frees it
    probe = weakref.ref(a)
    del a, b
    gc_policy.freeze_new_modules()
    assert probe() is None  # freed, not frozen for the life of the process


@pytest.mark.parametrize("value", ["0", "off", "false"])
def test_switched_off_by_the_environment(in_server: None, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("PORTAL_GC_FREEZE", value)
    assert not gc_policy.freeze_new_modules()
    assert gc_policy.freezes == 0


def test_not_outside_a_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "streamlit.web.bootstrap", raising=False)
    monkeypatch.setattr(gc_policy, "_frozen_modules", 0)
    before = gc.get_freeze_count()
    assert not gc_policy.freeze_new_modules()  # AppTest and scripts: the test process is not frozen
    assert gc.get_freeze_count() == before
