"""Maintain the translation catalogs.

    python scripts/i18n.py update   # extract message ids from the code, merge into zh_CN
    python scripts/i18n.py check    # list ids without a Chinese translation (exit 1 if any)
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locales" / "zh_CN" / "LC_MESSAGES" / "messages.po"
SOURCE_DIRS = ("pages", "components", "services")
KEYWORDS = {"_": (1,), "N_": (1,)}


def extract_ids() -> set[str]:
    ids: set[str] = set()
    for d in SOURCE_DIRS:
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / d, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            ids.add(message)
    with (ROOT / "app.py").open("rb") as fh:
        for _line, message, _comments, _ctx in extract("python", fh, keywords=KEYWORDS):
            ids.add(message)
    return ids


def load() -> Catalog:
    if PO.exists():
        with PO.open("rb") as fh:
            return read_po(fh, locale="zh_CN")
    return Catalog(locale="zh_CN", project="jobfair-portal")


def update() -> None:
    ZH: dict[str, str] = {}
    for seed in sorted((ROOT / "scripts").glob("zh_seed*.py")):  # one seed file per feature area
        namespace: dict[str, object] = {}
        exec(compile(seed.read_text(encoding="utf-8"), str(seed), "exec"), namespace)  # noqa: S102
        for key, value in namespace.items():  # every ZH... dict in the file
            if key.startswith("ZH") and isinstance(value, dict):
                ZH.update(value)

    old = load()
    cat = Catalog(locale="zh_CN", project="jobfair-portal", charset="utf-8")
    for mid in sorted(extract_ids()):
        prev = old.get(mid)
        cat.add(mid, (prev.string if prev and prev.string else "") or ZH.get(mid, ""))
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as fh:
        write_po(fh, cat, width=0, omit_header=False, no_location=True)
    check()


def check() -> int:
    cat = load()
    missing = [m for m in sorted(extract_ids()) if not (cat.get(m) and cat.get(m).string)]
    for m in missing:
        print("untranslated:", m)
    print(f"{len(extract_ids())} messages, {len(missing)} untranslated")
    return 1 if missing else 0


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    sys.exit(update() if cmd == "update" else check())
