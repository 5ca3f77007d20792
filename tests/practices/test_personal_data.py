"""Issue 13 item 11 (4.1.6, 152-ФЗ; F-PASS-2, F-FILE-1, F-CAT-3): consents to personal-data processing
are never public, whatever «Показывать в каталоге» says."""

import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from practices.materials.services import add_material
from practices.models import Material, MaterialKind, PracticeState
from smarteka.files.services import store_upload
from tests import factories

pytestmark = pytest.mark.django_db

migration = importlib.import_module("practices.migrations.0009_material_personal_data_private")


def post_material(client, practice, **data):
    return client.post(reverse("practices:materials", args=[practice.pk]), {"action": "material", **data})


def test_f_pass_2_4_1_6_consent_uploaded_with_box_ticked_is_private_and_hidden_after_publication(
        client, practice_in, asi_moderator, outsider):
    """A published practice's consent, uploaded with the box ticked, is neither downloadable by an
    anonymous visitor or an outsider nor listed on the public page; a public material still is."""
    practice = practice_in(PracticeState.PUBLISHED)
    client.force_login(asi_moderator)  # the ASI moderator changes materials at any stage
    response = post_material(client, practice, kind="pd_consent", title="Согласие Петровой",
                             file=factories.pdf_upload("soglasie.pdf"), is_public="on")
    assert response.status_code == 302
    consent = practice.materials.get(kind=MaterialKind.PD_CONSENT)
    assert consent.is_public is False and consent.file.is_public is False
    public = practice.materials.filter(kind=MaterialKind.NORMATIVE_ACT).get()
    assert public.is_public

    client.logout()
    download = reverse("files:download", args=[consent.file_id])
    assert client.get(download).status_code == 302  # to the login page, not the file
    page = client.get(reverse("practices:detail", args=[practice.pk])).content.decode()
    assert "Согласие Петровой" not in page and download not in page
    assert reverse("files:download", args=[public.file_id]) in page
    assert client.get(reverse("files:download", args=[public.file_id])).status_code == 200

    client.force_login(outsider)
    assert client.get(download).status_code == 404
    assert "Согласие Петровой" not in client.get(reverse("practices:detail", args=[practice.pk])).content.decode()


def test_f_pass_2_4_1_6_service_stores_consent_private_and_the_database_refuses_a_public_one(author):
    practice = factories.PracticeFactory(author=author)
    consent = add_material(practice, by=author, kind=MaterialKind.PD_CONSENT, url="https://disk.example.ru/c",
                           is_public=True)
    assert consent.is_public is False
    with pytest.raises(IntegrityError), transaction.atomic():
        Material.objects.create(practice=practice, kind=MaterialKind.PD_CONSENT, url="https://example.ru/c",
                                is_public=True)


def test_f_pass_2_4_1_6_materials_form_says_the_box_does_not_apply_to_consents(client, author):
    practice = factories.PracticeFactory(author=author)
    client.force_login(author)
    page = client.get(reverse("practices:materials", args=[practice.pk])).content.decode()
    assert "Согласия на обработку персональных данных в каталоге не показываются никогда" in page


def test_f_pass_2_4_1_6_data_migration_makes_existing_public_consents_private(author):
    """Rows saved before the rule: the constraint is lifted for the test, a public consent and a public
    normative act are written, the migration's function runs, the constraint comes back."""
    practice = factories.PracticeFactory(author=author)
    constraint = next(c for c in Material._meta.constraints if c.name == "material_personal_data_private")
    with connection.schema_editor() as editor:
        editor.remove_constraint(Material, constraint)
    stored = store_upload(factories.pdf_upload("soglasie.pdf"), by=author, owner=practice,
                                    kind="material:pd_consent", is_public=True)
    consent = Material.objects.create(practice=practice, kind=MaterialKind.PD_CONSENT, file=stored, is_public=True)
    act = Material.objects.create(practice=practice, kind=MaterialKind.NORMATIVE_ACT, url="https://example.ru/a",
                                  is_public=True)
    migration.make_consents_private(apps, None)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor() as editor:
        editor.add_constraint(Material, constraint)
    consent.refresh_from_db()
    stored.refresh_from_db()
    act.refresh_from_db()
    assert consent.is_public is False and stored.is_public is False
    assert act.is_public is True
