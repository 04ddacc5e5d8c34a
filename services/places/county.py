"""The county's configured townships and villages (a TOML file named in settings)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Village:
    name: str
    name_en: str


@dataclass(frozen=True)
class Township:
    name: str
    name_en: str
    villages: tuple[Village, ...]


@dataclass(frozen=True)
class County:
    name: str
    name_en: str
    province: str
    area_code: str
    townships: tuple[Township, ...]
    province_en: str = ""
    city: str = ""  # prefecture-level city: work there is "nearby"
    city_en: str = ""
    latitude: float | None = None  # the county seat
    longitude: float | None = None

    def township(self, name: str) -> Township | None:
        return next((t for t in self.townships if t.name == name), None)

    def label(self, name: str, language: str) -> str:
        """A township or village name in the reader's language (names are stored in Chinese)."""
        if language == "zh_CN":
            return name
        for t in self.townships:
            if t.name == name:
                return t.name_en
            for v in t.villages:
                if v.name == name:
                    return v.name_en
        return name

    def display_name(self, language: str) -> str:
        return self.name if language == "zh_CN" else self.name_en


@lru_cache(maxsize=4)
def load_county(path: Path) -> County:
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    townships = tuple(
        Township(
            name=t["name"],
            name_en=t.get("name_en", t["name"]),
            villages=tuple(Village(v[0], v[1] if len(v) > 1 else v[0]) for v in t.get("villages", [])),
        )
        for t in data.get("townships", [])
    )
    return County(
        name=data["name"],
        name_en=data.get("name_en", data["name"]),
        province=data.get("province", ""),
        area_code=str(data.get("area_code", "530627")),
        townships=townships,
        province_en=data.get("province_en", data.get("province", "")),
        city=data.get("city", ""),
        city_en=data.get("city_en", data.get("city", "")),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
    )
