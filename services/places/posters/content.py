"""What a poster says: its sizes, its texts in the poster's language, for a fair or a site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypedDict

from babel.dates import format_date, format_interval

from models import Fair, Site
from services.core.i18n import N_, translator
from services.places.county import County
from services.places.sources import KNOWN_CAMPAIGNS, SITE_KINDS, registration_url

# Words a line should not be broken inside (Chinese has no spaces): with the county's place names
# and the fair's campaign, they keep "春风行动" or "幸福社区" whole when a name takes two lines.
WORDS = ("招聘会", "专场", "大型", "现场", "安置点", "易地扶贫搬迁", "搬迁", "社区", "便民服务站", "服务站",
         "人力资源市场", "体育馆", "文化广场", "广场", "民营企业", "招聘周", "招聘月", "就业援助月",
         "金秋招聘月", "春风行动", "送岗位下乡", "农民工", "返乡", "技能培训", "人力资源和社会保障局")


TITLE = N_("Scan to register for jobs")
FREE = N_("Registration is free of charge.")
NO_SCAN = N_("Cannot scan? Open this address in the phone's browser:")
FAIR_CODE = N_("Job fair code: {code}")
SITE_CODE = N_("Registration point code: {code}")
ISSUER = N_("{county} Human Resources and Social Security Bureau")
FAIR_STEPS = (
    N_("Scan with WeChat on your phone, fill in the job-seeker form and get your personal QR ticket"),
    N_("Show your QR ticket at the employers' booths and talk with them face to face"),
    N_("If you cannot fill it in, ask the staff here for help"),
)
SITE_STEPS = (
    N_("Scan with WeChat on your phone, fill in the job-seeker form and get your personal QR ticket"),
    N_("Show your QR ticket to the employers at the next job fair"),
    N_("If you cannot fill it in, ask your village committee for help"),
)


@dataclass(frozen=True)
class PosterSize:
    key: str
    label: str  # message id
    width_mm: float
    height_mm: float
    scale: float  # text and spacing relative to A4
    png_dpi: int


A4 = PosterSize("a4", N_("A4 poster"), 210, 297, 1.0, 200)
CARD = PosterSize("card", N_("Table card (A6)"), 105, 148, 0.5, 300)
SIZES = (A4, CARD)


@dataclass(frozen=True)
class PosterContent:
    """Everything printed on one poster, already in the poster's language."""

    kind: str  # "fair" or "site"
    code: str
    name: str
    url: str
    issuer: str
    campaign: str = ""
    details: str = ""
    steps: tuple[str, ...] = ()
    title: str = ""
    free: str = ""
    no_scan: str = ""
    code_line: str = ""
    words: tuple[str, ...] = WORDS  # not to be broken across lines

    def file_name(self, size: PosterSize, ext: str) -> str:
        return f"poster-{self.code}-{size.key}.{ext}"




def _date_text(starts: date | None, ends: date | None, language: str) -> str:
    locale = "zh_CN" if language == "zh_CN" else "en"
    if starts and ends and ends != starts:
        return format_interval(starts, ends, "yMMMd", locale=locale)
    if starts or ends:
        return format_date(starts or ends, "long", locale=locale)
    return ""


def _details(name: str, *parts: str) -> str:
    """The detail line: the parts not already said by the name or by a later part."""
    kept = [p for i, p in enumerate(parts) if p and p not in name and not any(p in q for q in parts[i + 1:])]
    return "  ".join(kept)


class _Common(TypedDict):
    """What fair and site posters say alike."""

    issuer: str
    title: str
    free: str
    no_scan: str
    words: tuple[str, ...]


def _common(language: str, county: County | None, *extra_words: str) -> _Common:
    _ = translator(language)
    county_name = county.display_name(language) if county else ""
    places = [county.name, *(t.name for t in county.townships),
              *(v.name for t in county.townships for v in t.villages)] if county else []
    return _Common(issuer=_(ISSUER, county=county_name) if county_name else "", title=_(TITLE), free=_(FREE),
                   no_scan=_(NO_SCAN),
                   words=tuple(dict.fromkeys([*WORDS, *KNOWN_CAMPAIGNS, *places, *(w for w in extra_words if w)])))


def fair_content(fair: Fair, *, base_url: str, county: County | None = None,
                 language: str = "zh_CN") -> PosterContent:
    _ = translator(language)
    township = county.label(fair.township, language) if county and fair.township else fair.township
    details = _details(fair.name, _date_text(fair.starts_on, fair.ends_on, language), township, fair.venue)
    campaign = fair.campaign if fair.campaign not in fair.name else ""
    return PosterContent(
        kind="fair", code=fair.code, name=fair.name, url=registration_url(base_url, fair_code=fair.code),
        campaign=campaign, details=details, steps=tuple(_(s) for s in FAIR_STEPS),
        code_line=_(FAIR_CODE, code=fair.code), **_common(language, county, fair.campaign))


def site_content(site: Site, *, base_url: str, county: County | None = None,
                 language: str = "zh_CN") -> PosterContent:
    _ = translator(language)
    township = county.label(site.township, language) if county and site.township else site.township
    details = _details(site.name, township, _(SITE_KINDS[site.kind]) if site.kind in SITE_KINDS else "")
    return PosterContent(
        kind="site", code=site.code, name=site.name, url=registration_url(base_url, site_code=site.code),
        details=details, steps=tuple(_(s) for s in SITE_STEPS), code_line=_(SITE_CODE, code=site.code),
        **_common(language, county))
