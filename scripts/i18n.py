"""Maintain the translation catalogs. `locales/<language>/LC_MESSAGES/messages.po` is the source
of the translations: edit the Chinese there.

    python scripts/i18n.py update   # fold locales/pending/*.po in, then merge the code's message ids
    python scripts/i18n.py check    # exit 1 on untranslated or obsolete entries (CI runs this)

`update` extracts the message ids from app.py, pages/, components/, services/ and models/
(`_()`, `N_()`, `NC_(context, …)`, `….pgettext(context, …)`), keeps every translation, adds new
ids with an empty translation, drops the entries the code no longer uses (printing them), and
first folds in the Chinese that developers left in `locales/pending/<branch>.po` (for ids new to
the catalog; an existing translation stays), deleting those files. Then it runs `check`.

`check` lists untranslated ids, obsolete entries (in the catalog, not in the code), pending
files not folded in yet, and translations whose `{placeholders}` differ from their id's.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from string import Formatter

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract, extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
LANGUAGE = "zh_CN"  # English is the message id itself and needs no catalog
PO = LOCALES / LANGUAGE / "LC_MESSAGES" / "messages.po"
PENDING = LOCALES / "pending"
SOURCES = ("app.py", "pages", "components", "services", "models")
CONTEXT_FIRST = ((1, "c"), 2)
KEYWORDS = {"_": None, "N_": None, "NC_": CONTEXT_FIRST, "pgettext": CONTEXT_FIRST}

Key = tuple[str | None, str]  # (context or None, message id)


def extract_ids(root: Path = ROOT) -> dict[Key, list[str]]:
    """Every message id the code uses, with where it is used."""
    found: dict[Key, list[str]] = {}

    def add(where: str, message: object, context: str | None) -> None:
        if isinstance(message, str) and message:
            found.setdefault((context or None, message), []).append(where)

    for source in SOURCES:
        path = root / source
        if path.is_dir():
            for file, line, message, _comments, context in extract_from_dir(
                    path, method_map=[("**.py", "python")], keywords=KEYWORDS):
                add(f"{source}/{file}:{line}", message, context)
        elif path.is_file():
            with path.open("rb") as fh:
                for line, message, _comments, context in extract("python", fh, keywords=KEYWORDS):
                    add(f"{source}:{line}", message, context)
    return found


def key(message: Message) -> Key:
    msgid = message.id if isinstance(message.id, str) else message.id[0]  # no plural forms here
    return (message.context or None, msgid)


def describe(k: Key) -> str:
    context, message = k
    return f"{message!r} (context {context!r})" if context else repr(message)


def load(path: Path = PO) -> Catalog:
    if not path.exists():
        return Catalog(locale=LANGUAGE, project="jobfair-portal", charset="utf-8")
    with path.open("rb") as fh:
        return read_po(fh, locale=LANGUAGE, abort_invalid=True)


def entries(catalog: Catalog) -> dict[Key, Message]:
    return {key(m): m for m in catalog if m.id and isinstance(m.id, str)}


def fold(catalog: Catalog, pending: Iterable[Path]) -> None:
    """Put the pending files' translations into the catalog: they fill ids the catalog lacks or
    leaves untranslated; where the catalog already translates an id, its translation stays."""
    for path in pending:
        for k, incoming in entries(load(path)).items():
            current = catalog.get(k[1], context=k[0])
            if current is None:
                catalog.add(k[1], incoming.string or "", context=k[0])
            elif not current.string:
                current.string = incoming.string or ""
            elif incoming.string and incoming.string != current.string:
                print(f"{path.name}: kept {current.string!r} for {describe(k)}, not {incoming.string!r}")


def merge(catalog: Catalog, code: Iterable[Key]) -> None:
    """Make the catalog's entries exactly the code's ids; print the entries dropped."""
    wanted = set(code)
    for k, message in entries(catalog).items():
        if k not in wanted:
            print(f"dropped (no longer in the code): {describe(k)} = {message.string!r}")
            catalog.delete(k[1], context=k[0])
    for obsolete in catalog.obsolete.values():
        print(f"dropped obsolete entry: {describe(key(obsolete))} = {obsolete.string!r}")
    for context, msgid in sorted(wanted - set(entries(catalog)), key=lambda k: (k[1], k[0] or "")):
        catalog.add(msgid, "", context=context)


def save(catalog: Catalog, path: Path = PO) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0, no_location=True, sort_output=True, ignore_obsolete=True)


def pending_files(pending: Path = PENDING) -> list[Path]:
    return sorted(pending.glob("*.po")) if pending.is_dir() else []


def update(po: Path = PO, pending: Path = PENDING, code: dict[Key, list[str]] | None = None) -> int:
    code = extract_ids() if code is None else code
    folded = pending_files(pending)
    catalog = load(po)
    fold(catalog, folded)
    merge(catalog, code)
    save(catalog, po)
    for path in folded:
        path.unlink()
        print(f"folded in and deleted: {path.name}")
    return check(po, pending, code)


def placeholders(text: str) -> set[str] | None:
    try:
        return {name for _text, name, _spec, _conv in Formatter().parse(text) if name is not None}
    except ValueError:  # not a format string
        return None


def check(po: Path = PO, pending: Path = PENDING, code: dict[Key, list[str]] | None = None) -> int:
    code = extract_ids() if code is None else code
    catalog = load(po)
    have = entries(catalog)
    problems = 0
    for k in sorted(code, key=lambda k: (k[1], k[0] or "")):
        if k not in have or not have[k].string:
            print(f"untranslated: {describe(k)}  ({code[k][0]})")
            problems += 1
        elif placeholders(str(have[k].string)) != placeholders(k[1]):
            print(f"placeholders differ: {describe(k)} = {have[k].string!r}")
            problems += 1
    for k in sorted(set(have) - set(code), key=lambda k: (k[1], k[0] or "")):
        print(f"obsolete (not in the code): {describe(k)}")
        problems += 1
    for obsolete in catalog.obsolete.values():
        print(f"obsolete (#~ entry): {describe(key(obsolete))}")
        problems += 1
    for path in pending_files(pending):
        print(f"pending, not folded in: {path.name}")
        problems += 1
    where = po.relative_to(ROOT) if po.is_relative_to(ROOT) else po
    print(f"{where}: {len(code)} messages, {problems} problems")
    if problems:
        print("Run `python scripts/i18n.py update`, then write the missing Chinese into the empty msgstr lines.")
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command not in ("update", "check"):
        sys.exit(__doc__)
    sys.exit(update() if command == "update" else check())
