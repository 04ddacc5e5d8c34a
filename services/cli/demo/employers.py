"""Demo recruiting: employers, vacancies (here), applications with their stage history, hires and
booth scans (applications.py).

Called by `services.cli.demo.generate_demo`; everything is written in bulk (Core `INSERT`
executemany, ids back through `RETURNING`), inside the same per-batch transactions as the
seekers, so a large demo stays fast.

* **Employers**: about 150 approved ones, most from the coastal provinces that recruit in the
  south-west (Guangdong, Zhejiang, Fujian, Jiangsu, Shanghai), some from the province's own
  cities, and the county's own poverty-alleviation workshops and township governments
  (public-welfare jobs); plus a few pending sign-ups. Credit codes are valid
  (`make_credit_code`, the city's area code and a fixed demo serial), so a re-run finds the
  same employers again (`ON CONFLICT DO NOTHING`, then looked up by code).
* **Vacancies** (`vacancies` new ones per run): trades, titles, wages (3,500-8,000 a month),
  housing and meals, contracts and hours that fit the employer; the work place is the
  employer's city, so most are out of province and the workshops and public-welfare jobs are
  local. About half are offered at the fair held today, some at the planned and past fairs.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection, Engine

from models import (
    Employer,
    EmployerStatus,
    Fair,
    FairStatus,
    Vacancy,
    VacancyFair,
)
from services.core.db import is_sqlite, unit_of_work
from services.core.validation import make_credit_code
from services.places.county import County
from services.places.geography import CITIES, estimate_distance_km, scope_of

DEMO_SERIAL = 700_000_000  # credit-code serials of demo employers start here
APPROVED, PENDING = 150, 5

# (city, area code, weight) by where employers come from
EMPLOYER_CITIES: tuple[tuple[str, str, int], ...] = (
    ("东莞市", "441900", 16), ("深圳市", "440300", 10), ("广州市", "440100", 7), ("佛山市", "440600", 7),
    ("中山市", "442000", 5), ("惠州市", "441300", 5), ("宁波市", "330200", 7), ("义乌市", "330782", 5),
    ("永康市", "330784", 5), ("杭州市", "330100", 4), ("温州市", "330300", 4), ("金华市", "330700", 3),
    ("泉州市", "350500", 6), ("厦门市", "350200", 4), ("福州市", "350100", 3), ("苏州市", "320500", 6),
    ("无锡市", "320200", 3), ("常州市", "320400", 3), ("上海市", "310100", 3), ("昆明市", "530100", 5),
    ("曲靖市", "530300", 2),
)
COASTAL_INDUSTRIES = {"electronics": 30, "garments_shoes": 18, "furniture": 10, "manufacturing": 18,
                      "logistics": 8, "catering_hotels": 6, "domestic_services": 4, "security_property": 4,
                      "construction": 6}
PROVINCE_INDUSTRIES = {"catering_hotels": 4, "logistics": 3, "construction": 4, "agriculture": 3,
                       "security_property": 2, "domestic_services": 2}
BRANDS = ("华丰", "宏达", "鑫源", "永盛", "联创", "恒通", "佳美", "新锐", "裕华", "金鹏", "瑞丰", "正泰",
          "长盈", "德信", "博远", "汇成", "兴业", "明阳", "天润", "海川", "嘉禾", "锦程", "众诚", "泰和",
          "万利", "东升", "旭日", "同力", "美达", "宝丰")
INDUSTRY_WORDS = {
    "electronics": ("电子科技", "精密电子", "光电科技", "智能科技"),
    "garments_shoes": ("服饰", "鞋业", "制衣", "针织"),
    "furniture": ("家具", "家居制品"),
    "manufacturing": ("五金制品", "塑胶制品", "机械制造", "汽车配件"),
    "logistics": ("物流", "供应链管理", "快递服务"),
    "catering_hotels": ("餐饮管理", "酒店管理"),
    "domestic_services": ("家政服务", "养老服务"),
    "security_property": ("物业管理", "保安服务"),
    "construction": ("建筑工程", "建设工程"),
    "agriculture": ("农业开发", "生态农业"),
}
INDUSTRY_TRADES = {
    "electronics": {"electronics_assembly": 8, "logistics": 1},
    "garments_shoes": {"garment_sewing": 5, "shoe_making": 4},
    "furniture": {"furniture_fitting": 6, "welding": 1},
    "manufacturing": {"welding": 3, "electronics_assembly": 2, "ag_machinery_repair": 1, "logistics": 1},
    "logistics": {"logistics": 6, "security_guard": 1},
    "catering_hotels": {"catering": 5, "cleaning": 2},
    "domestic_services": {"housekeeping": 4, "nursing_care": 3, "baby_care": 2},
    "security_property": {"security_guard": 4, "cleaning": 3},
    "construction": {"construction": 6, "welding": 2},
    "agriculture": {"cash_crop_planting": 2, "walnut_planting": 2, "pepper_planting": 2, "cattle_breeding": 1,
                    "pig_breeding": 1, "tea_art": 1},
    "workshop": {"garment_sewing": 4, "shoe_making": 3, "electronics_assembly": 3},
    "public_welfare": {"cleaning": 3, "security_guard": 1, "walnut_planting": 1},
}
TITLES = {
    "electronics_assembly": ("电子厂普工", "SMT操作工", "手机组装工", "电子质检员"),
    "garment_sewing": ("缝纫工", "服装车位工", "制衣熟手"), "shoe_making": ("制鞋工", "鞋厂普工", "成型工"),
    "furniture_fitting": ("家具组装工", "木工", "家具打磨工"), "welding": ("电焊工", "氩弧焊工"),
    "ag_machinery_repair": ("机修工",), "logistics": ("分拣员", "快递员", "仓库管理员", "装卸工"),
    "catering": ("厨房帮工", "服务员", "面点师"), "cleaning": ("保洁员", "物业保洁员", "酒店客房保洁"),
    "housekeeping": ("家政服务员", "住家保姆"), "nursing_care": ("养老护理员", "护工"), "baby_care": ("育婴员", "月嫂"),
    "security_guard": ("保安员", "小区巡逻员", "门岗保安"), "construction": ("建筑工", "钢筋工", "砌筑工"),
    "cash_crop_planting": ("种植工",), "walnut_planting": ("核桃管护员",), "pepper_planting": ("花椒采摘工",),
    "cattle_breeding": ("养殖工",), "pig_breeding": ("养猪场饲养员",), "tea_art": ("茶叶加工工",),
}
WORKSHOP_PRODUCTS = ("服装加工", "鞋帽加工", "电子配件", "假发加工", "竹编")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
AREA_PHONE = {"广东省": "0769", "浙江省": "0574", "福建省": "0595", "江苏省": "0512", "上海市": "021",
              "云南省": "0870"}

@dataclass
class Job:
    id: int
    employer_id: int
    trade: str
    scope: str
    province: str
    city: str
    wage_min: int
    wage_max: int
    headcount: int
    age_min: int
    age_max: int
    min_education: str
    contract_months: int
    created_at: datetime
    fairs: tuple[int, ...]
    hired: int = 0


@dataclass
class RecruitReport:
    employers: int = 0
    pending: int = 0
    vacancies: int = 0
    applications: int = 0
    stage_changes: int = 0
    hires: int = 0
    scans: int = 0


# --- employers and vacancies --------------------------------------------------------------------


def pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def employer_plan(county: County, *, approved: int = APPROVED, pending: int = PENDING,
                  seed: int = 1) -> list[dict[str, Any]]:
    """Employer rows (deterministic for a seed): coastal and provincial companies, the county's
    workshops and township governments (public-welfare jobs), then `pending` sign-ups."""
    rng = random.Random(f"{seed}/employers")
    local_city = county.city or county.name
    local_area = county.area_code
    townships = [t.name for t in county.townships] or [county.name]
    rows: list[dict[str, Any]] = []
    names: set[str] = set()
    n_local = max(1, approved // 8) if approved >= 4 else 0
    n_welfare = min(len(townships), max(1, approved // 25)) if approved >= 10 else 0
    for i in range(approved + pending):
        status = EmployerStatus.APPROVED if i < approved else EmployerStatus.PENDING
        if i < n_welfare:
            township = townships[i % len(townships)]
            name, city, area, industry = f"{county.name}{township}人民政府", local_city, local_area, "public_welfare"
        elif i < n_welfare + n_local:
            township = townships[i % len(townships)]
            product = WORKSHOP_PRODUCTS[(i // len(townships) + i) % len(WORKSHOP_PRODUCTS)]
            name = f"{county.name}{township}{product}扶贫车间"
            city, area, industry = local_city, local_area, "workshop"
        else:
            city, area, _w = rng.choices(EMPLOYER_CITIES, weights=[w for *_x, w in EMPLOYER_CITIES])[0]
            industry = pick(rng, PROVINCE_INDUSTRIES if CITIES[city][0] == county.province else COASTAL_INDUSTRIES)
            name = f"{city.removesuffix('市')}市{rng.choice(BRANDS)}{rng.choice(INDUSTRY_WORDS[industry])}有限公司"
        while name in names:  # names stay distinct: a branch number
            name = f"{name.removesuffix('有限公司')}{len(names) % 9 + 1}号厂有限公司" if name.endswith("有限公司") \
                else f"{name}（{len(names) % 9 + 2}）"
        names.add(name)
        province = CITIES[city][0] if city in CITIES else county.province
        phone = f"{AREA_PHONE.get(province, '0871')}-{rng.randrange(2_000_000, 8_999_999)}"
        rows.append(dict(
            name=name, credit_code=make_credit_code(area, DEMO_SERIAL + i), province=province, city=city,
            industry=industry, contact_name=rng.choice(SURNAMES) + rng.choice(("经理", "主管", "女士", "先生")),
            contact_phone=phone, status=status, reviewed_by="demo" if status == EmployerStatus.APPROVED else ""))
    return rows


def ensure_employers(engine: Engine, county: County, *, approved: int, pending: int, seed: int,
                     now: datetime) -> list[dict[str, Any]]:
    """Insert the planned employers that are not there yet; returns the approved ones with their ids."""
    plan = employer_plan(county, approved=approved, pending=pending, seed=seed)
    if not plan:
        return []
    table = Employer.__table__
    with unit_of_work(engine) as session:
        conn = session.connection()
        rows = [{**r, "reviewed_at": now if r["status"] == EmployerStatus.APPROVED else None,
                 "created_at": now - timedelta(days=150), "updated_at": now} for r in plan]
        conn.execute(bulk_insert(engine)(table).on_conflict_do_nothing(), rows)
        ids: dict[str, int] = {code: employer_id for code, employer_id in conn.execute(
            select(table.c.credit_code, table.c.id).where(table.c.credit_code.in_([r["credit_code"] for r in plan])))}
    return [{**r, "id": ids[r["credit_code"]]} for r in plan if r["status"] == EmployerStatus.APPROVED]


def bulk_insert(engine: Engine) -> Callable[[Table], PgInsert | SqliteInsert]:
    """The backend's INSERT (for ON CONFLICT DO NOTHING)."""
    return sqlite_insert if is_sqlite(engine) else pg_insert


