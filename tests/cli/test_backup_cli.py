"""`backup DEST` and `restore BACKUP --to URL` print one JSON object; a refusal is one JSON line on stderr
and exit status 1. Both backends (the restore is tried into a scratch SQLite file for SQLite only)."""

from __future__ import annotations

import json

import pytest

from services.core.db import HEAD_REVISION
from tests.cli.test_commands import _run
from tests.cli.test_commands import cli as cli  # the fixture, used by name
from tests.factories import register


def test_backup_then_restore_into_a_scratch_database(engine, vault, cli, capsys, tmp_path) -> None:
    register(engine, vault, 7)
    code, out, _err = _run(capsys, "backup", f"{tmp_path / 'copies'}/")
    assert code == 0
    made = json.loads(out[0])
    assert made["schema"] == HEAD_REVISION and made["schema_is_current"] and made["bytes"] > 0
    if engine.dialect.name != "sqlite":
        assert made["path"].endswith(".dump")
        return
    assert made["integrity"] == "ok" and made["rows"]["seeker"] == 1
    code, out, _err = _run(capsys, "restore", made["path"], "--to", f"sqlite:///{tmp_path / 'check.db'}")
    assert code == 0 and json.loads(out[0])["rows"]["seeker"] == 1


def test_restore_over_live_data_is_refused_without_force(engine, vault, cli, capsys, tmp_path) -> None:
    register(engine, vault, 8)
    code, out, _err = _run(capsys, "backup", str(tmp_path / "one"))
    path = json.loads(out[0])["path"]
    with pytest.raises(SystemExit) as refused:
        _run(capsys, "restore", path)
    assert refused.value.code == 1
    said = json.loads(capsys.readouterr().err.splitlines()[0])["error"]
    assert "--force" in said and "已有数据" in said  # in the portal's language (Chinese by default)
