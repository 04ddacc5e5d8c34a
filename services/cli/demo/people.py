"""Demo job seekers: names, ID numbers, phones, profiles and check-ins drawn like a real county's.

About 15 % of the people leave their profile incomplete (issue 10: the ticket comes first, the
answers may follow): mostly those who registered on their phone (the QR code) in the last weeks,
who stopped after the ticket or after a few groups. Who and how far is derived from a digest of
the person's ID number, never drawn, so the random stream of every other value is unchanged.
"""

from __future__ import annotations

import bisect
import hashlib
import random
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, Generic, NamedTuple, TypeVar

from models import Fair, Site, SiteKind, SourceKind
from services.cli.demo.bulk import PLAIN, seal
from services.core.crypto import Vault
from services.core.reference import CONSENT_VERSION, EDUCATION_LEVELS, TRADES
from services.core.validation import make_resident_id, mask_mobile
from services.places.county import County
from services.registration.forms import PROFILE_GROUPS, join_groups
from services.registration.profile import COMPLETE, GROUP_FIELDS
from services.registration.tickets import new_ticket_code

CHINA_UTC_OFFSET_S = 8 * 3600
UNIX_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
DAYS_PER_YEAR = 365.2425

# --- people -------------------------------------------------------------------------------------

# Common surnames, roughly by frequency, with the south-west's Yang, Luo, Long, Shi, Xiong, Wei.
SURNAMES: dict[str, int] = {
    "王": 72, "李": 80, "张": 60, "刘": 45, "陈": 40, "杨": 55, "黄": 25, "赵": 22, "吴": 24, "周": 20,
    "徐": 14, "孙": 12, "马": 14, "朱": 11, "胡": 12, "郭": 10, "何": 14, "高": 10, "林": 8, "罗": 20,
    "龙": 9, "石": 9, "熊": 7, "潘": 6, "韦": 6, "蒙": 3, "段": 5, "普": 3, "田": 6, "谢": 6,
    "彭": 5, "邓": 7, "余": 5, "蒋": 4, "沈": 3, "付": 4, "苏": 4, "曾": 5, "杜": 4, "袁": 4,
}
MALE_CHARS = "伟强军勇磊涛斌杰明刚平辉鹏华飞俊林波超亮峰海东建国文兵宇浩祥成福贵荣富忠全春江云山志德发"
FEMALE_CHARS = "芳娟敏静丽艳霞燕玲梅琴英兰红萍珍芬秀凤莲桂花婷雪琳慧丹倩娜美春云莉琼仙蓉翠"
# Yi names (surname of two characters) and Dai names (no family surname) as seen in Yunnan.
YI_SURNAMES = ("吉克", "沙马", "阿苏", "曲比", "海来", "阿鲁", "俄木", "吉伍")
YI_MALE = ("拉且", "尔古", "日布", "石哈", "木呷", "阿木", "伍各", "拉哈")
YI_FEMALE = ("阿依", "阿果", "伍呷", "阿呷", "莫色", "依火", "阿芝", "史薇")
YI_SURNAME_SET = frozenset(YI_SURNAMES)
DAI_MALE = ("岩温", "岩罕", "岩香", "岩龙", "岩应", "岩扁")
DAI_FEMALE = ("玉香", "玉南", "玉罕", "玉波", "玉叫", "玉应")

MOBILE_PREFIXES = ("133", "135", "138", "139", "150", "151", "158", "177", "182", "186", "187", "188",
                   "189", "199", "136", "137", "152", "159", "183", "185", "198")

