"""Provinces, the cities workers are sent to, and rough distances from the county.

Names are stored in Chinese (as employers and bureau staff write them); `label` gives
the English name for English readers. Distances are great-circle kilometres times a
road factor: an honest estimate for "how far is it", shown as "about".
"""

from __future__ import annotations

import math

from models.vacancy import Scope
from services.places.county import County

# 31 provincial-level divisions of the mainland: Chinese name -> English name
PROVINCES: dict[str, str] = {
    "北京市": "Beijing", "天津市": "Tianjin", "河北省": "Hebei", "山西省": "Shanxi",
    "内蒙古自治区": "Inner Mongolia", "辽宁省": "Liaoning", "吉林省": "Jilin", "黑龙江省": "Heilongjiang",
    "上海市": "Shanghai", "江苏省": "Jiangsu", "浙江省": "Zhejiang", "安徽省": "Anhui",
    "福建省": "Fujian", "江西省": "Jiangxi", "山东省": "Shandong", "河南省": "Henan",
    "湖北省": "Hubei", "湖南省": "Hunan", "广东省": "Guangdong", "广西壮族自治区": "Guangxi",
    "海南省": "Hainan", "重庆市": "Chongqing", "四川省": "Sichuan", "贵州省": "Guizhou",
    "云南省": "Yunnan", "西藏自治区": "Tibet", "陕西省": "Shaanxi", "甘肃省": "Gansu",
    "青海省": "Qinghai", "宁夏回族自治区": "Ningxia", "新疆维吾尔自治区": "Xinjiang",
}

# Cities that recruit from the south-west: Chinese name -> (province, English name, lat, lon)
CITIES: dict[str, tuple[str, str, float, float]] = {
    "昆明市": ("云南省", "Kunming", 25.04, 102.71), "曲靖市": ("云南省", "Qujing", 25.49, 103.80),
    "昭通市": ("云南省", "Zhaotong", 27.34, 103.72), "玉溪市": ("云南省", "Yuxi", 24.35, 102.54),
    "文山市": ("云南省", "Wenshan", 23.37, 104.24), "贵阳市": ("贵州省", "Guiyang", 26.65, 106.63),
    "遵义市": ("贵州省", "Zunyi", 27.73, 106.93), "毕节市": ("贵州省", "Bijie", 27.30, 105.29),
    "六盘水市": ("贵州省", "Liupanshui", 26.59, 104.83), "成都市": ("四川省", "Chengdu", 30.57, 104.07),
    "宜宾市": ("四川省", "Yibin", 28.77, 104.63), "重庆市": ("重庆市", "Chongqing", 29.56, 106.55),
    "长沙市": ("湖南省", "Changsha", 28.23, 112.94), "广州市": ("广东省", "Guangzhou", 23.13, 113.26),
    "深圳市": ("广东省", "Shenzhen", 22.54, 114.06), "东莞市": ("广东省", "Dongguan", 23.02, 113.75),
    "佛山市": ("广东省", "Foshan", 23.02, 113.12), "中山市": ("广东省", "Zhongshan", 22.52, 113.39),
    "惠州市": ("广东省", "Huizhou", 23.11, 114.42), "珠海市": ("广东省", "Zhuhai", 22.27, 113.58),
    "江门市": ("广东省", "Jiangmen", 22.58, 113.08), "厦门市": ("福建省", "Xiamen", 24.48, 118.09),
    "泉州市": ("福建省", "Quanzhou", 24.87, 118.68), "福州市": ("福建省", "Fuzhou", 26.07, 119.30),
    "杭州市": ("浙江省", "Hangzhou", 30.27, 120.16), "宁波市": ("浙江省", "Ningbo", 29.87, 121.55),
    "温州市": ("浙江省", "Wenzhou", 28.00, 120.70), "金华市": ("浙江省", "Jinhua", 29.08, 119.65),
    "永康市": ("浙江省", "Yongkang", 28.89, 120.05), "义乌市": ("浙江省", "Yiwu", 29.31, 120.08),
    "苏州市": ("江苏省", "Suzhou", 31.30, 120.59), "无锡市": ("江苏省", "Wuxi", 31.49, 120.31),
    "常州市": ("江苏省", "Changzhou", 31.81, 119.97), "南京市": ("江苏省", "Nanjing", 32.06, 118.80),
    "上海市": ("上海市", "Shanghai", 31.23, 121.47), "北京市": ("北京市", "Beijing", 39.90, 116.41),
    "天津市": ("天津市", "Tianjin", 39.08, 117.20), "青岛市": ("山东省", "Qingdao", 36.07, 120.38),
    "武汉市": ("湖北省", "Wuhan", 30.59, 114.31), "南宁市": ("广西壮族自治区", "Nanning", 22.82, 108.37),
    "柳州市": ("广西壮族自治区", "Liuzhou", 24.33, 109.41), "郑州市": ("河南省", "Zhengzhou", 34.75, 113.63),
    "西安市": ("陕西省", "Xi'an", 34.34, 108.94),
}

ROAD_FACTOR = 1.3  # road distance / straight line, for mountain roads and rail detours


def province_label(name: str, language: str) -> str:
    return name if language == "zh_CN" else PROVINCES.get(name, name)


def city_label(name: str, language: str) -> str:
    if language == "zh_CN":
        return name
    known = CITIES.get(name)
    return known[1] if known else name


def scope_of(county: County, province: str, city: str) -> Scope:
    """Local: the county's own city; province: elsewhere in its province; out: another province."""
    if province != county.province:
        return Scope.OUT
    if county.city and _same_city(city, county.city):
        return Scope.LOCAL
    if city.strip() == "" or city.strip() == county.name:
        return Scope.LOCAL
    return Scope.PROVINCE


def _same_city(a: str, b: str) -> bool:
    strip = lambda s: s.strip().removesuffix("市")  # noqa: E731
    return strip(a) == strip(b)


def canonical_city(name: str) -> str:
    """A known city as the list spells it (东莞 → 东莞市), else the name as typed (stripped)."""
    return next((known for known in CITIES if _same_city(known, name)), name.strip())


def estimate_distance_km(county: County, city: str) -> int | None:
    """About how far by road a known city is from the county seat; None when unknown."""
    known = CITIES.get(city.strip()) or CITIES.get(city.strip() + "市")
    if known is None or county.latitude is None or county.longitude is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (county.latitude, county.longitude, known[2], known[3]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return round(2 * 6371 * math.asin(math.sqrt(h)) * ROAD_FACTOR)
