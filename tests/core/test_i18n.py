"""Translations: every message in the code has Chinese, the catalog has no stale entries,
contexts tell one English word's meanings apart, and the catalog tool's update and check."""

from __future__ import annotations

import copy
import importlib.util
import pickle
from pathlib import Path

import pytest

from services.core.i18n import NC_, Contextual, normalize_language, translate, translator
from services.core.reference import INDUSTRIES, TRADES

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
i18n_script = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n_script)


@pytest.fixture(scope="module")
def code() -> dict:
    return i18n_script.extract_ids()


def test_every_message_has_a_chinese_translation(code: dict) -> None:
    have = i18n_script.entries(i18n_script.load())
    missing = [k for k in code if k not in have or not have[k].string]
    assert missing == [], "run: python scripts/i18n.py update, then fill in the Chinese"


def test_no_obsolete_catalog_entries(code: dict) -> None:
    catalog = i18n_script.load()
    stale = [k for k in i18n_script.entries(catalog) if k not in code]
    assert stale == [], "run: python scripts/i18n.py update"
    assert not catalog.obsolete


def test_no_pending_translations_left() -> None:
    assert i18n_script.pending_files() == [], "run: python scripts/i18n.py update"


def test_placeholders_survive_translation() -> None:
    for k, message in i18n_script.entries(i18n_script.load()).items():
        assert i18n_script.placeholders(message.string) == i18n_script.placeholders(k[1]), k


def test_language_codes() -> None:
    assert normalize_language(None) == "zh_CN"
    assert normalize_language("en-US") == "en"
    assert normalize_language("zh") == "zh_CN"
    assert translate("zh_CN", "Name") == "姓名"
    assert translate("en", "Name") == "Name"
    assert translator("en")("Ticket of {name}", name="X") == "Ticket of X"


def test_construction_the_trade_and_the_industry_read_differently() -> None:
    zh, en = translator("zh_CN"), translator("en")
    trade, industry = TRADES["construction"], INDUSTRIES["construction"]
    assert zh(trade) == "建筑施工"
    assert zh(industry) == "建筑业"
    assert zh.pgettext("trade", "Construction") == "建筑施工"
    assert zh.pgettext("industry", "Construction") == "建筑业"
    assert en(trade) == en(industry) == en.pgettext("industry", "Construction") == "Construction"
    assert type(en(trade)) is str  # the translation is plain text, not a label with a context
    assert zh("Construction") == "Construction"  # no plain id: the context is part of the message


def test_every_trade_and_industry_label_has_chinese() -> None:
    zh = translator("zh_CN")
    for label in [*TRADES.values(), *INDUSTRIES.values()]:
        assert zh(label) != label, label


def test_a_label_keeps_its_context_through_str_format_and_pickle() -> None:
    label = NC_("industry", "Construction")
    assert label == "Construction" and isinstance(label, str)
    for same in (str(label), f"{label}", pickle.loads(pickle.dumps(label)), copy.deepcopy(label)):
        assert isinstance(same, Contextual) and same.context == "industry" and same == "Construction"
    assert translator("zh_CN")("{industry}!", industry=translator("zh_CN")(label)) == "建筑业!"


def test_extraction_finds_contexts(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "app.py").write_text('_("Home")\n', encoding="utf-8")
    (tmp_path / "pages" / "p.py").write_text(
        'A = NC_("trade", "Construction")\nB = _.pgettext("industry", "Construction")\nC = N_("Other")\n',
        encoding="utf-8")
    found = i18n_script.extract_ids(tmp_path)
    assert set(found) == {(None, "Home"), ("trade", "Construction"), ("industry", "Construction"), (None, "Other")}
    assert found[("trade", "Construction")] == ["pages/p.py:1"]


def _po(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


CODE = {(None, "Name"): ["app.py:1"], (None, "Hello {name}"): ["app.py:2"],
        ("trade", "Construction"): ["app.py:3"], ("industry", "Construction"): ["app.py:4"]}
COMPLETE = """msgid "Name"\nmsgstr "姓名"\n\nmsgid "Hello {name}"\nmsgstr "你好，{name}"\n
msgctxt "trade"\nmsgid "Construction"\nmsgstr "建筑施工"\n
msgctxt "industry"\nmsgid "Construction"\nmsgstr "建筑业"\n"""


def test_check_passes_on_a_complete_catalog(tmp_path: Path) -> None:
    po = _po(tmp_path / "messages.po", COMPLETE)
    assert i18n_script.check(po, tmp_path / "pending", CODE) == 0


def test_check_fails_on_missing_obsolete_pending_and_bad_placeholders(tmp_path: Path, capsys) -> None:
    po = _po(tmp_path / "messages.po", """msgid "Name"\nmsgstr "姓名"\n
msgid "Hello {name}"\nmsgstr "你好，{nmae}"\n
msgctxt "trade"\nmsgid "Construction"\nmsgstr "建筑施工"\n
msgid "Construction"\nmsgstr "建筑施工"\n
msgid "Gone"\nmsgstr "已删"\n""")
    capsys.readouterr()
    assert i18n_script.check(po, tmp_path / "pending", CODE) == 1
    out = capsys.readouterr().out
    assert "untranslated: 'Construction' (context 'industry')" in out
    assert "obsolete (not in the code): 'Gone'" in out
    assert "obsolete (not in the code): 'Construction'\n" in out
    assert "placeholders differ: 'Hello {name}'" in out

    _po(tmp_path / "pending" / "other.po", COMPLETE)
    assert i18n_script.check(_po(tmp_path / "ok.po", COMPLETE), tmp_path / "pending", CODE) == 1
    assert "pending, not folded in: other.po" in capsys.readouterr().out


def test_update_folds_pending_keeps_translations_and_drops_obsolete(tmp_path: Path, capsys) -> None:
    po = _po(tmp_path / "messages.po", """msgid "Name"\nmsgstr "姓名"\n
msgid "Hello {name}"\nmsgstr ""\n\nmsgid "Gone"\nmsgstr "已删"\n""")
    pending = tmp_path / "pending"
    _po(pending / "branch-a.po", """msgid "Name"\nmsgstr "名字"\n\nmsgid "Hello {name}"\nmsgstr "你好，{name}"\n
msgctxt "trade"\nmsgid "Construction"\nmsgstr "建筑施工"\n""")
    _po(pending / "branch-b.po", """msgctxt "industry"\nmsgid "Construction"\nmsgstr "建筑业"\n
msgid "Never used"\nmsgstr "没用到"\n""")
    (pending / "README.md").write_text("kept", encoding="utf-8")

    assert i18n_script.update(po, pending, CODE) == 0
    assert sorted(p.name for p in pending.iterdir()) == ["README.md"]
    result = {k: m.string for k, m in i18n_script.entries(i18n_script.load(po)).items()}
    assert result == {(None, "Name"): "姓名", (None, "Hello {name}"): "你好，{name}",
                      ("trade", "Construction"): "建筑施工", ("industry", "Construction"): "建筑业"}
    out = capsys.readouterr().out
    assert "kept '姓名' for 'Name', not '名字'" in out
    assert "dropped (no longer in the code): 'Gone'" in out

    # a new id in the code arrives empty, and check says so
    assert i18n_script.update(po, pending, {**CODE, (None, "New"): ["app.py:5"]}) == 1
    assert i18n_script.load(po).get("New").string == ""