# Education by age band: older rural workers had less schooling.
EDUCATION_BY_AGE: tuple[tuple[int, dict[str, int]], ...] = (
    (35, {"none": 2, "primary": 18, "junior": 45, "senior": 15, "vocational": 13, "college": 7}),
    (50, {"none": 6, "primary": 32, "junior": 42, "senior": 10, "vocational": 7, "college": 3}),
    (200, {"none": 18, "primary": 45, "junior": 28, "senior": 6, "vocational": 2, "college": 1}),
)
# Relative likelihood of each trade for men and for women (every trade stays possible).
TRADE_WEIGHTS: dict[str, tuple[int, int]] = {
    "ag_machinery_repair": (4, 1), "welding": (6, 1), "housekeeping": (1, 6), "nursing_care": (1, 4),
    "baby_care": (1, 4), "cosmetology": (1, 3), "livestock_breeding": (3, 2), "tea_art": (1, 2),
    "pig_breeding": (3, 3), "cattle_breeding": (3, 2), "cash_crop_planting": (4, 4), "walnut_planting": (3, 3),
    "pepper_planting": (3, 3), "electronics_assembly": (5, 6), "garment_sewing": (1, 6),
    "furniture_fitting": (4, 1), "shoe_making": (2, 4), "construction": (9, 1), "logistics": (5, 1),
    "catering": (3, 5), "security_guard": (5, 1), "cleaning": (2, 5),
}
WAGES = tuple(range(3000, 8001, 500))
WAGE_WEIGHTS = (6, 8, 14, 16, 18, 13, 10, 6, 4, 3, 2)
FAMILY_SHARE = 0.04  # a seeker registered with a relative's phone, in the same village

# Incomplete profiles: (registered through the QR code within this many days, share incomplete);
# the rest of the people: INCOMPLETE_OTHERS. How many groups they answered, in the order asked.
INCOMPLETE_BY_RECENCY = ((42, 0.6), (120, 0.25))
INCOMPLETE_OTHERS = 0.045
ANSWERED_GROUPS = {0: 40, 1: 15, 2: 15, 3: 12, 4: 10, 5: 8}

# --- check-ins ----------------------------------------------------------------------------------

CHECKINS_PER_SEEKER = {1: 70, 2: 22, 3: 8}
MAX_FAIRS = 16  # past fairs at distinct dates within the year
FAIR_SHARE = 0.3  # share of check-ins made at a fair (the rest at sites and village points)
CHANNELS = {"qr": 78, "kiosk": 8, "staff": 9, "import": 5}
FAIR_CHANNELS = {"qr": 80, "kiosk": 10, "staff": 10}
LOCAL_HOURS = {8: 6, 9: 12, 10: 14, 11: 12, 12: 6, 13: 6, 14: 10, 15: 10, 16: 8, 17: 4}

T = TypeVar("T")


