"""scripts/audit_deps.py: an affected pin fails the audit, a fixed one passes; the list in the repository parses,
names real advisory ids and holds no entry the current pins are affected by; pip-audit's JSON is converted."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("audit_deps", ROOT / "scripts" / "audit_deps.py")
assert _spec and _spec.loader
audit_deps = importlib.util.module_from_spec(_spec)
sys.modules["audit_deps"] = audit_deps
_spec.loader.exec_module(audit_deps)

LIST = """
[[advisory]]
package = "Cryptography"
id = "GHSA-537c-gmf6-5ccf"
affected = ">=0.5.0,<48.0.1"
fixed = "48.0.1"
summary = "vulnerable OpenSSL in the wheels"

[[advisory]]
package = "urllib3"
id = "CVE-2024-37891"
affected = ["<1.26.19", ">=2.0.0,<2.2.2"]
fixed = "2.2.2"
summary = "Proxy-Authorization kept on redirects"
"""


def _run(tmp_path: Path, requirements: str, *extra: str) -> int:
    (tmp_path / "advisories.toml").write_text(LIST, encoding="utf-8")
    (tmp_path / "requirements.txt").write_text(requirements, encoding="utf-8")
    return audit_deps.main(["--advisories", str(tmp_path / "advisories.toml"),
                            "--requirements", str(tmp_path / "requirements.txt"), "--no-installed", *extra])


def test_an_affected_pin_fails_and_says_which_advisory(tmp_path, capsys) -> None:
    assert _run(tmp_path, "cryptography==48.0.0  # a comment\nurllib3[socks]==1.26.18\n") == 1
    out = capsys.readouterr().out
    assert "cryptography 48.0.0 (pinned in requirements.txt) is affected by GHSA-537c-gmf6-5ccf, fixed in 48.0.1" in out
    assert "urllib3 1.26.18" in out and "CVE-2024-37891" in out


@pytest.mark.parametrize("requirements", ["cryptography==48.0.1\n", "cryptography==50.0.2\nurllib3==1.26.19\n",
                                          "urllib3==2.2.2\n", "# nothing pinned\nstreamlit>=1.0\n"])
def test_a_fixed_pin_passes(tmp_path, capsys, requirements: str) -> None:
    assert _run(tmp_path, requirements) == 0
    assert "none affected" in capsys.readouterr().out


def test_an_installed_version_is_checked_beside_the_pins() -> None:
    advisories = audit_deps.load_advisories(audit_deps.ADVISORIES)
    found = audit_deps.audit(advisories, {"jinja2": ("3.1.6", "requirements.txt")},
                             {"jinja2": "3.1.4", "tornado": "6.4"})
    assert {(f.advisory.id, f.where) for f in found} >= {("GHSA-cpwx-vrp4-4pq7", "installed"),
                                                       ("GHSA-7cx3-6m66-7c5m", "installed")}
    assert not [f for f in found if f.where.startswith("pinned")]


def test_the_repository_list_is_real_and_the_pins_pass() -> None:
    advisories = audit_deps.load_advisories(audit_deps.ADVISORIES)
    assert len(advisories) >= 15
    for a in advisories:
        assert re.fullmatch(r"GHSA(-[23456789cfghjmpqrvwx]{4}){3}|CVE-\d{4}-\d{4,}|PYSEC-\d{4}-\d+", a.id), a.id
        assert a.fixed and not a.affects(a.fixed), a.id  # the fixed release is outside the affected range
        assert a.summary
    assert len({(a.package, a.id) for a in advisories}) == len(advisories)
    assert audit_deps.audit(advisories, audit_deps.pins(), None) == []


def test_pip_audit_json_is_converted_once(tmp_path) -> None:
    report = {"dependencies": [
        {"name": "Jinja2", "version": "3.1.2", "vulns": [
            {"id": "GHSA-cpwx-vrp4-4pq7", "fix_versions": ["3.1.6"], "aliases": ["CVE-2025-27516"], "description": "x"},
            {"id": "PYSEC-2099-1", "fix_versions": ["3.2.1", "3.1.10"], "aliases": [],
             "description": 'a "quoted"\nthing'},
        ]},
        {"name": "qrcode", "version": "8.2", "vulns": []},
    ]}
    path = tmp_path / "audit.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    advisories = tmp_path / "advisories.toml"
    advisories.write_text(LIST + '\n[[advisory]]\npackage = "jinja2"\nid = "GHSA-cpwx-vrp4-4pq7"\n'
                          'affected = "<3.1.6"\nfixed = "3.1.6"\nsummary = "s"\n', encoding="utf-8")
    for _ in range(2):  # the second import adds nothing
        assert audit_deps.main(["--advisories", str(advisories), "--import-pip-audit", str(path)]) == 0
    loaded = audit_deps.load_advisories(advisories)
    added = [a for a in loaded if a.id == "PYSEC-2099-1"]
    assert len(added) == 1 and added[0].fixed == "3.1.10" and added[0].affects("3.1.9")
    assert added[0].summary == 'a "quoted" thing'
