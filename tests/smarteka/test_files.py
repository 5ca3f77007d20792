"""F-FILE-1: uploads checked by content, stored privately, served only to those allowed."""

import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from smarteka.files.forms import ContentCheckedFileField
from smarteka.files.models import StoredFile
from smarteka.files.services import store_upload
from smarteka.files.validators import validate_upload
from tests import factories

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name="protocol.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def xlsx_bytes():
    workbook = Workbook()
    workbook.active["A1"] = "Показатель"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def ole2_bytes(stream="WordDocument"):
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + stream.encode("utf-16-le") + b"\x00" * 100


EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" * 10


@pytest.mark.parametrize(
    "name, data, kind",
    [
        ("Протокол комиссии.pdf", PDF_BYTES, "pdf"),
        ("Паспорт практики.docx", docx_bytes(), "docx"),
        ("Показатели.xlsx", xlsx_bytes(), "xlsx"),
        ("Описание.odt", odt_bytes(), "odt"),
        ("Старый.doc", ole2_bytes("WordDocument"), "doc"),
        ("Таблица.xls", ole2_bytes("Workbook"), "xls"),
        ("Схема.png", factories.image_bytes(fmt="PNG"), "png"),
        ("Фото.JPG", factories.image_bytes(fmt="JPEG"), "jpeg"),
    ],
    ids=["pdf", "docx", "xlsx", "odt", "doc", "xls", "png", "jpeg"],
)
def test_f_file_1_real_documents_and_images_are_accepted_by_content(name, data, kind):
    assert validate_upload(SimpleUploadedFile(name, data)).kind == kind


def test_f_file_1_renamed_exe_as_pdf_is_refused_with_russian_message():
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("x.pdf", EXE_BYTES), kinds=("pdf", "docx"))
    assert caught.value.messages == [
        "Файл «x.pdf» не является документом PDF: по содержимому это исполняемый файл. "
        "Допустимые форматы: PDF, DOCX."
    ]


def test_f_file_1_text_file_renamed_docx_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("passport.docx", "Просто текст, не документ".encode()))
    assert "не является документом Word (DOCX): по содержимому это текстовый файл" in caught.value.messages[0]


def test_f_file_1_zip_without_word_parts_renamed_docx_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("passport.docx", buffer.getvalue()))
    assert "по содержимому это архив ZIP" in caught.value.messages[0]


def test_f_file_1_ole2_installer_renamed_doc_is_refused():
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("setup.doc", ole2_bytes("SummaryInformation")))


def test_f_file_1_pdf_named_as_image_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("photo.png", PDF_BYTES), kinds=("png", "jpeg"))
    assert caught.value.messages == [
        "Файл «photo.png» не является изображением PNG: по содержимому это документ PDF. "
        "Допустимые форматы: PNG, JPG."
    ]


def test_f_file_1_extension_outside_allowed_kinds_is_refused():
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("setup.exe", EXE_BYTES), kinds=("pdf",))
    assert caught.value.messages == ["Файл «setup.exe» имеет недопустимый формат. Допустимые форматы: PDF."]


def test_f_file_1_file_over_20_mb_is_refused():
    data = b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024)
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("big.pdf", data))
    assert caught.value.code == "too_large"
    assert "Файл «big.pdf» слишком большой" in caught.value.messages[0]
    assert "Максимальный размер файла — 20,0\xa0МБ" in caught.value.messages[0]


class MaterialForm(forms.Form):
    material = ContentCheckedFileField(label="Материал", kinds=("pdf", "docx"))


def test_f_file_1_form_field_reports_russian_error_at_the_field():
    form = MaterialForm(data={}, files={"material": SimpleUploadedFile("x.pdf", EXE_BYTES)})
    assert not form.is_valid()
    assert form.errors["material"] == [
        "Файл «x.pdf» не является документом PDF: по содержимому это исполняемый файл. "
        "Допустимые форматы: PDF, DOCX."
    ]
    html = str(form["material"])
    assert 'accept=".pdf,.docx"' in html
    assert MaterialForm(data={}, files={}).errors["material"] == ["Выберите файл."]


def test_f_file_1_form_field_accepts_a_real_pdf():
    form = MaterialForm(data={}, files={"material": pdf_upload()})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["material"].detected.kind == "pdf"


@pytest.mark.django_db
def test_f_file_1_store_upload_keeps_metadata_and_never_uses_user_name_as_path(author):
    stored = store_upload(pdf_upload("../../etc/Протокол.pdf"), by=author, owner=author, kind="protocol")
    stored.refresh_from_db()
    assert stored.original_name == "Протокол.pdf"
    assert stored.file_format == "pdf" and stored.content_type == "application/pdf"
    assert stored.size == len(PDF_BYTES)
    assert len(stored.sha256) == 64
    assert stored.uploaded_by == author and stored.owner == author and stored.is_public is False
    assert stored.file.name.startswith("files/")
    assert stored.file.name.endswith(f"/{stored.pk.hex}.pdf")
    assert "Протокол" not in stored.file.name and ".." not in stored.file.name
    with default_storage.open(stored.file.name, "rb") as handle:
        assert handle.read() == PDF_BYTES


@pytest.mark.django_db
def test_f_file_1_store_upload_refuses_bad_content_and_keeps_nothing(author):
    with pytest.raises(ValidationError):
        store_upload(SimpleUploadedFile("x.pdf", EXE_BYTES), by=author)
    assert not StoredFile.objects.exists()


