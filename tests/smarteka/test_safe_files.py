"""issue 15 item 4: every file the site sends is a download — ``Content-Disposition: attachment`` (a
correct RFC 5987 ``filename*`` for a Cyrillic name) and ``X-Content-Type-Options: nosniff`` — and an
HTML or SVG file is refused at upload whatever its name (F-FILE-1)."""

import inspect

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from practices.models import Material, MaterialKind, TeamMember
from smarteka.files import validators
from smarteka.files.models import StoredFile
from smarteka.files.services import store_upload
from tests import factories
from tests.smarteka.test_files import docx_bytes

pytestmark = pytest.mark.django_db

SVG = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)">'
       b'<script>alert(1)</script></svg>')
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
POLYGLOT = b"<html><script>alert(1)</script><!-- %PDF-1.4 -->\n" + factories.pdf_upload().read()


def _patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _serves_files(view):
    """A view that sends file bytes (its source builds a file response)."""
    try:
        source = inspect.getsource(inspect.unwrap(view))
    except (OSError, TypeError):
        return False
    return any(marker in source for marker in ("FileResponse", "attachment_response", "StreamingHttpResponse",
                                               "as_attachment", "Content-Disposition"))


# every file-serving URL name -> how to reach it as someone allowed: (user, url, expected name)
def _file_urls(author):
    pdf = store_upload(factories.pdf_upload("Протокол комиссии.pdf"), by=author, owner=author)
    png = store_upload(SimpleUploadedFile("Схема проезда.png", factories.image_bytes(fmt="PNG")), by=author,
                       is_public=True)
    docx = store_upload(SimpleUploadedFile("Report.docx", docx_bytes()), by=author, owner=author)
    author.photo.save("photo.png", ContentFile(factories.image_bytes(fmt="PNG")), save=True)
    practice = factories.PracticeFactory(author=author)
    TeamMember.objects.create(practice=practice, user=author)
    practice.cover_thumbnail.save("thumb.jpg", ContentFile(factories.image_bytes()), save=True)
    return {
        "files:download": [(reverse("files:download", args=[pdf.pk]), "%D0%9F%D1%80%D0%BE%D1%82%D0%BE%D0%BA%D0%BE%D0%BB"),
                           (reverse("files:download", args=[png.pk]), "%D0%A1%D1%85%D0%B5%D0%BC%D0%B0"),
                           (reverse("files:download", args=[docx.pk]), 'filename="Report.docx"')],
        "accounts:photo": [(reverse("accounts:photo", args=[author.pk]), "photo.png")],
        "practices:thumbnail": [(reverse("practices:thumbnail", args=[practice.pk]), f"practice-{practice.pk}.jpg")],
        # F-PLUS-6: the printable passport of the author's own draft
        "practices:passport_pdf": [(reverse("practices:passport_pdf", args=[practice.pk]), f"passport-{practice.pk}.pdf")],
    }


def test_issue_15_item_4_every_file_url_is_an_attachment_with_nosniff(client, author):
    urls = _file_urls(author)
    serving = {f"{p.callback.__module__}.{p.callback.__name__}" for _route, p in _patterns()
               if _serves_files(p.callback)}
    listed = set()
    for name in urls:
        match = get_resolver().resolve(reverse(name, args=_sample_args(name)))
        listed.add(f"{match.func.__module__}.{match.func.__name__}")
    assert len(serving) >= 3 and serving <= listed, f"file-serving views without a case here: {serving - listed}"
    client.force_login(author)
    for name, cases in urls.items():
        for url, expected_name in cases:
            response = client.get(url)
            assert response.status_code == 200, (name, url)
            disposition = response["Content-Disposition"]
            assert disposition.startswith("attachment;"), (name, disposition)
            assert expected_name in disposition, (name, disposition)
            assert response["X-Content-Type-Options"] == "nosniff", name
            assert response["Content-Type"] in validators_content_types(), (name, response["Content-Type"])
            assert b"".join(response.streaming_content), name
    # the storage itself is never a web root: not under MEDIA_URL, not through the static files
    for stored in StoredFile.objects.all():
        assert client.get(settings.MEDIA_URL + stored.file.name).status_code == 404
        assert client.get(settings.STATIC_URL + stored.file.name).status_code == 404


