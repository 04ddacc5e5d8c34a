"""A copy of the database without the key rebuilds no ID number and shows no phone.

Seekers are registered (again from another phone, at a fair, through the look-up with right and
wrong answers, a full-ID export that is audited), then the SQLite file is opened with plain
sqlite3 — no key, no app code — and every value of every table is read, JSON parsed. From that,
as an attacker would:

- any 18-character ID pattern with a valid check character, any 11-digit mobile, anywhere;
- per seeker, every combination of a 6-digit prefix (any 6-digit run in the row or its check-ins,
  or the county's published area codes), a birth date (any date in the row) and a 4-character
  suffix (any 3 digits + digit/X in the row), kept when its check character is valid;

none may be one of the ID numbers typed. Keyed digests (64 hex) and Fernet tokens are left out of
the substring hunt: without the key they are indistinguishable from random, so a digit run inside
them is chance, not information (the full-number search covers them too). What remains unknown
(models/seeker.py): the 3-digit sequence, about 500 candidates per person, none checkable.
"""

from __future__ import annotations

import io
import itertools
import json
import re
import shutil
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from services.core.db import make_engine
from services.core.validation import id_check_char, make_resident_id
from services.places.sources import Source, create_fair
from services.registration.claims import PendingClaim, prove_claim, register_or_claim
from services.registration.register import register_seeker, validate_registration
from services.registration.tickets import find_ticket
from services.reporting.exports import ExportFilter, export_full_ids, export_registrations
from tests.factories import form

OPAQUE = re.compile(r"[0-9a-f]{64}|gAAAAA[0-9A-Za-z_\-=]+")  # keyed digests, Fernet tokens
CLOCK = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:?\d{2})?")
NOW = datetime(2026, 11, 23, 1, 2, 3, tzinfo=UTC)  # the seekers' times are fixed: their digits are known
ID_PATTERN = re.compile(r"(?=(\d{17}[\dX]))")
MOBILE_PATTERN = re.compile(r"(?=(1\d{10}))")
PEOPLE = [  # (ID number, phone): men and women, an X check character, one phone shared by two
    (make_resident_id("530627", date(1980, 5, 17), 0, "F"), "13912345678"),
    (make_resident_id("530627", date(1975, 1, 3), 7, "M"), "13912345678"),
    (make_resident_id("530627", date(1999, 12, 31), 41, "M"), "18687654321"),
    (make_resident_id("532128", date(1968, 8, 8), 123, "F"), "15011112222"),
]
PEOPLE += [(n, "13600001111") for n in (make_resident_id("530627", date(1990, 2, 2), s, "F") for s in range(60))
           if n.endswith("X")][:1]


@pytest.fixture
def sqlite_file(tmp_path: Path, sqlite_template: Path) -> Path:
    path = tmp_path / "copy.db"
    shutil.copy(sqlite_template, path)
    return path


def _fill(path: Path, vault, county) -> None:
    engine = make_engine(f"sqlite:///{path}")
    fair = create_fair(engine, name="春风行动招聘会", code="SPRING26", township="城关镇")
    at_fair = Source(kind="fair", fair_id=fair.id, name=fair.name, township=fair.township, code=fair.code)
    for i, (number, phone) in enumerate(PEOPLE):
        draft = validate_registration(form(id_number=number, phone=phone, name=f"王{'一二三四五六'[i]}"),
                                      county=county)
        register_seeker(engine, vault, draft, source=at_fair if i % 2 else Source.direct(), submission_id=f"s{i}",
                        now=NOW)
    again = validate_registration(form(id_number=PEOPLE[2][0], phone="13355556666", name="王三"), county=county)
    claim = register_or_claim(engine, vault, again, source=at_fair, submission_id="again", client_ip="10.1.2.3",
                              now=NOW + timedelta(seconds=30))  # another mobile: a claim, recorded
    assert isinstance(claim, PendingClaim)
    prove_claim(engine, vault, again, claim_id=claim.claim_id, previous_mobile=PEOPLE[2][1], source=at_fair,
                submission_id="again")  # proven: the phone changes to the new one
    later = NOW + timedelta(minutes=1)
    for number, phone in PEOPLE:
        if phone != PEOPLE[2][1]:
            assert find_ticket(engine, vault, phone=phone, id_last4=number[-4:], address="10.1.2.3", now=later).ticket
    for guess in ("0000", "1234", "999X"):
        find_ticket(engine, vault, phone=PEOPLE[0][1], id_last4=guess, address="10.1.2.3", now=later)
    flt = ExportFilter()
    export_registrations(engine, io.BytesIO(), vault=vault, flt=flt, fmt="csv", language="zh_CN", county=county)
    export_full_ids(engine, vault, io.BytesIO(), actor="org1", flt=flt, fmt="csv", language="zh_CN", county=county)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def _strings(value: object) -> list[str]:
    """A column value as the texts an attacker reads: JSON is parsed, every leaf taken."""
    if value is None:
        return []
    if isinstance(value, bytes):
        return [value.decode("latin-1")]
    text = str(value)
    try:
        parsed = json.loads(text)
    except ValueError:
        return [text]
    leaves: list[str] = [text]
    stack = [parsed]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack += list(item.keys()) + list(item.values())
        elif isinstance(item, list):
            stack += item
        else:
            leaves.append(str(item))
    return leaves