@pytest.mark.django_db
def test_f_file_1_private_file_sends_anonymous_to_login(client, author, settings):
    settings.LOGIN_URL = "/accounts/login/"  # the accounts app names it accounts:login
    stored = store_upload(pdf_upload(), by=author, owner=author)
    url = reverse("files:download", args=[stored.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.django_db
def test_f_file_1_private_file_is_hidden_from_user_of_other_region(client, author, outsider):
    stored = store_upload(pdf_upload(), by=author, owner=author)
    client.force_login(outsider)
    assert client.get(reverse("files:download", args=[stored.pk])).status_code == 404


@pytest.mark.django_db
def test_f_file_1_uploader_downloads_private_file_with_original_name(client, author):
    stored = store_upload(pdf_upload("Протокол комиссии.pdf"), by=author, owner=author)
    client.force_login(author)
    response = client.get(reverse("files:download", args=[stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename*=utf-8''%D0%9F%D1%80%D0%BE%D1%82%D0%BE%D0%BA%D0%BE%D0%BB" in response["Content-Disposition"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_f_file_1_owner_hook_decides_for_others(client, author, coordinator, outsider, monkeypatch):
    """An owner model's rule ``download_file:<app_label>.<model_name>`` lets its app widen access."""
    from smarteka import permissions
    from smarteka.files.permissions import owner_rule

    monkeypatch.setitem(permissions._rules, owner_rule(author),
                        lambda user, f: user.region_id == f.owner.region_id)
    stored = store_upload(SimpleUploadedFile("Паспорт.docx", docx_bytes()), by=author, owner=author)
    url = reverse("files:download", args=[stored.pk])
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(outsider)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_f_file_1_public_file_is_served_to_anonymous(client, author):
    png = factories.image_bytes(fmt="PNG")
    stored = store_upload(SimpleUploadedFile("Схема.png", png), by=author, is_public=True)
    response = client.get(reverse("files:download", args=[stored.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_f_file_1_no_media_url_route_serves_stored_files(client, author, settings):
    stored = store_upload(pdf_upload(), by=author, is_public=True)
    assert client.get(settings.MEDIA_URL + stored.file.name).status_code == 404


@pytest.mark.django_db
def test_f_file_1_unknown_file_id_is_404(client, author):
    client.force_login(author)
    assert client.get(reverse("files:download", args=["00000000-0000-0000-0000-000000000000"])).status_code == 404


@pytest.mark.django_db
def test_f_file_1_remote_storage_redirects_to_short_signed_url_after_the_check(client, author, outsider,
                                                                               monkeypatch):
    stored = store_upload(pdf_upload("Протокол.pdf"), by=author)
    calls = []

    def no_local_path(name):
        raise NotImplementedError

    def signed_url(name, parameters=None, expire=None):
        calls.append((name, parameters, expire))
        return f"https://s3.example.ru/bucket/{name}?X-Amz-Signature=abc"

    storage = StoredFile._meta.get_field("file").storage
    monkeypatch.setattr(storage, "path", no_local_path)
    monkeypatch.setattr(storage, "url", signed_url)
    url = reverse("files:download", args=[stored.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert calls == []
    client.force_login(author)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("https://s3.example.ru/bucket/files/")
    (name, parameters, expire), = calls
    assert name == stored.file.name and expire <= 300
    assert parameters["ResponseContentType"] == "application/pdf"
    assert "Protokol" not in parameters["ResponseContentDisposition"]
    assert "%D0%9F%D1%80%D0%BE" in parameters["ResponseContentDisposition"]


@pytest.mark.django_db
def test_f_file_1_sweep_removes_bytes_of_rolled_back_uploads_only(outsider):
    """An upload whose transaction rolled back leaves bytes with no StoredFile; the nightly sweep
    deletes them after a grace period and keeps every file a row names."""
    import datetime

    import time_machine
    from django.core.files.base import ContentFile
    from django.db import transaction

    from smarteka.files.services import store_upload, sweep_orphans
    from smarteka.files.tasks import beat_schedule

    storage = StoredFile._meta.get_field("file").storage
    with time_machine.travel(datetime.datetime(2026, 11, 10, 12, 0, tzinfo=datetime.UTC)):
        kept = store_upload(factories.pdf_upload("kept.pdf"), by=outsider)
        try:
            with transaction.atomic():
                lost = store_upload(factories.pdf_upload("lost.pdf"), by=outsider)
                lost_name = lost.file.name
                raise RuntimeError("the service failed after the upload")
        except RuntimeError:
            pass
    fresh = storage.save("files/2026/11/22/in-flight.pdf", ContentFile(b"%PDF-1.4 in flight"))
    assert storage.exists(lost_name) and not StoredFile.objects.filter(file=lost_name).exists()

    removed = sweep_orphans(today=datetime.date(2026, 11, 22))

    assert lost_name in removed and kept.file.name not in removed and fresh not in removed
    assert not storage.exists(lost_name)
    assert storage.exists(kept.file.name) and storage.exists(fresh)  # named by a row / within the grace days
    assert lost_name not in sweep_orphans(today=datetime.date(2026, 11, 22))  # a second run: nothing of it left
    assert beat_schedule["files.sweep_orphans"]["task"] == "files.sweep_orphans"
