"""Checking and importing a village list of 20,000 rows on a fresh SQLite database (issue 12).

    python3 bench/imports.py [--rows 20000] [--problems 0.05] [--repairs 0.05] [--seed 12] [--keep FILE]
    python3 bench/imports.py --generate-only --keep list.xlsx    # only write the workbook (no services needed)

Generates a realistic workbook (the template's Chinese headers; households of 1-5 people with one 户主;
Chinese choice words; `--problems` of the rows with a problem that blocks them: a phone missing a digit, a
wrong check character, a blank name, an unknown village, an age contradicting the ID number; `--repairs`
with what is repaired without doubt: stray and full-width spaces, full-width digits, dashes in a phone),
then times, on a freshly migrated SQLite file:

* reading: services.imports.reading.read_table, then headers.match_headers;
* checking: services.imports.checking.check_table (rows per second);
* saving: services.imports.saving.import_rows of every valid row, one transaction (rows per second);
* again with the same file (everyone already registered: checked and saved as updates / unchanged);

the **end-to-end** time (read + match + check + save of the first import; goal <= 10 s) and the peak
memory (the process's peak RSS from resource.getrusage, before and after each step). The **baseline**,
in the same run: reading the same workbook with openpyxl alone (read-only mode, every cell's value).
Exit status 1 when the end-to-end time misses the goal.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.cli.demo import MOBILE_PREFIXES
from services.core.i18n import translator
from services.core.reference import EDUCATION_LEVELS, INTENTIONS, TRADES
from services.core.settings import ROOT
from services.core.validation import make_resident_id
from services.imports.types import FIELDS
from services.places.county import County, load_county

GOAL_SECONDS = 10.0
SECRET = "bench-secret-key-that-is-long-enough-0123456789"
AREA_CODE = "530627"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
TODAY = date(2026, 3, 1)


def peak_mb() -> float:
    """The process's peak resident memory so far, MB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(figures: list[tuple[str, float, float]], label: str, fn: Callable[..., Any], *args: Any,
          **kwargs: Any) -> Any:
    before = peak_mb()
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    seconds = time.perf_counter() - started
    figures.append((label, seconds, peak_mb()))
    print(f"  {label:<34} {seconds:7.2f} s   peak RSS {before:6.0f} -> {peak_mb():6.0f} MB", flush=True)
    return result


def people(county: County, rows: int, rng: random.Random) -> list[dict[str, str]]:
    """`rows` distinct, valid people in households of 1-5 (the first of each is the head)."""
    zh = translator("zh_CN")
    education = [zh(label) for label in EDUCATION_LEVELS.values()]
    trades = [zh(label) for label in TRADES.values()]
    intentions = [zh(label) for label in INTENTIONS.values()]
    out: list[dict[str, str]] = []
    numbers: set[str] = set()
    household = 0
    while len(out) < rows:
        household += 1
        township = rng.choice(county.townships)
        village = rng.choice(township.villages)
        size = min(rng.choice((1, 2, 2, 3, 3, 4, 5)), rows - len(out))
        poor = rng.choice(("是", "否", "否", "否"))
        for member in range(size):
            number = ""
            while not number or number in numbers:  # distinct: no duplicate the bench did not plan
                birth = date(1962 + rng.randrange(44), 1 + rng.randrange(12), 1 + rng.randrange(28))
                gender = "MF"[rng.randrange(2)]
                number = make_resident_id(AREA_CODE, birth, rng.randrange(500), gender)
            numbers.add(number)
            age = TODAY.year - birth.year - ((TODAY.month, TODAY.day) < (birth.month, birth.day))
            out.append({
                "name": rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(("秀兰", "建国", "春梅", "志强", "小红", "文")),
                "id_number": number, "phone": f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}",
                "township": township.name, "village": village.name, "household_code": f"H{household:06d}",
                "relation": "户主" if member == 0 else rng.choice(("配偶", "子", "女", "父亲", "母亲")),
                "household_size": str(size), "education": rng.choice(education),
                "trades": "、".join(rng.sample(trades, rng.randrange(3))), "intention": rng.choice(intentions),
                "expected_wage": rng.choice(("", "4000", "4500", "5000", "6000")),
                "leave_constraint": rng.choice(("能", "能", "不能")), "poor_household": poor,
                "age": str(age), "gender": "男" if gender == "M" else "女",
                # the head's line carries the household's annual wage income (issue 13's column)
                "household_income": rng.choice(("", "24000", "36000元")) if member == 0 else "",
                "willing_to_train": rng.choice(("", "愿意", "不愿意")),  # issue 16's column
            })
    return out


def spoil(row: dict[str, str], rng: random.Random) -> None:
    """One problem that blocks the row (the cadre must fix it or leave the row out)."""
    kind = rng.randrange(5)
    if kind == 0:
        row["phone"] = row["phone"][:-1]  # a digit missing
    elif kind == 1:
        check = row["id_number"][-1]
        row["id_number"] = row["id_number"][:-1] + ("0" if check != "0" else "1")  # wrong check character
    elif kind == 2:
        row["name"] = ""
    elif kind == 3:
        row["village"] = row["village"][:-1] + "庄"  # a village the county does not have
    else:
        row["age"] = str(int(row["age"]) + 7)  # contradicts the ID number


