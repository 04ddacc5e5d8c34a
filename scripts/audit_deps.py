"""The dependency audit without the internet: pinned and installed versions against config/advisories.toml.

    python3 scripts/audit_deps.py                      # exit 1 when a pinned or installed version is affected
    python3 scripts/audit_deps.py --no-installed       # the pins in requirements*.txt only
    python3 scripts/audit_deps.py --import-pip-audit FILE   # append pip-audit's JSON findings not yet listed

"Installed" means the pinned packages and everything they require (as installed here), not whatever else the
machine's Python holds. CI runs it before the tests (.ci/run). The list is kept by hand or from pip-audit where
the internet is available: see the head of config/advisories.toml.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
ADVISORIES = ROOT / "config" / "advisories.toml"
REQUIREMENTS = (ROOT / "requirements.txt", ROOT / "requirements-dev.txt")
_PIN = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*==\s*([^\s;#]+)")


@dataclass(frozen=True)
class Advisory:
    package: str  # canonical name
    id: str
    affected: tuple[SpecifierSet, ...]  # any of these
    fixed: str
    summary: str

    def affects(self, version: str) -> bool:
        try:
            parsed = Version(version)
        except InvalidVersion:
            return False
        return any(spec.contains(parsed, prereleases=True) for spec in self.affected)


@dataclass(frozen=True)
class Finding:
    advisory: Advisory
    version: str
    where: str  # "pinned in requirements.txt" / "installed"

    def line(self) -> str:
        a = self.advisory
        return f"{a.package} {self.version} ({self.where}) is affected by {a.id}, fixed in {a.fixed}: {a.summary}"


def load_advisories(path: Path = ADVISORIES) -> list[Advisory]:
    with path.open("rb") as fh:
        entries = tomllib.load(fh).get("advisory", [])
    out = []
    for entry in entries:
        ranges = entry["affected"]
        ranges = [ranges] if isinstance(ranges, str) else list(ranges)
        out.append(Advisory(canonicalize_name(entry["package"]), entry["id"], tuple(SpecifierSet(r) for r in ranges),
                            str(entry.get("fixed", "")), entry.get("summary", "")))
    return out


def pins(paths: Iterable[Path] = REQUIREMENTS) -> dict[str, tuple[str, str]]:
    """canonical name -> (version, file name) of every `name==version` line."""
    found: dict[str, tuple[str, str]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _PIN.match(line)
            if match:
                found[canonicalize_name(match.group(1))] = (match.group(3), path.name)
    return found


def installed_closure(roots: Iterable[str]) -> dict[str, str]:
    """canonical name -> installed version of `roots` and of everything they require (markers evaluated here)."""
    seen: dict[str, str] = {}
    todo = list(roots)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = dist.version
        for raw in dist.requires or []:
            try:
                req = Requirement(raw)
            except InvalidRequirement:
                continue
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return seen


def audit(advisories: list[Advisory], pinned: dict[str, tuple[str, str]],
          installed: dict[str, str] | None) -> list[Finding]:
    findings = []
    for advisory in advisories:
        if advisory.package in pinned:
            version, file_name = pinned[advisory.package]
            if advisory.affects(version):
                findings.append(Finding(advisory, version, f"pinned in {file_name}"))
        if installed and advisory.package in installed:
            version = installed[advisory.package]
            same_as_pin = advisory.package in pinned and pinned[advisory.package][0] == version
            if advisory.affects(version) and not same_as_pin:
                findings.append(Finding(advisory, version, "installed"))
    return findings


def _toml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def from_pip_audit(report: dict, known: Iterable[Advisory]) -> Iterator[str]:
    """TOML entries for pip-audit's findings (its `--format json`) that the list does not hold yet."""
    listed = {(a.package, a.id) for a in known}
    aliases_listed = {a.id for a in known}
    for dep in report.get("dependencies", []):
        name = canonicalize_name(dep.get("name", ""))
        for vuln in dep.get("vulns", []):
            ids = [vuln["id"], *vuln.get("aliases", [])]
            if (name, vuln["id"]) in listed or aliases_listed & set(ids):
                continue
            fixes = sorted(vuln.get("fix_versions") or [], key=Version)
            affected = f"<{fixes[0]}" if fixes else f"=={dep.get('version')}"
            summary = " ".join((vuln.get("description") or "").split())[:200]
            yield "\n".join(["", "[[advisory]]", f"package = {_toml_string(name)}", f"id = {_toml_string(vuln['id'])}",
                             f"affected = {_toml_string(affected)}",
                             f"fixed = {_toml_string(fixes[0] if fixes else '')}",
                             f"summary = {_toml_string(summary)}", ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--advisories", type=Path, default=ADVISORIES)
    parser.add_argument("--requirements", type=Path, nargs="*", default=list(REQUIREMENTS))
    parser.add_argument("--no-installed", action="store_true", help="check the pins only")
    parser.add_argument("--import-pip-audit", type=Path, metavar="FILE",
                        help="append the findings of pip-audit's JSON not listed yet to the advisories file")
    args = parser.parse_args(argv)
    advisories = load_advisories(args.advisories)
    if args.import_pip_audit:
        entries = list(from_pip_audit(json.loads(args.import_pip_audit.read_text(encoding="utf-8")), advisories))
        with args.advisories.open("a", encoding="utf-8") as fh:
            fh.writelines(entries)
        print(f"{len(entries)} advisories added to {args.advisories}: check each range against its advisory")
        return 0
    pinned = pins(args.requirements)
    installed = None if args.no_installed else installed_closure(pinned)
    findings = audit(advisories, pinned, installed)
    for finding in findings:
        print(finding.line())
    checked = len(pinned) + (len(installed) if installed else 0)
    print(f"dependency audit: {len(advisories)} advisories, {len(pinned)} pins"
          + (f", {len(installed)} installed packages" if installed is not None else "")
          + (f": {len(findings)} affected" if findings else ": none affected"))
    return 1 if findings and checked else 0


if __name__ == "__main__":
    sys.exit(main())
