"""Streamlit's own frontend words in the chosen language, where no setting or other widget removes them.

Streamlit draws a few English strings itself that a villager meets on a Chinese page: accessible labels
("Open" on a select box's arrow, "Show password", "Help for …", "Running..."), the skip link, and the
select box's "No results" / "N options available." announcements. None can be translated through
Streamlit, so seeker pages avoid the widgets that draw most of them (docs/ARCHITECTURE.md, "Chinese
everywhere"), CSS hides decoration nobody needs (`runtime.style`), and this small script rewrites the rest
in the browser: a MutationObserver maps each known English string to its Chinese text (and back when the
person switches to English). Only exact, known strings of Streamlit's frontend are touched; no page text.

The script is static (no user data) and is sent once per script run of a public page (staff pages keep
Streamlit's English labels); it installs its observer once per browser tab and only switches language on
later runs.
"""

from __future__ import annotations

import json

import streamlit as st

# Streamlit frontend string -> Simplified Chinese. Exact strings; see _PATTERNS for the ones with a number.
TEXTS: dict[str, str] = {
    "Skip to main content": "跳到正文",
    "No results": "没有找到",
    "Open": "展开选项",
    "Close": "关闭",
    "Dismiss": "关闭",
    "Clear value": "清除",
    "Clear all": "全部清除",
    "Clear entry": "清除",
    "Selected values": "已选",
    "Select all": "全选",
    "Choose an option": "请选择",
    "Choose options": "请选择",
    "Show password": "显示密码",
    "Hide password": "隐藏密码",
    "Increment": "加一",
    "Decrement": "减一",
    "Running...": "正在处理…",
    "Stop": "停止",
    "Link to heading": "链接到这个标题",
    "Sidebar": "侧边栏",
    "Expand sidebar": "展开侧边栏",
    "Collapse sidebar": "收起侧边栏",
    "Main menu": "菜单",
    "App pages": "页面",
    "Press Enter to submit form": "按回车键提交",
    "Press Enter to apply": "按回车键确认",
    "Fullscreen": "全屏",  # an image's toolbar (the ticket's QR code), seen by test_ticket_courses_browser.py
    "Close fullscreen": "退出全屏",
}
# (regular expression, replacement with $1) for strings that carry a number or a label.
PATTERNS: list[tuple[str, str, str]] = [
    (r"^(\d+) options? available\.?$", "共$1项可选。", "$1 options available."),
    (r"^Select (\d+) match(?:es)?$", "选中这$1项", "Select $1 matches"),
    (r"^Help for (.+)$", "$1：说明", "Help for $1"),
    (r"^Remove (.+)$", "删除$1", "Remove $1"),
]

_SCRIPT = """<script>
(() => {
  const lang = %(lang)s, texts = %(texts)s, patterns = %(patterns)s;
  const state = window.__portalFrontendText || (window.__portalFrontendText = {lang: null});
  state.lang = lang;
  if (state.installed) { state.sweep(document.body); return; }
  state.installed = true;
  const back = Object.fromEntries(Object.entries(texts).map(([en, zh]) => [zh, en]));
  const compiled = patterns.map(([re, zh, en]) => [new RegExp(re), zh, en,
    new RegExp('^' + zh.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&').replace('\\\\$1', '(.+?)') + '$')]);
  const convert = (value) => {
    if (!value) return null;
    const s = value.trim();
    if (state.lang === 'zh_CN') {
      if (texts[s]) return texts[s];
      for (const [re, zh] of compiled) if (re.test(s)) return s.replace(re, zh);
    } else {
      if (back[s]) return back[s];
      for (const [, , en, zhRe] of compiled) if (zhRe.test(s)) return s.replace(zhRe, en);
    }
    return null;
  };
  const ATTRS = ['aria-label', 'placeholder', 'title', 'alt'];
  const PAGE_TEXT = '[data-testid="stMarkdownContainer"], [data-testid="stText"], [data-testid="stCode"], textarea';
  const fixElement = (el) => {
    for (const name of ATTRS) {
      const v = el.getAttribute && el.getAttribute(name);
      const c = convert(v);
      if (c && c !== v) el.setAttribute(name, c);
    }
  };
  const fixText = (node) => {
    const parent = node.parentElement;
    if (!parent || parent.closest(PAGE_TEXT)) return;
    const c = convert(node.nodeValue);
    if (c && c !== node.nodeValue.trim()) node.nodeValue = c;
  };
  state.sweep = (root) => {
    if (!root) return;
    if (root.nodeType === 3) { fixText(root); return; }
    if (root.nodeType !== 1) return;
    fixElement(root);
    for (const el of root.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) fixElement(el);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) fixText(n);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') fixElement(r.target);
      else if (r.type === 'characterData') fixText(r.target);
      else for (const n of r.addedNodes) state.sweep(n);
    }
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ATTRS});
  state.sweep(document.body);
})();
</script>"""


def install(language: str) -> None:
    """Put the script on the page (in a hidden container); call once per run, from the shell."""
    with st.container(key="frontend_text"):
            st.html(_SCRIPT % {"lang": json.dumps(language), "texts": json.dumps(TEXTS, ensure_ascii=False),
                           "patterns": json.dumps(PATTERNS, ensure_ascii=False)},
                unsafe_allow_javascript=True)
