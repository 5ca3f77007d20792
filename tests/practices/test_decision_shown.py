"""Issue 14 item 7: a rejected or returned practice shows why — the reason, the grounds and who decided
(from the history) — on «Мои практики» and on the practice's page for the team (the preview); a rejected
practice's preview does not promise the catalogue."""

import pytest
from django.urls import reverse

from practices.enums import PracticeState
from validation import services
from validation.grounds import COORDINATOR_REJECTION_GROUNDS

pytestmark = pytest.mark.django_db


def test_issue_14_item_7_rejected_practice_shows_grounds_comment_and_who_decided(client, practice_in, author,
                                                                                  coordinator):
    practice = practice_in(PracticeState.REGIONAL_REVIEW)
    services.reject(practice, by=coordinator, grounds=[COORDINATOR_REJECTION_GROUNDS[0]],
                    comment="Практика не внедрена в регионе")
    client.force_login(author)
    my = client.get(reverse("practices:my")).content.decode()
    row = my.split(f'data-practice="{practice.pk}"')[1].split("</tr>")[0]
    assert "Практика отклонена" in row
    assert COORDINATOR_REJECTION_GROUNDS[0] in row
    assert "Причина: Практика не внедрена в регионе" in row
    assert f"Решение принял(а): {coordinator.full_name}" in row

    preview = client.get(reverse("practices:preview", args=[practice.pk])).content.decode()
    assert 'data-decision="rejected"' in preview and COORDINATOR_REJECTION_GROUNDS[0] in preview
    assert coordinator.full_name in preview and "Практика не внедрена в регионе" in preview
    assert "после публикации" not in preview
    assert "в каталоге она не публикуется" in preview


def test_issue_14_item_7_returned_practice_shows_the_comment_and_who_returned_it(client, practice_in, author,
                                                                                 coordinator):
    practice = practice_in(PracticeState.REVISION)  # returned by the coordinator: «Дополните результаты»
    client.force_login(author)
    my = client.get(reverse("practices:my")).content.decode()
    row = my.split(f'data-practice="{practice.pk}"')[1].split("</tr>")[0]
    assert "Практика возвращена на доработку" in row and "Причина: 1. Дополните результаты" in row  # F-PLUS-8 points
    assert coordinator.full_name in row
    preview = client.get(reverse("practices:preview", args=[practice.pk])).content.decode()
    assert 'id="revision-notice"' in preview and "Дополните результаты" in preview


def test_issue_14_item_7_a_practice_in_review_shows_no_decision(client, practice_in, author):
    practice_in(PracticeState.REGIONAL_REVIEW)
    client.force_login(author)
    assert "practice-decision" not in client.get(reverse("practices:my")).content.decode()
