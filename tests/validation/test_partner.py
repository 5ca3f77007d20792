"""The Partner role (2.2.4–2.2.5, 3.2, SPEC §1 choice; F-TRACK-2, F-TRACK-4): a State Council commission or
a federal body records its recommendation letters on the platform, follows the practices it recommended
through every stage and sees the selections it initiated. Before, the role had no rule at all."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from practices.models import Material, MaterialKind, PracticeState, Track
from practices.services import submit_practice
from tests import factories
from tests.validation.test_selections import make_selection
from validation import services
from validation.models import SelectionState

pytestmark = pytest.mark.django_db


def test_f_track_2_the_partner_records_its_letter_and_follows_the_practice_2_2_5(
        client, author, partner, coordinator, asi_moderator, outsider, production_calendar):
    practice = submit_practice(factories.complete_practice(author), by=author, track=Track.STATE_COUNCIL)
    other = submit_practice(factories.complete_practice(author, title="Практика другого трека"), by=author,
                            track=Track.REGIONAL_INITIATIVE)
    client.force_login(partner)
    page = client.get(reverse("validation:recommendations")).content.decode()
    assert 'id="nav-recommendations"' in page
    assert f'value="{practice.pk}"' in page and f'value="{other.pk}"' not in page
    assert "Вы ещё не прикрепили ни одного письма с рекомендацией." in page
    # before its letter the partner cannot open the practice's review page
    assert client.get(reverse("validation:review", args=[practice.pk])).status_code in (403, 404)

    response = client.post(reverse("validation:recommendations"), {"practice": practice.pk})
    assert response.status_code == 400 and "Загрузите письмо и протокол комиссии." in response.content.decode()
    response = client.post(reverse("validation:recommendations"),
                           {"practice": practice.pk, "letter": factories.pdf_upload("letter.pdf"),
                            "comment": "Протокол заседания комиссии № 7"})
    assert response.status_code == 302
    letter = Material.objects.get(practice=practice, kind=MaterialKind.STATE_COUNCIL_LETTER)
    assert letter.added_by == partner and letter.is_public

    page = client.get(reverse("validation:recommendations")).content.decode()
    assert f'data-practice="{practice.pk}"' in page and "Подтверждение регионом" in page
    review = client.get(reverse("validation:review", args=[practice.pk]))
    assert review.status_code == 200
    html = review.content.decode()  # it follows; the only step it may take is another letter
    assert 'id="action-attach-letter"' in html
    for step in ("confirm", "return", "reject", "route", "publish"):
        assert f'id="action-{step}"' not in html
    services.confirm_regionally(practice, by=coordinator, document=factories.pdf_upload("protocol.pdf"))
    assert "Упаковка" in client.get(reverse("validation:recommendations")).content.decode()

    client.force_login(outsider)
    assert client.get(reverse("validation:recommendations")).status_code == 403


def test_f_track_4_the_partner_sees_the_selections_it_initiated_3_2_5(client, partner, asi_moderator, outsider):
    selection = make_selection(asi_moderator, launch_requested_by=partner)  # still a draft
    client.force_login(partner)
    assert client.get(reverse("selections:detail", args=[selection.slug])).status_code == 200
    assert client.get(reverse("selections:applications", args=[selection.slug])).status_code == 200
    page = client.get(reverse("validation:recommendations")).content.decode()
    assert selection.title in page and "сроки приёма заявок:" in page
    client.force_login(outsider)
    assert client.get(reverse("selections:detail", args=[selection.slug])).status_code in (403, 404)
    other = make_selection(asi_moderator, slug="drugoy-otbor", state=SelectionState.DRAFT)
    client.force_login(partner)
    assert client.get(reverse("selections:detail", args=[other.slug])).status_code in (403, 404)


def test_f_track_2_the_partner_attaches_only_on_its_track_and_never_acts_otherwise(
        partner, practice_in, production_calendar):
    practice = practice_in(PracticeState.PACKAGING, packaged=True, track=Track.STATE_COUNCIL)
    with pytest.raises(PermissionDenied):  # publication steps are the Agency's
        services.skip_expert_review(practice, by=partner)
    regional = practice_in(PracticeState.PACKAGING, title="Региональная инициатива")
    with pytest.raises(PermissionDenied):
        services.attach_state_council_letter(regional, by=partner, upload=factories.pdf_upload("letter.pdf"))
    services.attach_state_council_letter(practice, by=partner, upload=factories.pdf_upload("letter.pdf"))
    assert practice.materials.filter(kind=MaterialKind.STATE_COUNCIL_LETTER, added_by=partner).exists()
