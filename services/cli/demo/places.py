"""Demo sites and fairs: a relocation site and village points per township, the county's campaigns."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import col

from models import Fair, FairStatus, Site, SiteKind
from services.core.db import unit_of_work
from services.places.county import County
from services.places.sources import create_fair, create_site

# --- places -------------------------------------------------------------------------------------

COMMUNITIES = ("幸福", "和谐", "安康", "阳光", "同心", "乐居", "新民", "兴隆", "康宁", "团结", "锦绣", "振兴",
               "福源", "祥和", "富民", "安居")
SEND_POSTS = "送岗位下乡"  # fairs taken to a township, held at its relocation site
# The county's yearly campaigns: (campaign, month, day, days), held at the county seat.
YEARLY_CAMPAIGNS = (("春风行动", 2, 20, 2), ("民营企业招聘周", 5, 16, 3), ("金秋招聘月", 9, 19, 1),
                    ("就业援助月", 1, 10, 1))
FAIR_NAMES = {"春风行动": "春风行动大型招聘会", "民营企业招聘周": "民营企业招聘周",
              "金秋招聘月": "金秋招聘月现场招聘会", "就业援助月": "就业援助月专场招聘会"}
CAMPAIGN_CODES = {"春风行动": "CFXD", "民营企业招聘周": "MQZP", SEND_POSTS: "SGXX", "金秋招聘月": "JQZP",
                  "就业援助月": "JYYZ"}


# --- sites and fairs ----------------------------------------------------------------------------


def _slug(name_en: str) -> str:
    word = name_en.split()[0] if name_en.split() else "X"
    return re.sub(r"[^A-Z0-9]", "", word.upper())[:10] or "X"


def _get_or_create_site(engine: Engine, *, code: str, name: str, kind: str, township: str) -> Site:
    with unit_of_work(engine, write=False) as session:
        found = session.execute(select(Site).where(col(Site.code) == code)).scalar_one_or_none()
    return found or create_site(engine, name=name, code=code, kind=kind, township=township)


def _get_or_create_fair(engine: Engine, *, code: str, **fields: Any) -> Fair:
    with unit_of_work(engine, write=False) as session:
        found = session.execute(select(Fair).where(col(Fair.code) == code)).scalar_one_or_none()
    return found or create_fair(engine, code=code, **fields)


def ensure_sites(engine: Engine, county: County) -> list[Site]:
    """One relocation site per township ("城关镇幸福社区安置点") and a couple of village points."""
    sites = []
    for i, township in enumerate(county.townships):
        community = COMMUNITIES[i % len(COMMUNITIES)]
        sites.append(_get_or_create_site(
            engine, code=f"AZ-{_slug(township.name_en)}"[:16], name=f"{township.name}{community}社区安置点",
            kind=SiteKind.RELOCATION, township=township.name))
    for township in county.townships[1:3]:
        if township.villages:
            village = township.villages[0]
            sites.append(_get_or_create_site(
                engine, code=f"CD-{_slug(village.name_en)}"[:16], name=f"{village.name}便民服务站",
                kind=SiteKind.VILLAGE_POINT, township=township.name))
    return sites


def _last_before(today: date, month: int, day: int) -> date:
    """The latest such day at least a week before today (so within the past year)."""
    candidate = date(today.year, month, day)
    return candidate if candidate <= today - timedelta(days=7) else date(today.year - 1, month, day)


def fair_plan(county: County, count: int, today: date) -> list[dict[str, Any]]:
    """`count` fairs (at most MAX_FAIRS): first a "送岗位下乡" fair open today at a township's
    relocation site; then the yearly county campaigns (春风行动, 民营企业招聘周, ...) on their last
    date in the past year; then township fairs spread over the past year; with three or more
    fairs the last is planned three weeks ahead."""
    townships = list(county.townships)
    seat = townships[0].name if townships else ""

    def at_township(k: int) -> tuple[str, str]:
        if not townships:
            return "", county.name
        i = k % len(townships)
        return townships[i].name, f"{townships[i].name}{COMMUNITIES[i % len(COMMUNITIES)]}社区安置点广场"

    plans: list[dict[str, Any]] = []
    past_sent = 0
    for i in range(count):
        if i == 0 or (i == count - 1 and count >= 3):
            planned = i > 0
            start, days = (today + timedelta(days=21) if planned else today), 1
            status = FairStatus.PLANNED if planned else FairStatus.OPEN
            campaign, (township, venue) = SEND_POSTS, at_township(i + 1)
        elif i <= len(YEARLY_CAMPAIGNS):
            campaign, month, day, days = YEARLY_CAMPAIGNS[i - 1]
            start, status, township = _last_before(today, month, day), FairStatus.CLOSED, seat
            venue = f"{county.name}人力资源市场" if i % 2 else f"{county.name}体育馆"
        else:
            past_sent += 1
            start, days, status = today - timedelta(days=14 + 19 * past_sent), 1, FairStatus.CLOSED
            campaign, (township, venue) = SEND_POSTS, at_township(i + 1)
        if campaign == SEND_POSTS:
            name = f"{start.year}年{SEND_POSTS}·{township}专场招聘会"
        else:
            name = f"{start.year}年{county.name}{FAIR_NAMES[campaign]}"
        plans.append(dict(
            code=f"{CAMPAIGN_CODES[campaign]}{start:%y%m%d}", name=name, venue=venue, township=township,
            campaign=campaign, starts_on=start, ends_on=start + timedelta(days=days - 1), status=status))
    return plans


def ensure_fairs(engine: Engine, county: County, count: int, today: date) -> list[Fair]:
    return [_get_or_create_fair(engine, **plan) for plan in fair_plan(county, count, today)]