def round_to(x: float, step: int = 100) -> int:
    return int(round(x / step) * step)


def vacancy_row(rng: random.Random, county: County, employer: dict[str, Any], *, today: date, now: datetime,
                fairs: list[Fair]) -> tuple[dict[str, Any], tuple[int, ...]]:
    """One vacancy of the employer (without id) and the fairs offering it."""
    industry, city, province = employer["industry"], employer["city"], employer["province"]
    trade = pick(rng, INDUSTRY_TRADES[industry])
    title = rng.choice(TITLES[trade])
    if industry == "public_welfare":
        title = rng.choice(("护林员", "村庄保洁员", "道路养护员")) if trade != "walnut_planting" else "核桃管护员"
    scope = str(scope_of(county, province, city))
    local = scope == "local"
    welfare = industry == "public_welfare"
    if welfare:
        low, spread = rng.choice((3500, 3600, 3800)), rng.choice((0, 200))
    elif local:
        low, spread = round_to(rng.uniform(3500, 4500)), round_to(rng.uniform(300, 1000))
    else:
        low = round_to(rng.triangular(4200, 6800, 5200))
        spread = round_to(rng.uniform(500, 2000))
    low = min(low, 7500)
    high = min(low + spread, 8000)
    distance = 0 if local else estimate_distance_km(county, city)
    housing = rng.random() < (0.15 if local else 0.9)
    meals = rng.random() < (0.4 if local else 0.8)
    payer = "worker" if local else rng.choices(("employer", "shared", "worker"), weights=(5, 3, 2))[0]
    contract = 12 if welfare else rng.choices((6, 12, 24, 36), weights=(2, 6, 2, 1) if local else (1, 7, 3, 2))[0]
    age_min, age_max = (30, 60) if welfare else rng.choice(((18, 45), (18, 50), (18, 55), (16, 45), (20, 40)))
    if trade in ("construction", "cleaning", "security_guard"):
        age_max = max(age_max, 55)
    education = "none" if welfare else rng.choices(("none", "primary", "junior", "senior"),
                                                   weights=(2, 4, 6, 1))[0]
    created = now - timedelta(days=rng.uniform(1, 120))
    closing = today + timedelta(days=rng.randrange(10, 91))
    status = "open"
    r = rng.random()
    if r < 0.08:
        status = "closed"
    elif r < 0.12:
        closing = today - timedelta(days=rng.randrange(1, 30))  # past its closing date
    offered: list[int] = []
    for fair in fairs:
        if fair.starts_on is None:
            continue
        assert fair.id is not None  # a saved fair
        chance = 0.5 if fair.status == FairStatus.OPEN and fair.starts_on <= today else \
            0.25 if fair.status == FairStatus.PLANNED else 0.0
        if chance and rng.random() < chance:
            offered.append(fair.id)
        elif fair.status == FairStatus.CLOSED and rng.random() < 0.15:
            offered.append(fair.id)
            created = min(created, datetime.combine(fair.starts_on, datetime.min.time(), UTC) - timedelta(
                days=rng.uniform(3, 20)))  # posted before that fair
    hours = 8 if welfare or local else rng.choice((8, 9, 10, 10, 11))
    row = dict(
        employer_id=employer["id"], title=title, trade=trade,
        description=("包吃住，" if housing and meals else "") + f"月休{rng.choice((2, 4, 4, 6))}天，岗前免费培训。",
        province=province, city=city, scope=scope, distance_km=distance,
        travel_hours=None if distance is None else round(distance / 55, 1),
        trip_fare=None if distance is None else round_to(distance * 0.3, 10), trip_home_payer=payer,
        wage_min=low, wage_max=high, headcount=rng.choice((2, 3, 5, 8, 10)) if local else
        rng.choice((5, 10, 15, 20, 30, 50, 80, 100)), age_min=age_min, age_max=age_max, min_education=education,
        gender="", gender_basis="", housing=housing, housing_cost=0 if not housing or rng.random() < 0.6 else
        rng.choice((100, 150, 200, 300)), meals=meals, meals_cost=0 if not meals or rng.random() < 0.3 else
        rng.choice((200, 300, 400)), contract_months=contract, hours_per_day=hours,
        days_per_week=5 if welfare else rng.choice((5.5, 6, 6)), closing_date=closing, status=status,
        created_at=created, updated_at=created,
    )
    return row, tuple(offered)


def add_vacancies(conn: Connection, engine: Engine, rng: random.Random, county: County, employers: list[dict[str, Any]],
                  count: int, *, today: date, now: datetime, fairs: list[Fair]) -> list[Job]:
    """`count` new vacancies spread over the employers (the bigger coastal ones post more)."""
    if not employers or count <= 0:
        return []
    weights = [1 if e["industry"] in ("public_welfare", "workshop") else 3 for e in employers]
    drawn = [vacancy_row(rng, county, e, today=today, now=now, fairs=fairs)
             for e in rng.choices(employers, weights=weights, k=count)]
    table = Vacancy.__table__
    ids = [i for (i,) in conn.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True),
                                      [row for row, _f in drawn])]
    offered = [{"vacancy_id": vid, "fair_id": f} for vid, (_row, fs) in zip(ids, drawn, strict=True) for f in fs]
    if offered:
        conn.execute(VacancyFair.__table__.insert(), offered)
    return [Job(vid, r["employer_id"], r["trade"], r["scope"], r["province"], r["city"], r["wage_min"],
                r["wage_max"], r["headcount"], r["age_min"], r["age_max"], r["min_education"],
                r["contract_months"], r["created_at"], fs) for vid, (r, fs) in zip(ids, drawn, strict=True)]
