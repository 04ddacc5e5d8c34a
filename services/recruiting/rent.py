"""Estimated monthly rent where the employer provides no housing, per city (config/rent.toml,
`settings.rent_file`): a default for cities not listed, and a figure for nearby (local) jobs,
where the worker lives at home (0 unless configured otherwise).

Pay left (`rules.pay_left` / `pay_left_sql`) deducts it; the cards say so.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from models.vacancy import Scope
from services.core.settings import get_settings


@dataclass(frozen=True)
class RentTable:
    default: int = 500
    local: int = 0
    cities: dict[str, int] = field(default_factory=dict)

    def rent(self, *, city: str, scope: str) -> int:
        """The estimated rent a month of a room near a job in `city` (nearby jobs: `local`)."""
        if scope == Scope.LOCAL:
            return self.local
        return self.cities.get(city, self.default)


def _whole(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
        raise ValueError(f"rent file: {where} must be whole yuan from 0 to 100,000, not {value!r}")
    return value


@lru_cache(maxsize=4)
def load_rents(path: Path) -> RentTable:
    """The rent table in a TOML file (a missing file: the built-in default, no city figures)."""
    path = Path(path)
    if not path.exists():
        return RentTable()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    cities: dict[str, int] = {}
    for city, rent in data.get("cities", {}).items():
        name = str(city).strip()
        # a city is also typed without its "市" (vacancy_validation accepts both)
        cities[name] = cities[name.removesuffix("市")] = _whole(rent, name)
    return RentTable(default=_whole(data.get("default", 500), "default"), local=_whole(data.get("local", 0), "local"),
                     cities=cities)


def rents() -> RentTable:
    """The configured rent table (read once per file)."""
    return load_rents(get_settings().rent_file)