def _read_everything(path: Path) -> dict[str, list[dict[str, list[str]]]]:
    """Every table's rows, each column as its texts — with sqlite3 only, no key."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = {}
        for table in tables:
            cur = conn.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cur.description]
            out[table] = [{n: _strings(v) for n, v in zip(names, row, strict=True)} for row in cur]
        return out
    finally:
        conn.close()


def _candidates(texts: list[str], area_codes: set[str], *, clocks: bool = True) -> set[str]:
    """Every ID number an attacker could assemble from these texts, with a valid check character
    (`clocks=False`: the digits of times of day are left out, as chance)."""
    clear = [OPAQUE.sub(" ", t) for t in texts]
    if not clocks:
        clear = [CLOCK.sub(" ", t) for t in clear]
    prefixes = set(area_codes)
    dates: set[str] = set()
    suffixes: set[str] = set()
    for t in clear:
        prefixes |= {m.group(1) for m in re.finditer(r"(?=(\d{6}))", t)}
        suffixes |= {m.group(1) for m in re.finditer(r"(?=(\d{3}[\dXx]))", t)}
        for m in re.finditer(r"(\d{4})-?(\d{2})-?(\d{2})", t):
            dates.add("".join(m.groups()))
    found = set()
    for prefix, birth, suffix in itertools.product(prefixes, dates, suffixes):
        number = prefix + birth + suffix.upper()
        if id_check_char(number[:17]) == number[17]:
            found.add(number)
    return found


def test_no_id_number_can_be_rebuilt_from_the_file_without_the_key(sqlite_file, vault, county) -> None:
    _fill(sqlite_file, vault, county)
    tables = _read_everything(sqlite_file)
    ids = {number for number, _phone in PEOPLE}
    phones = {phone for _n, phone in PEOPLE} | {"13355556666"}
    assert len(tables["seeker"]) == len(PEOPLE) and tables["checkin"] and tables["ticket_lookup_limit"]
    assert tables["audit_event"]  # the full-ID export was audited: its detail is read too

    everything = [t for rows in tables.values() for row in rows for texts in row.values() for t in texts]
    blob = "\n".join(everything)
    # 1. nothing in clear: no whole number, and no 18-character pattern or mobile that is one
    assert not any(n in blob for n in ids) and not any(p in blob for p in phones)
    assert not {m.group(1) for m in ID_PATTERN.finditer(blob)} & ids
    assert not {m.group(1) for m in MOBILE_PATTERN.finditer(blob)} & phones
    # no clear column holds the last 4 of anyone's ID (the look-up's secret); the digits of the
    # times of day (the fair's and audit's creation: the running clock's) are chance
    clear_blob = "\n".join(CLOCK.sub(" ", OPAQUE.sub(" ", t)) for t in everything)
    assert not any(n[-4:] in clear_blob for n in ids)

    # 2. per seeker: its row and every row that refers to it, put together (times included: fixed)
    area_codes = {county.area_code, "530627", "532128"}  # published: anyone knows a county's codes
    for seeker in tables["seeker"]:
        seeker_id = seeker["id"][0]
        related = [t for texts in seeker.values() for t in texts]
        for table, rows in tables.items():
            for row in rows:
                if table != "seeker" and row.get("seeker_id", [None])[0] == seeker_id:
                    related += [t for texts in row.values() for t in texts]
        rebuilt = _candidates(related, area_codes) & ids
        assert not rebuilt, (seeker_id, rebuilt)

    # 3. the whole file at once (every prefix, date and suffix of every table together)
    assert not _candidates(everything, area_codes, clocks=False) & ids

    # what is left to guess: the sequence, ~500 numbers per area code for one birth date and gender
    birth, gender = date(1980, 5, 17), "F"
    consistent = {make_resident_id("530627", birth, s, gender) for s in range(500)}
    assert PEOPLE[0][0] in consistent and len(consistent) == 500


def test_the_file_bytes_hold_no_number_either(sqlite_file, vault, county) -> None:
    """Below the tables: the raw file (free pages, old row versions) has no ID number or phone."""
    _fill(sqlite_file, vault, county)
    raw = sqlite_file.read_bytes()
    for number, phone in PEOPLE:
        assert number.encode() not in raw and phone.encode() not in raw
