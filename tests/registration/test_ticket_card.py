"""The saved ticket picture: the QR code still decodes, and it carries the masked name, the portal's name
and the date, so two family members' tickets can be told apart, but never the whole name."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from services.registration.tickets import mask_name, new_ticket_code, ticket_card_lines, ticket_card_png

PORTAL, DAY = "云岭县就业招聘服务平台", "2026-11-27"


@pytest.mark.parametrize(("name", "masked"), [
    ("王秀梅", "王*梅"), ("王梅", "王*"), ("欧阳娜娜", "欧**娜"), ("王", "王"), ("", ""), (" 李 国华 ", "李*华"),
])
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@given(st.text(alphabet="王李张刘陈杨黄赵吴周秀兰国华建军梅娜", min_size=2, max_size=6))
def test_masking_hides_the_given_name_and_is_stable(name: str) -> None:
    masked = mask_name(name)
    assert masked[0] == name[0] and len(masked) == len(name)
    assert set(masked[1:-1]) <= {"*"} and mask_name(masked) == masked
    if len(name) >= 3:
        assert masked[-1] == name[-1]


def test_card_decodes_and_shows_what_it_should() -> None:
    code = new_ticket_code()
    card = Image.open(io.BytesIO(ticket_card_png(code, name="王秀梅", portal=PORTAL, day=DAY)))
    assert [d.text for d in zxingcpp.read_barcodes(card)] == [code]
    texts = [text for text, _size in ticket_card_lines(code, name="王秀梅", portal=PORTAL, day=DAY)]
    assert PORTAL in texts and DAY in texts and "王*梅" in texts
    assert "王秀梅" not in texts


def test_the_whole_name_is_not_in_the_picture() -> None:
    """Two sisters 王秀梅 and 王春梅 get the very same picture for the same code: nothing of the given
    name's hidden part is drawn (and no text chunk of the PNG holds it)."""
    code = new_ticket_code()
    one = ticket_card_png(code, name="王秀梅", portal=PORTAL, day=DAY)
    other = ticket_card_png(code, name="王春梅", portal=PORTAL, day=DAY)
    assert one == other
    assert "秀".encode() not in one and "王秀梅".encode("utf-16-be") not in one
    assert ticket_card_png(code, name="李秀梅", portal=PORTAL, day=DAY) != one  # the surname is drawn


def test_card_without_a_name_is_the_code_only() -> None:
    code = new_ticket_code()
    texts = [text for text, _size in ticket_card_lines(code)]
    assert texts == ["", f"{code[:4]} {code[4:]}"]
    assert [d.text for d in zxingcpp.read_barcodes(Image.open(io.BytesIO(ticket_card_png(code))))] == [code]
