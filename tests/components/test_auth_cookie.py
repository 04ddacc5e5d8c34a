"""The staff sign-in cookie: Secure when the public address is https (the component takes `secure`)."""

from __future__ import annotations

import datetime

from extra_streamlit_components import CookieManager
from streamlit_authenticator.models.cookie_model import CookieModel

from components.auth import secure_cookie


class Recorder:
    def __init__(self) -> None:
        self.calls: list[dict] = []

    def set(self, cookie, val, key="set", path="/", expires_at=None, max_age=None, domain=None, secure=None,
            same_site="strict") -> None:
        self.calls.append({"cookie": cookie, "secure": secure, "same_site": same_site, "expires_at": expires_at})


def test_the_component_can_set_secure_and_the_authenticator_calls_set_without_it() -> None:
    """Guards the library internals `secure_cookie` relies on against an upgrade."""
    import inspect

    assert "secure" in inspect.signature(CookieManager.set).parameters
    assert inspect.signature(CookieManager.set).parameters["same_site"].default == "strict"
    assert "self.cookie_manager.set(" in inspect.getsource(CookieModel.set_cookie)


def test_secure_cookie_adds_secure_to_every_set() -> None:
    manager = Recorder()
    secure_cookie(manager)
    manager.set("portal_staff", "token", expires_at=datetime.datetime(2030, 1, 1))
    assert manager.calls == [{"cookie": "portal_staff", "secure": True, "same_site": "strict",
                              "expires_at": datetime.datetime(2030, 1, 1)}]
