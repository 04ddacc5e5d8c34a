"""A ruff-like guard: a page or component that passes a field someone typed (a name, a title, a description, a
note) to a Streamlit element that renders Markdown must wrap it in `components.text.literal()`.

Pragmatic, by syntax: inside the arguments of a Markdown-rendering call (`st.markdown`, `st.caption`, the alerts,
headings, `st.table`, widget and expander labels, radio/pills options, toasts, …), an attribute named like a
user field (`x.name`, `x.title`, `x.description`, …) must sit inside `literal(…)`, or inside `_(…)` (a message
id, e.g. a route's title). Values built elsewhere and passed in by variable are not seen here: the pages are
opened with hostile text everywhere by tests/security/test_access_matrix.py, and tests/security/test_literal_pages.py
follows the public board, the kiosk board, the match cards and the ticket page.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Streamlit calls whose every text argument is Markdown
TEXT = {"markdown", "write", "caption", "info", "warning", "error", "success", "title", "header", "subheader",
        "toast", "table", "latex"}
# widgets and containers: the label (first argument), help, and the options/format_func where they are Markdown
LABELLED = {"button", "checkbox", "toggle", "radio", "pills", "segmented_control", "expander", "tabs", "metric",
            "page_link", "link_button", "popover", "download_button", "form_submit_button", "text_input",
            "text_area", "number_input", "date_input", "time_input", "slider", "select_slider", "file_uploader",
            "camera_input", "color_picker", "feedback", "dialog", "selectbox", "multiselect"}
MARKDOWN_KEYWORDS = {"label", "help", "body", "caption"}
OPTION_KEYWORDS = {"options", "format_func"}  # Markdown for radio, pills, segmented_control; plain in select boxes
MARKDOWN_OPTIONS = {"radio", "pills", "segmented_control"}
USER_FIELDS = {"name", "title", "description", "employer_name", "display_name", "note", "contact_name", "village",
               "head_name", "next_step", "by_whom", "cadre_name", "seeker_name", "vacancy_title", "new_employer",
               "resolution", "reason", "employer", "registered_name", "claimed_name", "recorded_by", "gender_basis",
               "venue", "campaign", "course_name", "household_name", "village_name"}
SAFE_WRAPPERS = {"literal", "_", "N_", "len", "format_ticket_code", "mask_name", "isoformat"}
# (file, expression) checked by hand: not user text
ALLOWED = {
    ("pages/public/home.py", "county.display_name"),  # the county's name, from config/county.toml
    ("components/charts.py", "title"), ("components/charts.py", "note"),  # callers pass translated words
    ("components/import_report.py", "title"),  # built above with literal(g.column)
    ("components/repair_left_out.py", "title"),  # built above with literal(item.name), literal(item.village)
    ("components/stage_controls.py", "title"),  # built above with literal(seeker_name), literal(vacancy_title)
    ("components/subsidy_report_view.py", "title"),  # a rule's kind (translated), code, version and sums
    ("components/seeker_card.py", "name"),  # the translated names of the facts, not a person's
}


def _files() -> list[Path]:
    return sorted(p for folder in ("pages", "components") for p in (ROOT / folder).rglob("*.py") if not p.is_symlink())


def _callee(node: ast.Call) -> str | None:
    """`markdown` for st.markdown(...), st.sidebar.markdown(...), col.markdown(...) and the like."""
    return node.func.attr if isinstance(node.func, ast.Attribute) else None


def _checked_parts(call: ast.Call, name: str) -> list[ast.AST]:
    if name in TEXT:
        return [*call.args, *(k.value for k in call.keywords)]
    parts: list[ast.AST] = call.args[:1] + [k.value for k in call.keywords if k.arg in MARKDOWN_KEYWORDS]
    if name in MARKDOWN_OPTIONS:
        parts += call.args[1:2] + [k.value for k in call.keywords if k.arg in OPTION_KEYWORDS]
    return parts


def _unwrapped(part: ast.AST) -> list[ast.expr]:
    """User fields in `part` (`x.title`, or a variable called `title`) not inside a safe wrapper call."""
    found: list[ast.expr] = []

    def visit(node: ast.AST, safe: bool) -> None:
        if isinstance(node, ast.Call):
            func = node.func
            fname = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            safe = safe or fname in SAFE_WRAPPERS
        if not safe and ((isinstance(node, ast.Attribute) and node.attr in USER_FIELDS)
                         or (isinstance(node, ast.Name) and node.id in USER_FIELDS)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child, safe)

    visit(part, False)
    return found


def findings() -> list[str]:
    out = []
    for path in _files():
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _callee(node)
            if name not in TEXT | LABELLED:
                continue
            for part in _checked_parts(node, name):
                for attr in _unwrapped(part):
                    if (rel, ast.unparse(attr)) not in ALLOWED:
                        out.append(f"{rel}:{attr.lineno}: {ast.unparse(attr)} reaches st.{name} without literal()")
    return out


def test_user_fields_reach_markdown_only_through_literal() -> None:
    found = findings()
    assert not found, "wrap these in components.text.literal():\n" + "\n".join(found)


def test_the_guard_sees_a_bare_field() -> None:
    bad = ast.parse('st.markdown(f"**{card.title}**")\nst.caption(_("By {n}").format(n=user.display_name))\n'
                    'st.markdown(literal(card.title))\nst.selectbox("x", ids, format_func=lambda i: rows[i].name)\n'
                    'st.radio("x", ids, format_func=lambda i: rows[i].name)')
    calls = [n for n in ast.walk(bad) if isinstance(n, ast.Call) and _callee(n) in TEXT | LABELLED]
    flagged = {ast.unparse(a) for c in calls for p in _checked_parts(c, _callee(c) or "") for a in _unwrapped(p)}
    assert flagged == {"card.title", "user.display_name", "rows[i].name"}
