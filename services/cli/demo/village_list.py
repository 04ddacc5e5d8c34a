"""The demo's village lists (issue 12): two villages' lists imported through the real import
(`imports.checking.check_table`, `imports.saving.import_rows`), so the demo has households to join at the
desk and rows left out in the repair queue (a phone missing a digit, a wrong check character, a village the
county does not have). Deterministic per seed; a second run finds the same people (updates, nothing new)
and leaves the same rows out again."""

from __future__ import annotations

import hashlib
import random
from datetime import date

from sqlalchemy.engine import Engine

from services.core.crypto import Vault
from services.core.errors import Message
from services.core.i18n import N_
from services.core.validation import make_resident_id
from services.imports.checking import check_table
from services.imports.households import HEAD
from services.imports.saving import import_rows
from services.imports.types import FIELDS, HeaderMapping, RawTable
from services.places.county import County
from services.places.sources import Source

SURNAMES = "杨吴罗龙石田麻滕彭向"
GIVEN = ("光明", "秀珍", "金花", "永福", "春燕", "国强", "云芬", "家宝", "小芳", "德胜")
RELATIONS = (HEAD, "配偶", "子", "女")
HOUSEHOLDS = 4  # per village, of 2-4 people


def _rows(county: County, rng: random.Random, today: date) -> list[dict[str, str]]:
    rows = []
    for t, township in enumerate(county.townships[:2]):
        village = township.villages[0]
        for h in range(HOUSEHOLDS):
            size = rng.randrange(2, 5)
            for member in range(size):
                birth = date(today.year - rng.randrange(18, 58), 1 + rng.randrange(12), 1 + rng.randrange(28))
                gender = "MF"[(h + member) % 2]
                rows.append({
                    "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                    "id_number": make_resident_id(county.area_code, birth, 700 + 40 * t + 8 * h + member, gender),
                    "phone": f"1377{t}{h}{member}{rng.randrange(10**4):04d}", "township": township.name,
                    "village": village.name, "household_code": f"{village.name[:2]}-{h + 1:03d}",
                    "relation": RELATIONS[member], "household_size": str(size), "education": "初中",
                    "intention": "都可以", "leave_constraint": "能，可以外出工作",
                    "poor_household": "是" if h % 2 else "否"})
    rows[1]["phone"] = rows[1]["phone"][:-1]  # a digit missing
    rows[5]["id_number"] = rows[5]["id_number"][:-1] + ("0" if rows[5]["id_number"][-1] != "0" else "1")
    rows[-1]["village"] = rows[-1]["village"][:-1] + "庄"  # a village the county does not have
    return rows


def import_village_lists(engine: Engine, vault: Vault, county: County, *, seed: int, today: date) -> Message:
    """Import the demo's list; one line saying what it did."""
    rows = _rows(county, random.Random(f"{seed}/village-list"), today)
    content = "\n".join("|".join(r.get(f.name, "") for f in FIELDS) for r in rows).encode()
    table = RawTable(headers=tuple(f.header for f in FIELDS), rows=[tuple(r.get(f.name, "") for f in FIELDS)
                                                                    for r in rows],
                     row_numbers=list(range(2, 2 + len(rows))), file_name="示范村劳动力名单.xlsx",
                     sha256=hashlib.sha256(content).hexdigest(), kind="xlsx")
    mapping = HeaderMapping(columns={i: f.name for i, f in enumerate(FIELDS)})
    report = check_table(engine, vault, table, mapping, county=county, today=today)
    summary = import_rows(engine, vault, report, staff_id=None, source=Source.direct())
    return (N_("village lists: {rows} rows, {new} new, {there} already there, {left_out} left out (in the repair "
               "queue)"), {"rows": summary.rows, "new": summary.new, "there": summary.updated + summary.unchanged,
                          "left_out": summary.left_out})
