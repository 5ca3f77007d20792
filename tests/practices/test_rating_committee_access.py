"""Issue 13 item 12 (Прил.3, F-VAL-4): the rating committee opens what it verifies — the materials
(file downloads) and the versions page of practices at its stage, rating_committee — and nothing else."""

import pytest
from django.urls import reverse

from practices.enums import PERSONAL_DATA_KINDS
from practices.materials.services import add_material
from practices.models import MaterialKind, PracticeState
from smarteka.permissions import can
from tests import factories

pytestmark = pytest.mark.django_db


def test_f_val_4_pril_3_rating_committee_downloads_materials_and_opens_versions_at_its_stage(
        client, practice_in, rating_committee):
    practice = practice_in(PracticeState.RATING_COMMITTEE, investment=True)
    material = practice.materials.filter(kind=MaterialKind.NORMATIVE_ACT).get()
    client.force_login(rating_committee)
    assert client.get(reverse("files:download", args=[material.file_id])).status_code == 200
    assert client.get(reverse("files:download", args=[practice.cover_id])).status_code == 200
    assert client.get(reverse("practices:versions", args=[practice.pk])).status_code == 200


def test_f_val_4_pril_3_rating_committee_does_not_get_the_personal_data_consents(
        client, practice_in, rating_committee, asi_moderator):
    """152-ФЗ: personal data only to those who need it — the committee verifies the rating claims, not
    the consents of 4.1.6."""
    practice = practice_in(PracticeState.RATING_COMMITTEE, investment=True)
    consent = add_material(practice, by=asi_moderator, kind=MaterialKind.PD_CONSENT,
                           upload=factories.pdf_upload("soglasie.pdf"))
    client.force_login(rating_committee)
    assert client.get(reverse("files:download", args=[consent.file_id])).status_code == 404


@pytest.mark.parametrize("state", [PracticeState.DRAFT, PracticeState.REGIONAL_REVIEW,
                                   PracticeState.EXPERT_REVIEW, PracticeState.READY_TO_PUBLISH])
def test_f_val_4_pril_3_rating_committee_opens_nothing_of_other_stages(client, practice_in, rating_committee,
                                                                       state):
    practice = practice_in(state, investment=True)
    material = practice.materials.filter(kind=MaterialKind.NORMATIVE_ACT).get()
    client.force_login(rating_committee)
    assert client.get(reverse("files:download", args=[material.file_id])).status_code == 404
    assert not can(rating_committee, "view_practice_versions", practice)
    assert client.get(reverse("practices:versions", args=[practice.pk])).status_code in (403, 404)


def test_f_val_4_pril_3_only_the_rating_committee_role_gets_in(client, practice_in, outsider, recipient):
    practice = practice_in(PracticeState.RATING_COMMITTEE, investment=True)
    material = practice.materials.filter(kind=MaterialKind.NORMATIVE_ACT).get()
    for user in (outsider, recipient):
        client.force_login(user)
        assert client.get(reverse("files:download", args=[material.file_id])).status_code == 404, user.email
        assert not can(user, "view_practice_versions", practice)


def test_f_val_4_the_review_page_lists_no_consent_to_the_rating_committee(practice_in, rating_committee, client):
    """What the committee cannot open is not offered to it on the review page either (152-ФЗ)."""
    practice = practice_in(PracticeState.RATING_COMMITTEE, investment=True)
    factories.add_material(practice, MaterialKind.PD_CONSENT, by=practice.author)
    consents = practice.materials.filter(kind__in=PERSONAL_DATA_KINDS).exclude(file=None)
    assert consents.exists()
    client.force_login(rating_committee)
    html = client.get(reverse("validation:review", args=[practice.pk])).content.decode()
    for consent in consents:
        assert reverse("files:download", args=[consent.file_id]) not in html
    assert "review-materials" in html