class _Pick(Generic[T]):
    """A weighted choice from a fixed list, drawn with one `random()` and a bisect."""

    __slots__ = ("items", "cum", "total")

    def __init__(self, weights: Mapping[T, float] | Sequence[tuple[T, float]]):
        pairs = list(weights.items()) if isinstance(weights, Mapping) else list(weights)
        self.items = [p[0] for p in pairs]
        self.cum: list[float] = []
        total = 0.0
        for _, w in pairs:
            total += w
            self.cum.append(total)
        self.total = total

    def __call__(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


class DrawnCheckIn(NamedTuple):
    """A check-in drawn for a demo seeker (at a fair or at a site)."""

    at: datetime
    fair_id: int | None
    site_id: int | None
    channel: str
    submission_id: str


# --- seekers ------------------------------------------------------------------------------------


class PeopleFactory:
    """Draws seekers one by one; every ID number and ticket code is unique within the run."""

    def __init__(self, rng: random.Random, vault: Vault, county: County, fairs: list[Fair], sites: list[Site],
                 *, today: date, now: datetime, deferred: bool = False):
        """`deferred`: leave the digests and ciphertexts to `bulk.seal` (the row carries the ID number
        and phone in plain under `bulk.PLAIN` until then)."""
        if not county.townships:
            raise ValueError("the county file names no townships")
        self.rng, self.vault, self.today, self.now = rng, vault, today, now
        self.deferred = deferred
        self.today_ord = today.toordinal()
        self.now_s = int(now.timestamp())
        self.area = county.area_code
        self.places = _Pick([((t.name, tuple(v.name for v in t.villages) or (t.name,)), 1.8 if i == 0 else 1.0)
                             for i, t in enumerate(county.townships)])
        self.surname = _Pick(SURNAMES)
        self.education = [(limit, _Pick(w)) for limit, w in EDUCATION_BY_AGE]
        self.trades = {g: _Pick({t: w[i] for t, w in TRADE_WEIGHTS.items() if t in TRADES})
                       for i, g in enumerate("MF")}
        self.n_trades = _Pick({0: 28, 1: 40, 2: 22, 3: 10})
        self.wage = _Pick(list(zip(WAGES, WAGE_WEIGHTS, strict=True)))
        self.leave = {"M": _Pick({"none": 86, "care": 6, "health": 5, "other": 3}),
                      "F": _Pick({"none": 70, "care": 22, "health": 5, "other": 3})}
        self.poor = _Pick({"yes": 20, "no": 72, "unknown": 8})
        self.n_checkins = _Pick(CHECKINS_PER_SEEKER)
        self.channel = _Pick(CHANNELS)
        self.fair_channel = _Pick(FAIR_CHANNELS)
        self.hour = _Pick(LOCAL_HOURS)
        self.answered_groups = _Pick(ANSWERED_GROUPS)
        assert set(EDUCATION_BY_AGE[0][1]) == set(EDUCATION_LEVELS)
        # Fairs that have begun: (id, first day ordinal, number of days up to today).
        self.fair_days: list[tuple[int, int, int]] = []
        for fair in fairs:
            if fair.starts_on and fair.starts_on <= today:
                assert fair.id is not None  # a saved fair
                last = min(fair.ends_on or fair.starts_on, today)
                self.fair_days.append((fair.id, fair.starts_on.toordinal(), (last - fair.starts_on).days + 1))
        self.relocation = {s.township: s.id for s in sites if s.kind == SiteKind.RELOCATION}
        self.village_points = [s.id for s in sites if s.kind == SiteKind.VILLAGE_POINT]
        self.any_site = [s.id for s in sites]
        self.id_counters: dict[int, list[int]] = {}  # birth ordinal * 2 + gender -> [offset, used]
        self.tickets: set[str] = set()
        # (surname, township, village, phone, poor) for a relative
        self.previous: tuple[str, str, str, str, str] | None = None

    # Each of these is called once per seeker: keep them lean.

    def resident_id(self, birth_ord: int, gender: str) -> tuple[str, int]:
        """A unique ID number; the 3-digit order code runs through 500 values per birth date and gender."""
        g = 1 if gender == "M" else 0
        while True:
            key = birth_ord * 2 + g
            slot = self.id_counters.get(key)
            if slot is None:
                slot = self.id_counters[key] = [self.rng.randrange(500), 0]
            if slot[1] < 500:
                seq = (slot[0] + slot[1]) % 500
                slot[1] += 1
                break
            birth_ord -= 1  # all 500 taken (only in huge runs): the day before
        return make_resident_id(self.area, date.fromordinal(birth_ord), seq, gender), birth_ord

    def ticket(self) -> str:
        code = new_ticket_code()
        while code in self.tickets:
            code = new_ticket_code()
        self.tickets.add(code)
        return code

    def name(self, gender: str, surname: str | None) -> tuple[str, str]:
        rng = self.rng
        if surname in YI_SURNAME_SET:
            return surname + rng.choice(YI_MALE if gender == "M" else YI_FEMALE), surname
        r = rng.random()
        if surname is None and r < 0.03:
            yi = rng.choice(YI_SURNAMES)
            return yi + rng.choice(YI_MALE if gender == "M" else YI_FEMALE), yi
        if surname is None and r < 0.04:
            return rng.choice(DAI_MALE if gender == "M" else DAI_FEMALE), ""
        surname = surname or self.surname(rng)
        chars = MALE_CHARS if gender == "M" else FEMALE_CHARS
        given = rng.choice(chars) if rng.random() < 0.3 else rng.choice(chars) + rng.choice(chars)
        return surname + given, surname

    def timestamp(self, day_ord: int) -> datetime:
        """A moment between 8:00 and 17:59 China time on the given day, as aware UTC."""
        rng = self.rng
        opens = (day_ord - UNIX_EPOCH_ORDINAL) * 86400 + 8 * 3600 - CHINA_UTC_OFFSET_S
        secs = opens + (self.hour(rng) - 8) * 3600 + rng.randrange(3600)
        if secs > self.now_s:  # later today, not yet happened: some time this morning instead
            secs = opens + rng.randrange(self.now_s - opens) if self.now_s > opens else self.now_s - 60
        return datetime.fromtimestamp(secs, UTC)

    def checkins(self, township: str) -> list[DrawnCheckIn]:
        """1-3 check-ins, oldest first."""
        rng = self.rng
        out: list[DrawnCheckIn] = []
        for _ in range(self.n_checkins(rng)):
            if self.fair_days and rng.random() < FAIR_SHARE:
                fair_id, first, days = rng.choice(self.fair_days)
                ts = self.timestamp(first + rng.randrange(days))
                out.append(DrawnCheckIn(ts, fair_id, None, self.fair_channel(rng), f"demo-{rng.getrandbits(128):032x}"))
            else:
                if self.village_points and rng.random() < 0.15:
                    site_id = rng.choice(self.village_points)
                else:
                    site_id = self.relocation.get(township) or rng.choice(self.any_site)
                ts = self.timestamp(self.today_ord - rng.randrange(365))
                out.append(DrawnCheckIn(ts, None, site_id, self.channel(rng), f"demo-{rng.getrandbits(128):032x}"))
        out.sort(key=lambda c: c.at)
        return out

    def seeker(self) -> tuple[dict[str, Any], tuple[str, ...], list[DrawnCheckIn]]:
        """One seeker row (without id), their trades and their check-ins."""
        rng, vault = self.rng, self.vault
        gender = "M" if rng.random() < 0.52 else "F"
        age = rng.triangular(18.02, 60.0, 40.0) if rng.random() < 0.94 else rng.uniform(60.0, 65.9)
        number, birth_ord = self.resident_id(self.today_ord - int(age * DAYS_PER_YEAR), gender)
        family = self.previous if self.previous is not None and rng.random() < FAMILY_SHARE else None
        if family:
            surname, township, village, phone, poor = family
            name, surname = self.name(gender, surname or None)
        else:
            township, villages = self.places(rng)
            village = rng.choice(villages)
            phone = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(100_000_000):08d}"
            poor = self.poor(rng)
            name, surname = self.name(gender, None)
        self.previous = (surname, township, village, phone, poor)
        age_years = int(age)
        education = next(pick for limit, pick in self.education if age_years < limit)(rng)
        trades = tuple(dict.fromkeys(self.trades[gender](rng) for _ in range(self.n_trades(rng))))
        leave = self.leave[gender](rng) if age_years < 55 else rng.choice(("none", "none", "care", "health"))
        if leave == "none":
            intention = "go_out" if (r := rng.random()) < 0.5 else "nearby" if r < 0.75 else "either"
        else:
            intention = "nearby" if rng.random() < 0.85 else "either"
        checkins = self.checkins(township)
        first, last = checkins[0], checkins[-1]
        row = dict(
            ticket_code=self.ticket(), name=name, phone_masked=mask_mobile(phone),
            birth_date=date.fromordinal(birth_ord), gender=gender, township=township, village=village,
            education=education, intention=intention,
            expected_wage=None if rng.random() < 0.25 else self.wage(rng),
            willing_to_train=rng.random() < (0.7 if age_years < 45 else 0.5), poor_household=poor,
            leave_constraint=leave, consent_version=CONSENT_VERSION, profile_answered=COMPLETE,
            # as register_seeker leaves them: consent and updated_at from the latest registration
            consented_at=last.at, source_kind=SourceKind.FAIR if first.fair_id else SourceKind.SITE,
            first_fair_id=first.fair_id, first_site_id=first.site_id, created_at=first.at, updated_at=last.at,
        )
        row[PLAIN] = (number, phone)
        if not self.deferred:
            seal(vault, (row,))
        answered = self.answered(number, first)
        if answered < len(PROFILE_GROUPS):
            for group in PROFILE_GROUPS[answered:]:
                row.update(dict.fromkeys(GROUP_FIELDS[group]))
            row.pop("trades", None)
            row["profile_answered"] = join_groups(set(PROFILE_GROUPS[:answered]))
            if "trades" not in PROFILE_GROUPS[:answered]:
                trades = ()
        return row, trades, checkins

    def answered(self, number: str, first: DrawnCheckIn) -> int:
        """How many profile groups the person answered (all of them for most), from a digest of the ID
        number and how they first registered: no draw from the random stream."""
        bits = int.from_bytes(hashlib.blake2b(number.encode(), digest_size=8, person=b"demo-profile").digest(), "big")
        u, v = (bits & 0xFFFFFFFF) / 2**32, (bits >> 32) / 2**32
        days = (self.now - first.at).days
        share = next((p for within, p in INCOMPLETE_BY_RECENCY if first.channel == "qr" and days < within),
                     INCOMPLETE_OTHERS)
        if u >= share:
            return len(PROFILE_GROUPS)
        pick = self.answered_groups
        return pick.items[bisect.bisect_right(pick.cum, v * pick.total)]
