"""Who sees a practice's transition history (F-VAL-8): one rule, view_history, for every page."""

import pytest
from django.urls import reverse

from practices.models import PracticeState
from smarteka.permissions import can

pytestmark = pytest.mark.django_db


def test_f_val_8_history_visible_to_team_and_reviewers_only(practice_in, author, coordinator, asi_moderator,
                                                           expert_moderator, rating_committee,
                                                           coordinator_of_other_region,
                                                           expert_moderator_of_other_category, outsider):
    practice = practice_in(PracticeState.PACKAGING)
    for user in (author, coordinator, asi_moderator, expert_moderator, rating_committee):
        assert can(user, "view_history", practice), user
    for user in (coordinator_of_other_region, expert_moderator_of_other_category, outsider):
        assert not can(user, "view_history", practice), user


def test_f_val_8_review_page_shows_history_with_comment(client, practice_in, coordinator):
    practice = practice_in(PracticeState.REVISION)
    client.force_login(coordinator)
    html = client.get(reverse("validation:review", args=[practice.pk])).content.decode()
    assert "Дополните результаты" in html
    assert "На доработке" in html
