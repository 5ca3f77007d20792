"""Irreversible steps ask first (issue 14, item 6): the form carries a question that names the object and
the consequence, asked by static/js/smarteka.js before the form is sent."""

import pytest
from django.urls import reverse

from practices.models import PracticeState

pytestmark = pytest.mark.django_db


def test_publish_and_reject_ask_naming_the_practice_issue_14_item_6(practice_in, asi_moderator, client):
    practice = practice_in(PracticeState.READY_TO_PUBLISH)
    client.force_login(asi_moderator)
    html = client.get(reverse("validation:review", args=[practice.pk])).content.decode()
    assert f'data-confirm="Опубликовать практику «{practice}»? Она появится в открытом каталоге' in html
    assert f'data-confirm="Отклонить практику «{practice}»? Решение окончательное' in html
    delete = client.get(reverse("validation:act", args=[practice.pk, "delete"])).content.decode()
    assert f'data-confirm="Удалить практику «{practice}»?' in delete
