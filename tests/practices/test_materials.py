"""F-PASS-2 materials and cover, F-FILE-1 file checks and access."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from practices.materials.completeness import materials_missing
from practices.models import Material, MaterialKind, TeamMember
from smarteka.files.models import StoredFile
from smarteka.permissions import can
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="act.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def image(width, height, fmt="JPEG", name=None):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 80, 40)).save(buffer, format=fmt)
    ext = {"JPEG": "jpg", "PNG": "png", "BMP": "bmp", "GIF": "gif"}[fmt]
    return SimpleUploadedFile(name or f"cover.{ext}", buffer.getvalue())


@pytest.fixture
def practice(author, category_a):
    return factories.PracticeFactory(author=author, category=category_a)


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


def post_material(client, practice, **data):
    return client.post(reverse("practices:materials", args=[practice.pk]), {"action": "material", **data})


def post_cover(client, practice, upload):
    return client.post(reverse("practices:materials", args=[practice.pk]), {"action": "cover", "cover": upload})


def test_f_pass_2_each_required_kind_missing_is_listed(practice):
    missing = materials_missing(practice)
    assert missing == ["Нормативные правовые акты", "Примеры сопутствующих документов",
                       "Планы и «дорожные карты» по реализации практики",
                       "Презентационные, справочные, информационные, аналитические материалы",
                       "Обложка карточки практики"]
    for kind in (MaterialKind.NORMATIVE_ACT, MaterialKind.SAMPLE_DOCUMENT, MaterialKind.ROADMAP):
        Material.objects.create(practice=practice, kind=kind, url="https://example.ru/x")
        assert kind.label not in materials_missing(practice)
    assert "Презентационные, справочные, информационные, аналитические материалы" in materials_missing(practice)


def test_f_pass_2_federal_recognition_and_video_never_required(practice):
    for kind in (MaterialKind.NORMATIVE_ACT, MaterialKind.SAMPLE_DOCUMENT, MaterialKind.ROADMAP,
                 MaterialKind.PRESENTATION):
        Material.objects.create(practice=practice, kind=kind, url="https://example.ru/x")
    missing = materials_missing(practice)
    assert missing == ["Обложка карточки практики"]


def test_f_pass_2_deputy_governor_letter_only_for_leader_projects(practice):
    letter = MaterialKind.DEPUTY_GOVERNOR_LETTER.label
    assert letter not in materials_missing(practice)
    practice.is_leader_project = True
    practice.save()
    assert letter in materials_missing(practice)
    Material.objects.create(practice=practice, kind=MaterialKind.DEPUTY_GOVERNOR_LETTER, url="https://example.ru/l")
    assert letter not in materials_missing(practice)


def test_f_pass_2_page_lists_missing_and_adds_pdf_and_link(author_client, practice):
    page = author_client.get(reverse("practices:materials", args=[practice.pk]))
    assert page.status_code == 200
    assert "Нормативные правовые акты" in page.content.decode()
    assert "каждый файл должен быть не более 20 МБ" in page.content.decode()  # Прил.2 item 9 help
    response = post_material(author_client, practice, kind="normative_act", title="Постановление № 1", file=pdf())
    assert response.status_code == 302
    material = practice.materials.get()
    assert material.file.file_format == "pdf" and material.file.kind == "material:normative_act"
    assert material.file.owner == practice and not material.file.is_public
    response = post_material(author_client, practice, kind="video", url="https://rutube.ru/video/1/")
    assert response.status_code == 302
    assert practice.materials.filter(kind="video", url="https://rutube.ru/video/1/").exists()
    page = author_client.get(reverse("practices:materials", args=[practice.pk])).content.decode()
    assert "Постановление № 1" in page and "https://rutube.ru/video/1/" in page


def test_f_pass_2_pd_consent_uploadable(author_client, practice):
    response = post_material(author_client, practice, kind="pd_consent", file=pdf("soglasie.pdf"))
    assert response.status_code == 302
    assert practice.materials.get().kind == MaterialKind.PD_CONSENT


def test_f_file_1_renamed_exe_refused_in_russian(author_client, practice):
    exe = SimpleUploadedFile("act.pdf", b"MZ\x90\x00\x03" + b"\x00" * 500)
    response = post_material(author_client, practice, kind="normative_act", file=exe, title="Акт")
    assert response.status_code == 400
    text = response.content.decode()
    assert "не является документом PDF" in text and "исполняемый файл" in text
    assert 'value="Акт"' in text  # what was typed is kept
    assert not practice.materials.exists() and not StoredFile.objects.exists()


def test_f_file_1_21_mb_refused(author_client, practice):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (21 * 1024 * 1024))
    response = post_material(author_client, practice, kind="presentation", file=big)
    assert response.status_code == 400
    assert "слишком большой" in response.content.decode()
    assert not practice.materials.exists()


def test_f_pass_2_material_needs_file_or_link_and_video_is_a_link(author_client, practice):
    response = post_material(author_client, practice, kind="roadmap")
    assert "Прикрепите файл или укажите ссылку." in response.content.decode()
    response = post_material(author_client, practice, kind="video", file=pdf())
    assert "Видеоматериалы добавляются ссылкой" in response.content.decode()
    assert not practice.materials.exists()


def test_f_pass_2_delete_material(author_client, practice):
    post_material(author_client, practice, kind="normative_act", file=pdf())
    material = practice.materials.get()
    stored_pk = material.file_id
    response = author_client.post(reverse("practices:material_delete", args=[practice.pk, material.pk]))
    assert response.status_code == 302
    assert not practice.materials.exists() and not StoredFile.objects.filter(pk=stored_pk).exists()


# --- cover (F-PASS-2 item 10)


def test_f_pass_2_cover_1200x900_accepted_with_thumbnail(author_client, practice):
    response = post_cover(author_client, practice, image(1200, 900))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.cover.kind == "cover" and practice.cover.owner == practice
    with Image.open(practice.cover_thumbnail.open("rb")) as thumb:
        assert thumb.size == (400, 300) and thumb.format == "JPEG"
    page = author_client.get(reverse("practices:materials", args=[practice.pk])).content.decode()
    assert 'id="cover-preview"' in page and reverse("files:download", args=[practice.cover_id]) in page
    assert "Обложка карточки практики" not in materials_missing(practice)


def test_f_pass_2_cover_png_and_bmp_accepted(author_client, practice):
    assert post_cover(author_client, practice, image(900, 675, "PNG")).status_code == 302
    assert post_cover(author_client, practice, image(1600, 1200, "BMP")).status_code == 302
    practice.refresh_from_db()
    assert practice.cover.file_format == "bmp"


@pytest.mark.parametrize("upload, message", [
    (lambda: image(1000, 1000), "Обложка должна иметь соотношение сторон 4:3: загружено 1000×1000 px"),
    (lambda: image(800, 600), "Минимальный размер обложки — 900×675 px: загружено 800×600 px"),
    (lambda: image(1200, 900, "GIF"), "Допустимые форматы обложки: JPG, PNG, BMP"),
    (lambda: SimpleUploadedFile("cover.jpg", "просто текст".encode()), "Допустимые форматы обложки: JPG, PNG, BMP"),
])
def test_f_pass_2_cover_refused_with_precise_message(author_client, practice, upload, message):
    response = post_cover(author_client, practice, upload())
    assert response.status_code == 400
    assert message in response.content.decode()
    practice.refresh_from_db()
    assert practice.cover_id is None and not practice.cover_thumbnail


def test_f_pass_2_renamed_text_cover_names_what_it_is(author_client, practice):
    response = post_cover(author_client, practice, SimpleUploadedFile("cover.jpg", b"hello world"))
    assert "по содержимому это текстовый файл" in response.content.decode()


# --- access (F-FILE-1)


def test_f_file_1_outsider_refused_on_materials_page_and_private_file(client, author_client, practice, outsider):
    post_material(author_client, practice, kind="normative_act", file=pdf())
    stored = practice.materials.get().file
    client.force_login(outsider)  # may not know the draft exists: 404, not 403 (issue 13 item 14)
    assert client.get(reverse("practices:materials", args=[practice.pk])).status_code == 404
    assert post_material(client, practice, kind="roadmap", url="https://example.ru").status_code == 404
    assert client.get(reverse("files:download", args=[stored.pk])).status_code in (403, 404)


def test_f_file_1_team_member_and_reviewers_download(client, author_client, practice, coordinator,
                                                      coordinator_of_other_region, expert_moderator,
                                                      expert_moderator_of_other_category, asi_moderator):
    post_material(author_client, practice, kind="normative_act", file=pdf())
    stored = practice.materials.get().file
    member = factories.UserFactory()
    TeamMember.objects.create(practice=practice, user=member)
    url = reverse("files:download", args=[stored.pk])
    for user, status in ((member, 200), (coordinator, 200), (expert_moderator, 200), (asi_moderator, 200),
                         (coordinator_of_other_region, 404), (expert_moderator_of_other_category, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user.email
    client.force_login(member)
    assert client.get(reverse("practices:materials", args=[practice.pk])).status_code == 200


def test_f_file_1_public_material_visible_after_publication(author_client, practice, outsider):
    post_material(author_client, practice, kind="normative_act", file=pdf(), is_public="on")
    post_material(author_client, practice, kind="sample_document", file=pdf("internal.pdf"))  # box unticked
    public = practice.materials.get(kind="normative_act").file
    private = practice.materials.get(kind="sample_document").file
    assert not can(outsider, "download_file:practices.practice", public)
    type(practice).objects.filter(pk=practice.pk).update(state="published")
    practice = type(practice).objects.get(pk=practice.pk)  # the protected FSM field is not refreshed in place
    # the files cache their owner (a GenericForeignKey): read them again with the published practice
    public, private = StoredFile.objects.get(pk=public.pk), StoredFile.objects.get(pk=private.pk)
    assert can(outsider, "download_file:practices.practice", public)
    assert not can(outsider, "download_file:practices.practice", private)
