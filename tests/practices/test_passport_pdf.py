"""F-PLUS-6 (issue 19 item 6): the printable passport for the regional commission (seed 000, п. 2.1.1) —
a PDF with the region, every section, the team with positions, the materials, the version and the date;
a Cyrillic font embedded; to whoever may see the draft (404 to anyone else) and to everyone once published."""

from pathlib import Path

import pypdf
import pytest
from django.core.cache import cache
from django.urls import reverse

from practices.models import Material, MaterialKind, Practice, PracticeState
from practices.passport.pdf import HEADINGS
from tests import factories

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "passport-pdf"


def read_pdf(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF-")
    reader = pypdf.PdfReader(__import__("io").BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return content, reader, " ".join(text.split())


def embedded_fonts(reader):
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor and any(k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    names.add(str(font["/BaseFont"]))
    return names


@pytest.fixture
def draft(author):
    practice = factories.complete_practice(author, title="Бережливая поликлиника Приамурья")
    Material.objects.filter(practice=practice).update(is_public=False)
    Material.objects.filter(practice=practice, kind=MaterialKind.PRESENTATION).update(is_public=True,
                                                                                      title="Презентация для всех")
    Material.objects.filter(practice=practice, kind=MaterialKind.ROADMAP).update(title="Дорожная карта для комиссии")
    author.position = "Заместитель министра здравоохранения"
    author.save()
    return practice


def test_f_plus_6_the_author_downloads_the_draft_passport_with_every_section_team_and_materials(
        client, author, draft):
    client.force_login(author)
    content, reader, text = read_pdf(client.get(reverse("practices:passport_pdf", args=[draft.pk])))
    assert "Бережливая поликлиника Приамурья" in text
    assert str(draft.region) in text
    for heading in HEADINGS:
        assert heading in text, heading
    for question in ("Как называется практика?", "Сколько стоила реализация?", "Опишите суть практики"):
        assert question in text
    assert "Заместитель министра здравоохранения" in text and "Петров" in text  # the team with positions
    assert "Дорожная карта для комиссии" in text and "Презентация для всех" in text  # every material
    assert "черновик, ещё не подавался" in text and "сформирован" in text  # version and date
    assert any("DejaVu" in name for name in embedded_fonts(reader)), embedded_fonts(reader)
    assert len(content) < 600_000  # the font is subset, not the whole file

    # the first page as a user sees it, rendered without a browser (test-artifacts/passport-pdf/)
    import pypdfium2

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    document = pypdfium2.PdfDocument(content)
    image = document[0].render(scale=1.5).to_pil()
    image.save(ARTIFACTS / "first-page.png")
    for number in range(1, len(document)):  # the rest, for a look at the team and materials
        document[number].render(scale=1.5).to_pil().save(ARTIFACTS / f"page-{number + 1}.png")
    assert image.size[0] > 800 and image.getextrema() != ((255, 255), (255, 255), (255, 255))


def test_f_plus_6_the_draft_pdf_is_404_to_those_who_may_not_see_the_draft(
        client, draft, outsider, coordinator, coordinator_of_other_region):
    url = reverse("practices:passport_pdf", args=[draft.pk])
    assert client.get(url).status_code == 404
    for user in (outsider, coordinator_of_other_region):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_f_plus_6_a_published_passport_is_everyones_with_the_public_materials_and_its_version(
        client, practice_in, author):
    practice = practice_in(PracticeState.PUBLISHED, title="Бережливая поликлиника")
    Material.objects.filter(practice=practice, kind=MaterialKind.ROADMAP).update(is_public=False,
                                                                                title="Внутренняя дорожная карта")
    url = reverse("practices:passport_pdf", args=[practice.pk])
    _, _, text = read_pdf(client.get(url))
    assert "Бережливая поликлиника" in text
    version = Practice.objects.get(pk=practice.pk).versions.order_by("-number").first()
    assert f"версия {version.number} от {version.created_at:%d.%m.%Y}" in text
    assert "Внутренняя дорожная карта" not in text  # not public: only those who see the draft get it
    client.force_login(author)
    _, _, text = read_pdf(client.get(url))
    assert "Внутренняя дорожная карта" in text


def test_f_plus_6_the_practice_page_and_the_preview_link_the_pdf(client, practice_in, author, draft):
    published = practice_in(PracticeState.PUBLISHED)
    html = client.get(reverse("practices:detail", args=[published.pk])).content.decode()
    assert f'href="{reverse("practices:passport_pdf", args=[published.pk])}"' in html and "Скачать PDF" in html
    client.force_login(author)
    html = client.get(reverse("practices:preview", args=[draft.pk])).content.decode()
    assert f'href="{reverse("practices:passport_pdf", args=[draft.pk])}"' in html


def test_f_plus_6_the_public_pdf_is_rendered_once_until_a_public_practice_changes(
        client, settings, author, monkeypatch):
    cache.clear()
    practice = factories.published_practice(author, title="Кэшируемый паспорт")
    from practices.passport import pdf

    calls = []
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda *a, **k: calls.append(1) or real(*a, **k))
    url = reverse("practices:passport_pdf", args=[practice.pk])
    read_pdf(client.get(url))
    read_pdf(client.get(url))
    assert len(calls) == 1
    cache.clear()


def test_f_plus_6_the_renderer_fetches_its_vendored_fonts_and_nothing_else(author, monkeypatch):
    from practices.passport import pdf

    fetcher = pdf.fonts_fetcher()
    for url in ("file:///etc/passwd", "http://169.254.169.254/latest/meta-data/",
                (pdf.FONTS_DIR / ".." / ".." / "css" / "smarteka.css").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    fetched = []
    real = pdf.fonts_fetcher

    def spying():
        inner = real()
        original = inner.fetch
        inner.fetch = lambda url, headers=None: fetched.append(url) or original(url, headers)
        return inner

    monkeypatch.setattr(pdf, "fonts_fetcher", spying)
    practice = factories.published_practice(author, title="Шрифт")
    pdf.render_pdf(pdf.passport_data(practice.pk, full=False))
    assert any(url.endswith("/static/fonts/dejavu/DejaVuSans.ttf") for url in fetched), fetched
