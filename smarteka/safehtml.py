"""User text that becomes HTML (issue 15 item 4): the one place that renders links or formatting.

Every user text is escaped by the templates' autoescape (``{{ value|linebreaksbr }}`` stays escaped);
what must become markup — a link a user typed (a material's «ссылка»), formatting — goes through nh3
with one allow-list: ``a, p, br, ul, ol, li, strong, em``; links only to ``http``, ``https`` and
``mailto``, and every link gets ``rel="noopener noreferrer nofollow"``. A ``javascript:``/``data:`` link
loses its ``href`` and stays plain text.

    {% load smarteka %}{% user_link m.url m.display_name %}
"""

from urllib.parse import urlsplit

import nh3
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"a", "p", "br", "ul", "ol", "li", "strong", "em"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "target"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"


def clean(html):
    """``html`` reduced to the allow-list (a safe string for a template)."""
    return mark_safe(nh3.clean(str(html), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                               url_schemes=URL_SCHEMES, link_rel=LINK_REL, strip_comments=True))


def is_safe_url(url):
    """Whether a user's link may be an ``href``: an absolute http/https/mailto URL (no relative or
    protocol-relative link, no ``javascript:``, ``data:``, ``vbscript:``; control characters refused)."""
    url = str(url or "").strip()
    if not url or any(ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in URL_SCHEMES:
        return False
    return parts.scheme.lower() == "mailto" or bool(parts.netloc)


def user_link(url, text=None, *, new_tab=True):
    """``<a href="url" rel="noopener noreferrer nofollow">text</a>`` for a link a user typed; an unsafe
    ``url`` renders as the escaped text only (never an ``href``)."""
    label = text if text not in (None, "") else url
    if not is_safe_url(url):
        return format_html("<span>{}</span>", label)
    html = format_html('<a href="{}"{}>{}</a>', str(url).strip(), mark_safe(' target="_blank"') if new_tab else "",
                       label)
    return clean(html)


def user_text(value):
    """A user's multi-line text as paragraphs: escaped first, then the allow-list (no markup of theirs
    survives; the line breaks become ``<p>``/``<br>``)."""
    if value in (None, ""):
        return ""
    return clean(linebreaks(escape(str(value))))
