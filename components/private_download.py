"""Downloads that hold personal data: an encrypted ZIP archive, its one-time password on this screen only.

Streamlit hands a download button's file out at a `/media/<id>` address that answers without any
cookie for minutes, even after sign-out, so whoever copies the link could fetch it. Every download
holding ID numbers or phones (the exports, masked or full; the pipeline CSV) therefore goes through
here: the file is sealed into an AES-256 ZIP (services.reporting.exports.archive) with a fresh
random password that only this page shows, beside the button. A copied link gives encrypted bytes
without the password. The password is kept in this browser session only, never stored or logged.

`seal` prepares an entry in `st.session_state[key]`; `sealed` drops it when the page's choices
changed; `offer` shows the password and the download button. With `once`, the archive leaves the
session after the first download (the password stays on screen to open it).
"""

from __future__ import annotations

import tempfile
from collections.abc import Hashable
from typing import Any, BinaryIO

import streamlit as st

from services.core.i18n import Translator
from services.reporting.exports.archive import ARCHIVE_MIME, archive_name, one_time_password, write_encrypted_zip


def seal(key: str, plain: BinaryIO, *, filename: str, match: Hashable, **info: Any) -> dict[str, Any]:
    """Encrypt `plain` (read from its current position) as `filename` in a ZIP; keep it under `key`.

    `match` says what the file was made for (the page's choices); `info` is kept beside it."""
    password = one_time_password()
    with tempfile.TemporaryFile() as out:  # unnamed: gone when closed
        write_encrypted_zip(plain, filename, out, password)
        out.seek(0)
        data = out.read()
    entry = {**info, "match": match, "data": data, "name": archive_name(filename), "inner": filename,
             "mime": ARCHIVE_MIME, "password": password}
    st.session_state[key] = entry
    return entry


def sealed(key: str, match: Hashable) -> dict[str, Any] | None:
    """The entry under `key` if it was made for `match`; otherwise forget it (the choices changed)."""
    entry = st.session_state.get(key)
    if entry is not None and entry["match"] != match:
        st.session_state.pop(key, None)
        return None
    return entry


def forget(key: str) -> None:
    st.session_state.pop(key, None)


def _downloaded(key: str) -> None:
    entry = st.session_state.get(key)
    if entry is not None:
        entry.pop("data", None)


def offer(_: Translator, key: str, *, label: str, button_key: str, once: bool) -> None:
    """The password and the download button for the entry under `key` (nothing if there is none)."""
    entry = st.session_state.get(key)
    if entry is None:
        return
    st.markdown("**" + _("Password to open the file (shown only here):") + "**")
    st.code(entry["password"], language=None)
    st.caption(_("The file is an encrypted ZIP archive (AES-256). Open it with 7-Zip, WinRAR, Bandizip or "
                 "360 Zip and type this password. The password is stored nowhere: note it before you leave "
                 "this page. A copied download link is useless without it."))
    if "data" in entry:
        st.download_button(label, data=entry["data"], file_name=entry["name"], mime=entry["mime"], type="primary",
                           key=button_key, icon=":material/lock:",
                           on_click=_downloaded if once else "ignore", args=(key,) if once else None)
    else:
        st.info(_("Downloaded. The file is no longer kept here: to download it again, prepare it again."))
