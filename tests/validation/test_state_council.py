"""F-TRACK-2 (3.2.2–3.2.4, 4.3.2): the State Council / federal-body track works from the UI — the ASI
moderator attaches the commission's letter and protocol, the practice is published without a vote, and
the letter shows on the public page."""

import pytest
from django.urls import reverse

from practices.models import Material, MaterialKind, Practice, PracticeState, Track
from practices.services import submit_practice
from smarteka.notifications.models import Notice
from tests import factories
from validation import services
from validation.services import Refused

pytestmark = pytest.mark.django_db


def _packaged_without_letter(author, coordinator, asi_moderator, expert_moderator):
    practice = submit_practice(factories.complete_practice(author), by=author, track=Track.STATE_COUNCIL)
    services.confirm_regionally(practice, by=coordinator, document=factories.pdf_upload("protocol.pdf"))
    services.route_to_expert_moderator(practice, by=asi_moderator, expert_moderator=expert_moderator)
    services.set_level(practice, by=expert_moderator, level=2)
    return services.mark_packaged(practice, by=expert_moderator)


def test_f_track_2_the_asi_moderator_attaches_the_letter_and_it_goes_public_3_2_2(
        client, author, coordinator, asi_moderator, expert_moderator, production_calendar):
    practice = _packaged_without_letter(author, coordinator, asi_moderator, expert_moderator)
    with pytest.raises(Refused) as refused:  # the simplified procedure needs the recommendation itself
        services.skip_expert_review(practice, by=asi_moderator)
    assert "Прикрепите письмо и протокол комиссии" in refused.value.messages[0]

    client.force_login(asi_moderator)
    page = client.get(reverse("validation:review", args=[practice.pk])).content.decode()
    assert 'id="action-attach-letter"' in page
    response = client.post(reverse("validation:act", args=[practice.pk, "attach-letter"]),
                           {"letter": factories.pdf_upload("letter.pdf"), "comment": "Письмо от 12.11.2026"})
    assert response.status_code == 302
    letter = Material.objects.get(practice=practice, kind=MaterialKind.STATE_COUNCIL_LETTER)
    assert letter.is_public and letter.added_by == asi_moderator
    assert Notice.objects.filter(recipient=author, kind="practice_state_council_letter").exists()

    services.skip_expert_review(practice, by=asi_moderator)
    services.publish(practice, by=asi_moderator)
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.PUBLISHED
    client.logout()
    public = client.get(reverse("practices:detail", args=[practice.pk])).content.decode()
    assert 'id="state-council-letter"' in public
    assert reverse("files:download", args=[letter.file_id]) in public
    assert client.get(reverse("files:download", args=[letter.file_id])).status_code == 200


def test_f_track_2_only_the_asi_moderator_attaches_and_only_on_this_track(
        client, author, coordinator, asi_moderator, expert_moderator, practice_in, production_calendar):
    practice = _packaged_without_letter(author, coordinator, asi_moderator, expert_moderator)
    url = reverse("validation:act", args=[practice.pk, "attach-letter"])
    for user in (coordinator, expert_moderator):
        client.force_login(user)
        assert client.post(url, {"letter": factories.pdf_upload("letter.pdf")}).status_code == 403
    other = practice_in(PracticeState.PACKAGING, title="Обычная практика")  # the regional-initiative track
    client.force_login(asi_moderator)
    assert client.post(reverse("validation:act", args=[other.pk, "attach-letter"]),
                       {"letter": factories.pdf_upload("letter.pdf")}).status_code == 403
    response = client.post(url, {"comment": "без файла"})
    assert response.status_code == 400 and "Загрузите письмо и протокол комиссии." in response.content.decode()
    assert not Material.objects.filter(kind=MaterialKind.STATE_COUNCIL_LETTER).exists()