def _sample_args(name):
    return ["00000000-0000-0000-0000-000000000000"] if name == "files:download" else [1]


def validators_content_types():
    return {kind.content_type for kind in validators.KINDS.values()}


def test_issue_15_item_4_cyrillic_name_is_rfc_5987(client, author):
    stored = store_upload(factories.pdf_upload("Согласие на обработку ПД.pdf"), by=author, owner=author)
    client.force_login(author)
    disposition = client.get(reverse("files:download", args=[stored.pk]))["Content-Disposition"]
    assert disposition == ("attachment; filename*=utf-8''%D0%A1%D0%BE%D0%B3%D0%BB%D0%B0%D1%81%D0%B8%D0%B5%20"
                           "%D0%BD%D0%B0%20%D0%BE%D0%B1%D1%80%D0%B0%D0%B1%D0%BE%D1%82%D0%BA%D1%83%20%D0%9F%D0%94.pdf")


def test_issue_15_item_4_pdf_and_images_are_no_longer_served_inline(client, author):
    """Before: PDFs and images went out ``inline``; an ``<img>`` shows an attachment all the same."""
    png = store_upload(SimpleUploadedFile("Схема.png", factories.image_bytes(fmt="PNG")), by=author, is_public=True)
    pdf = store_upload(factories.pdf_upload("Письмо.pdf"), by=author, is_public=True)
    for stored in (png, pdf):
        response = client.get(reverse("files:download", args=[stored.pk]))
        assert response["Content-Disposition"].startswith("attachment")


def test_issue_15_item_4_unknown_stored_content_type_goes_out_as_octet_stream(client, author):
    stored = store_upload(factories.pdf_upload("a.pdf"), by=author, owner=author)
    type(stored).objects.filter(pk=stored.pk).update(content_type="text/html")
    client.force_login(author)
    response = client.get(reverse("files:download", args=[stored.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_issue_15_item_4_control_characters_in_a_name_never_break_the_header(client, author):
    stored = store_upload(factories.pdf_upload("a.pdf"), by=author, owner=author)
    type(stored).objects.filter(pk=stored.pk).update(original_name="evil\r\nSet-Cookie: x=1.pdf")
    client.force_login(author)
    response = client.get(reverse("files:download", args=[stored.pk]))
    assert response.status_code == 200
    assert "\n" not in response["Content-Disposition"] and "Set-Cookie" not in response.cookies


@pytest.mark.parametrize(("name", "body", "what"), [
    ("logo.png", SVG, "изображение SVG"), ("scheme.svg", SVG, "недопустимый формат"),
    ("report.pdf", HTML, "HTML-страница"), ("photo.jpg", HTML, "HTML-страница"),
    ("letter.pdf", POLYGLOT, "HTML-страница"), ("page.html", HTML, "недопустимый формат"),
])
def test_issue_15_item_4_svg_or_html_upload_is_refused_whatever_its_name(client, author, name, body, what):
    practice = factories.PracticeFactory(author=author)
    TeamMember.objects.create(practice=practice, user=author)
    client.force_login(author)
    response = client.post(reverse("practices:materials", args=[practice.pk]),
                           {"kind": MaterialKind.NORMATIVE_ACT, "file": SimpleUploadedFile(name, body)})
    assert response.status_code == 400
    assert what in response.content.decode()
    assert not Material.objects.filter(practice=practice).exists()


def test_issue_15_item_4_markup_is_detected_by_content():
    assert validators.detect(SVG) == (None, "изображение SVG")
    assert validators.detect(b"\xef\xbb\xbf  " + HTML) == (None, "HTML-страница")
    assert validators.detect(POLYGLOT)[0] is None
    assert validators.detect(b"JUNK<script>alert(1)</script>%PDF-1.4\n%%EOF") == (None, "HTML-страница со вставкой PDF")
    assert validators.detect(factories.pdf_upload().read()) == ("pdf", None)
    assert validators.detect(factories.image_bytes(fmt="PNG")) == ("png", None)
