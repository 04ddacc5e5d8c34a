"""The encrypted archive every download with personal data is handed out in (no database)."""

from __future__ import annotations

import io
import re
import tempfile
import tracemalloc

import pytest
import pyzipper

from services.reporting.exports.archive import (
    archive_name,
    one_time_password,
    read_encrypted_zip,
    write_encrypted_zip,
)

ROW = "二维码编号,王秀兰,11010119900307777X,13912345678,城关镇\r\n".encode()


def _sealed(plain: bytes, password: str) -> bytes:
    out = io.BytesIO()
    write_encrypted_zip(io.BytesIO(plain), "export.csv", out, password)
    return out.getvalue()


def test_passwords_are_fresh_and_readable() -> None:
    passwords = {one_time_password() for _ in range(200)}
    assert len(passwords) == 200
    for p in passwords:
        assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}", p)  # no 0, O, 1, I, L


def test_round_trip_and_nothing_readable_without_the_password() -> None:
    password = one_time_password()
    data = _sealed(ROW * 50, password)
    assert read_encrypted_zip(io.BytesIO(data), password) == ("export.csv", ROW * 50)
    for clear in (b"11010119900307777X", b"13912345678", "王秀兰".encode(), b"7777X"):
        assert clear not in data
    with pyzipper.AESZipFile(io.BytesIO(data)) as zf:
        assert zf.infolist()[0].flag_bits & 0x1
        with pytest.raises(RuntimeError):
            zf.read("export.csv")
    with pytest.raises(RuntimeError):
        read_encrypted_zip(io.BytesIO(data), one_time_password())
    assert archive_name("export.csv") == "export.csv.zip"


def test_short_password_refused() -> None:
    with pytest.raises(ValueError):
        _sealed(ROW, "")
    with pytest.raises(ValueError):
        _sealed(ROW, "ABCD-EFGH")


def test_large_file_in_constant_memory() -> None:
    """100,000 rows go through in chunks: the peak memory is far below the file's size."""
    with tempfile.TemporaryFile() as plain, tempfile.TemporaryFile() as out:
        for i in range(100_000):
            plain.write(ROW.replace(b"777X", f"{i:04d}"[-4:].encode()))
        size = plain.tell()
        plain.seek(0)
        tracemalloc.start()
        try:
            write_encrypted_zip(plain, "export.csv", out, one_time_password())
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert size > 6_000_000 and peak < size / 2, (size, peak)
        out.seek(0)
        with pyzipper.AESZipFile(out) as zf:
            assert zf.infolist()[0].file_size == size
