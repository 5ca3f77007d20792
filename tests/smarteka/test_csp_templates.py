"""Issue 15 item 2: no template carries what the Content-Security-Policy refuses.

The browser test (tests/e2e/test_csp.py) visits the main pages; this scan covers every page template,
including those no browser test opens: no inline <script> (a ``type="application/json"`` data block from
``json_script`` is not executed and stays allowed), no <style> element, no ``style="…"`` attribute, no
``on…=`` handler, no ``javascript:`` URL. E-mail templates are read by mail programs, not under the site's
policy, and keep their inline styles."""

import re

from tests.production import BASE_DIR

EMAIL_FOLDERS = ("emails", "accounts/email")
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I),
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"""\sstyle\s*=\s*["']""", re.I),
    "event handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


COMMENTS = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.S)


def page_templates():
    root = BASE_DIR / "templates"
    for path in sorted(root.rglob("*.html")):
        relative = path.relative_to(root).as_posix()
        if not relative.startswith(EMAIL_FOLDERS):
            yield relative, COMMENTS.sub("", path.read_text())


def test_no_page_template_has_inline_script_style_or_handlers():
    found = [f"{name}: {what} «{match.group(0)}»"
             for name, text in page_templates()
             for what, pattern in FORBIDDEN.items()
             for match in pattern.finditer(text)]
    assert found == []


def test_the_scan_sees_what_it_forbids():
    samples = ['<script>alert(1)</script>', '<div style="color:red">', '<button onclick="x()">',
               '<a href="javascript:void(0)">', '<style>p{}</style>']
    for sample in samples:
        assert any(p.search(sample) for p in FORBIDDEN.values()), sample
    assert not any(p.search('<script src="/static/js/x.js"></script>') for p in FORBIDDEN.values())
    assert not any(p.search('<script id="d" type="application/json">{}</script>') for p in FORBIDDEN.values())
