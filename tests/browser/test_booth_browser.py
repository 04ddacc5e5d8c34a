"""The booth in a real browser with Chromium's fake camera: the camera "sees" a seeker's ticket QR code
(a .y4m video made from the ticket PNG), the recruiter starts the camera, and the right card opens by
itself (the live scanner; timing and screen sizes: test_live_scanner.py)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from components.auth import COOKIE_NAME
from services.accounts.staff import create_user
from services.core.crypto import Vault
from services.registration.tickets import ticket_png
from tests.browser.conftest import launch_chromium, settled
from tests.conftest import TEST_SECRET
from tests.factories import make_employer, make_vacancy, register

pytestmark = pytest.mark.browser
PASSWORD = "county fair passphrase 2026"
WIDTH, HEIGHT, FRAMES = 640, 480, 10


def write_y4m(path: Path, picture: Image.Image, *, frames: int = FRAMES) -> Path:
    """A Y4M 4:2:0 video of `picture` centred on a light grey 640x480 frame (Chromium's fake camera format)."""
    frame = Image.new("RGB", (WIDTH, HEIGHT), (225, 225, 225))
    side = HEIGHT - 60
    picture = picture.convert("RGB").resize((side, side), Image.Resampling.NEAREST)
    frame.paste(picture, ((WIDTH - side) // 2, (HEIGHT - side) // 2))
    y, cb, cr = (np.asarray(band, dtype=np.uint8) for band in frame.convert("YCbCr").split())

    def half(plane: np.ndarray) -> bytes:  # 2x2 averages: the chroma planes of 4:2:0
        p = plane.astype(np.uint16)
        return ((p[0::2, 0::2] + p[1::2, 0::2] + p[0::2, 1::2] + p[1::2, 1::2] + 2) // 4).astype(np.uint8).tobytes()

    body = b"FRAME\n" + y.tobytes() + half(cb) + half(cr)
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(body)
    return path


def sign_in(page, username: str) -> None:
    """Sign in on the staff sign-in form. The first click on "登录" is sometimes lost (the form shows
    its values and nothing happens, about one run in five on a fresh page); a second click then works.
    Reported to the lead; until that is fixed, one retry."""
    expect(page.get_by_role("heading", name="工作人员登录")).to_be_visible()
    settled(page)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    settled(page)
    page.get_by_role("button", name="登录").click()
    signed_in = page.get_by_text("当前用户：", exact=False)
    try:
        expect(signed_in).to_be_visible(timeout=6000)
    except AssertionError:
        page.get_by_role("button", name="登录").click()
        expect(signed_in).to_be_visible()
    settled(page)


def test_fake_camera_scans_a_ticket(portal_server, playwright_session, tmp_path, artifacts_dir) -> None:
    engine, vault = portal_server.engine, Vault.from_secret(TEST_SECRET)
    employer = make_employer(engine, name="东莞市华丰电子有限公司", serial=4401)
    make_vacancy(engine, employer, title="电子厂普工")
    create_user(engine, username="chief1", display_name="王科长", role="organizer", password=PASSWORD)
    create_user(engine, username="booth1", display_name="招聘专员 小李", role="recruiter", password=PASSWORD,
                employer_id=employer)
    seeker = register(engine, vault, 901, name="杨春梅")
    register(engine, vault, 902, name="罗光明")  # another seeker, who must not appear
    video = write_y4m(tmp_path / "ticket.y4m", Image.open(io.BytesIO(ticket_png(seeker.ticket_code))))

    chromium = launch_chromium(playwright_session, "--use-fake-ui-for-media-stream",
                               "--use-fake-device-for-media-stream", f"--use-file-for-fake-video-capture={video}")
    page = None
    try:
        context = chromium.new_context(viewport={"width": 820, "height": 1180}, locale="zh-CN",
                                       timezone_id="Asia/Shanghai")
        context.grant_permissions(["camera"], origin=portal_server.base_url)
        page = context.new_page()
        portal_server.open(page, "/booth")
        sign_in(page, "booth1")
        page.wait_for_function(f"() => document.cookie.includes('{COOKIE_NAME}=')")  # set by a component, later
        # open the booth afresh, signed in by the cookie: the run that signed in can leave a second,
        # stale camera widget on the page for a moment (it had the sign-in form above it)
        portal_server.open(page, "/booth")
        expect(page.get_by_role("heading", name="展位扫码")).to_be_visible()
        settled(page)
        expect(page.get_by_text("Take Photo")).to_have_count(0)  # no English photo buttons any more
        start = page.get_by_role("button", name="开启摄像头")
        expect(start).to_be_visible()
        page.screenshot(path=artifacts_dir / "booth-1-camera.png")
        start.click()  # the card opens as soon as the QR code is read: no photo to take
        expect(page.get_by_role("heading", name="杨春梅")).to_be_visible(timeout=20_000)
        settled(page)
        expect(page.get_by_text("罗光明")).to_have_count(0)
        expect(page.get_by_text("这里会显示手机号", exact=False)).to_be_visible()
        page.screenshot(path=artifacts_dir / "booth-2-card.png")
        page.get_by_role("button", name="有意向").click()
        expect(page.get_by_text("已记录：杨春梅", exact=False)).to_be_visible()
        expect(page.get_by_text("13900000901", exact=False)).to_be_visible()  # the phone, now that she applied
        settled(page)
        page.get_by_role("button", name="不合适").scroll_into_view_if_needed()
        page.screenshot(path=artifacts_dir / "booth-3-interested.png")
        # the same candidate on the pipeline page (a look for the screenshots)
        page.get_by_role("link", name="招聘进度").click()
        expect(page.get_by_role("heading", name="招聘进度")).to_be_visible()
        expect(page.get_by_role("heading", name="杨春梅")).to_be_visible()
        settled(page)
        expect(page.locator("[data-testid=stDataFrame] canvas").first).to_be_visible()
        page.wait_for_timeout(1000)  # the tables paint on a canvas after the run settles
        page.screenshot(path=artifacts_dir / "booth-4-pipeline.png")
        context.close()
    except BaseException:
        if page is not None:
            page.screenshot(path=artifacts_dir / "FAILED-booth-camera.png")
        raise
    finally:
        chromium.close()