def roughen(row: dict[str, str], rng: random.Random) -> None:
    """What the checking repairs without doubt (as the registration form does)."""
    kind = rng.randrange(4)
    if kind == 0:
        row["name"] = " " + row["name"][0] + "\u3000" + row["name"][1:] + " "
    elif kind == 1:
        row["phone"] = row["phone"].translate(FULL_WIDTH)
    elif kind == 2:
        p = row["phone"]
        row["phone"] = f"{p[:3]}-{p[3:7]}-{p[7:]}"
    else:
        row["id_number"] = " " + row["id_number"][:6] + " " + row["id_number"][6:]


def workbook(county: County, rows: int, problems: float, repairs: float, seed: int) -> tuple[bytes, int, int]:
    """The .xlsx bytes (XlsxWriter, ID numbers and phones as text), and how many rows were spoiled / roughened."""
    import xlsxwriter

    rng = random.Random(seed)
    data = people(county, rows, rng)
    spoiled = set(rng.sample(range(rows), int(rows * problems)))
    rough = set(rng.sample(sorted(set(range(rows)) - spoiled), int(rows * repairs)))
    for i in spoiled:
        spoil(data[i], rng)
    for i in rough:
        roughen(data[i], rng)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})  # shared strings, as Excel and WPS write them
    sheet = book.add_worksheet("名单")
    sheet.write_row(0, 0, [f.header for f in FIELDS])
    for r, row in enumerate(data, start=1):
        for c, f in enumerate(FIELDS):
            sheet.write_string(r, c, row.get(f.name, ""))  # a column added later: blank
    book.close()
    return out.getvalue(), len(spoiled), len(rough)


def openpyxl_baseline(data: bytes) -> int:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    cells = 0
    for row in book.worksheets[0].iter_rows(values_only=True):
        cells += sum(1 for v in row if v is not None)
    book.close()
    return cells


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--problems", type=float, default=0.05)
    parser.add_argument("--repairs", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--keep", type=Path, help="also write the generated workbook here")
    parser.add_argument("--generate-only", action="store_true", help="write the workbook (--keep) and stop")
    args = parser.parse_args()

    county = load_county(ROOT / "config" / "county.toml")
    started = time.perf_counter()
    data, spoiled, rough = workbook(county, args.rows, args.problems, args.repairs, args.seed)
    print(f"workbook: {args.rows:,} rows x {len(FIELDS)} columns, {len(data) / 1e6:.1f} MB, {spoiled:,} with a "
          f"problem, {rough:,} to repair (generated in {time.perf_counter() - started:.1f} s)")
    if args.keep:
        args.keep.write_bytes(data)
        print(f"written to {args.keep}")
    if args.generate_only:
        return 0

    # the services of issue 12 (imported here: --generate-only runs without them)
    from services.core.crypto import Vault
    from services.core.db import make_engine, migrate
    from services.imports import checking, headers, reading, saving
    from services.places.sources import Source

    figures: list[tuple[str, float, float]] = []
    print("baseline")
    cells = timed(figures, "openpyxl alone (read-only)", openpyxl_baseline, data)
    print(f"  ({cells:,} cells)")
    vault = Vault.from_secret(SECRET)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate(engine)
        valids: list[int] = []
        for run in ("first import (new people)", "same file again (everyone registered)"):
            print(run)
            table = timed(figures, "read_table", reading.read_table, data, "village-list.xlsx")
            mapping = timed(figures, "match_headers", headers.match_headers, table.headers)
            report = timed(figures, "check_table", checking.check_table, engine, vault, table, mapping,
                           county=county, today=TODAY)
            valids.append(len(report.valid_rows))
            summary = timed(figures, "import_rows", saving.import_rows, engine, vault, report, staff_id=None,
                            source=Source.direct())
            print(f"  rows {len(report.rows):,}, valid {valids[-1]:,}, problems {len(report.problems):,}, repairs "
                  f"{len(report.repairs):,}; new {summary.new:,}, updated {summary.updated:,}, unchanged "
                  f"{summary.unchanged:,}, left out {summary.left_out:,}, needing review {summary.needing_review:,}")
        engine.dispose()

    first = figures[1:5]  # read, match, check, save of the first import
    second = figures[5:9]
    end_to_end = sum(seconds for _label, seconds, _peak in first)
    print("\nresults")
    print(f"  baseline openpyxl read           {figures[0][1]:7.2f} s")
    print(f"  read_table                       {first[0][1]:7.2f} s  ({first[0][1] / figures[0][1]:.1f}x the baseline)")
    print(f"  checking                         {args.rows / first[2][1]:9,.0f} rows/s (again: "
          f"{args.rows / second[2][1]:,.0f} rows/s)")
    print(f"  saving                           {valids[0] / first[3][1]:9,.0f} rows/s (again: "
          f"{valids[1] / second[3][1]:,.0f} rows/s)")
    print(f"  end to end (read+match+check+save) {end_to_end:5.2f} s   goal <= {GOAL_SECONDS:.0f} s: "
          f"{'met' if end_to_end <= GOAL_SECONDS else 'MISSED'}")
    print(f"  peak memory (RSS)                {peak_mb():7.0f} MB")
    return 0 if end_to_end <= GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
