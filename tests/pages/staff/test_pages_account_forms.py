"""Staff account forms: each refused field's message stands under that field, and what was typed stays."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.auth_support import PASSWORD, open_anonymous_staff_path, open_staff_page


def _under(at: AppTest, label: str) -> list[str]:
    """The error messages drawn right after the text input labelled `label`, before the next input."""
    out: list[str] = []
    seen = False
    for node in at.main:
        for el in _walk(node):
            kind = type(el).__name__
            if kind == "TextInput":
                if seen:
                    return out
                seen = el.label == label
            elif seen and kind == "Error":
                out.append(el.value)
    return out


def _walk(node):
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            yield from _walk(child)
    else:
        yield node


def test_setup_shows_each_problem_under_its_field_and_keeps_the_input(app_env) -> None:
    at = open_anonymous_staff_path("setup")
    at.text_input[0].input("chief")
    at.text_input[1].input("")
    at.text_input[2].input("short")
    at.text_input[3].input("shorter")
    at.button[0].click().run()
    assert not at.exception
    assert _under(at, "姓名") == ["请填写姓名。"]
    assert _under(at, "再输一次密码") == ["两次输入的密码不一样。"]
    assert [w.value for w in at.text_input] == ["chief", "", "short", "shorter"]
    at.text_input[1].input("王局长")
    at.text_input[2].input(PASSWORD)
    at.text_input[3].input(PASSWORD)
    at.button[0].click().run()
    assert "组织方账号已建好，现在用它登录。" in [s.value for s in at.success]


def test_my_account_wrong_current_password_stands_under_it(app_env) -> None:
    at = open_staff_page(app_env, "account")
    at.text_input[0].input("not-my-password")
    at.text_input[1].input(PASSWORD + "x")
    at.text_input[2].input(PASSWORD + "x")
    at.button[0].click().run()
    assert not at.exception
    assert len(_under(at, "当前密码")) == 1
    assert not _under(at, "新密码")
    assert at.text_input[1].value == PASSWORD + "x"


def test_new_account_without_company_asks_under_the_company(app_env) -> None:
    at = open_staff_page(app_env, "accounts")
    at.text_input[0].input("rec9")
    at.text_input[1].input("何招聘")
    at.selectbox[0].set_value("recruiter")
    at.text_input[3].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert any("招聘人员账号必须属于一家单位" in e.value for e in at.error)
    assert at.text_input[0].value == "rec9" and at.text_input[3].value == PASSWORD
