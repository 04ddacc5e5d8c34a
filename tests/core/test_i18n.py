"""Translations: every message in the code has Chinese; the catalog has no stale entries."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from services.core.i18n import normalize_language, translate, translator

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
i18n_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n_script)


def test_every_message_has_a_chinese_translation() -> None:
    catalog = i18n_script.load()
    missing = [m for m in i18n_script.extract_ids() if not (catalog.get(m) and catalog.get(m).string)]
    assert missing == [], "run: python scripts/i18n.py update"


def test_no_stale_catalog_entries() -> None:
    ids = i18n_script.extract_ids()
    stale = [m.id for m in i18n_script.load() if m.id and m.id not in ids]
    assert stale == []


def test_placeholders_survive_translation() -> None:
    catalog = i18n_script.load()
    for message in catalog:
        if message.id and "{" in message.id:
            for name in ("{name}", "{age}", "{birth}", "{gender}", "{county}"):
                assert (name in message.id) == (name in message.string), message.id


def test_language_codes() -> None:
    assert normalize_language(None) == "zh_CN"
    assert normalize_language("en-US") == "en"
    assert normalize_language("zh") == "zh_CN"
    assert translate("zh_CN", "Name") == "姓名"
    assert translate("en", "Name") == "Name"
    assert translator("en")("Ticket of {name}", name="X") == "Ticket of X"
