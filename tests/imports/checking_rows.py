"""Rows of a village list for the dry run's tests: a valid row per number, changed where a test says."""

from __future__ import annotations

from datetime import date, timedelta

from services.core.validation import id_check_char, make_resident_id
from services.imports.types import FIELDS, HeaderMapping, RawTable

TODAY = date(2026, 11, 23)
HEADERS = tuple(f.header for f in FIELDS)
MAPPING = HeaderMapping(columns={i: f.name for i, f in enumerate(FIELDS)})
SURNAMES = "赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施孔曹严华金魏陶姜"
GIVEN = ("秀英", "建国", "春梅", "志强", "桂花", "德华", "玉兰", "国平", "海燕", "文军")


def birth(n: int) -> date:
    """A birth date per row number: no two rows share one unless a test says so."""
    return date(1970, 1, 1) + timedelta(days=37 * n)


def id_of(n: int, *, born: date | None = None, gender: str | None = None) -> str:
    return make_resident_id("530627", born or birth(n), n % 500, gender or "MF"[n % 2])


def bad_birth_id(n: int) -> str:
    """An ID number whose birth date is the 13th month (check character right)."""
    first17 = f"530627198513{(n % 28) + 1:02d}{(n % 500) * 2 + 1:03d}"
    return first17 + id_check_char(first17)


def wrong_check(number: str) -> str:
    return number[:17] + ("1" if number[17] != "1" else "2")


def phone_of(n: int) -> str:
    return f"139{n:08d}"


def name_of(n: int) -> str:
    return SURNAMES[n % len(SURNAMES)] + GIVEN[(n // len(SURNAMES)) % len(GIVEN)]


def cells(n: int, **changes: str) -> dict[str, str]:
    """Row `n` as a cadre would type it, valid; `changes` by field name."""
    values = {
        "name": name_of(n), "id_number": id_of(n), "phone": phone_of(n), "township": "大河乡", "village": "岩脚村",
        "household_code": "", "relation": "", "household_size": "", "education": "初中", "trades": "电焊、家政",
        "intention": "外出务工", "expected_wage": "4500", "leave_constraint": "能", "poor_household": "否",
        "age": "", "gender": "", "household_income": "", "willing_to_train": "",
    }
    values.update(changes)
    return values


def table(rows: list[dict[str, str]], *, first_row: int = 2) -> RawTable:
    return RawTable(headers=HEADERS, rows=[tuple(r.get(f.name, "") for f in FIELDS) for r in rows],
                    row_numbers=list(range(first_row, first_row + len(rows))), file_name="村名单.xlsx",
                    sha256="0" * 64, kind="xlsx")
