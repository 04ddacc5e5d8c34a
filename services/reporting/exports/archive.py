"""Files with personal data leave the portal only as encrypted ZIP archives (AES-256, WinZip AE-2).

Why: Streamlit serves every download button's file at a `/media/<id>` address that answers
without any cookie for minutes, even after sign-out. The archive makes such a copied link useless:
its bytes hold no ID number or phone, and they open only with a one-time password that the page
shows to the signed-in user beside the button and that is stored nowhere (not in the database,
the audit log, a log line or the file). 7-Zip, WinRAR, Bandizip and 360压缩 open these archives.

The plain file is copied into the archive in chunks, so memory stays flat for large exports.
"""

from __future__ import annotations

import secrets
import shutil
from typing import BinaryIO

import pyzipper  # type: ignore[import-untyped]  # no type information

ARCHIVE_MIME = "application/zip"
# No 0/O, 1/I/L: read from a screen and typed by hand.
READABLE_CHARACTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PASSWORD_GROUPS, PASSWORD_GROUP_SIZE = 4, 4  # 16 characters, about 79 bits
CHUNK = 1 << 20


def one_time_password() -> str:
    """A fresh random password such as `K7MP-3QXR-WN4D-8HTE` (the hyphens are part of it)."""
    return "-".join("".join(secrets.choice(READABLE_CHARACTERS) for _ in range(PASSWORD_GROUP_SIZE))
                    for _ in range(PASSWORD_GROUPS))


def archive_name(filename: str) -> str:
    """The archive's file name: the plain file's name with `.zip` added (`x.csv` → `x.csv.zip`)."""
    return f"{filename}.zip"


def write_encrypted_zip(plain: BinaryIO, inner_name: str, out: BinaryIO, password: str) -> None:
    """Write `plain` (read from its current position) into `out` as `inner_name` in an AES-256 ZIP."""
    if len(password) < PASSWORD_GROUPS * PASSWORD_GROUP_SIZE:
        raise ValueError("an archive password must have at least 16 characters")
    with pyzipper.AESZipFile(out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as zf:
        zf.setpassword(password.encode("ascii"))
        zf.setencryption(pyzipper.WZ_AES, nbits=256)
        with zf.open(inner_name, "w") as member:
            shutil.copyfileobj(plain, member, CHUNK)


def read_encrypted_zip(data: BinaryIO, password: str) -> tuple[str, bytes]:
    """The one file of an archive written by `write_encrypted_zip`: (its name, its bytes). For tests."""
    with pyzipper.AESZipFile(data) as zf:
        zf.setpassword(password.encode("ascii"))
        [info] = zf.infolist()
        return info.filename, zf.read(info.filename)
