"""QR posters on the fairs page: a preview of each size, and downloads (PDF, PNG, a fair's ZIP).

Posters are cached per content (st.cache_data): the first view of a fair or site draws
them (about a second), later views and reruns cost nothing. A fair's ZIP is drawn only
when its button is pressed. Posters are printed in Chinese for villagers whatever the
organizer's screen language is.
"""

from __future__ import annotations

from urllib.parse import urlparse

import streamlit as st

from components import runtime
from models import Fair, Site
from services.core.i18n import Translator
from services.places.fair_status import has_ended
from services.places.posters import (
    PosterContent,
    PosterFiles,
    PosterFontMissing,
    fair_bundle_jobs,
    fair_bundle_zip,
    fair_content,
    render_posters,
    site_content,
)
from services.places.sources import sites_for_fair

POSTER_LANGUAGE = "zh_CN"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "0.0.0.0", "::1", ""}  # noqa: S104 (names, not a bind address)


@st.cache_data(show_spinner=False, max_entries=64)
def _posters(content: PosterContent) -> list[PosterFiles]:
    return render_posters(content)


def _base_url_warning(_: Translator) -> None:
    base = runtime.settings().base_url
    if (urlparse(base).hostname or "") in LOCAL_HOSTS:
        st.warning(_("The QR codes point to {url}, which villagers' phones cannot open. Set PORTAL_BASE_URL "
                     "to the portal's public address before printing.").format(url=base))


def _show(_: Translator, content: PosterContent) -> bool:
    st.subheader(_("QR posters"))
    _base_url_warning(_)
    st.caption(_("The QR code opens this registration link:"))
    st.code(content.url, language=None)
    try:
        with st.spinner(_("Drawing the posters…")):
            files = _posters(content)
    except PosterFontMissing as exc:
        st.error(_(exc.message))
        return False
    columns = st.columns([3, 2])
    for column, poster in zip(columns, files, strict=True):
        with column:
            st.image(poster.png, caption=_(poster.size.label), width="stretch")
            key = f"{content.kind}-{content.code}-{poster.size.key}"
            st.download_button(_("Download PDF (for printing)"), poster.pdf, key=f"pdf-{key}",
                               file_name=content.file_name(poster.size, "pdf"), mime="application/pdf",
                               on_click="ignore", icon=":material/print:", width="stretch")
            st.download_button(_("Download picture (PNG)"), poster.png, key=f"png-{key}",
                               file_name=content.file_name(poster.size, "png"), mime="image/png",
                               on_click="ignore", icon=":material/image:", width="stretch")
    return True


def fair_posters(_: Translator, fair: Fair) -> None:
    county, base = runtime.county(), runtime.settings().base_url
    content = fair_content(fair, base_url=base, county=county, language=POSTER_LANGUAGE)
    if has_ended(fair):
        st.warning(_("This job fair is closed or over: people who scan its QR code are told so, and can "
                     "still register without it."))
    if not _show(_, content):
        return
    sites = [site_content(s, base_url=base, county=county, language=POSTER_LANGUAGE)
             for s in sites_for_fair(runtime.engine(), fair)]
    where = (county.label(fair.township, runtime.language()) if fair.township else "")
    st.caption(_("The ZIP holds this fair's A4 poster and table card, and an A4 poster for each active "
                 "registration point in {township}: {count} PDF files.").format(
        township=where or _("the county"), count=len(fair_bundle_jobs(content, sites))))
    st.download_button(_("Download all posters of this fair (ZIP)"), lambda: fair_bundle_zip(content, sites),
                       file_name=f"posters-{fair.code}.zip", mime="application/zip", key=f"zip-fair-{fair.code}",
                       on_click="ignore", icon=":material/folder_zip:", type="primary", width="stretch")


def site_posters(_: Translator, site: Site) -> None:
    content = site_content(site, base_url=runtime.settings().base_url, county=runtime.county(),
                           language=POSTER_LANGUAGE)
    if not site.active:
        st.warning(_("This registration point is not active: its QR code does not accept registrations."))
    _show(_, content)
