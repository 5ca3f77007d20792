"""Прил.2 «Я не знаю, что выбрать» — «наши модераторы помогут»: the ASI moderator sets the real category,
then routes the practice as usual (F-VAL-2). Before, such a practice stalled in «Упаковка»."""

import pytest
from django.urls import reverse

from practices.models import Category, Practice, PracticeState
from practices.services import submit_practice
from smarteka.history.services import history_for
from smarteka.notifications.models import Notice
from tests import factories
from validation import services

pytestmark = pytest.mark.django_db


def test_f_val_2_the_asi_moderator_sets_the_category_then_routes_pril_2(
        client, author, coordinator, asi_moderator, expert_moderator, category_a, production_calendar):
    unknown = Category.objects.get(category_set=category_a.category_set, is_unknown=True)
    practice = factories.complete_practice(author, category=unknown)
    submit_practice(practice, by=author, track="regional_initiative")
    services.confirm_regionally(practice, by=coordinator, document=factories.pdf_upload("protocol.pdf"))

    client.force_login(asi_moderator)
    page = client.get(reverse("validation:review", args=[practice.pk])).content.decode()
    assert 'id="action-category"' in page and 'id="action-route"' not in page
    client.force_login(expert_moderator)  # not of the practice's category: may not see it (issue 13 item 14)
    assert client.post(reverse("validation:act", args=[practice.pk, "category"]),
                       {"category": category_a.pk}).status_code == 404

    client.force_login(asi_moderator)
    response = client.post(reverse("validation:act", args=[practice.pk, "category"]), {"category": unknown.pk})
    assert response.status_code == 400 and "Выберите категорию из списка." in response.content.decode()
    response = client.post(reverse("validation:act", args=[practice.pk, "category"]),
                           {"category": category_a.pk, "comment": "По сути это здравоохранение"})
    assert response.status_code == 302
    practice = Practice.objects.get(pk=practice.pk)
    assert practice.category == category_a and practice.state == PracticeState.PACKAGING
    assert f"«{unknown}» → «{category_a}»" in list(history_for(practice))[-1].comment
    assert Notice.objects.filter(recipient=author, kind="practice_category_set").exists()

    services.route_to_expert_moderator(practice, by=asi_moderator, expert_moderator=expert_moderator)
    assert Practice.objects.get(pk=practice.pk).expert_moderator == expert_moderator
