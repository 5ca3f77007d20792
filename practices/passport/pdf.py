"""The printable passport (F-PLUS-6, issue 19 item 6): a PDF of the passport for the regional interdepartmental
commission that reviews a practice before it is submitted (seed 000, п. 2.1.1) — the region, every section of
the passport (Прил.2), the team with positions, the list of materials, the version and the date.

choice: WeasyPrint renders an HTML template of its own (``practices/passport/pdf.html``) from the same rows
the practice page reads (``passport_data``: the practice with the page's joins and prefetches), server-side:
the file is the same for everyone, is attached to a letter or printed for the commission's meeting without
a browser, and carries its fonts. The browser's print of the page was the other option; it depends on the
reader's browser, fonts and margins, and a commission needs one document to sign off. The Cyrillic font is
DejaVu Sans, vendored from the npm package ``dejavu-fonts-ttf`` into static/fonts/dejavu (its licence beside
it) and embedded (subset) in the PDF — no system font is relied on.

The style sheet is static/css/passport-pdf.css (no <style> in templates, issue 15 item 2). The renderer
fetches nothing but those font files (``fonts_fetcher``): passport texts are escaped by the template
and any other URL is refused, so a passport cannot make the server read a file or call a host.
"""

from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone

from practices.models import Material, MaterialKind, Practice, TeamMember
from practices.passport.completeness import SECTIONS
from practices.passport.forms import CONFIRMATION_LABELS, PRIL2

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "dejavu"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "passport-pdf.css"
# the headings every PDF has, in order (the sections of Прил.2 as the passport pages name them, then
# the materials and the team); the test reads them back from the PDF
MATERIALS_HEADING = "Материалы практики"
TEAM_HEADING = "Команда практики"
HEADINGS = [title for _slug, title in SECTIONS] + [MATERIALS_HEADING, TEAM_HEADING]


def passport_data(pk, *, full):
    """The practice with what the passport shows, fetched at a constant number of queries. ``full``:
    the reader may see the draft — every material is listed; otherwise only the public ones (as on the
    practice page)."""
    materials = Material.objects.select_related("file")
    if not full:
        materials = materials.filter(is_public=True)
    return (Practice.objects.select_related("category", "region__federal_district", "cost_range", "organisation_type",
                                            "author")
            .prefetch_related(
                "results", "rating_indicators__rating", "implementation_methods", "third_parties",
                "implemented_regions", "versions",
                Prefetch("materials", queryset=materials, to_attr="listed_materials"),
                Prefetch("team", queryset=TeamMember.objects.filter(user__isnull=False)
                         .select_related("user", "user__organisation_type").order_by("pk"), to_attr="members"))
            .defer("search_vector").get(pk=pk))


def fonts_fetcher():
    """WeasyPrint's URL fetcher for the passport: ``file:`` URLs of the vendored fonts and nothing else; a
    failure stops the rendering (``fail_on_errors``) instead of falling back to a system font."""
    from weasyprint.urls import URLFetcher

    prefix = FONTS_DIR.resolve().as_uri() + "/"

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(prefix) or ".." in url:
                raise ValueError(f"not fetched: {url[:80]}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=("file",), fail_on_errors=True)


def context(practice, *, now=None):
    order = {value: i for i, value in enumerate(MaterialKind.values)}
    materials = sorted(practice.listed_materials, key=lambda m: (order.get(m.kind, len(order)), m.pk))
    versions = list(practice.versions.all())
    latest = max(versions, key=lambda v: v.number) if versions else None
    return {
        "practice": practice, "pril2": PRIL2, "sections": dict(SECTIONS),
        "confirmations": [(label, getattr(practice, name)) for name, label in CONFIRMATION_LABELS.items()],
        "materials": materials, "members": practice.members, "version": latest,
        "generated_at": timezone.localtime(now or timezone.now()),
        "materials_heading": MATERIALS_HEADING, "team_heading": TEAM_HEADING,
    }


def render_pdf(practice, *, now=None):
    """The PDF's bytes (``practice`` as ``passport_data`` returns it)."""
    from weasyprint import CSS, HTML  # imported on use: it loads Pango
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string("practices/passport/pdf.html", context(practice, now=now))
    fetcher, fonts = fonts_fetcher(), FontConfiguration()  # @font-face needs the font configuration
    stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=fetcher, font_config=fonts)
    return HTML(string=html, url_fetcher=fetcher, base_url=FONTS_DIR.resolve().as_uri() + "/").write_pdf(
        stylesheets=[stylesheet], font_config=fonts)
